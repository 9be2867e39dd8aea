"""Layer specifications: the network as plain, immutable data.

Each spec mirrors one ``torch.nn`` class with torch's field names and defaults, so that a project file reads
like the PyTorch a student will later write. Specs know nothing about input shapes: that is `shapes.py`'s job.
Specs are frozen so that an undo stack can keep old versions without copying, and so that a view can never
change the document behind its back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from cnnstudio.core.custom_source import source_problem
from cnnstudio.core.errors import SpecError
from cnnstudio.core.values import UP_TO, is_int, is_number, shown, too_big

Size = int | tuple[int, int]
Padding = int | tuple[int, int] | str

# Blocks (residual, concat) inside blocks: real networks use one or two levels; 64 still trained and
# exported in every format, 100 did not (RecursionError in torch), so 32 leaves room for deeper call stacks.
MAX_NESTING = 32

# Fields that hold a size (an int or an [h, w] pair) in the project file.
SIZE_FIELDS = frozenset(
    {"kernel_size", "stride", "padding", "dilation", "output_size", "output_padding", "size"}
)


# A custom layer's measured shapes ([C, H, W] or [N]).
SHAPE_FIELDS = frozenset({"input_shape", "output_shape"})


def pair(value: Size) -> tuple[int, int]:
    """Return ``value`` as an (h, w) pair, as torch's ``_pair`` does."""
    if isinstance(value, tuple):
        return value
    return (value, value)


@dataclass(frozen=True, kw_only=True)
class LayerSpec:
    """Base of every layer spec.

    ``extra`` keeps fields this version does not know, so that a file written by a newer program (or edited by
    hand) loses nothing when saved again.

    Every spec class has a docstring, also where the name says it all: for a class without one,
    ``@dataclass`` builds one from ``inspect.signature`` while the module is imported, which made up a fair
    part of ``import cnnstudio.core.shapes`` (benchmarks/core_inference.py).
    """

    type: ClassVar[str] = ""
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    # -- validation --------------------------------------------------------------------------------------
    def field_errors(self) -> list[tuple[str, str]]:
        """(field, message) for every field whose value is impossible regardless of the input."""
        return []

    def validate(self) -> None:
        problems = self.field_errors()
        if problems:
            name, message = problems[0]
            raise SpecError(name, message)

    # -- serialisation -----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The project-file form: ``type`` first, then every field that differs from torch's default."""
        out: dict[str, Any] = {"type": self.type}
        for f in dataclasses.fields(self):
            if f.name == "extra":
                continue
            value = getattr(self, f.name)
            if f.name in ("layers", "branches"):
                out[f.name] = _children_to_json(f.name, value)
                continue
            if f.default is not dataclasses.MISSING and value == f.default:
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        out.update(self.extra)
        return out

    def replace(self, **changes: Any) -> LayerSpec:
        return dataclasses.replace(self, **changes)

    def with_field(self, name: str, value: Any) -> LayerSpec:
        """This layer with one field set as an editor sets it (a layer whose fields exclude each other,
        such as upsampling's factor and size, clears the other)."""
        return self.replace(**{name: value})

    # -- nesting -------------------------------------------------------------------------------------------
    def child_lists(self) -> tuple[tuple[LayerSpec, ...], ...]:
        """The nested layer lists of a block (residual: one, concat: one per branch); empty for a layer."""
        return ()

    def with_child_lists(self, lists: Sequence[Sequence[LayerSpec]]) -> LayerSpec:
        raise TypeError(f"{self.type} has no nested layers")

    @property
    def is_block(self) -> bool:
        return False


def _children_to_json(name: str, value: Any) -> Any:
    if name == "layers":
        return [child.to_dict() for child in value]
    return [[child.to_dict() for child in branch] for branch in value]


# -- field checks shared by the specs ---------------------------------------------------------------------
# Integers up to int64 and finite numbers only (core/values.py says why): NaN passed every range check, and
# 10**400 ended in an OverflowError wherever it met a float.
def _check_positive_int(problems: list, name: str, value: Any) -> None:
    if not is_int(value) or value < 1:
        problems.append(
            (name, f"must be a positive integer{UP_TO if too_big(value) else ''}, got {shown(value)}")
        )


