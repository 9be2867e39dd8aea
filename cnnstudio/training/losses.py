"""The training losses on batches (``training.loss``): the same formulas as ``cnnstudio.core.losses``, in torch.

Each takes the logits ``(N, classes)`` and the true classes ``(N,)`` and returns the mean over the batch,
so the reported loss of a batch, an epoch and the validation split mean the same thing for every choice.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

from cnnstudio.core.losses import MARGIN

LossFunction = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def cross_entropy(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return F.cross_entropy(logits, y)


def multiclass_hinge(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """cs231n's SVM loss: the margins by which the other classes come within 1 of the true class, summed."""
    true = logits.gather(1, y[:, None])
    margins = (logits - true + MARGIN).clamp(min=0).scatter(1, y[:, None], 0.0)
    return margins.sum(dim=1).mean()


def squared_error(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The squared distance between the softmax probabilities and the one-hot target, summed over classes."""
    probabilities = torch.softmax(logits, dim=1)
    target = F.one_hot(y, logits.shape[1]).to(probabilities.dtype)
    return (probabilities - target).pow(2).sum(dim=1).mean()


LOSSES: dict[str, LossFunction] = {
    "cross_entropy": cross_entropy,
    "hinge": multiclass_hinge,
    "mse": squared_error,
}


def loss_function(name: str) -> LossFunction:
    """The loss a project's ``training.loss`` names."""
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}") from None
