"""Training health of a run, per epoch and per layer: plain data and its file, ``health.json``.

What the engine measures on a few sampled batches of each epoch (``training.health``) and what the Train
page's Health tab and the warning rules (``core.health_rules``) read: for every layer with weights, the
gradient's norm, the update-to-weight ratio (cs231n's rule of thumb: about 1e-3) and small histograms of its
weights and gradients; for every ReLU, the share of its units that never fired. Pure Python (no torch, no
numpy) so that the window reads a recorded run's health without loading torch, and every object pickles
through the trainer process's pipe as it is.

The file is one JSON object (docs/file-format.md, "health.json")::

    {"format": "cnnstudio-health", "version": 1, "bins": 31, "epochs": [EPOCH, ...]}
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cnnstudio.core.atomic import atomic_write_bytes, read_json

HEALTH_FILE = "health.json"
FORMAT = "cnnstudio-health"
VERSION = 1
BINS = 31  # odd: zero falls in the middle bin of a histogram symmetric about zero


@dataclass(frozen=True)
class Histogram:
    """``counts[i]`` values fell in the i-th of ``len(counts)`` equal bins spanning [-limit, limit] (the
    last bin includes +limit, as numpy's does); ``nonfinite`` values (inf, NaN) are counted apart."""

    counts: tuple[int, ...]
    limit: float
    nonfinite: int = 0

    def edges(self) -> list[float]:
        n = len(self.counts)
        return [-self.limit + 2 * self.limit * i / n for i in range(n + 1)]

    def to_dict(self) -> dict[str, Any]:
        return {"counts": list(self.counts), "limit": self.limit, "nonfinite": self.nonfinite}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Histogram:
        return cls(tuple(int(c) for c in data["counts"]), float(data["limit"]), int(data.get("nonfinite", 0)))


@dataclass(frozen=True)
class LayerHealth:
    """One layer with weights (conv, linear...) over an epoch's sampled batches: the means of its weight
    gradient's L2 norm and of ``|weights after - weights before| / |weights before|`` per step, and
    histograms of its weights and gradients at the epoch's last sampled batch."""

    path: tuple[int, ...]
    type: str
    grad_norm: float
    weight_norm: float
    update_ratio: float
    weights: Histogram
    gradients: Histogram

    @property
    def label(self) -> str:
        return ".".join(str(i) for i in self.path)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": list(self.path), "type": self.type, "grad_norm": self.grad_norm,
            "weight_norm": self.weight_norm, "update_ratio": self.update_ratio,
            "weights": self.weights.to_dict(), "gradients": self.gradients.to_dict(),
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LayerHealth:
        return cls(
            tuple(int(i) for i in data["path"]), str(data["type"]), float(data["grad_norm"]),
            float(data["weight_norm"]), float(data["update_ratio"]),
            Histogram.from_dict(data["weights"]), Histogram.from_dict(data["gradients"]),
        )  # fmt: skip


@dataclass(frozen=True)
class ReluHealth:
    """One ReLU: ``dead_share`` of its ``units`` (channels of a map, features of a vector) gave zero for
    every image of the epoch's sampled batches."""

    path: tuple[int, ...]
    units: int
    dead_share: float

    @property
    def label(self) -> str:
        return ".".join(str(i) for i in self.path)

    def to_dict(self) -> dict[str, Any]:
        return {"path": list(self.path), "units": self.units, "dead_share": self.dead_share}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReluHealth:
        return cls(tuple(int(i) for i in data["path"]), int(data["units"]), float(data["dead_share"]))


@dataclass(frozen=True, kw_only=True)
class EpochHealth:
    """An epoch's health; also the engine's event, sent after the epoch's ``EpochEnd``. ``partial``: the
    run ended (diverged, stopped) during this epoch, after the batches sampled so far."""

    epoch: int
    sampled_batches: int
    sampled_images: int
    layers: tuple[LayerHealth, ...] = ()
    relus: tuple[ReluHealth, ...] = ()
    partial: bool = False

    def layer(self, path: Sequence[int]) -> LayerHealth | None:
        return next((layer for layer in self.layers if layer.path == tuple(path)), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "epoch": self.epoch, "sampled_batches": self.sampled_batches,
            "sampled_images": self.sampled_images, "partial": self.partial,
            "layers": [layer.to_dict() for layer in self.layers],
            "relus": [relu.to_dict() for relu in self.relus],
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EpochHealth:
        return cls(
            epoch=int(data["epoch"]),
            sampled_batches=int(data["sampled_batches"]),
            sampled_images=int(data["sampled_images"]),
            layers=tuple(LayerHealth.from_dict(item) for item in data.get("layers", ())),
            relus=tuple(ReluHealth.from_dict(item) for item in data.get("relus", ())),
            partial=bool(data.get("partial", False)),
        )


@dataclass
class HealthRecord:
    """A run's health, one entry per epoch in order (a partial last epoch included)."""

    epochs: list[EpochHealth] = field(default_factory=list)
    bins: int = BINS

    def add(self, epoch: EpochHealth) -> None:
        """Keep ``epoch``, replacing an entry of the same epoch (a partial one, or a resumed run's redo)."""
        self.epochs = [e for e in self.epochs if e.epoch < epoch.epoch] + [epoch]

    def truncate(self, epochs: int) -> None:
        """Keep the epochs up to ``epochs`` (a run resumed from an earlier checkpoint redoes the rest)."""
        self.epochs = [e for e in self.epochs if e.epoch <= epochs and not e.partial]

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "bins": self.bins,
                "epochs": [e.to_dict() for e in self.epochs]}  # fmt: skip

    @classmethod
    def from_dict(cls, data: Any, where: str = HEALTH_FILE) -> HealthRecord:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"{where}: not a CNN Studio health record")
        version = data.get("version")
        if not isinstance(version, int) or version > VERSION:
            raise ValueError(f"{where}: health record version {version!r} is newer than this program reads")
        try:
            epochs = [EpochHealth.from_dict(item) for item in data.get("epochs", [])]
            return cls(epochs, int(data.get("bins", BINS)))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{where}: a damaged health record ({type(exc).__name__}: {exc})") from None

    def save(self, path: str | Path) -> None:
        """Atomic JSON write; an infinite or NaN figure (exploding gradients) is written as JSON's
        ``Infinity`` / ``NaN`` extension, as history.json writes a diverged loss."""
        atomic_write_bytes(path, (json.dumps(self.to_dict(), separators=(",", ":")) + "\n").encode("utf-8"))

    @classmethod
    def load(cls, path: str | Path) -> HealthRecord:
        data = read_json(path, "health record")
        return cls.from_dict(data, str(path))