def _check_size(problems: list, name: str, value: Any, minimum: int = 1) -> None:
    kind = "positive" if minimum == 1 else "non-negative"
    if is_int(value):
        ok = value >= minimum
    elif isinstance(value, tuple) and len(value) == 2:
        ok = all(is_int(v) and v >= minimum for v in value)
    else:
        ok = False
    if not ok:
        what = f"a {kind} integer" if is_int(value) else f"a {kind} integer or an [h, w] pair of them"
        big = too_big(value) or (isinstance(value, tuple) and any(too_big(v) for v in value))
        problems.append((name, f"must be {what}{UP_TO if big else ''}, got {shown(value)}"))


def _check_bool(problems: list, name: str, value: Any) -> None:
    if not isinstance(value, bool):
        problems.append((name, f"must be true or false, got {shown(value)}"))


def _check_range(problems: list, name: str, value: Any, low: float, high: float, *, open_high: bool) -> None:
    if not is_number(value):
        problems.append((name, f"must be a finite number, got {shown(value)}"))
    elif value < low or value > high or (open_high and value == high):
        bracket = ")" if open_high else "]"
        problems.append((name, f"must be in [{low:g}, {high:g}{bracket}, got {shown(value)}"))


def _check_choice(problems: list, name: str, value: Any, choices: tuple[str, ...]) -> None:
    if value not in choices:
        problems.append((name, f"must be one of {', '.join(choices)}, got {shown(value)}"))


def _check_positive_number(problems: list, name: str, value: Any) -> None:
    if not is_number(value) or value <= 0:
        problems.append((name, f"must be a positive finite number, got {shown(value)}"))


# -- convolution -----------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class Conv2d(LayerSpec):
    """``nn.Conv2d``: a bank of learned filters; ``in_channels`` is inferred from the input, never stored."""

    type: ClassVar[str] = "conv2d"
    required: ClassVar[tuple[str, ...]] = ("out_channels", "kernel_size")
    out_channels: int
    kernel_size: Size
    stride: Size = 1
    padding: Padding = 0
    dilation: Size = 1
    groups: int = 1
    bias: bool = True

    def field_errors(self) -> list[tuple[str, str]]:
        return _filter_bank_errors(self, self._padding_errors)

    def _padding_errors(self, problems: list[tuple[str, str]]) -> None:
        if isinstance(self.padding, str) and self.padding in ("same", "valid"):
            return
        if isinstance(self.padding, str):
            message = f"must be an integer, an [h, w] pair, 'same' or 'valid', got {self.padding!r}"
            problems.append(("padding", message))
        else:
            _check_size(problems, "padding", self.padding, minimum=0)


def _filter_bank_errors(
    spec: Conv2d | ConvTranspose2d, padding_errors: Callable[[list[tuple[str, str]]], None]
) -> list[tuple[str, str]]:
    """The checks a convolution and a transposed convolution share, in the fields' order; each layer's
    own padding rules go where its padding fields are."""
    problems: list[tuple[str, str]] = []
    _check_positive_int(problems, "out_channels", spec.out_channels)
    _check_size(problems, "kernel_size", spec.kernel_size)
    _check_size(problems, "stride", spec.stride)
    padding_errors(problems)
    _check_size(problems, "dilation", spec.dilation)
    _check_positive_int(problems, "groups", spec.groups)
    _check_bool(problems, "bias", spec.bias)
    return problems


