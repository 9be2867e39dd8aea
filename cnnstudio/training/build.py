"""Project -> ``torch.nn.Module``, built from the core's specs and the core's inferred shapes.

Input channels and ``in_features`` are never recomputed here: they come from the core's report, so the model
cannot disagree with what the editor showed. The model's children are indexed like the project's layers list
(``model[3]`` is layer 3), which is what the probes, the exporter and the GUI rely on to find a layer.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import torch
from torch import nn

from cnnstudio.core import specs as S
from cnnstudio.core.project import Project
from cnnstudio.core.shapes import LayerReport, first_problem, infer, projection_stride
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training.errors import NetworkMismatchError
from cnnstudio.training.init import init_weights
from cnnstudio.training.memory_format import memory_format_for
from cnnstudio.training.mobile_modules import ChannelShuffle, SqueezeExcitation, custom_module

if TYPE_CHECKING:
    from cnnstudio.training.datasets import DataSplits


def check_network(project: Project, data: DataSplits | None = None) -> None:
    """Refuse, before any training, a network that cannot work or that does not fit the data's classes
    (the dataset's own when ``data`` is given, else the count the catalog knows without loading it)."""
    from cnnstudio.core.dataset_size import class_count, dataset_name
    from cnnstudio.core.readiness import NO_WEIGHTS, class_problem

    report = project.report
    if not report.valid:
        raise NetworkMismatchError(first_problem(project.layers, report) or "the network cannot be built")
    if report.total_params == 0:
        raise NetworkMismatchError(NO_WEIGHTS)
    if data is None:
        classes, name = class_count(project.dataset), dataset_name(project.dataset)
    else:
        classes, name = data.num_classes, data.name
    problem = "" if classes is None else class_problem(report, classes, name)
    if problem:
        raise NetworkMismatchError(problem)


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


class SplitConcatBlock(ConcatBlock):
    """ShuffleNet V2's channel split: branch b sees the b-th of len(branches) equal groups of channels.
    A class of its own rather than a flag, so that the TorchScript export holds no branching to read back."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        parts = torch.chunk(x, len(self.branches), dim=1)
        return torch.cat([branch(parts[b]) for b, branch in enumerate(self.branches)], dim=1)


class CnnModel(nn.Sequential):
    """The studio's model: an ``nn.Sequential`` whose index ``i`` is the project's layer ``i``."""


def _window(spec: S.WindowPool) -> dict:
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
    if isinstance(spec, S.ConvTranspose2d):
        return nn.ConvTranspose2d(
            shape[0], spec.out_channels, spec.kernel_size, spec.stride, spec.padding, spec.output_padding,
            spec.groups, spec.bias, spec.dilation,
        )  # fmt: skip
    if isinstance(spec, S.Upsample):
        size = S.pair(spec.size) if spec.size is not None else None
        return nn.Upsample(size=size, scale_factor=spec.scale_factor, mode=spec.mode)
    simple = {
        "flatten": nn.Flatten, "relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "gelu": nn.GELU,
        "relu6": nn.ReLU6, "hardswish": nn.Hardswish, "hardsigmoid": nn.Hardsigmoid, "silu": nn.SiLU,
        "identity": nn.Identity,
    }  # fmt: skip
    if kind in simple:
        return simple[kind]()
    if kind == "softmax":
        return nn.Softmax(dim=1)
    if isinstance(spec, S.Residual):
        return _residual(spec, report)
    if isinstance(spec, S.Concat):
        block = SplitConcatBlock if spec.split else ConcatBlock
        return block([_sequence(b, r) for b, r in zip(spec.branches, report.children)])
    if isinstance(spec, S.SqueezeExcitation):
        return SqueezeExcitation(shape[0], spec.squeeze_channels, spec.activation, spec.scale_activation)
    if isinstance(spec, S.ChannelShuffle):
        return ChannelShuffle(spec.groups)
    if isinstance(spec, S.Custom):
        return custom_module(spec)
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


def start_model(
    project: Project, settings: TrainingSettings, device: torch.device
) -> tuple[nn.Module, torch.memory_format]:
    """The model a run starts from: seeded (torch, numpy and Python), initialised as the settings ask, on
    ``device`` in the memory format that pays there; and that format, for the data to follow."""
    torch.manual_seed(settings.seed)
    random.seed(settings.seed)
    np.random.seed(settings.seed % 2**32)
    model = build_model(project)
    init_weights(model, settings.init, settings.bias_init)
    memory_format = memory_format_for(settings.memory_format, device, project)
    return model.to(device, memory_format=memory_format), memory_format
