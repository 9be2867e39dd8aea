"""The probe image's maps at the end of every epoch, kept within a memory budget, for the epoch slider.

Why bounded and thinned rather than capped: a 200-epoch run of a wide network would otherwise hold
gigabytes, and dropping the newest epochs would hide the end of the story. When the budget is exceeded
every other kept epoch is dropped (the first and the last always stay), so the slider still spans the run
with even steps. Saved beside the run as one ``.npz`` so that a reopened project can scrub old runs.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cnnstudio.core.atomic import atomic_write_bytes
from cnnstudio.training.events import PoolingSnapshot, ProbeSnapshot

BUDGET_BYTES = 96 * 2**20
FILE_NAME = "probe_maps.npz"


def snapshot_bytes(snapshot: ProbeSnapshot) -> int:
    arrays = [snapshot.image, *snapshot.activations.values()]
    for pool in snapshot.pooling:
        arrays += [pool.input, pool.output] + ([pool.winners] if pool.winners is not None else [])
    return sum(a.nbytes for a in arrays)


@dataclass
class SnapshotStore:
    """Epoch-end snapshots of one run, oldest first."""

    budget_bytes: int = BUDGET_BYTES
    snapshots: list[ProbeSnapshot] = field(default_factory=list)

    def add(self, snapshot: ProbeSnapshot) -> None:
        """Keep ``snapshot`` if it was taken at an epoch's end (its epoch is a whole number)."""
        if float(snapshot.epoch) != int(snapshot.epoch) or snapshot.epoch < 1:
            return
        self.snapshots = [s for s in self.snapshots if s.epoch != snapshot.epoch]
        self.snapshots.append(snapshot)
        self._thin()

    def _thin(self) -> None:
        while len(self.snapshots) > 2 and sum(map(snapshot_bytes, self.snapshots)) > self.budget_bytes:
            keep = [*self.snapshots[:-1:2], self.snapshots[-1]]
            if len(keep) == len(self.snapshots):
                break
            self.snapshots = keep

    def epochs(self) -> list[int]:
        return [int(s.epoch) for s in self.snapshots]

    def __len__(self) -> int:
        return len(self.snapshots)

    def __getitem__(self, index: int) -> ProbeSnapshot:
        return self.snapshots[index]

    def clear(self) -> None:
        self.snapshots = []

    # -- on disk ----------------------------------------------------------------------------------------
    def save(self, folder: str | Path) -> Path:
        arrays: dict[str, np.ndarray] = {}
        for s in self.snapshots:
            e = int(s.epoch)
            arrays[f"{e}/image"] = s.image
            arrays[f"{e}/label"] = np.array(s.label)
            if s.probabilities is not None:
                arrays[f"{e}/probabilities"] = s.probabilities
            for path, maps in s.activations.items():
                arrays[f"{e}/act/{_key(path)}"] = maps
            for p in s.pooling:
                arrays[f"{e}/pool/{_key(p.path)}/{p.type}/input"] = p.input
                arrays[f"{e}/pool/{_key(p.path)}/{p.type}/output"] = p.output
                if p.winners is not None:
                    arrays[f"{e}/pool/{_key(p.path)}/{p.type}/winners"] = p.winners
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        target = Path(folder) / FILE_NAME
        atomic_write_bytes(target, buffer.getvalue())
        return target

    @classmethod
    def load(cls, folder: str | Path) -> SnapshotStore:
        """The store saved in ``folder``; an empty one when there is none (older runs)."""
        path = Path(folder) / FILE_NAME
        store = cls()
        if not path.is_file():
            return store
        with np.load(path) as data:
            by_epoch: dict[int, dict[str, np.ndarray]] = {}
            for name in data.files:
                epoch, rest = name.split("/", 1)
                by_epoch.setdefault(int(epoch), {})[rest] = data[name]
        for epoch in sorted(by_epoch):
            store.snapshots.append(_snapshot(epoch, by_epoch[epoch]))
        return store


def _key(path: tuple[int, ...]) -> str:
    return ".".join(map(str, path))


def _path(key: str) -> tuple[int, ...]:
    return tuple(int(p) for p in key.split("."))


def _snapshot(epoch: int, items: dict[str, np.ndarray]) -> ProbeSnapshot:
    activations = {_path(k[4:]): v for k, v in items.items() if k.startswith("act/")}
    pools: dict[tuple[tuple[int, ...], str], dict[str, np.ndarray]] = {}
    for k, v in items.items():
        if k.startswith("pool/"):
            _, key, kind, part = k.split("/")
            pools.setdefault((_path(key), kind), {})[part] = v
    pooling = tuple(
        PoolingSnapshot(
            path=path, type=kind, input=parts["input"], output=parts["output"], winners=parts.get("winners")
        )
        for (path, kind), parts in sorted(pools.items())
    )
    return ProbeSnapshot(
        epoch=float(epoch),
        image=items["image"],
        label=int(items["label"]),
        activations=activations,
        pooling=pooling,
        probabilities=items.get("probabilities"),
    )
