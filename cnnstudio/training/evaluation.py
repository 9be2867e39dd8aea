"""Measuring a model on a split: mean loss and accuracy in eval mode, in batches that fit the device.

Evaluation needs no gradients, so it can use larger batches than training (``eval_batch_size``); when one
does not fit, the batch is halved and the pass starts again rather than failing the run.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import nn

from cnnstudio.training.errors import is_out_of_memory
from cnnstudio.training.meter import Meter
from cnnstudio.training.probes import evaluating

LossFunction = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
Inputs = Callable[[torch.Tensor], torch.Tensor]


@torch.no_grad()
def evaluate(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    loss: LossFunction,
    batch_size: int,
    inputs: Inputs | None = None,
) -> tuple[float, float]:
    """Mean loss and accuracy over ``(x, y)`` in eval mode; halves the batch on out-of-memory.

    ``inputs`` turns a batch of ``x`` into the model's input (``DataSplits.whiten`` for 8-bit pixels), a
    batch at a time, so that a split is never held as floats all at once.
    """
    if x.shape[0] == 0:
        return math.nan, math.nan
    size = batch_size
    while True:
        try:
            return _evaluate(model, x, y, loss, size, inputs or _unchanged)
        except RuntimeError as exc:  # torch.cuda.OutOfMemoryError is one
            if not is_out_of_memory(exc) or size == 1:
                raise
            size = max(1, size // 2)
            if x.device.type == "cuda":
                torch.cuda.empty_cache()


def _unchanged(x: torch.Tensor) -> torch.Tensor:
    return x


def _evaluate(
    model: nn.Module, x: torch.Tensor, y: torch.Tensor, loss: LossFunction, size: int, inputs: Inputs
) -> tuple[float, float]:
    meter = Meter(x.device)
    with evaluating(model):
        for i in range(0, x.shape[0], size):
            logits, target = model(inputs(x[i : i + size])), y[i : i + size]
            meter.add(loss(logits, target), (logits.argmax(dim=1) == target).sum(), len(target))
    return meter.totals()
