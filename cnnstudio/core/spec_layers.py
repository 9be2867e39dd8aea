"""The specs of the layers that slide no window: normalisation, dropout, flatten and linear, activations and
upsampling, with torch's field names and defaults and the checks of their fields (convolutions and pooling
are in `spec_windows.py`, blocks in `spec_blocks.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cnnstudio.core.spec_base import LayerSpec, Size
from cnnstudio.core.spec_checks import (
    check_bool,
    check_positive_int,
    check_positive_number,
    check_range,
    check_size,
)
from cnnstudio.core.values import is_number, shown


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
