"""What a run folder's checkpoints hold, and how a run continues from its ``last.pt``.

Two kinds of checkpoint, each one dict (docs/architecture.md, "Files"): ``best.pt`` holds the best weights with what is needed to
use them without the run (the project, class names, whitening statistics: export and the GUI read it);
``last.pt`` holds everything needed to continue the run as if it had never stopped (model, optimiser,
schedule, epoch, early-stopping counters, history and every random generator's state). Functions take the
pieces they read, not the trainer, so this module knows nothing of the loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from cnnstudio.core.health import HEALTH_FILE
from cnnstudio.core.project import Project
from cnnstudio.core.project_file import project_to_dict
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training.checkpoint import capture_rng, clone_state, load_checkpoint, load_weights, restore_rng
from cnnstudio.training.datasets import DataSplits
from cnnstudio.training.epoch_weights import kept_epoch_files
from cnnstudio.training.errors import CheckpointError, TrainingError
from cnnstudio.training.history import BEST_FILE, HISTORY_FILE, LAST_FILE, RunHistory
from cnnstudio.training.optim import Schedule
from cnnstudio.training.run_changes import ChangeError, replay_changes
from cnnstudio.training.run_results import RESULTS_FILE
from cnnstudio.training.run_state import RunState
from cnnstudio.training.snapshot_store import FILE_NAME as SNAPSHOTS_FILE

RUN_FILES = (
    LAST_FILE,
    BEST_FILE,
    HISTORY_FILE,
    RESULTS_FILE,
    SNAPSHOTS_FILE,
    HEALTH_FILE,
)  # what a run writes in its folder


def claim_folder(folder: Path, resume: Path | None) -> None:
    """Make ``folder`` this run's: the files another run left there go before this one writes any.

    Without this, a run killed in a reused ``--out`` folder left the old run's history.json and best.pt
    beside its own last.pt, and the folder read as one run made of two. A run resumed from the folder's
    own last.pt is the same run going on: its files stay.
    """
    if resume is not None and Path(resume).resolve() == (folder / LAST_FILE).resolve():
        return
    for name in (*RUN_FILES, *kept_epoch_files(folder)):
        try:
            (folder / name).unlink(missing_ok=True)
        except OSError as exc:
            raise TrainingError(
                f"{folder / name}: left by an earlier run and cannot be removed ({exc.strerror or exc})"
            ) from None


def best_model(state: RunState, project: Project, data: DataSplits, run_id: str) -> dict[str, Any]:
    """The best weights with what is needed to use them without the run (export, the GUI)."""
    return {
        "kind": "model",
        "run_id": run_id,
        "model": state.best_state,
        "epoch": state.best_epoch,
        "val_loss": state.best_loss,
        "project": project_to_dict(project),
        "class_names": list(data.class_names),
        "mean": list(data.mean),
        "std": list(data.std),
    }


def resumable_checkpoint(
    state: RunState,
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    schedule: Schedule,
    history: RunHistory,
    project: Project,
    augment_generator: torch.Generator | None,
    settings: TrainingSettings,
) -> dict[str, Any]:
    """Everything ``restore_run`` needs to continue the run from the end of ``state.epoch``."""
    return {
        "kind": "resume",
        "run_id": history.run_id,
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "optimizer_name": settings.optimizer,
        "scheduler": schedule.state_dict(),
        "schedule_name": settings.schedule,
        "epoch": state.epoch,
        "rng": capture_rng(augment_generator),
        "history": history.to_dict(),
        "early_stopping": state.early_stopping(),
        "best_model": state.best_state,
        "project": project_to_dict(project),
    }


@dataclass
class Restored:
    """A run read back from its ``last.pt``: where it was, its record so far, and what could not carry over."""

    state: RunState
    history: RunHistory
    notes: list[str] = field(default_factory=list)  # one line each, for the person who resumes


def restore_run(
    path: str | Path,
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    schedule: Schedule,
    augment_generator: torch.Generator | None,
    settings: TrainingSettings,
) -> Restored:
    """Load a ``last.pt`` into the model, optimiser, schedule and random generators.

    The project may have changed since: another optimiser cannot take the old one's state (Adam's running
    averages are not SGD's momentum), so the new one starts afresh, from the project's settings, with the
    schedule replayed to this epoch, and a note says so; another schedule is refused (its state would be
    read as the wrong kind of schedule), with what to change.
    """
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    data = load_checkpoint(path, map_location=device)
    if data["kind"] != "resume":
        raise CheckpointError(f"{path}: holds only weights, not a run to continue (use a last.pt)")
    load_weights(model, data["model"], path)
    epoch, notes = data["epoch"], []
    if not _same_kind(data.get("schedule_name"), settings.schedule, schedule.state_dict(), data["scheduler"]):
        raise CheckpointError(
            f"{path}: the run used the {data.get('schedule_name') or 'another'} learning-rate schedule and the "
            f"project now uses {settings.schedule}: set training.schedule back to resume it, or start a new run"
        )
    saved_name = data.get("optimizer_name")
    if _same_kind(saved_name, settings.optimizer, optimizer.state_dict(), data["optimizer"]):
        try:
            optimizer.load_state_dict(data["optimizer"])
            schedule.load_state_dict(data["scheduler"])
        except (ValueError, KeyError, RuntimeError) as exc:
            raise CheckpointError(f"{path}: its optimiser state does not fit this network ({exc})") from None
    else:
        replayed = schedule.fast_forward(epoch)
        notes.append(
            f"{Path(path).name} was made with the {saved_name or 'another'} optimiser and the project now uses "
            f"{settings.optimizer}: the optimiser starts afresh at epoch {epoch + 1} with learning rate "
            f"{schedule.lr:g}" + ("" if replayed else " (reduce-on-plateau counts its patience afresh)")
        )
    state = RunState.restored(epoch, data["early_stopping"], data.get("best_model"), clone_state(model))
    history = RunHistory.from_dict(data["history"])
    history.truncate(epoch)
    history.finish_reason = None
    history.run_id = data.get("run_id") or history.run_id
    try:
        replay_changes(model, history.changes)
    except (ChangeError, TypeError, ValueError, AttributeError) as exc:
        notes.append(
            f"{Path(path).name}: a change made while the run was paused does not fit this network ({exc})"
        )
    try:
        restore_rng(data["rng"], augment_generator)
    except (RuntimeError, ValueError, TypeError) as exc:
        raise CheckpointError(f"{path}: its random generator states cannot be restored ({exc})") from None
    return Restored(state, history, notes)


def _same_kind(saved_name: Any, name: str, fresh: Mapping[str, Any], saved: Mapping[str, Any]) -> bool:
    """Whether a saved optimiser (or schedule) state is of the kind the project now asks for: by its name
    (version 2), else (older files) by the keys its state holds."""
    if isinstance(saved_name, str):
        return saved_name == name
    return _keys(fresh) == _keys(saved)


def _keys(state: Mapping[str, Any]) -> Any:
    groups = state.get("param_groups")
    if isinstance(groups, list):  # an optimiser: the hyper-parameters its groups hold
        return frozenset(k for group in groups for k in group)
    main = state.get("main")  # a Schedule: the torch scheduler's fields
    return (frozenset(main) if isinstance(main, dict) else None, state.get("warmup") is None)
