"""Torch modules for the core's squeeze-and-excitation, channel shuffle and custom layers.

Each computes exactly what torchvision's or torch's own does, with the same state_dict names
(``SqueezeExcitation``: ``fc1.weight``, ``fc2.bias``...), so that imported weights load as they are; and
each is written with operations that TorchScript and the ONNX exporter both know (torch's own
``nn.ChannelShuffle`` is ``aten::channel_shuffle``, which ONNX has no operator for).
"""

from __future__ import annotations

import math
import operator
from typing import Any

import torch
import torch.nn.functional as F
from torch import fx, nn

from cnnstudio.core import specs as S
from cnnstudio.core.custom_source import INPUT, INPUT_ARGUMENT, parts, source_kind

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


_ROOTS = {"torch": torch, "F": F, "nn": nn, "operator": operator, "math": math}


def _resolve(name: str) -> Any:
    """``torch.nn.functional.relu`` -> the function, by attribute from the allowed roots (no text is run)."""
    root, *rest = name.split(".")
    found = _ROOTS[root]
    for part in rest:
        found = getattr(found, part)
    return found


def custom_module(spec: S.Custom) -> nn.Module:
    """The module of a custom layer: the ``nn.X(...)`` it names, or its call on ``x`` as a one-node fx graph
    (a ``GraphModule``, so that TorchScript and the ONNX exporter read it like any other module)."""
    name, args, kwargs = parts(spec.source)
    if source_kind(spec.source) == "module":
        module = _resolve(name)(*args, **kwargs)
        if not isinstance(module, nn.Module):
            raise ValueError(f"custom layer source {spec.source!r} does not make a module")
        return module
    graph = fx.Graph()
    x = graph.placeholder("x")
    args = tuple(x if a is INPUT_ARGUMENT else a for a in args)
    kwargs = {k: x if v is INPUT_ARGUMENT else v for k, v in kwargs.items()}
    root, _, method = name.rpartition(".")
    if root == INPUT:
        node = graph.call_method(method, (x, *args), kwargs)
    else:
        node = graph.call_function(_resolve(name), args, kwargs)
    graph.output(node)
    return fx.GraphModule(nn.Module(), graph, class_name="CustomLayer")
