"""Measuring a model on a split in eval mode: mean loss and accuracy, and for the final measurement the
confusion matrix and the first images' class probabilities, in chunks that can be interrupted.

Why chunks of about two training batches (``core.budget.eval_chunk``, which the memory budget counts): the
training batch is known to fit the device, and a forward pass of two of them takes less time than one
training step; so a Stop during validation, or a Skip during the test measurement, waits for at most one
chunk, not for a 1024-image batch of VGG-16 on a CPU (minutes). When a chunk does not fit after all, it is halved and the pass starts again.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator

import numpy as np
import torch
from torch import nn

from cnnstudio.training.clocks import Clock
from cnnstudio.training.errors import is_out_of_memory
from cnnstudio.training.events import Measured, Measuring
from cnnstudio.training.meter import Meter
from cnnstudio.training.probes import evaluating

LossFunction = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
Interrupted = Callable[[], bool]
Inputs = Callable[[torch.Tensor], torch.Tensor]  # a chunk of x as the model's input (DataSplits.whiten)
PROGRESS_HZ = 10.0


def evaluate(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    loss: LossFunction,
    size: int,
    interrupted: Interrupted | None = None,
    inputs: Inputs | None = None,
) -> tuple[float, float] | None:
    """Mean loss and accuracy over ``(x, y)``; None when ``interrupted()`` turned true between chunks.

    ``inputs`` makes each chunk of ``x`` the model's input (8-bit pixels are whitened a chunk at a time,
    so that a split is never held as floats as a whole).
    """
    if x.shape[0] == 0:
        return math.nan, math.nan
    while True:
        try:
            return _evaluate(model, x, y, loss, size, interrupted or (lambda: False), inputs or _unchanged)
        except RuntimeError as exc:  # torch.cuda.OutOfMemoryError is one
            size = _halved(exc, size, x.device)


def _evaluate(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    loss: LossFunction,
    size: int,
    interrupted: Interrupted,
    inputs: Inputs,
) -> tuple[float, float] | None:
    meter = Meter(x.device)
    for _, logits, target in _chunks(model, x, y, size, inputs):
        if interrupted():
            return None
        meter.add(loss(logits, target), (logits.argmax(dim=1) == target).sum(), len(target))
    return meter.totals()


def measure(
    model: nn.Module,
    split: str,
    x: torch.Tensor,
    y: torch.Tensor,
    loss: LossFunction,
    size: int,
    classes: int,
    examples: int,
    skipped: Interrupted,
    inputs: Inputs | None = None,
) -> Iterator[Measuring]:
    """The final measurement of a split, yielding its progress; returns ``Measured``, or None when skipped."""
    while True:
        try:
            prepare = inputs or _unchanged
            return (yield from _measure(model, split, x, y, loss, size, classes, examples, skipped, prepare))
        except RuntimeError as exc:
            size = _halved(exc, size, x.device)


def _measure(model, split, x, y, loss, size, classes, examples, skipped, inputs) -> Iterator[Measuring]:
    total, clock = int(x.shape[0]), Clock(PROGRESS_HZ)
    meter = Meter(x.device)
    pairs = torch.zeros(classes * classes, dtype=torch.int64, device=x.device)
    shown: list[torch.Tensor] = []  # softmax of the first ``examples`` images, for the results view
    kept = 0
    yield Measuring(split=split, done=0, total=total)
    for done, logits, target in _chunks(model, x, y, size, inputs):
        if skipped():
            return None
        predicted = logits.argmax(dim=1)
        meter.add(loss(logits, target), (predicted == target).sum(), len(target))
        pairs += torch.bincount(target * classes + predicted, minlength=classes * classes)
        if kept < examples:
            shown.append(torch.softmax(logits.float(), dim=1)[: examples - kept])
            kept += len(shown[-1])
        if clock.due(time.perf_counter()):
            yield Measuring(split=split, done=done, total=total)
    mean_loss, accuracy = meter.totals()
    probabilities = torch.cat(shown).cpu().numpy() if shown else np.zeros((0, classes), np.float32)
    return Measured(
        split=split,
        images=total,
        loss=mean_loss,
        accuracy=accuracy,
        confusion=pairs.view(classes, classes).cpu().numpy(),
        probabilities=probabilities,
    )


def _chunks(
    model: nn.Module, x: torch.Tensor, y: torch.Tensor, size: int, inputs: Inputs = lambda x: x
) -> Iterator[tuple[int, torch.Tensor, torch.Tensor]]:
    """(images done, logits, targets) per chunk, in eval mode and without gradients."""
    with evaluating(model), torch.no_grad():
        for i in range(0, x.shape[0], size):
            target = y[i : i + size]
            yield i + len(target), model(inputs(x[i : i + size])), target


def _unchanged(x: torch.Tensor) -> torch.Tensor:
    return x


def _halved(exc: RuntimeError, size: int, device: torch.device) -> int:
    """The next chunk size after running out of memory; any other error, or a chunk of one, is raised."""
    if not is_out_of_memory(exc) or size == 1:
        raise exc
    if device.type == "cuda":
        torch.cuda.empty_cache()
    return max(1, size // 2)
