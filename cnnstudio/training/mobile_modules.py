"""Torch modules for the core's squeeze-and-excitation, channel shuffle and custom layers.

Each computes exactly what torchvision's or torch's own does, with the same state_dict names
(``SqueezeExcitation``: ``fc1.weight``, ``fc2.bias``...), so that imported weights load as they are; and
each is written with operations that TorchScript and the ONNX exporter both know (torch's own
``nn.ChannelShuffle`` is ``aten::channel_shuffle``, which ONNX has no operator for).
"""

from __future__ import annotations

import math
import operator

import torch
import torch.nn.functional as F
from torch import nn

from cnnstudio.core import specs as S
from cnnstudio.core.custom_source import source_kind, source_problem

ACTIVATIONS: dict[str, type[nn.Module]] = {
    "relu": nn.ReLU, "silu": nn.SiLU, "relu6": nn.ReLU6, "hardswish": nn.Hardswish, "gelu": nn.GELU,
    "sigmoid": nn.Sigmoid, "hardsigmoid": nn.Hardsigmoid,
}  # fmt: skip


class SqueezeExcitation(nn.Module):
    """``torchvision.ops.SqueezeExcitation``: ``x * gate(fc2(act(fc1(mean(x)))))``, fc1 and fc2 1x1 convs."""

    def __init__(self, channels: int, squeeze: int, activation: str, scale_activation: str) -> None:
        super().__init__()
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(channels, squeeze, 1)
        self.fc2 = nn.Conv2d(squeeze, channels, 1)
        self.activation = ACTIVATIONS[activation]()
        self.scale_activation = ACTIVATIONS[scale_activation]()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        scale = self.scale_activation(self.fc2(self.activation(self.fc1(self.avgpool(x)))))
        return x * scale


class ChannelShuffle(nn.Module):
    """``nn.ChannelShuffle(groups)`` as ShuffleNet's view / transpose / reshape."""

    def __init__(self, groups: int) -> None:
        super().__init__()
        self.groups = groups

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, c, h, w = x.shape
        return x.view(n, self.groups, c // self.groups, h, w).transpose(1, 2).reshape(n, c, h, w)

    def extra_repr(self) -> str:
        return f"groups={self.groups}"


_NAMESPACE = {"torch": torch, "F": F, "nn": nn, "operator": operator, "math": math}


class CustomExpression(nn.Module):
    """A custom layer's expression of ``x`` (checked by ``core.custom_source`` before it is compiled)."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source
        self._code = compile(source.strip(), "<custom layer>", "eval")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return eval(
            self._code, {"__builtins__": {}, **_NAMESPACE}, {"x": x}
        )  # the source passed core.custom_source

    def extra_repr(self) -> str:
        return self.source


def custom_module(spec: S.Custom) -> nn.Module:
    """The module of a custom layer: the ``nn.X(...)`` it names, or its expression."""
    problem = source_problem(spec.source)
    if problem:  # validated on load already; a spec made in code is checked here too
        raise ValueError(f"custom layer source {problem}")
    if source_kind(spec.source) == "module":
        module = eval(
            spec.source.strip(), {"__builtins__": {}, **_NAMESPACE}
        )  # the source passed core.custom_source
        if not isinstance(module, nn.Module):
            raise ValueError(f"custom layer source {spec.source!r} does not make a module")
        return module
    return CustomExpression(spec.source)
