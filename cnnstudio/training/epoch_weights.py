"""Per-epoch weights of small networks, kept in the run folder so that the insight views can replay
training: what each channel detected, and where the classes sat, after epoch 1, 2, 3...

A run keeps only its best and last weights otherwise. For a network of at most ``MAX_PARAMETERS``
parameters (the default project has 136,646: 0.55 MB an epoch) the engine also writes, after each of
the first ``MAX_EPOCHS`` epochs, ``epochs/epoch-NNN.pt``: a model checkpoint in the same form as
``best.pt`` (weights, project, class names, whitening), so that ``TrainedRun(folder, epoch=N)`` reads it
as it reads the best weights. At the cap a run's snapshots take at most 4 MB x 100 = 400 MB; a run of
the default project 100 epochs, 55 MB. Larger networks keep none (the epoch slider then says so).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

EPOCHS_FOLDER = "epochs"
MAX_PARAMETERS = 1_000_000  # 4 MB of float32 weights an epoch
MAX_EPOCHS = 100
_NAME = re.compile(r"^epoch-(\d{3,})\.pt$")


def keeps_epochs(model: torch.nn.Module) -> bool:
    """Whether a run of ``model`` keeps its weights after every epoch (small enough)."""
    return sum(p.numel() for p in model.parameters()) <= MAX_PARAMETERS


def keeps_epoch(model: torch.nn.Module, epoch: int) -> bool:
    """Whether the weights after ``epoch`` are kept: a small network, one of the first ``MAX_EPOCHS``."""
    return epoch <= MAX_EPOCHS and keeps_epochs(model)


def epoch_path(folder: str | Path, epoch: int) -> Path:
    return Path(folder) / EPOCHS_FOLDER / f"epoch-{epoch:03d}.pt"


def epoch_checkpoint(best: dict[str, Any], model: torch.nn.Module, epoch: int) -> dict[str, Any]:
    """The checkpoint of ``model`` as it is after ``epoch``: ``best.pt``'s form (``best``) with these
    weights, copied to the CPU (the file must not keep a GPU's device in it)."""
    weights = {name: t.detach().to("cpu", copy=True) for name, t in model.state_dict().items()}
    return {**best, "kind": "model", "model": weights, "epoch": int(epoch), "val_loss": None}


def kept_epoch_files(folder: str | Path) -> list[str]:
    """The epoch weight files in ``folder``, relative to it (a new run in the folder removes them)."""
    return [str(epoch_path(".", epoch)) for epoch in kept_epochs(folder)]


def kept_epochs(folder: str | Path) -> list[int]:
    """The epochs whose weights the run folder keeps, in order (empty for a run that kept none)."""
    try:
        names = [p.name for p in (Path(folder) / EPOCHS_FOLDER).iterdir()]
    except OSError:
        return []
    return sorted(int(m.group(1)) for m in map(_NAME.match, names) if m)
