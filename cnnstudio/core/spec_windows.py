"""The specs of layers that slide a window over a feature map: convolutions (``nn.Conv2d``,
``nn.ConvTranspose2d``) and pooling, with torch's field names and defaults and the checks of their fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from cnnstudio.core.spec_base import LayerSpec, Padding, Size, pair
from cnnstudio.core.spec_checks import check_bool, check_positive_int, check_positive_number, check_size


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
            check_size(problems, "padding", self.padding, minimum=0)


def _filter_bank_errors(
    spec: Conv2d | ConvTranspose2d, padding_errors: Callable[[list[tuple[str, str]]], None]
) -> list[tuple[str, str]]:
    """The checks a convolution and a transposed convolution share, in the fields' order; each layer's
    own padding rules go where its padding fields are."""
    problems: list[tuple[str, str]] = []
    check_positive_int(problems, "out_channels", spec.out_channels)
    check_size(problems, "kernel_size", spec.kernel_size)
    check_size(problems, "stride", spec.stride)
    padding_errors(problems)
    check_size(problems, "dilation", spec.dilation)
    check_positive_int(problems, "groups", spec.groups)
    check_bool(problems, "bias", spec.bias)
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
        excess = None if problems else self.output_padding_excess()
        if excess is not None:
            name, extra, limit = excess
            problems.append(
                (
                    "output_padding",
                    f"must be smaller than the stride or the dilation ({limit} along the {name}), got {extra}",
                )
            )
        return problems

    def output_padding_excess(self) -> tuple[str, int, int] | None:
        """Torch's own rule, checked for the file (``field_errors``) and for the shape (``window_rules``): the
        extra rows must be fewer than the stride or the dilation. (axis name, output_padding, limit) of the
        first axis that breaks it, or None."""
        for a, name in enumerate(("height", "width")):
            extra, stride, dilation = (pair(v)[a] for v in (self.output_padding, self.stride, self.dilation))
            if extra >= max(stride, dilation):
                return name, extra, max(stride, dilation)
        return None

    def _padding_errors(self, problems: list[tuple[str, str]]) -> None:
        check_size(problems, "padding", self.padding, minimum=0)
        check_size(problems, "output_padding", self.output_padding, minimum=0)


# -- pooling ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class WindowPool(LayerSpec):
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
        check_size(problems, "kernel_size", self.kernel_size)
        if self.stride is not None:
            check_size(problems, "stride", self.stride)
        check_bool(problems, "ceil_mode", self.ceil_mode)
        return problems


@dataclass(frozen=True, kw_only=True)
class MaxPool2d(WindowPool):
    """``nn.MaxPool2d``: the largest value in each window."""

    type: ClassVar[str] = "maxpool2d"
    padding: Size = 0
    dilation: Size = 1

    def field_errors(self) -> list[tuple[str, str]]:
        problems = self._window_errors()
        check_size(problems, "padding", self.padding, minimum=0)
        check_size(problems, "dilation", self.dilation)
        return problems


@dataclass(frozen=True, kw_only=True)
class AvgPool2d(WindowPool):
    """``nn.AvgPool2d``: the mean of each window (padding counted unless ``count_include_pad`` is off)."""

    type: ClassVar[str] = "avgpool2d"
    padding: Size = 0
    count_include_pad: bool = True

    def field_errors(self) -> list[tuple[str, str]]:
        problems = self._window_errors()
        check_size(problems, "padding", self.padding, minimum=0)
        check_bool(problems, "count_include_pad", self.count_include_pad)
        return problems


@dataclass(frozen=True, kw_only=True)
class LPPool2d(WindowPool):
    """``nn.LPPool2d``: the p-norm of each window (no padding, as in torch)."""

    type: ClassVar[str] = "lppool2d"
    norm_type: float = 2

    def field_errors(self) -> list[tuple[str, str]]:
        problems = self._window_errors()
        check_positive_number(problems, "norm_type", self.norm_type)
        return problems


@dataclass(frozen=True, kw_only=True)
class AdaptivePool(LayerSpec):
    """An adaptive pooling layer: torch chooses the windows so that the output is ``output_size``."""

    required: ClassVar[tuple[str, ...]] = ("output_size",)
    output_size: Size

    def field_errors(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        check_size(problems, "output_size", self.output_size)
        return problems


@dataclass(frozen=True, kw_only=True)
class AdaptiveAvgPool2d(AdaptivePool):
    """``nn.AdaptiveAvgPool2d``; ``output_size=1`` is global average pooling."""

    type: ClassVar[str] = "adaptiveavgpool2d"


@dataclass(frozen=True, kw_only=True)
class AdaptiveMaxPool2d(AdaptivePool):
    """``nn.AdaptiveMaxPool2d``; ``output_size=1`` is global max pooling."""

    type: ClassVar[str] = "adaptivemaxpool2d"
