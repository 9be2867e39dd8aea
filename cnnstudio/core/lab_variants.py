"""The overfitting lab's two set-ups, made from the user's project, and what their curves say.

Why in the core: which changes make "variant B" is a teaching decision a student should be able to read in
one place, and a test can check it without Qt or torch. Variant A is the user's project with every
regulariser switched off (dropout at p=0, no L1/L2, no weight decay, no augmentation), trained on a small
subset so that it overfits visibly; variant B is A with exactly one change. Both run with early stopping
off, so their curves go on past the best epoch, which the lab marks instead (:func:`summarise`).

Dropout layers of A are kept with ``p=0`` rather than removed: the network keeps the user's layer indices
and blocks, and ``nn.Dropout(0)`` is the identity.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cnnstudio.core import specs as S
from cnnstudio.core.errors import CoreError
from cnnstudio.core.project import Project

DEFAULT_SUBSET = 300  # training images: few enough that a small CNN learns them by heart in ~20 epochs
DEFAULT_EPOCHS = 20
DROPOUT_P = 0.5
L2_PENALTY = 1e-3
ADAMW_DECAY = 0.05  # five times torch's default: the default barely shows in 20 epochs
SGD_LR, SGD_MOMENTUM = 0.01, 0.9  # Adam's 1e-3 is too small a step for plain SGD
AUGMENTATION: Mapping[str, Any] = {"enabled": True, "crop": True, "hflip": True}  # the classic CIFAR pair
PRESETS = ("dropout", "l2", "adamw", "sgd", "augment")


class LabVariantError(CoreError):
    """The chosen variant cannot be made for this network (e.g. no layer to put dropout before)."""


@dataclass(frozen=True)
class EpochPoint:
    """One epoch of a lab run, as the engine reported it (accuracies are fractions)."""

    epoch: int
    train_loss: float
    train_accuracy: float
    val_loss: float
    val_accuracy: float


@dataclass(frozen=True)
class LabSummary:
    """What one run's curves show: the final generalisation gap and where early stopping would stop.

    ``accuracy_gap`` is train minus validation accuracy at the last epoch (a fraction; the GUI shows
    points), ``loss_gap`` validation minus train loss there: both grow as a network overfits.
    ``best_epoch`` is the epoch of the lowest validation loss (the first, on ties), the one early stopping
    keeps; ``stop_epoch`` is where it would have stopped with ``patience``, or None when the run was
    too short to see that many epochs without improvement.
    """

    epochs: int
    accuracy_gap: float
    loss_gap: float
    best_epoch: int | None
    best_val_loss: float
    stop_epoch: int | None


def baseline(project: Project, subset: int = DEFAULT_SUBSET, epochs: int = DEFAULT_EPOCHS) -> Project:
    """Variant A: the user's network and settings on ``subset`` training images, regularisation off."""
    if subset < 1 or epochs < 1:
        raise LabVariantError(f"subset and epochs must be at least 1, got {subset} and {epochs}")
    training = dict(project.training)
    training.update(l1=0.0, l2=0.0, weight_decay=0.0, early_stopping=False, epochs=int(epochs))
    dataset = dict(project.dataset)
    limit = dataset.get("limit")
    dataset["limit"] = int(subset) if not isinstance(limit, int) or limit > subset else limit
    augmentation = dataset.get("augmentation")
    if isinstance(augmentation, Mapping):
        dataset["augmentation"] = {**augmentation, "enabled": False}
    layers = _map_specs(project.layers, _without_dropout)
    return project.replace(
        name=f"{project.name} (lab A)", layers=layers, dataset=dataset, training=training, runs=()
    )


def variant(base: Project, preset: str) -> Project:
    """Variant B: ``base`` (a :func:`baseline`) with the one change ``preset`` names (see :data:`PRESETS`)."""
    training = dict(base.training)
    dataset = dict(base.dataset)
    layers = base.layers
    if preset == "dropout":
        layers = with_dropout_before_classifier(base.layers, DROPOUT_P)
    elif preset == "l2":
        training["l2"] = L2_PENALTY
    elif preset == "adamw":
        training.update(optimizer="adamw", weight_decay=ADAMW_DECAY, nesterov=False)
        training.pop("momentum", None)
    elif preset == "sgd":
        training.update(optimizer="sgd", lr=SGD_LR, momentum=SGD_MOMENTUM, nesterov=False)
    elif preset == "augment":
        dataset["augmentation"] = dict(AUGMENTATION)
    else:
        raise LabVariantError(f"unknown lab variant {preset!r}; one of {', '.join(PRESETS)}")
    name = base.name.replace("(lab A)", "(lab B)")
    return base.replace(name=name, layers=layers, dataset=dataset, training=training)


def with_dropout_before_classifier(layers: Sequence[S.LayerSpec], p: float) -> tuple[S.LayerSpec, ...]:
    """Put ``Dropout(p)`` right before the last top-level linear layer (the classifier).

    A network without a top-level linear layer (fully convolutional) gets it before its last conv; an
    existing dropout there has its ``p`` set instead of a second one being stacked.
    """
    kinds = ("linear",) if any(spec.type == "linear" for spec in layers) else ("conv2d",)
    where = max((i for i, spec in enumerate(layers) if spec.type in kinds), default=None)
    if where is None:
        raise LabVariantError("the network has no linear or conv2d layer to put dropout before")
    before = layers[where - 1] if where > 0 else None
    if isinstance(before, S.Dropout) and not isinstance(before, S.Dropout2d):
        return (*layers[: where - 1], before.replace(p=p), *layers[where:])
    return (*layers[:where], S.Dropout(p=p), *layers[where:])


def summarise(points: Sequence[EpochPoint], patience: int = 5) -> LabSummary | None:
    """The gap at the last epoch and the early-stopping epochs of one run; None before its first epoch."""
    if not points:
        return None
    last = points[-1]
    finite = [p for p in points if math.isfinite(p.val_loss)]
    best = min(finite, key=lambda p: p.val_loss) if finite else None  # min keeps the first of equals
    stop = None
    if best is not None and best.epoch + patience <= last.epoch:
        stop = best.epoch + patience
    return LabSummary(
        epochs=last.epoch,
        accuracy_gap=last.train_accuracy - last.val_accuracy,
        loss_gap=last.val_loss - last.train_loss,
        best_epoch=best.epoch if best is not None else None,
        best_val_loss=best.val_loss if best is not None else math.nan,
        stop_epoch=stop,
    )


def _without_dropout(spec: S.LayerSpec) -> S.LayerSpec:
    return spec.replace(p=0.0) if isinstance(spec, S.Dropout) else spec


def _map_specs(layers: Sequence[S.LayerSpec], change) -> tuple[S.LayerSpec, ...]:
    """``change`` applied to every spec, inside residual and concat blocks too."""
    out = []
    for spec in layers:
        lists = spec.child_lists()
        if lists:
            spec = spec.with_child_lists([_map_specs(children, change) for children in lists])
        out.append(change(spec))
    return tuple(out)
