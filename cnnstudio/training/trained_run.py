"""A recorded run read back from its folder: the network it trained, its model, maps, results and samples.

A run is a folder that outlives the process that trained it::

    network.cnnproj.json   the project as trained (its layer names label the run's maps)
    history.json           the curves and how the run ended        (engine)
    best.pt / last.pt      the best weights / the state to resume  (engine)
    probe_maps.npz         the probe image's maps at each kept epoch (snapshot_store)
    results.npz            filters, predictions, confusion matrix, sample images (run_results)
    health.json            gradient norms, update ratios, histograms, dead ReLUs per epoch (core.health)

The window reopens a saved project's runs through :class:`TrainedRun` without retraining, and a run trained
in another thread or process is handed to the window the same way: through its folder, not in memory.
Every part is read the first time it is asked for (opening a project stays fast), and nothing here imports
torch until the model, the dataset or a new probe capture is asked for.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from cnnstudio.core import project_file as files
from cnnstudio.core.errors import CoreError
from cnnstudio.core.health import HEALTH_FILE, HealthRecord
from cnnstudio.core.project import Project
from cnnstudio.training.history import BEST_FILE, HISTORY_FILE, LAST_FILE, RunHistory
from cnnstudio.training.run_results import RunResults, SampleImages, load_results, save_results
from cnnstudio.training.snapshot_store import SnapshotStore

if TYPE_CHECKING:
    import numpy as np
    from torch import nn

    from cnnstudio.training.datasets import DataSplits
    from cnnstudio.training.events import Measured, ProbeSnapshot

NETWORK_FILE = "network.cnnproj.json"
T = TypeVar("T")


class RunFolderError(ValueError):
    """A part of a run folder that exists but cannot be read; the message is one line naming the file."""


def record_network(folder: str | Path, project: Project) -> Path:
    """Keep the network a run trains (the whole project as it was, without its run records) in its folder."""
    target = Path(folder) / NETWORK_FILE
    files.save(project.replace(runs=(), extra={}), target)
    return target


def record_results(
    folder: str | Path, model: nn.Module, project: Project, data: DataSplits, measured: Measured | None = None
) -> RunResults:
    """Measure a finished run's results on its model (or take the engine's final ``measured``) and save
    them, with sample images, in its folder."""
    from cnnstudio.training.results import sample_images, summarise

    results = summarise(model, project.layers, data, measured)
    save_results(folder, results, sample_images(data))
    return results


class TrainedRun:
    """One run folder, read lazily: each part is loaded once, the first time it is asked for.

    Missing parts answer None (or an empty store): a run stopped in its first epoch has no weights, a run
    recorded by an older version has no results. A part that exists but cannot be read raises
    :class:`RunFolderError`.
    """

    def __init__(self, folder: str | Path, epoch: int | None = None) -> None:
        self.folder = Path(folder)
        self.epoch = epoch  # read the weights kept after this epoch (``epoch_weights``), not the best
        self._cache: dict[str, Any] = {}

    def _once(self, key: str, load: Callable[[], T]) -> T:
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def has_files(self) -> bool:
        """The folder holds something this loader can show (curves, maps, results or weights)."""
        names = (HISTORY_FILE, BEST_FILE, LAST_FILE, NETWORK_FILE, "probe_maps.npz", "results.npz")
        return any((self.folder / name).is_file() for name in names)

    # -- without torch ----------------------------------------------------------------------------------
    def history(self) -> RunHistory | None:
        def load() -> RunHistory | None:
            path = self.folder / HISTORY_FILE
            if not path.is_file():
                return None
            try:
                return RunHistory.load(path)
            except (ValueError, TypeError) as exc:
                raise RunFolderError(str(exc)) from None

        return self._once("history", load)

    def network(self) -> Project | None:
        """The project the run trained: its network file, or (older runs) the project inside its checkpoint."""

        def load() -> Project | None:
            path = self.folder / NETWORK_FILE
            if path.is_file():
                try:
                    return files.load(path)
                except CoreError as exc:
                    raise RunFolderError(str(exc)) from None
            checkpoint = self._checkpoint_data()
            return None if checkpoint is None else _project_of(checkpoint, self.checkpoint_path())

        return self._once("network", load)

    def health(self) -> HealthRecord | None:
        """The run's training health per epoch; None for a run recorded without it."""

        def load() -> HealthRecord | None:
            path = self.folder / HEALTH_FILE
            if not path.is_file():
                return None
            try:
                return HealthRecord.load(path)
            except ValueError as exc:
                raise RunFolderError(str(exc)) from None

        return self._once("health", load)

    def snapshots(self) -> SnapshotStore:
        """The probe image's maps at the run's kept epochs (empty for a run recorded without them)."""

        def load() -> SnapshotStore:
            try:
                return SnapshotStore.load(self.folder)
            except (OSError, ValueError, KeyError, EOFError) as exc:
                raise RunFolderError(
                    f"{self.folder / 'probe_maps.npz'}: the maps cannot be read ({exc})"
                ) from None

        return self._once("snapshots", load)

    def results(self) -> RunResults | None:
        saved = self._saved_results()
        return None if saved is None else saved[0]

    def samples(self) -> SampleImages | None:
        """Test images of the run's dataset and the whitening that turns them into the model's input."""
        saved = self._saved_results()
        return None if saved is None else saved[1]

    def _saved_results(self) -> tuple[RunResults, SampleImages] | None:
        def load() -> tuple[RunResults, SampleImages] | None:
            try:
                return load_results(self.folder)
            except ValueError as exc:
                raise RunFolderError(str(exc)) from None

        return self._once("results", load)

    def class_names(self) -> tuple[str, ...]:
        results, history = self.results(), self.history()
        if results is not None:
            return results.class_names
        return tuple(history.class_names) if history is not None else ()

    def checkpoint_path(self) -> Path | None:
        """``best.pt``, else ``last.pt`` (a run stopped before its best epoch was kept), else None; for a
        run read at an epoch, that epoch's weights file (None when it kept none)."""
        if self.epoch is not None:
            from cnnstudio.training.epoch_weights import epoch_path

            path = epoch_path(self.folder, self.epoch)
            return path if path.is_file() else None
        for name in (BEST_FILE, LAST_FILE):
            if (self.folder / name).is_file():
                return self.folder / name
        return None

    # -- with torch ---------------------------------------------------------------------------------------
    def _checkpoint_data(self) -> dict[str, Any] | None:
        def load() -> dict[str, Any] | None:
            path = self.checkpoint_path()
            if path is None:
                return None
            from cnnstudio.training.checkpoint import load_checkpoint
            from cnnstudio.training.errors import CheckpointError

            try:
                return load_checkpoint(path, map_location="cpu")
            except CheckpointError as exc:
                raise RunFolderError(str(exc)) from None

        return self._once("checkpoint", load)

    def model(self) -> nn.Module | None:
        """The run's trained model (best weights), on the CPU in eval mode; None when it kept no weights."""

        def load() -> nn.Module | None:
            checkpoint = self._checkpoint_data()
            if checkpoint is None or checkpoint.get("model") is None:
                return None
            path = self.checkpoint_path()
            project = _project_of(checkpoint, path) or self.network()
            if project is None:
                raise RunFolderError(f"{path}: does not say which network it holds")
            from cnnstudio.training.build import build_model
            from cnnstudio.training.checkpoint import load_weights
            from cnnstudio.training.errors import CheckpointError

            try:
                model = build_model(project)
                load_weights(model, checkpoint["model"], path)
            except (ValueError, CheckpointError) as exc:
                raise RunFolderError(str(exc)) from None
            return model.eval()

        return self._once("model", load)

    def model_epoch(self) -> int | None:
        """The epoch whose weights :meth:`model` holds."""
        checkpoint = self._checkpoint_data()
        epoch = None if checkpoint is None else checkpoint.get("epoch")
        return epoch if isinstance(epoch, int) else None

    def data(self) -> DataSplits:
        """The run's dataset, split as its trainer split it (same section, input and seed). Slow: seconds."""

        def load() -> DataSplits:
            from cnnstudio.core.training_settings import TrainingSettings
            from cnnstudio.training.datasets import load_dataset

            project = self.network()
            if project is None:
                raise RunFolderError(f"{self.folder}: does not say which network and dataset it trained")
            seed = TrainingSettings.from_dict(project.training).seed
            return load_dataset(project.dataset, project.input.shape, seed)

        return self._once("data", load)

    def capture_probe(self, index: int, picture: np.ndarray | None = None) -> ProbeSnapshot | None:
        """The maps of validation image ``index`` (or of ``picture``) through the run's model; None when
        the run kept no weights. A validation image needs the dataset (loaded once); a picture does not."""
        model, project = self.model(), self.network()
        if model is None or project is None:
            return None
        from cnnstudio.training.probes import capture

        image, label, mean, std = self.probe_input(index, picture)
        epoch = float(self.model_epoch() or 0)
        return capture(model, image, project.layers, label=label, epoch=epoch, mean=mean, std=std)

    def probe_input(self, index: int, picture: np.ndarray | None = None) -> tuple[Any, int, Any, Any]:
        """The whitened probe image (validation image ``index``, or ``picture``), its label (-1 for a
        picture) and the whitening's mean and std."""
        from cnnstudio.training.results import probe_input, whiten_picture

        project = self.network()
        assert project is not None
        samples = self.samples()
        if picture is not None and samples is not None:
            mean, std = samples.mean, samples.std
            return whiten_picture(picture, project.input.shape, mean, std), -1, mean, std
        data = self.data()
        image, label = probe_input(data, project.input.shape, index, picture)
        return image, label, data.mean, data.std


def _project_of(checkpoint: dict[str, Any], path: Path | None) -> Project | None:
    data = checkpoint.get("project")
    if data is None:
        return None
    try:
        return files.loads(json.dumps(data), f"{path} (its project)")
    except (CoreError, TypeError, ValueError) as exc:
        raise RunFolderError(str(exc)) from None
