"""L1 and L2 penalties added to the loss, over a chosen part of the network (course 000, 正则化).

L1 adds ``l1 * sum(|w|)`` and encourages sparse weights; L2 adds ``l2 * sum(w^2)`` and keeps weights small.
The course's free choices are all settings: how strong (``l1``, ``l2``), which layers (all, conv only,
linear only, or chosen top-level layers) and whether biases count (usually not). BatchNorm's scale and shift
are never penalised: pulling the scale to zero would fight the normalisation rather than regularise.

This is separate from the optimiser's ``weight_decay``, which the optimiser applies itself (decoupled from
the loss in AdamW); both can be used, and the GUI explains the difference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import nn

from cnnstudio.training.errors import TrainingError

_KINDS = {
    "all": (nn.Conv2d, nn.ConvTranspose2d, nn.Linear),
    "conv": (nn.Conv2d, nn.ConvTranspose2d),
    "linear": (nn.Linear,),
    "layers": (nn.Conv2d, nn.ConvTranspose2d, nn.Linear),
}


def penalized_parameters(
    roots: Sequence[nn.Module], scope: str, include_bias: bool = False
) -> list[nn.Parameter]:
    """The weights (and biases if asked) of the conv/linear layers under ``roots`` that ``scope`` selects."""
    kinds = _KINDS[scope]
    chosen: list[nn.Parameter] = []
    seen: set[int] = set()
    for root in roots:
        for module in root.modules():
            if not isinstance(module, kinds):
                continue
            for param in (module.weight, module.bias if include_bias else None):
                if param is not None and id(param) not in seen:
                    seen.add(id(param))
                    chosen.append(param)
    return chosen


def layer_roots(model: nn.Module, indices: Sequence[int]) -> list[nn.Module]:
    """The top-level modules at ``indices`` (blocks bring their children); a missing index is an error."""
    children = list(model.children())
    for index in indices:
        if index >= len(children):
            raise TrainingError(
                f"training.penalty_layers: there is no layer {index} (the network has layers 0 to "
                f"{len(children) - 1})"
            )
    return [children[i] for i in indices]


@dataclass
class Penalty:
    """``l1 * sum|p| + l2 * sum p^2`` over ``params``; ``active`` is false when both strengths are 0."""

    l1: float
    l2: float
    params: list[nn.Parameter]

    @property
    def active(self) -> bool:
        return bool(self.params) and (self.l1 > 0 or self.l2 > 0)

    def __call__(self) -> torch.Tensor:
        total = torch.zeros((), device=self.params[0].device)
        if self.l1 > 0:
            total = total + self.l1 * sum(p.abs().sum() for p in self.params)
        if self.l2 > 0:
            total = total + self.l2 * sum(p.pow(2).sum() for p in self.params)
        return total


def make_penalty(
    model: nn.Module, l1: float, l2: float, scope: str, layers: Sequence[int] = (), include_bias: bool = False
) -> Penalty:
    """The penalty a project's settings ask for (``layers`` only used when ``scope`` is "layers")."""
    roots = layer_roots(model, layers) if scope == "layers" else [model]
    return Penalty(l1, l2, penalized_parameters(roots, scope, include_bias))
