"""One torch module or function call -> the core's layer spec for it (None when the core has no such layer).

The specs take torch's field names (docs/file-format.md), so each conversion reads a module's own attributes; only
settings the core can represent are accepted: a convolution with ``padding_mode='reflect'`` is not a core
``conv2d`` and answers None, which makes it a part the importer reports rather than a silently different
layer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from cnnstudio.core import specs as S


def _size(value: Any) -> Any:
    """torch's ``(k, k)`` as the core's ``k`` where both sides agree (the file stays as a person writes it)."""
    if isinstance(value, (tuple, list)):
        if len(value) == 2 and value[0] == value[1]:
            return int(value[0])
        return tuple(int(v) for v in value)
    return value


def _conv(m: nn.Conv2d) -> S.LayerSpec | None:
    if m.padding_mode != "zeros":
        return None
    padding = m.padding if isinstance(m.padding, str) else _size(m.padding)
    return S.Conv2d(
        out_channels=m.out_channels, kernel_size=_size(m.kernel_size), stride=_size(m.stride), padding=padding,
        dilation=_size(m.dilation), groups=m.groups, bias=m.bias is not None,
    )  # fmt: skip


def _conv_transpose(m: nn.ConvTranspose2d) -> S.LayerSpec | None:
    if m.padding_mode != "zeros":
        return None
    return S.ConvTranspose2d(
        out_channels=m.out_channels, kernel_size=_size(m.kernel_size), stride=_size(m.stride),
        padding=_size(m.padding), output_padding=_size(m.output_padding), dilation=_size(m.dilation),
        groups=m.groups, bias=m.bias is not None,
    )  # fmt: skip


def _batchnorm(m: nn.BatchNorm2d) -> S.LayerSpec | None:
    if not m.track_running_stats or m.momentum is None:
        return None
    return S.BatchNorm2d(eps=m.eps, momentum=m.momentum, affine=m.affine)


def _stride(stride: Any, kernel: Any) -> Any:
    """None (torch's default: the window) when the stride is the window, as a person writes it."""
    return None if _size(stride) == _size(kernel) else _size(stride)


def _maxpool(m: nn.MaxPool2d) -> S.LayerSpec | None:
    if m.return_indices:
        return None
    return S.MaxPool2d(
        kernel_size=_size(m.kernel_size), stride=_stride(m.stride, m.kernel_size), padding=_size(m.padding),
        dilation=_size(m.dilation), ceil_mode=m.ceil_mode,
    )  # fmt: skip


def _avgpool(m: nn.AvgPool2d) -> S.LayerSpec | None:
    if m.divisor_override is not None:
        return None
    return S.AvgPool2d(
        kernel_size=_size(m.kernel_size), stride=_stride(m.stride, m.kernel_size), padding=_size(m.padding),
        ceil_mode=m.ceil_mode, count_include_pad=m.count_include_pad,
    )  # fmt: skip


def _upsample(m: nn.Upsample) -> S.LayerSpec | None:
    if m.mode not in S.UPSAMPLE_MODES or (m.mode == "bilinear" and m.align_corners):
        return None
    if m.size is not None:
        return S.Upsample(size=_size(m.size), scale_factor=None, mode=m.mode)
    scale = m.scale_factor
    if isinstance(scale, (tuple, list)):
        if len(set(scale)) != 1:
            return None
        scale = scale[0]
    return S.Upsample(scale_factor=float(scale), mode=m.mode)


def _flatten(m: nn.Flatten) -> S.LayerSpec | None:
    return S.Flatten() if m.start_dim == 1 and m.end_dim == -1 else None


def _softmax(m: nn.Softmax) -> S.LayerSpec | None:
    return S.Softmax() if m.dim in (1, -1) else None


MODULES: dict[type, Callable[[Any], S.LayerSpec | None]] = {
    nn.Conv2d: _conv,
    nn.ConvTranspose2d: _conv_transpose,
    nn.BatchNorm2d: _batchnorm,
    nn.MaxPool2d: _maxpool,
    nn.AvgPool2d: _avgpool,
    nn.LPPool2d: lambda m: S.LPPool2d(
        norm_type=float(m.norm_type),
        kernel_size=_size(m.kernel_size),
        stride=_size(m.stride),
        ceil_mode=m.ceil_mode,
    ),
    nn.AdaptiveAvgPool2d: lambda m: S.AdaptiveAvgPool2d(output_size=_size(m.output_size)),
    nn.AdaptiveMaxPool2d: lambda m: (
        None if m.return_indices else S.AdaptiveMaxPool2d(output_size=_size(m.output_size))
    ),
    nn.Dropout: lambda m: S.Dropout(p=m.p),
    nn.Dropout2d: lambda m: S.Dropout2d(p=m.p),
    nn.Flatten: _flatten,
    nn.Linear: lambda m: S.Linear(out_features=m.out_features, bias=m.bias is not None),
    nn.ReLU: lambda m: S.ReLU(),
    nn.ReLU6: lambda m: S.ReLU6(),
    nn.Sigmoid: lambda m: S.Sigmoid(),
    nn.Tanh: lambda m: S.Tanh(),
    nn.GELU: lambda m: S.GELU() if m.approximate == "none" else None,
    nn.Softmax: _softmax,
    nn.LeakyReLU: lambda m: S.LeakyReLU(negative_slope=m.negative_slope),
    nn.ELU: lambda m: S.ELU(alpha=m.alpha),
    nn.Hardswish: lambda m: S.Hardswish(),
    nn.Hardsigmoid: lambda m: S.Hardsigmoid(),
    nn.SiLU: lambda m: S.SiLU(),
    nn.Identity: lambda m: S.Identity(),
    nn.Upsample: _upsample,
}


def module_spec(module: nn.Module) -> S.LayerSpec | None:
    """The spec of a module torch ships (its exact class: a subclass may compute something else)."""
    convert = MODULES.get(type(module))
    return convert(module) if convert is not None else None


_SIMPLE_FUNCTIONS: dict[Any, type[S.LayerSpec]] = {
    F.relu: S.ReLU, torch.relu: S.ReLU, F.relu6: S.ReLU6, torch.sigmoid: S.Sigmoid, F.sigmoid: S.Sigmoid,
    torch.tanh: S.Tanh, F.hardswish: S.Hardswish, F.hardsigmoid: S.Hardsigmoid, F.silu: S.SiLU,
}  # fmt: skip
_SIMPLE_METHODS = {"relu": S.ReLU, "relu_": S.ReLU, "sigmoid": S.Sigmoid, "tanh": S.Tanh}


def _arg(args: tuple, kwargs: dict, index: int, name: str, default: Any) -> Any:
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


def function_spec(
    kind: str, target: Any, args: tuple, kwargs: dict, batch_like: Callable[[Any], bool]
) -> S.LayerSpec | None:
    """The spec of a functional call on one tensor (``args[0]``); the other arguments must be constants.

    ``batch_like`` tells whether an argument is ``x.size(0)``, for ``x.view(x.size(0), -1)``.
    """
    if kind == "call_function":
        if target in _SIMPLE_FUNCTIONS:
            return _SIMPLE_FUNCTIONS[target]()
        if target is torch.flatten:
            start, end = _arg(args, kwargs, 1, "start_dim", 0), _arg(args, kwargs, 2, "end_dim", -1)
            return S.Flatten() if start == 1 and end == -1 else None
        if target is F.adaptive_avg_pool2d:
            return S.AdaptiveAvgPool2d(output_size=_size(_arg(args, kwargs, 1, "output_size", None)))
        if target is F.dropout:
            return S.Dropout(p=_arg(args, kwargs, 1, "p", 0.5))
        if target is F.max_pool2d and not _arg(args, kwargs, 6, "return_indices", False):
            kernel = _arg(args, kwargs, 1, "kernel_size", None)
            return S.MaxPool2d(
                kernel_size=_size(kernel), stride=_size(_arg(args, kwargs, 2, "stride", None) or kernel),
                padding=_size(_arg(args, kwargs, 3, "padding", 0)), dilation=_size(_arg(args, kwargs, 4, "dilation", 1)),
                ceil_mode=bool(_arg(args, kwargs, 5, "ceil_mode", False)),
            )  # fmt: skip
        if _is_stochastic_depth(target) and _arg(args, kwargs, 3, "training", True) is False:
            return S.Identity()  # torchvision's StochasticDepth passes its input on in eval mode
        return None
    if kind == "call_method":
        if target in _SIMPLE_METHODS and len(args) == 1:
            return _SIMPLE_METHODS[target]()
        if target == "flatten":
            start, end = _arg(args, kwargs, 1, "start_dim", 0), _arg(args, kwargs, 2, "end_dim", -1)
            return S.Flatten() if start == 1 and end == -1 else None
        if target in ("view", "reshape") and len(args) == 3 and args[2] == -1 and batch_like(args[1]):
            return S.Flatten()
    return None


def _is_stochastic_depth(target: Any) -> bool:
    return getattr(target, "__name__", "") == "stochastic_depth" and "torchvision" in getattr(
        target, "__module__", ""
    )


def global_mean_specs(kind: str, target: Any, args: tuple, kwargs: dict) -> tuple[S.LayerSpec, ...] | None:
    """``x.mean([2, 3])`` (ShuffleNet's global pooling) as AdaptiveAvgPool2d(1) + Flatten; with
    ``keepdim=True`` as the pooling alone; None for any other mean."""
    if not (
        (kind == "call_method" and target == "mean") or (kind == "call_function" and target is torch.mean)
    ):
        return None
    dims, keep = _arg(args, kwargs, 1, "dim", None), _arg(args, kwargs, 2, "keepdim", False)
    if (
        not isinstance(dims, (list, tuple))
        or sorted(dims) not in ([2, 3], [-2, -1])
        or keep not in (True, False)
    ):
        return None
    pool = S.AdaptiveAvgPool2d(output_size=1)
    return (pool,) if keep else (pool, S.Flatten())
