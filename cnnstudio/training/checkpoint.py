"""Checkpoints: one dict per file (docs/architecture.md, "Files"), written atomically, read back with clear errors.

A *resumable* checkpoint (``last.pt``) holds everything needed to continue a run as if it had never stopped:
model, optimiser, schedule, epoch, early-stopping state, history and every random generator (torch's CPU
and CUDA ones, numpy's, Python's and the augmenter's). A *model* checkpoint (``best.pt``) holds the best
weights with what is needed to use them (the project, class names, whitening statistics).

Files are loaded with ``weights_only=True``: a checkpoint is data, and opening one from a classmate must not
run code. So everything stored is tensors, numbers, strings, lists and dicts (numpy's state is converted).
Writes go to a temporary file in the same folder, fsync, then ``os.replace``: a crash mid-save leaves the
previous checkpoint intact. Since version 2 a checkpoint carries a content hash, checked on load with the
structure of the whole file (``checkpoint_schema``), so a damaged or hand-edited file is refused in one line
before any part of it is used. Version 1 files (no hash) are still read, their structure checked.
"""

from __future__ import annotations

import os
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import torch

from cnnstudio.core.atomic import atomic_write, save_error_message
from cnnstudio.core.errors import ProjectSaveError
from cnnstudio.training.checkpoint_schema import check_checkpoint, content_hash
from cnnstudio.training.errors import CheckpointError

FORMAT = "cnnstudio-checkpoint"
VERSION = 2  # 2: content_hash over everything else
HASH_KEY = "content_hash"
TAGS = ("format", "version", HASH_KEY)


# -- random generators ---------------------------------------------------------------------------------------
def capture_rng(augment_generator: torch.Generator | None = None) -> dict[str, Any]:
    """Every random state a run draws from, in a form ``weights_only`` loading accepts."""
    kind, keys, pos, has_gauss, cached = np.random.get_state()
    state: dict[str, Any] = {
        "torch": torch.get_rng_state(),
        "numpy": [kind, torch.from_numpy(np.asarray(keys, dtype=np.int64)), pos, has_gauss, cached],
        "python": _python_state_to_lists(random.getstate()),
        "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
        "augment": None if augment_generator is None else augment_generator.get_state(),
    }
    return state


def restore_rng(state: Mapping[str, Any], augment_generator: torch.Generator | None = None) -> None:
    """Put back what ``capture_rng`` took; CUDA states only when this machine has the same GPUs."""
    torch.set_rng_state(state["torch"].cpu())
    kind, keys, pos, has_gauss, cached = state["numpy"]
    np.random.set_state((kind, keys.numpy().astype(np.uint32), int(pos), int(has_gauss), float(cached)))
    random.setstate(_python_state_from_lists(state["python"]))
    cuda = state.get("cuda") or []
    if cuda and torch.cuda.is_available() and len(cuda) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all([s.cpu() for s in cuda])
    if augment_generator is not None and state.get("augment") is not None:
        augment_generator.set_state(state["augment"].cpu())


def _python_state_to_lists(state: tuple) -> list:
    version, internal, gauss = state
    return [version, list(internal), gauss]


def _python_state_from_lists(state: list) -> tuple:
    version, internal, gauss = state
    return (version, tuple(internal), gauss)


# -- files ---------------------------------------------------------------------------------------------------
def save_checkpoint(path: str | os.PathLike[str], checkpoint: Mapping[str, Any]) -> Path:
    """Write ``checkpoint`` (plus format and version tags) atomically; returns the path."""
    target = Path(path)
    content = {k: v for k, v in checkpoint.items() if k not in TAGS}
    payload = {"format": FORMAT, "version": VERSION, HASH_KEY: content_hash(content), **content}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, lambda handle: torch.save(payload, handle), what="the checkpoint ")
    except ProjectSaveError as exc:
        raise CheckpointError(str(exc)) from exc
    except OSError as exc:  # the folder could not be made
        raise CheckpointError(save_error_message(target, exc, what="the checkpoint ")) from exc
    return target


def load_checkpoint(path: str | os.PathLike[str], map_location: str | torch.device = "cpu") -> dict[str, Any]:
    """Read and check a checkpoint; anything unreadable, damaged, foreign or malformed becomes a one-line
    ``CheckpointError``."""
    source = Path(path)
    if not source.is_file():
        raise CheckpointError(f"{source}: no such checkpoint file")
    try:
        data = torch.load(source, map_location=map_location, weights_only=True)
    except Exception as exc:  # torch raises pickle, zip, EOF and runtime errors for damaged files
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CheckpointError(
            f"{source}: not a readable checkpoint (damaged or not made by CNN Studio: {reason[:160]})"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CheckpointError(f"{source}: not a CNN Studio checkpoint")
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise CheckpointError(
            f"{source}: written by a newer CNN Studio (checkpoint version {data.get('version')!r}); update to read it"
        )
    content = {k: v for k, v in data.items() if k not in TAGS}
    if data["version"] >= 2 and data.get(HASH_KEY) != content_hash(content):
        raise CheckpointError(
            f"{source}: damaged (its content no longer matches the hash written with it: a byte changed "
            "after it was saved)"
        )
    check_checkpoint(data, str(source))
    return data


def load_weights(
    model: torch.nn.Module, state: Mapping[str, torch.Tensor], source: str | os.PathLike[str]
) -> None:
    """``model.load_state_dict`` with the mismatch explained in one line instead of a tensor dump."""
    try:
        model.load_state_dict(state)
    except RuntimeError as exc:
        first = str(exc).strip().splitlines()
        detail = first[1].strip() if len(first) > 1 else first[0] if first else ""
        raise CheckpointError(
            f"{source}: the checkpoint was saved for a different network ({detail[:160]})"
        ) from None


def clone_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """A detached copy of the model's weights and buffers, on the same device (fast, no host sync)."""
    return {name: tensor.detach().clone() for name, tensor in model.state_dict().items()}
