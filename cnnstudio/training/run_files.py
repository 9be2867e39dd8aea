"""What a run folder's checkpoints hold, and how a run continues from its ``last.pt``.

Two kinds of checkpoint, each one dict (STYLE.md): ``best.pt`` holds the best weights with what is needed to
use them without the run (the project, class names, whitening statistics: export and the GUI read it);
``last.pt`` holds everything needed to continue the run as if it had never stopped (model, optimiser,
schedule, epoch, early-stopping counters, history and every random generator's state). Functions take the
pieces they read, not the trainer, so this module knows nothing of the loop.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from cnnstudio.core.project import Project
from cnnstudio.core.project_file import project_to_dict
from cnnstudio.training.checkpoint import capture_rng, clone_state, load_checkpoint, load_weights, restore_rng
from cnnstudio.training.datasets import DataSplits
from cnnstudio.training.errors import CheckpointError
from cnnstudio.training.history import RunHistory
from cnnstudio.training.optim import Schedule
from cnnstudio.training.run_state import RunState


def best_model(state: RunState, project: Project, data: DataSplits) -> dict[str, Any]:
    """The best weights with what is needed to use them without the run (export, the GUI)."""
    return {
        "kind": "model",
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
) -> dict[str, Any]:
    """Everything ``restore_run`` needs to continue the run from the end of ``state.epoch``."""
    return {
        "kind": "resume",
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": schedule.state_dict(),
        "epoch": state.epoch,
        "rng": capture_rng(augment_generator),
        "history": history.to_dict(),
        "early_stopping": state.early_stopping(),
        "best_model": state.best_state,
        "project": project_to_dict(project),
    }


def restore_run(
    path: str | Path,
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    schedule: Schedule,
    augment_generator: torch.Generator | None,
) -> tuple[RunState, RunHistory]:
    """Load a ``last.pt`` into the model, optimiser, schedule and random generators; its state and history."""
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    data = load_checkpoint(path, map_location=device)
    if data.get("kind") != "resume":
        raise CheckpointError(f"{path}: holds only weights, not a run to continue (use a last.pt)")
    load_weights(model, data["model"], path)
    try:
        optimizer.load_state_dict(data["optimizer"])
        schedule.load_state_dict(data["scheduler"])
    except (ValueError, KeyError) as exc:
        raise CheckpointError(
            f"{path}: its optimiser or schedule differs from the project's settings ({exc})"
        ) from None
    epoch = int(data["epoch"])
    state = RunState.restored(epoch, data["early_stopping"], data.get("best_model"), clone_state(model))
    history = RunHistory.from_dict(data["history"])
    history.truncate(epoch)
    history.finish_reason = None
    restore_rng(data["rng"], augment_generator)
    return state, history