@dataclass(frozen=True, kw_only=True)
class ConvTranspose2d(LayerSpec):
    """``nn.ConvTranspose2d``: the gradient of a convolution used as a layer, which enlarges a feature map
    (decoders, segmentation, GANs); ``in_channels`` is inferred from the input, never stored."""

    type: ClassVar[str] = "convtranspose2d"
    required: ClassVar[tuple[str, ...]] = ("out_channels", "kernel_size")
    out_channels: int
    kernel_size: Size
    stride: Size = 1
    padding: Size = 0
    output_padding: Size = 0
    dilation: Size = 1
    groups: int = 1
    bias: bool = True

    def field_errors(self) -> list[tuple[str, str]]:
        problems = _filter_bank_errors(self, self._padding_errors)
        if not problems:  # torch's own rule: the extra rows must be fewer than the stride or the dilation
            for a, name in enumerate(("height", "width")):
                extra, stride, dilation = (
                    pair(v)[a] for v in (self.output_padding, self.stride, self.dilation)
                )
                if extra >= max(stride, dilation):
                    problems.append(
                        (
                            "output_padding",
                            f"must be smaller than the stride or the dilation ({max(stride, dilation)} "
                            f"along the {name}), got {extra}",
                        )
                    )
                    break
        return problems

    def _padding_errors(self, problems: list[tuple[str, str]]) -> None:
        _check_size(problems, "padding", self.padding, minimum=0)
        _check_size(problems, "output_padding", self.output_padding, minimum=0)


