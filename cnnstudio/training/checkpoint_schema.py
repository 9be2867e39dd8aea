"""What a checkpoint must hold, checked as a whole before any part of it is used.

A checkpoint is data from a file: a hand-edited, truncated or foreign one must end in one line that names
the file and the part that is wrong, never in a ``KeyError`` deep inside the optimiser. So every key a
reader will use is checked here, with its type and range, right after loading: ``check_checkpoint`` raises
``CheckpointError`` ("last.pt: 'epoch' must be a whole number from 0 to 1000000, got 'three'").

The content hash (``content_hash``) is computed over the same structure, tensors by their bytes: torch's zip
format keeps no checksum it verifies, so a flipped bit in a weight loads silently without it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping
from typing import Any

import torch

from cnnstudio.training.errors import CheckpointError

MAX_EPOCH = 1_000_000  # training.epochs' own limit
RUN_FORMAT = "cnnstudio-run"  # history.FORMAT, repeated so this module needs no history import


# -- the content hash ---------------------------------------------------------------------------------------
def content_hash(value: Any) -> str:
    """SHA-256 over a checkpoint's structure and every tensor's dtype, shape and bytes (in key order)."""
    digest = hashlib.sha256()
    _feed(digest, value)
    return digest.hexdigest()


def _feed(digest: Any, value: Any) -> None:
    if isinstance(value, torch.Tensor):
        tensor = value.detach().to("cpu").contiguous().reshape(-1)
        digest.update(f"T{tensor.dtype}{tuple(value.shape)};".encode())
        digest.update(tensor.view(torch.uint8).numpy().tobytes())
    elif isinstance(value, Mapping):
        digest.update(f"D{len(value)};".encode())
        for key, item in value.items():
            _feed(digest, key)
            _feed(digest, item)
    elif isinstance(value, (list, tuple)):
        digest.update(f"L{len(value)};".encode())
        for item in value:
            _feed(digest, item)
    else:  # str, int, float, bool, None: repr is exact and tells True from 1
        text = repr(value)
        digest.update(f"{type(value).__name__}{len(text)};{text}".encode())


# -- the structure ------------------------------------------------------------------------------------------
def check_checkpoint(data: Mapping[str, Any], where: str) -> None:
    """Raise ``CheckpointError`` naming the first missing or malformed part of a checkpoint."""
    kind = data.get("kind")
    if kind == "resume":
        _check_resume(data, where)
    elif kind == "model":
        _check_model(data, where)
    else:
        raise CheckpointError(f"{where}: unknown checkpoint kind {kind!r} (expected 'model' or 'resume')")


def _check_model(data: Mapping[str, Any], where: str) -> None:
    need = _Checker(data, where)
    need("model", _weights, "a dict of weight tensors")
    need("epoch", _optional(_epoch), "an epoch number or null", optional=True)
    need("project", _dict, "a project (a JSON object)", optional=True)
    need("class_names", _list_of(_text), "a list of class names", optional=True)
    need("mean", _list_of(_number), "a list of numbers", optional=True)
    need("std", _list_of(_number), "a list of numbers", optional=True)
    need("run_id", _text, "a name", optional=True)


def _check_resume(data: Mapping[str, Any], where: str) -> None:
    need = _Checker(data, where)
    need("model", _weights, "a dict of weight tensors")
    need("optimizer", _optimizer_state, "an optimiser state (with 'state' and 'param_groups')")
    need("scheduler", _schedule_state, "a schedule state (with 'epochs_done')")
    need("epoch", _epoch, f"a whole number from 0 to {MAX_EPOCH}")
    need("rng", _rng, "the random generators' states")
    need("history", _history, f"a run history (an object with format '{RUN_FORMAT}' and its epochs)")
    need("early_stopping", _stopping, "an object with best_loss, best_epoch and bad_epochs")
    need("best_model", _optional(_weights), "a dict of weight tensors or null", optional=True)
    need("project", _dict, "a project (a JSON object)", optional=True)
    for key in ("run_id", "optimizer_name", "schedule_name"):
        need(key, _text, "a name", optional=True)
    epoch, epochs = data["epoch"], data["history"]["epochs"]
    if len(epochs) < epoch or epochs[:epoch] != list(range(1, epoch + 1)):
        raise CheckpointError(
            f"{where}: 'epoch' is {epoch} but its history holds epochs {_span(epochs)}: the file was changed "
            "or mixes two runs"
        )
    best = data["early_stopping"]["best_epoch"]
    if best is not None and not 1 <= best <= epoch:
        raise CheckpointError(f"{where}: early_stopping.best_epoch {best} is not one of epochs 1 to {epoch}")


class _Checker:
    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self.data, self.where = data, where

    def __call__(self, key: str, valid: Callable[[Any], bool], what: str, optional: bool = False) -> None:
        if key not in self.data:
            if optional:
                return
            raise CheckpointError(
                f"{self.where}: '{key}' is missing (the file is incomplete or not a {_KIND})"
            )
        value = self.data[key]
        if not valid(value):
            raise CheckpointError(f"{self.where}: '{key}' must be {what}, got {_short(value)}")


_KIND = "CNN Studio checkpoint of this kind"


def _short(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return f"a {value.dtype} tensor of shape {tuple(value.shape)}"
    if isinstance(value, (dict, list, tuple)) and len(repr(value)) > 60:
        return f"a {type(value).__name__} of {len(value)} items"
    return repr(value)[:60]


def _span(epochs: list) -> str:
    return f"{epochs[0]} to {epochs[-1]}" if epochs else "none"


# -- value rules ---------------------------------------------------------------------------------------------
def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _dict(value: Any) -> bool:
    return isinstance(value, dict)


def _epoch(value: Any) -> bool:
    return _integer(value) and 0 <= value <= MAX_EPOCH


def _optional(rule: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: value is None or rule(value)


def _list_of(rule: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, (list, tuple)) and all(rule(v) for v in value)


def _byte_state(value: Any) -> bool:
    return (
        isinstance(value, torch.Tensor)
        and value.dtype == torch.uint8
        and value.dim() == 1
        and value.numel() > 0
    )


def _weights(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in value.items())
    )


def _optimizer_state(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("state"), dict)
        and _list_of(lambda group: isinstance(group, dict) and isinstance(group.get("params"), list))(
            value.get("param_groups")
        )
        and bool(value["param_groups"])
    )


def _schedule_state(value: Any) -> bool:
    return isinstance(value, dict) and _integer(value.get("epochs_done")) and value["epochs_done"] >= 0


def _rng(value: Any) -> bool:
    """The form ``checkpoint.capture_rng`` writes: torch's, numpy's, Python's, CUDA's and the augmenter's."""
    if not isinstance(value, dict) or not _byte_state(value.get("torch")):
        return False
    numpy_state, python_state = value.get("numpy"), value.get("python")
    numpy_ok = (
        isinstance(numpy_state, (list, tuple))
        and len(numpy_state) == 5
        and _text(numpy_state[0])
        and isinstance(numpy_state[1], torch.Tensor)
        and numpy_state[1].numel() == 624
        and all(_number(v) for v in numpy_state[2:])
    )
    python_ok = (
        isinstance(python_state, (list, tuple))
        and len(python_state) == 3
        and _integer(python_state[0])
        and _list_of(_integer)(python_state[1])
        and len(python_state[1]) == 625
        and (python_state[2] is None or _number(python_state[2]))
    )
    cuda_ok = _list_of(_byte_state)(value.get("cuda", []))
    augment_ok = value.get("augment") is None or _byte_state(value["augment"])
    return numpy_ok and python_ok and cuda_ok and augment_ok


def _history(value: Any) -> bool:
    if not isinstance(value, dict) or value.get("format") != RUN_FORMAT:
        return False
    epochs = value.get("epochs")
    if not _list_of(_integer)(epochs):
        return False
    series = (
        "train_loss",
        "train_accuracy",
        "val_loss",
        "val_accuracy",
        "lr",
        "seconds",
        "images_per_second",
    )
    return all(
        _list_of(_number)(value.get(name, [])) and len(value.get(name, [])) == len(epochs) for name in series
    )


def _stopping(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and _number(value.get("best_loss"))
        and not math.isnan(value["best_loss"])
        and (value.get("best_epoch") is None or _integer(value.get("best_epoch")))
        and "best_epoch" in value
        and _integer(value.get("bad_epochs"))
        and value["bad_epochs"] >= 0
    )
