"""The specs of the layers that slide no window: normalisation, dropout, flatten and linear, activations and
upsampling, with torch's field names and defaults and the checks of their fields (convolutions and pooling
are in `spec_windows.py`, blocks in `spec_blocks.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from cnnstudio.core.custom_source import source_problem
from cnnstudio.core.spec_base import LayerSpec, Size
from cnnstudio.core.spec_checks import (
    check_bool,
    check_choice,
    check_positive_int,
    check_positive_number,
    check_range,
    check_size,
)
from cnnstudio.core.values import is_int, is_number, shown


# -- normalisation and regularisation -------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class BatchNorm2d(LayerSpec):
    """Batch normalisation; on a flat input it is built as ``nn.BatchNorm1d``."""

    type: ClassVar[str] = "batchnorm2d"
    eps: float = 1e-5
    momentum: float = 0.1
    affine: bool = True

    def field_errors(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        check_positive_number(problems, "eps", self.eps)
        check_range(problems, "momentum", self.momentum, 0.0, 1.0, open_high=False)
        check_bool(problems, "affine", self.affine)
        return problems


@dataclass(frozen=True, kw_only=True)
class Dropout(LayerSpec):
    """``nn.Dropout``: zeroes each value with probability ``p`` while training."""

    type: ClassVar[str] = "dropout"
    p: float = 0.5

    def field_errors(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        check_range(problems, "p", self.p, 0.0, 1.0, open_high=True)
        return problems


@dataclass(frozen=True, kw_only=True)
class Dropout2d(Dropout):
    """``nn.Dropout2d``: zeroes whole channels with probability ``p`` while training."""

    type: ClassVar[str] = "dropout2d"


# -- dense -----------------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class Flatten(LayerSpec):
    """``nn.Flatten``: a C x H x W map becomes a vector of C*H*W values."""

    type: ClassVar[str] = "flatten"


@dataclass(frozen=True, kw_only=True)
class Linear(LayerSpec):
    """``nn.Linear``: a fully connected layer; ``in_features`` is inferred, never stored."""

    type: ClassVar[str] = "linear"
    required: ClassVar[tuple[str, ...]] = ("out_features",)
    out_features: int
    bias: bool = True

    def field_errors(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        check_positive_int(problems, "out_features", self.out_features)
        check_bool(problems, "bias", self.bias)
        return problems


# -- activations -----------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class ReLU(LayerSpec):
    """``nn.ReLU``."""

    type: ClassVar[str] = "relu"


@dataclass(frozen=True, kw_only=True)
class Sigmoid(LayerSpec):
    """``nn.Sigmoid``."""

    type: ClassVar[str] = "sigmoid"


@dataclass(frozen=True, kw_only=True)
class Tanh(LayerSpec):
    """``nn.Tanh``."""

    type: ClassVar[str] = "tanh"


@dataclass(frozen=True, kw_only=True)
class GELU(LayerSpec):
    """``nn.GELU``."""

    type: ClassVar[str] = "gelu"


@dataclass(frozen=True, kw_only=True)
class Softmax(LayerSpec):
    """Softmax over channels (dim 1). Training uses cross-entropy on logits, so a final softmax is flagged."""

    type: ClassVar[str] = "softmax"


@dataclass(frozen=True, kw_only=True)
class LeakyReLU(LayerSpec):
    """``nn.LeakyReLU``."""

    type: ClassVar[str] = "leakyrelu"
    negative_slope: float = 0.01

    def field_errors(self) -> list[tuple[str, str]]:
        if not is_number(self.negative_slope):
            return [("negative_slope", f"must be a finite number, got {shown(self.negative_slope)}")]
        return []


@dataclass(frozen=True, kw_only=True)
class ELU(LayerSpec):
    """``nn.ELU``."""

    type: ClassVar[str] = "elu"
    alpha: float = 1.0

    def field_errors(self) -> list[tuple[str, str]]:
        if not is_number(self.alpha):
            return [("alpha", f"must be a finite number, got {shown(self.alpha)}")]
        return []


@dataclass(frozen=True, kw_only=True)
class ReLU6(LayerSpec):
    """``nn.ReLU6``: ReLU capped at 6 (MobileNet), so that low-precision arithmetic keeps its range."""

    type: ClassVar[str] = "relu6"


@dataclass(frozen=True, kw_only=True)
class Hardswish(LayerSpec):
    """``nn.Hardswish``: a piecewise-linear SiLU (MobileNetV3), cheap on phones."""

    type: ClassVar[str] = "hardswish"


@dataclass(frozen=True, kw_only=True)
class Hardsigmoid(LayerSpec):
    """``nn.Hardsigmoid``: a piecewise-linear sigmoid (MobileNetV3's squeeze-and-excitation gates)."""

    type: ClassVar[str] = "hardsigmoid"


@dataclass(frozen=True, kw_only=True)
class SiLU(LayerSpec):
    """``nn.SiLU`` (swish): x times its sigmoid (EfficientNet)."""

    type: ClassVar[str] = "silu"


@dataclass(frozen=True, kw_only=True)
class Identity(LayerSpec):
    """``nn.Identity``: passes its input through (a placeholder, or an imported network's no-op)."""

    type: ClassVar[str] = "identity"


UPSAMPLE_MODES = ("nearest", "bilinear")


@dataclass(frozen=True, kw_only=True)
class Upsample(LayerSpec):
    """``nn.Upsample``: enlarge each feature map by ``scale_factor`` or to ``size``, with no weights
    (nearest copies pixels, bilinear blends the four nearest)."""

    type: ClassVar[str] = "upsample"
    scale_factor: float | None = 2.0
    size: Size | None = None
    mode: str = "nearest"

    def field_errors(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        if (self.size is None) == (self.scale_factor is None):
            problems.append(("scale_factor", "give either scale_factor or size, not both and not neither"))
        if self.scale_factor is not None:
            check_positive_number(problems, "scale_factor", self.scale_factor)
            if not problems and self.scale_factor > 1024:
                problems.append(("scale_factor", f"must be at most 1024, got {shown(self.scale_factor)}"))
        if self.size is not None:
            check_size(problems, "size", self.size)
        if self.mode not in UPSAMPLE_MODES:
            problems.append(("mode", f"must be 'nearest' or 'bilinear', got {shown(self.mode)}"))
        return problems

    def with_field(self, name: str, value: Any) -> LayerSpec:
        """Setting a size switches the layer to "by size" and a factor back to "by factor"."""
        if name == "size" and value is not None:
            return self.replace(size=value, scale_factor=None)
        if name == "scale_factor" and value is not None:
            return self.replace(scale_factor=value, size=None)
        return super().with_field(name, value)


# -- layers of mobile networks and imported ones -----------------------------------------------------------
SE_ACTIVATIONS = ("relu", "silu", "relu6", "hardswish", "gelu")
SE_GATES = ("sigmoid", "hardsigmoid")


@dataclass(frozen=True, kw_only=True)
class SqueezeExcitation(LayerSpec):
    """``torchvision.ops.SqueezeExcitation`` as one block (MobileNetV3, EfficientNet): the map is averaged
    to one value per channel, two 1x1 convolutions (C -> squeeze_channels -> C) turn those into a gate per
    channel, and each channel of the input is multiplied by its gate. Its structure is fixed, so it is a
    block with settings rather than a list of layers a person could break."""

    type: ClassVar[str] = "squeezeexcitation"
    required: ClassVar[tuple[str, ...]] = ("squeeze_channels",)
    squeeze_channels: int
    activation: str = "relu"
    scale_activation: str = "sigmoid"

    def field_errors(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        check_positive_int(problems, "squeeze_channels", self.squeeze_channels)
        check_choice(problems, "activation", self.activation, SE_ACTIVATIONS)
        check_choice(problems, "scale_activation", self.scale_activation, SE_GATES)
        return problems


@dataclass(frozen=True, kw_only=True)
class ChannelShuffle(LayerSpec):
    """``nn.ChannelShuffle`` (ShuffleNet): the channels, seen as ``groups`` rows of C/groups, are read out
    column by column, so that the next grouped convolution mixes information from every group."""

    type: ClassVar[str] = "channelshuffle"
    required: ClassVar[tuple[str, ...]] = ("groups",)
    groups: int

    def field_errors(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        check_positive_int(problems, "groups", self.groups)
        return problems


@dataclass(frozen=True, kw_only=True)
class Custom(LayerSpec):
    """An operation the studio has no layer for, kept as it was imported: ``source`` is one torch call, an
    expression in ``x`` (``torch.cumsum(x, dim=1)``) or a module (``nn.GroupNorm(4, 32)``); the shapes and the
    parameter count were measured by running it on import (the core cannot run torch). Only a single call
    with constant arguments is accepted (``core.custom_source``), so a project file cannot run other code."""

    type: ClassVar[str] = "custom"
    required: ClassVar[tuple[str, ...]] = ("source",)
    source: str
    input_shape: tuple[int, ...] | None = None
    output_shape: tuple[int, ...] | None = None
    params: int = 0

    def field_errors(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        problem = source_problem(self.source)
        if problem:
            problems.append(("source", problem))
        for name in ("input_shape", "output_shape"):
            value = getattr(self, name)
            if value is not None and not (
                isinstance(value, tuple) and len(value) in (1, 3) and all(is_int(v) and v >= 1 for v in value)
            ):
                problems.append((name, f"must be [C, H, W] or [N] of positive integers, got {shown(value)}"))
        if not is_int(self.params) or self.params < 0:
            problems.append(("params", f"must be a non-negative integer, got {shown(self.params)}"))
        return problems