# -- pooling ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class _WindowPool(LayerSpec):
    """A pooling layer with a sliding window; ``stride=None`` means "equal to kernel_size", as in torch."""

    required: ClassVar[tuple[str, ...]] = ("kernel_size",)
    kernel_size: Size
    stride: Size | None = None
    ceil_mode: bool = False

    @property
    def effective_stride(self) -> Size:
        return self.kernel_size if self.stride is None else self.stride

    def _window_errors(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        _check_size(problems, "kernel_size", self.kernel_size)
        if self.stride is not None:
            _check_size(problems, "stride", self.stride)
        _check_bool(problems, "ceil_mode", self.ceil_mode)
        return problems


@dataclass(frozen=True, kw_only=True)
class MaxPool2d(_WindowPool):
    """``nn.MaxPool2d``: the largest value in each window."""

    type: ClassVar[str] = "maxpool2d"
    padding: Size = 0
    dilation: Size = 1

    def field_errors(self) -> list[tuple[str, str]]:
        problems = self._window_errors()
        _check_size(problems, "padding", self.padding, minimum=0)
        _check_size(problems, "dilation", self.dilation)
        return problems


@dataclass(frozen=True, kw_only=True)
class AvgPool2d(_WindowPool):
    """``nn.AvgPool2d``: the mean of each window (padding counted unless ``count_include_pad`` is off)."""

    type: ClassVar[str] = "avgpool2d"
    padding: Size = 0
    count_include_pad: bool = True

    def field_errors(self) -> list[tuple[str, str]]:
        problems = self._window_errors()
        _check_size(problems, "padding", self.padding, minimum=0)
        _check_bool(problems, "count_include_pad", self.count_include_pad)
        return problems


@dataclass(frozen=True, kw_only=True)
class LPPool2d(_WindowPool):
    """``nn.LPPool2d``: the p-norm of each window (no padding, as in torch)."""

    type: ClassVar[str] = "lppool2d"
    norm_type: float = 2

    def field_errors(self) -> list[tuple[str, str]]:
        problems = self._window_errors()
        _check_positive_number(problems, "norm_type", self.norm_type)
        return problems


@dataclass(frozen=True, kw_only=True)
class _AdaptivePool(LayerSpec):
    """An adaptive pooling layer: torch chooses the windows so that the output is ``output_size``."""

    required: ClassVar[tuple[str, ...]] = ("output_size",)
    output_size: Size

    def field_errors(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        _check_size(problems, "output_size", self.output_size)
        return problems


@dataclass(frozen=True, kw_only=True)
class AdaptiveAvgPool2d(_AdaptivePool):
    """``nn.AdaptiveAvgPool2d``; ``output_size=1`` is global average pooling."""

    type: ClassVar[str] = "adaptiveavgpool2d"


@dataclass(frozen=True, kw_only=True)
class AdaptiveMaxPool2d(_AdaptivePool):
    """``nn.AdaptiveMaxPool2d``; ``output_size=1`` is global max pooling."""

    type: ClassVar[str] = "adaptivemaxpool2d"


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
        _check_positive_number(problems, "eps", self.eps)
        _check_range(problems, "momentum", self.momentum, 0.0, 1.0, open_high=False)
        _check_bool(problems, "affine", self.affine)
        return problems


@dataclass(frozen=True, kw_only=True)
class Dropout(LayerSpec):
    """``nn.Dropout``: zeroes each value with probability ``p`` while training."""

    type: ClassVar[str] = "dropout"
    p: float = 0.5

    def field_errors(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        _check_range(problems, "p", self.p, 0.0, 1.0, open_high=True)
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
        _check_positive_int(problems, "out_features", self.out_features)
        _check_bool(problems, "bias", self.bias)
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

    def with_field(self, name: str, value: Any) -> LayerSpec:
        """Setting a size switches the layer to "by size" and a factor back to "by factor"."""
        if name == "size" and value is not None:
            return self.replace(size=value, scale_factor=None)
        if name == "scale_factor" and value is not None:
            return self.replace(scale_factor=value, size=None)
        return super().with_field(name, value)

    def field_errors(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        if (self.size is None) == (self.scale_factor is None):
            problems.append(("scale_factor", "give either scale_factor or size, not both and not neither"))
        if self.scale_factor is not None:
            _check_positive_number(problems, "scale_factor", self.scale_factor)
            if not problems and self.scale_factor > 1024:
                problems.append(("scale_factor", f"must be at most 1024, got {shown(self.scale_factor)}"))
        if self.size is not None:
            _check_size(problems, "size", self.size)
        if self.mode not in UPSAMPLE_MODES:
            problems.append(("mode", f"must be 'nearest' or 'bilinear', got {shown(self.mode)}"))
        return problems


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
        _check_positive_int(problems, "squeeze_channels", self.squeeze_channels)
        _check_choice(problems, "activation", self.activation, SE_ACTIVATIONS)
        _check_choice(problems, "scale_activation", self.scale_activation, SE_GATES)
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
        _check_positive_int(problems, "groups", self.groups)
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


# -- blocks ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class Residual(LayerSpec):
    """``y = layers(x) + shortcut(x)``; the shortcut is a 1x1 conv + BatchNorm when the shapes differ."""

    type: ClassVar[str] = "residual"
    layers: tuple[LayerSpec, ...] = ()

    def child_lists(self) -> tuple[tuple[LayerSpec, ...], ...]:
        return (self.layers,)

    def with_child_lists(self, lists: Sequence[Sequence[LayerSpec]]) -> LayerSpec:
        (only,) = lists
        return dataclasses.replace(self, layers=tuple(only))

    @property
    def is_block(self) -> bool:
        return True


@dataclass(frozen=True, kw_only=True)
class Concat(LayerSpec):
    """Inception-style block: every branch sees the same input; outputs are joined along channels."""

    type: ClassVar[str] = "concat"
    branches: tuple[tuple[LayerSpec, ...], ...] = ((), ())
    # ShuffleNet V2's channel split: branch b gets the b-th of len(branches) equal channel groups
    # (``torch.chunk(x, len(branches), dim=1)``) instead of the whole input.
    split: bool = False

    def child_lists(self) -> tuple[tuple[LayerSpec, ...], ...]:
        return self.branches

    def with_child_lists(self, lists: Sequence[Sequence[LayerSpec]]) -> LayerSpec:
        return dataclasses.replace(self, branches=tuple(tuple(b) for b in lists))

    def field_errors(self) -> list[tuple[str, str]]:
        if len(self.branches) < 1:
            return [("branches", "must hold at least one branch")]
        problems: list[tuple[str, str]] = []
        _check_bool(problems, "split", self.split)
        return problems

    @property
    def is_block(self) -> bool:
        return True


LAYER_TYPES: dict[str, type[LayerSpec]] = {
    cls.type: cls
    for cls in (
        Conv2d,
        ConvTranspose2d,
        MaxPool2d,
        AvgPool2d,
        LPPool2d,
        AdaptiveAvgPool2d,
        AdaptiveMaxPool2d,
        BatchNorm2d,
        Dropout,
        Dropout2d,
        Flatten,
        Linear,
        ReLU,
        Sigmoid,
        Tanh,
        GELU,
        Softmax,
        LeakyReLU,
        ELU,
        ReLU6,
        Hardswish,
        Hardsigmoid,
        SiLU,
        Identity,
        Upsample,
        SqueezeExcitation,
        ChannelShuffle,
        Custom,
        Residual,
        Concat,
    )
}

POOLING_TYPES = frozenset({"maxpool2d", "avgpool2d", "lppool2d", "adaptiveavgpool2d", "adaptivemaxpool2d"})
ACTIVATION_TYPES = frozenset(
    {
        "relu",
        "sigmoid",
        "tanh",
        "gelu",
        "softmax",
        "leakyrelu",
        "elu",
        "relu6",
        "hardswish",
        "hardsigmoid",
        "silu",
    }
)


def spec_fields(cls: type[LayerSpec]) -> list[dataclasses.Field]:
    """The user-editable fields of a spec class, in declaration order."""
    return [f for f in dataclasses.fields(cls) if f.name != "extra"]


def layer_from_dict(data: Any, where: str = "layer", depth: int = 0) -> LayerSpec:
    """Build a validated spec from its project-file form; errors name the JSON path (``layers[3].stride``).

    ``depth`` counts the blocks around this layer: more than ``MAX_NESTING`` is refused here, since building,
    training and exporting such a network recurse once per level (330 levels ended in RecursionError).
    """
    if not isinstance(data, Mapping):
        raise SpecError(None, f"must be an object with a 'type', got {shown(data)}", where=where)
    kind = data.get("type")
    cls = LAYER_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        known = ", ".join(sorted(LAYER_TYPES))
        raise SpecError("type", f"unknown layer type {kind!r}; known types: {known}", where=where)
    known_fields = {f.name for f in spec_fields(cls)}
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        if key == "type":
            continue
        if key in known_fields:
            values[key] = value
        else:
            extra[key] = value
    for name in getattr(cls, "required", ()):
        if name not in values:
            raise SpecError(name, "is required", where=where)
    for name in list(values):
        values[name] = _field_from_json(name, values[name], where, depth)
    spec = cls(**values, extra=extra)
    try:
        spec.validate()
    except SpecError as exc:
        raise SpecError(exc.field, exc.reason, where=where) from None
    return spec


def _field_from_json(name: str, value: Any, where: str, depth: int) -> Any:
    if name in ("layers", "branches") and depth >= MAX_NESTING:
        raise SpecError(name, f"blocks may be nested at most {MAX_NESTING} deep", where=where)
    if name == "layers":
        if not isinstance(value, list):
            raise SpecError(name, f"must be a list of layers, got {shown(value)}", where=where)
        return tuple(layer_from_dict(item, f"{where}.layers[{i}]", depth + 1) for i, item in enumerate(value))
    if name == "branches":
        if not isinstance(value, list) or not all(isinstance(b, list) for b in value):
            raise SpecError(name, "must be a list of branches, each a list of layers", where=where)
        return tuple(
            tuple(
                layer_from_dict(item, f"{where}.branches[{b}][{i}]", depth + 1)
                for i, item in enumerate(branch)
            )
            for b, branch in enumerate(value)
        )
    if name in SHAPE_FIELDS and isinstance(value, list):
        return tuple(value)
    if name in SIZE_FIELDS and isinstance(value, list):
        if len(value) != 2:
            raise SpecError(name, f"must be an integer or an [h, w] pair, got {shown(value)}", where=where)
        return tuple(value)
    return value


def layers_from_json(items: Any, where: str = "layers") -> tuple[LayerSpec, ...]:
    if not isinstance(items, list):
        raise SpecError(None, f"must be a list of layers, got {shown(items)}", where=where)
    return tuple(layer_from_dict(item, f"{where}[{i}]") for i, item in enumerate(items))


def walk(
    layers: Sequence[LayerSpec], path: tuple[int, ...] = ()
) -> Iterator[tuple[tuple[int, ...], LayerSpec]]:
    """Every spec with its path, depth first. A path is ``(i, b, j, b, j, ...)``: top index, then branch/index."""
    for i, spec in enumerate(layers):
        here = (*path, i)
        yield here, spec
        for b, children in enumerate(spec.child_lists()):
            yield from walk(children, (*here, b))


def count_layers(layers: Sequence[LayerSpec]) -> int:
    return sum(1 for _ in walk(layers))
