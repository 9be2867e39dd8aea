"""Project -> ``torch.nn.Module``, built from the core's specs and the core's inferred shapes.

Input channels and ``in_features`` are never recomputed here: they come from the core's report, so the model
cannot disagree with what the editor showed. The model's children are indexed like the project's layers list
(``model[3]`` is layer 3), which is what the probes, the exporter and the GUI rely on to find a layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import torch
from torch import nn

from cnnstudio.core import specs as S
from cnnstudio.core.project import Project
from cnnstudio.core.shapes import LayerReport, first_problem, infer, projection_stride, shape_text
from cnnstudio.training.errors import NetworkMismatchError

if TYPE_CHECKING:
    from cnnstudio.training.datasets import DataSplits


def check_network(project: Project, data: DataSplits | None = None) -> None:
    """Refuse, before any training, a network that cannot work or that does not fit the data's classes."""
    report = project.report
    if not report.valid:
        raise NetworkMismatchError(first_problem(project.layers, report) or "the network cannot be built")
    if data is None:
        return
    out, classes = report.output_shape or (), data.num_classes
    if len(out) != 1:
        raise NetworkMismatchError(
            f"the network ends in a {shape_text(out)} feature map but the dataset '{data.name}' needs "
            f"{classes} class scores: add flatten and a linear layer with out_features {classes}"
        )
    if out[0] != classes:
        raise NetworkMismatchError(
            f"the last layer gives {out[0]} outputs but the dataset '{data.name}' has {classes} classes: "
            f"set the last linear layer's out_features to {classes}"
        )


class ResidualBlock(nn.Module):
    """``layers(x) + shortcut(x)``; the shortcut is identity or a 1x1 conv (no bias) + BatchNorm, as in ResNet."""

    def __init__(self, layers: nn.Sequential, shortcut: nn.Module) -> None:
        super().__init__()
        self.layers = layers
        self.shortcut = shortcut

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x) + self.shortcut(x)


class ConcatBlock(nn.Module):
    """Every branch sees the same input; outputs are joined along channels (an empty branch passes x on)."""

    def __init__(self, branches: Sequence[nn.Sequential]) -> None:
        super().__init__()
        self.branches = nn.ModuleList(branches)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([branch(x) for branch in self.branches], dim=1)


class CnnModel(nn.Sequential):
    """The studio's model: an ``nn.Sequential`` whose index ``i`` is the project's layer ``i``."""


def _window(spec: S._WindowPool) -> dict:
    return {"kernel_size": spec.kernel_size, "stride": spec.stride, "ceil_mode": spec.ceil_mode}


def _layer(spec: S.LayerSpec, report: LayerReport) -> nn.Module:
    """One torch module for one spec, given the shape it receives."""
    shape = report.input_shape
    assert shape is not None
    kind = spec.type
    if isinstance(spec, S.Conv2d):
        return nn.Conv2d(
            shape[0],
            spec.out_channels,
            spec.kernel_size,
            spec.stride,
            spec.padding,
            spec.dilation,
            spec.groups,
            spec.bias,
        )
    if isinstance(spec, S.MaxPool2d):
        return nn.MaxPool2d(padding=spec.padding, dilation=spec.dilation, **_window(spec))
    if isinstance(spec, S.AvgPool2d):
        return nn.AvgPool2d(padding=spec.padding, count_include_pad=spec.count_include_pad, **_window(spec))
    if isinstance(spec, S.LPPool2d):
        return nn.LPPool2d(spec.norm_type, **_window(spec))
    if isinstance(spec, S.AdaptiveAvgPool2d):
        return nn.AdaptiveAvgPool2d(spec.output_size)
    if isinstance(spec, S.AdaptiveMaxPool2d):
        return nn.AdaptiveMaxPool2d(spec.output_size)
    if isinstance(spec, S.BatchNorm2d):
        norm = nn.BatchNorm2d if len(shape) == 3 else nn.BatchNorm1d
        return norm(shape[0], eps=spec.eps, momentum=spec.momentum, affine=spec.affine)
    if isinstance(spec, S.Dropout2d):
        return nn.Dropout2d(spec.p)
    if isinstance(spec, S.Dropout):
        return nn.Dropout(spec.p)
    if isinstance(spec, S.Linear):
        return nn.Linear(shape[0], spec.out_features, spec.bias)
    if isinstance(spec, S.LeakyReLU):
        return nn.LeakyReLU(spec.negative_slope)
    if isinstance(spec, S.ELU):
        return nn.ELU(spec.alpha)
    simple = {"flatten": nn.Flatten, "relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "gelu": nn.GELU}
    if kind in simple:
        return simple[kind]()
    if kind == "softmax":
        return nn.Softmax(dim=1)
    if isinstance(spec, S.Residual):
        return _residual(spec, report)
    if isinstance(spec, S.Concat):
        return ConcatBlock([_sequence(b, r) for b, r in zip(spec.branches, report.children)])
    raise ValueError(f"no torch module for layer type {kind!r}")


def _sequence(specs: Sequence[S.LayerSpec], reports: Sequence[LayerReport]) -> nn.Sequential:
    return nn.Sequential(*(_layer(spec, report) for spec, report in zip(specs, reports)))


def _residual(spec: S.Residual, report: LayerReport) -> ResidualBlock:
    assert report.input_shape is not None and report.output_shape is not None
    layers = _sequence(spec.layers, report.children[0])
    if report.output_shape == report.input_shape:
        return ResidualBlock(layers, nn.Identity())
    c_in, c_out = report.input_shape[0], report.output_shape[0]
    stride = projection_stride(report.input_shape, report.output_shape)
    shortcut = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out))
    return ResidualBlock(layers, shortcut)


def build_model(
    project: Project | Sequence[S.LayerSpec], input_shape: Sequence[int] | None = None
) -> CnnModel:
    """The torch model of ``project`` (or of ``layers`` on ``input_shape``); ``ValueError`` if it cannot work."""
    if isinstance(project, Project):
        layers, shape = project.layers, project.input.shape
    else:
        if input_shape is None:
            raise ValueError("building from a layer list needs input_shape")
        layers, shape = tuple(project), tuple(input_shape)
    report = infer(shape, layers)
    problem = first_problem(layers, report)
    if problem:
        raise ValueError(problem)
    return CnnModel(*(_layer(spec, r) for spec, r in zip(layers, report.layers)))


def module_at(model: nn.Module, path: Sequence[int]) -> nn.Module:
    """The module of the core layer at ``path`` (``(i,)`` or ``(i, b, j, ...)``; b is 0 in residual blocks)."""
    module: nn.Module = model[path[0]]  # type: ignore[index]
    for k in range(1, len(path), 2):
        branch, index = path[k], path[k + 1]
        if isinstance(module, ResidualBlock):
            module = module.layers[index]
        elif isinstance(module, ConcatBlock):
            module = module.branches[branch][index]  # type: ignore[index]
        else:
            raise ValueError(
                f"layer path {tuple(path)} goes into a {type(module).__name__}, which has no layers"
            )
    return module
