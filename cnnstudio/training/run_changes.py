"""Settings changed while a run is paused (issue 15.8): the learning rate, a dropout rate, frozen layers.

A :class:`~cnnstudio.training.control.RunChange` is plain data (torch-free, so the window makes it; it pickles): the window sends it through the same control path as
pause and stop (``RunControl.changes`` on a thread, ``Command("change", change)`` into a child process),
and the loop applies it before its next batch with :func:`apply_change`, which returns what it did as a
small dict for the run's history (``history.changes``), so the curves can mark it after a reopen too.
Layers are named by their top-level index in the project's layer list, as the Design page numbers them.
"""

from __future__ import annotations

import math
from typing import Any

from torch import nn

from cnnstudio.training.build import module_at
from cnnstudio.training.control import ChangeError, RunChange
from cnnstudio.training.optim import Schedule


def check_change(model: nn.Module, change: RunChange) -> None:
    """Raise ChangeError unless every part of ``change`` fits ``model``."""
    if change.lr is not None and not (math.isfinite(change.lr) and change.lr > 0):
        raise ChangeError(f"learning rate {change.lr}: must be a number above 0")
    for index, rate in change.dropout:
        if not isinstance(_layer(model, index), (nn.Dropout, nn.Dropout2d)):
            raise ChangeError(f"layer {index} is not a dropout layer")
        if not 0.0 <= rate < 1.0:
            raise ChangeError(f"dropout rate {rate} of layer {index}: must be in [0, 1)")
    for index in change.frozen or ():
        _layer(model, index)


def _layer(model: nn.Module, index: int) -> nn.Module:
    if not 0 <= index < len(model):  # type: ignore[arg-type]
        raise ChangeError(f"layer {index}: the network has layers 0 to {len(model) - 1}")  # type: ignore[arg-type]
    return module_at(model, (index,))


def frozen_layers(model: nn.Module) -> tuple[int, ...]:
    """The layers with weights none of which learn now."""
    return tuple(
        i
        for i in range(len(model))  # type: ignore[arg-type]
        if (params := list(module_at(model, (i,)).parameters())) and not any(p.requires_grad for p in params)
    )


def apply_change(model: nn.Module, schedule: Schedule, change: RunChange, where: float) -> dict[str, Any]:
    """Apply ``change`` (checked first, all or nothing) and return its record: ``where`` (epochs done, as a
    fraction) and only what changed, with the value before (``lr_before``, ``dropout_before``...)."""
    check_change(model, change)
    record: dict[str, Any] = {"epoch": round(float(where), 4)}
    if change.lr is not None:
        old = schedule.lr
        for group in schedule.optimizer.param_groups:
            group["lr"] = change.lr
        for scheduler in (schedule.warmup, schedule.main):  # schedules that recompute from base_lrs
            if hasattr(scheduler, "base_lrs") and old > 0:
                scheduler.base_lrs = [base * change.lr / old for base in scheduler.base_lrs]
        record.update(lr=change.lr, lr_before=old)
    if change.dropout:
        before = {str(i): _layer(model, i).p for i, _ in change.dropout}
        for index, rate in change.dropout:
            _layer(model, index).p = float(rate)
        record.update(dropout={str(i): float(r) for i, r in change.dropout}, dropout_before=before)
    if change.frozen is not None:
        before_frozen = frozen_layers(model)
        wanted = set(change.frozen)
        for i in range(len(model)):  # type: ignore[arg-type]
            for p in module_at(model, (i,)).parameters():
                p.requires_grad_(i not in wanted)
                if i in wanted:
                    p.grad = None  # the optimiser skips a parameter without a gradient
        record.update(frozen=sorted(frozen_layers(model)), frozen_before=list(before_frozen))
    return record


def replay_changes(model: nn.Module, records: list[dict[str, Any]]) -> None:
    """Put back on a resumed run's model what its recorded changes did to it and a checkpoint's weights do
    not hold: dropout rates and frozen layers (the learning rate is in the optimiser's saved state)."""
    for record in records:
        for index, rate in record.get("dropout", {}).items():
            _layer(model, int(index)).p = float(rate)
        if "frozen" in record:
            wanted = set(record["frozen"])
            for i in range(len(model)):  # type: ignore[arg-type]
                for p in module_at(model, (i,)).parameters():
                    p.requires_grad_(i not in wanted)
