"""The run the Train page's views show, with the network it was made with: one (network, run) pair.

Every view of run data (activation maps, pooling view, epoch slider, results, and the teaching tools that
use a trained model) reads the same ``ShownRun``, so none can show one network's data under another's
name: the maps are listed under ``network``'s layers, and when the project's network is edited the views
say that the run was made with an earlier network (``matches``) instead of relabelling its maps.

A live run is filled by the training events; a recorded one is read from its folder (``TrainedRun``), its
maps and results at once (numpy only), its model only when a teaching tool asks for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cnnstudio.core.health import EpochHealth
from cnnstudio.core.project import Project
from cnnstudio.core.run_records import run_matches, same_network
from cnnstudio.training.events import ProbeSnapshot
from cnnstudio.training.run_results import RunResults, SampleImages
from cnnstudio.training.snapshot_store import SnapshotStore
from cnnstudio.training.trained_run import RunFolderError, TrainedRun
from cnnstudio.ui.train.run_title import run_title


@dataclass
class ShownRun:
    run_id: str
    name: str
    network: Project | None  # the project the run trained; None when its folder does not say
    folder: Path | None = None
    store: SnapshotStore = field(default_factory=SnapshotStore)
    latest: ProbeSnapshot | None = None  # the newest maps: live, or another probe image captured later
    results: RunResults | None = None
    samples: SampleImages | None = None
    health: list[EpochHealth] = field(default_factory=list)  # training health per epoch (health.json)
    batches: list[tuple[float, float]] = field(default_factory=list)  # (epoch, loss) of a live run's batches
    live: bool = False  # training now: its weights are not final, the teaching tools must wait
    problems: list[str] = field(default_factory=list)  # parts of its folder that could not be read
    _trained: TrainedRun | None = None

    def matches(self, project: Project) -> bool:
        """Whether the run was made with ``project``'s network (the one in the editor now)."""
        return self.network is not None and same_network(self.network, project)

    def snapshot(self, index: int | None) -> ProbeSnapshot | None:
        """The maps at kept epoch ``index`` of the store, or the newest ones (None)."""
        if index is not None and 0 <= index < len(self.store):
            return self.store[index]
        return self.latest

    @property
    def trained(self) -> TrainedRun | None:
        if self._trained is None and self.folder is not None:
            self._trained = TrainedRun(self.folder)
        return self._trained

    def model(self) -> Any:
        """The run's trained model (its best weights), or None while it trains or when it kept none."""
        if self.live or self.trained is None:
            return None
        try:
            return self.trained.model()
        except RunFolderError as exc:
            self.problems.append(str(exc))
            return None


def load_shown_run(record: Mapping[str, Any], folder: Path, current: Project) -> ShownRun:
    """A recorded run read back from ``folder``: its network, kept maps, results and samples (no torch
    unless an older run keeps its network only inside its checkpoint)."""
    trained = TrainedRun(folder)
    run_id = str(record.get("id", folder.name))
    shown = ShownRun(run_id, run_title(record) or run_id, None, folder, _trained=trained)
    try:
        shown.network = trained.network()
    except RunFolderError as exc:
        shown.problems.append(str(exc))
    if shown.network is None and run_matches(record, current):
        shown.network = current  # nothing in the folder, but the record says it was this network
    try:
        shown.store = trained.snapshots()
        shown.latest = shown.store[len(shown.store) - 1] if len(shown.store) else None
    except RunFolderError as exc:
        shown.problems.append(str(exc))
    try:
        shown.results, shown.samples = trained.results(), trained.samples()
    except RunFolderError as exc:
        shown.problems.append(str(exc))
    try:
        record = trained.health()
        shown.health = list(record.epochs) if record is not None else []
    except RunFolderError as exc:
        shown.problems.append(str(exc))
    return shown
