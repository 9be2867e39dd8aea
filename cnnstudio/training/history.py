"""The record of one training run, and where runs live on disk.

Why beside the project and not inside it: a project file is a small, hand-readable JSON document that a
student mails to a teacher; weights are megabytes of binary. So a run is a folder
``<project stem>.runs/<run id>/`` next to ``<project stem>.cnnproj.json`` holding ``history.json`` (this
record), ``best.pt`` (the best weights) and ``last.pt`` (to resume). No torch here: the GUI lists and plots
past runs without touching a tensor.
"""

from __future__ import annotations

import dataclasses
import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cnnstudio.core.atomic import atomic_write_bytes, read_json
from cnnstudio.core.project_file import project_stem, runs_folder  # noqa: F401 (this module's API too)

HISTORY_FILE = "history.json"
BEST_FILE = "best.pt"
LAST_FILE = "last.pt"
FORMAT = "cnnstudio-run"

# The per-epoch series, in the order the GUI plots them.
SERIES = (
    "train_loss",
    "train_accuracy",
    "val_loss",
    "val_accuracy",
    "lr",
    "seconds",
    "images_per_second",
)


@dataclass
class RunHistory:
    """Per-epoch metrics (one list entry per epoch) and how the run ended."""

    epochs: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    images_per_second: list[float] = field(default_factory=list)
    best_epoch: int | None = None
    finish_reason: str | None = None
    message: str = ""
    test_accuracy: float | None = None
    device: str = ""
    class_names: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)  # the training section the run used
    changes: list[dict[str, Any]] = field(default_factory=list)  # settings changed while paused (run_changes)
    started: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%S"))
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])  # also in the run's checkpoints

    def add_epoch(self, epoch: int, **metrics: float) -> None:
        """Append one epoch's metrics; every series must be given so the lists stay aligned."""
        self.epochs.append(epoch)
        for name in SERIES:
            getattr(self, name).append(float(metrics[name]))

    def truncate(self, epochs: int) -> None:
        """Keep the first ``epochs`` epochs (a run resumed from an earlier checkpoint redoes the rest)."""
        del self.epochs[epochs:]
        for name in SERIES:
            del getattr(self, name)[epochs:]
        # Changes made after the kept epochs were made in epochs the resumed run does again without them.
        self.changes = [c for c in self.changes if float(c.get("epoch", 0.0)) <= epochs]

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, **dataclasses.asdict(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunHistory:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def save(self, path: str | Path) -> None:
        """Atomic JSON write (NaN, as a diverged loss, is written as JSON's ``NaN`` extension)."""
        atomic_write_bytes(path, (json.dumps(self.to_dict(), indent=1) + "\n").encode("utf-8"))

    @classmethod
    def load(cls, path: str | Path) -> RunHistory:
        data = read_json(path, "run history")
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"{path}: not a CNN Studio run history")
        return cls.from_dict(data)


# -- the runs folder beside a project ------------------------------------------------------------------------
def new_run_folder(project_path: str | Path, now: float | None = None) -> Path:
    """Create and return a fresh ``<stem>.runs/<run id>`` (the id is the local start time, made unique)."""
    return make_run_folder(runs_folder(project_path), now)


def make_run_folder(base: str | Path, now: float | None = None) -> Path:
    """Create and return a fresh ``base/<run id>``: the local start time, with ``-1``, ``-2``... if taken."""
    base = Path(base)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    for n in range(1000):
        folder = base / (stamp if n == 0 else f"{stamp}-{n}")
        try:
            folder.mkdir(parents=True, exist_ok=False)
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(f"{base}: too many runs started at {stamp}")


def list_runs(project_path: str | Path) -> list[Path]:
    """Run folders of the project that hold a history, oldest first."""
    base = runs_folder(project_path)
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if (p / HISTORY_FILE).is_file())
