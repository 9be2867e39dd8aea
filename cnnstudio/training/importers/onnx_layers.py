"""One ONNX node -> the torch.nn layer that computes it, its weights taken from the graph's initialisers.

ONNX names its settings differently from torch (``pads`` as [top, left, bottom, right], ``group``,
``kernel_shape``, BatchNormalization's ``momentum`` as the share kept rather than the share taken) and
writes weights as inputs; each function here turns one operator into the module ``module_layers`` already
knows, so that the rest of the import is the one for traced modules. Settings torch's layers cannot hold
(asymmetric padding, ``auto_pad``, a pooling's returned indices) answer ``OnnxUnsupported`` naming the
attribute, never a layer that computes something else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import nn


class OnnxUnsupported(ValueError):
    """The node's settings have no torch.nn layer; the message says which setting."""


Attrs = dict[str, Any]
Inputs = Sequence[Any]  # fx nodes for computed values, tensors for initialisers and constants


def _pair(values: Sequence[int], name: str) -> int | tuple[int, int]:
    if len(values) != 2:
        raise OnnxUnsupported(f"{name} {list(values)}: only 2-d images are imported")
    h, w = (int(v) for v in values)
    return h if h == w else (h, w)


def _pads(attrs: Attrs) -> int | tuple[int, int]:
    if attrs.get("auto_pad", "NOTSET") not in ("NOTSET", "VALID"):
        raise OnnxUnsupported(f"auto_pad {attrs['auto_pad']}: give the padding explicitly")
    pads = [int(p) for p in attrs.get("pads", [0, 0, 0, 0])]
    if len(pads) != 4 or pads[:2] != pads[2:]:
        raise OnnxUnsupported(f"pads {pads}: torch's layers pad both sides of an axis alike")
    return _pair(pads[:2], "pads")


def _window(attrs: Attrs) -> dict[str, Any]:
    kernel = attrs["kernel_shape"]
    return {
        "kernel_size": _pair(kernel, "kernel_shape"),
        "stride": _pair(attrs.get("strides", [1] * len(kernel)), "strides"),
        "padding": _pads(attrs),
    }


def _loaded(module: nn.Module, **tensors: torch.Tensor | None) -> nn.Module:
    with torch.no_grad():
        for name, value in tensors.items():
            if value is not None:
                getattr(module, name).copy_(value.reshape(getattr(module, name).shape))
    return module.eval()


def _stored(inputs: Inputs, index: int, what: str, required: bool = True) -> torch.Tensor | None:
    """Input ``index`` as the tensor stored in the file (None when absent and not ``required``)."""
    value = inputs[index] if index < len(inputs) else None
    if value is None and not required:
        return None
    if not isinstance(value, torch.Tensor):
        raise OnnxUnsupported(f"its {what} are computed, not stored: only stored weights are imported")
    return value


def conv(attrs: Attrs, inputs: Inputs) -> nn.Module:
    weight, bias = _stored(inputs, 1, "weights"), _stored(inputs, 2, "bias", required=False)
    groups = int(attrs.get("group", 1))
    window = _window({"kernel_shape": weight.shape[2:], **attrs})
    module = nn.Conv2d(
        weight.shape[1] * groups, weight.shape[0], dilation=_pair(attrs.get("dilations", [1, 1]), "dilations"),
        groups=groups, bias=bias is not None, **window,
    )  # fmt: skip
    return _loaded(module, weight=weight, bias=bias)


def conv_transpose(attrs: Attrs, inputs: Inputs) -> nn.Module:
    weight, bias = _stored(inputs, 1, "weights"), _stored(inputs, 2, "bias", required=False)
    if "output_shape" in attrs:
        raise OnnxUnsupported("output_shape: give output_padding instead")
    groups = int(attrs.get("group", 1))
    window = _window({"kernel_shape": weight.shape[2:], **attrs})
    module = nn.ConvTranspose2d(
        weight.shape[0], weight.shape[1] * groups, groups=groups, bias=bias is not None,
        output_padding=_pair(attrs.get("output_padding", [0, 0]), "output_padding"),
        dilation=_pair(attrs.get("dilations", [1, 1]), "dilations"), **window,
    )  # fmt: skip
    return _loaded(module, weight=weight, bias=bias)


def gemm(attrs: Attrs, inputs: Inputs) -> nn.Module:
    if attrs.get("transA", 0) or attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0:
        raise OnnxUnsupported("transA, alpha or beta other than torch's Linear writes them")
    weight, bias = _stored(inputs, 1, "weights"), _stored(inputs, 2, "bias", required=False)
    weight = weight if attrs.get("transB", 0) else weight.T
    if bias is not None and bias.numel() != weight.shape[0]:
        raise OnnxUnsupported(f"a bias of {bias.numel()} values for {weight.shape[0]} outputs")
    return _loaded(
        nn.Linear(weight.shape[1], weight.shape[0], bias=bias is not None), weight=weight, bias=bias
    )


def matmul(attrs: Attrs, inputs: Inputs) -> nn.Module:
    weight = _stored(inputs, 1, "weights")
    if weight.dim() != 2:
        raise OnnxUnsupported(f"a {weight.dim()}-d weight: only a matrix is a Linear layer")
    return _loaded(nn.Linear(weight.shape[0], weight.shape[1], bias=False), weight=weight.T)


def max_pool(attrs: Attrs, inputs: Inputs) -> nn.Module:
    if attrs.get("storage_order", 0):
        raise OnnxUnsupported("storage_order 1 (column-major indices)")
    window = _window(attrs)
    return nn.MaxPool2d(
        dilation=_pair(attrs.get("dilations", [1, 1]), "dilations"), ceil_mode=bool(attrs.get("ceil_mode", 0)),
        **window,
    )  # fmt: skip


def average_pool(attrs: Attrs, inputs: Inputs) -> nn.Module:
    window = _window(attrs)
    padded = window["padding"] not in (0, (0, 0))
    # without padding the two counts agree: torch's default (True) is what a person would have written
    include = bool(attrs.get("count_include_pad", 0)) or not padded
    return nn.AvgPool2d(ceil_mode=bool(attrs.get("ceil_mode", 0)), count_include_pad=include, **window)


def batch_norm(attrs: Attrs, inputs: Inputs) -> nn.Module:
    scale, bias, mean, var = (_stored(inputs, i, "scale, mean and variance") for i in range(1, 5))
    # ONNX's momentum is the share of the running value kept, torch's the share of the new batch taken;
    # both are float32 in the file: six digits give back the 0.1 a person typed, not 0.100000024
    momentum = float(f"{1.0 - float(attrs.get('momentum', 0.9)):.6g}")
    eps = float(f"{float(attrs.get('epsilon', 1e-5)):.6g}")
    module = nn.BatchNorm2d(scale.numel(), eps=eps, momentum=momentum)
    return _loaded(module, weight=scale, bias=bias, running_mean=mean, running_var=var)


def clip(attrs: Attrs, inputs: Inputs) -> nn.Module:
    if "min" in attrs or "max" in attrs:  # opset < 11 wrote them as attributes
        bounds = [attrs.get("min"), attrs.get("max")]
    else:
        given = [inputs[i] if i < len(inputs) else None for i in (1, 2)]
        bounds = [float(v) if isinstance(v, torch.Tensor) else None for v in given]
    if bounds == [0.0, 6.0]:
        return nn.ReLU6()
    if bounds[0] == 0.0 and bounds[1] is None:
        return nn.ReLU()
    raise OnnxUnsupported(f"Clip to {bounds}: only [0, 6] (ReLU6) has a layer")


def hard_sigmoid(attrs: Attrs, inputs: Inputs) -> nn.Module:
    if abs(attrs.get("alpha", 0.2) - 1 / 6) > 1e-6 or attrs.get("beta", 0.5) != 0.5:
        raise OnnxUnsupported("alpha and beta other than torch's Hardsigmoid (1/6, 0.5)")
    return nn.Hardsigmoid()


def softmax(attrs: Attrs, inputs: Inputs) -> nn.Module:
    if attrs.get("axis", -1) not in (1, -1):
        raise OnnxUnsupported(f"axis {attrs['axis']}: the studio's Softmax is over channels")
    return nn.Softmax(dim=1)


def flatten(attrs: Attrs, inputs: Inputs) -> nn.Module:
    if attrs.get("axis", 1) != 1:
        raise OnnxUnsupported(f"axis {attrs['axis']}: only flattening all but the batch axis")
    return nn.Flatten()


def dropout(attrs: Attrs, inputs: Inputs) -> nn.Module:
    ratio = inputs[1] if len(inputs) > 1 and isinstance(inputs[1], torch.Tensor) else attrs.get("ratio", 0.5)
    return nn.Dropout(float(f"{float(ratio):.6g}"))


def resize(attrs: Attrs, inputs: Inputs) -> nn.Module:
    """Resize (opset 10+: X, roi, scales, sizes) and Upsample (opset 7-9: X, scales) as torch writes them."""
    mode = attrs.get("mode", "nearest")
    transform = attrs.get("coordinate_transformation_mode", "half_pixel")
    if mode == "nearest" and transform == "asymmetric" and attrs.get("nearest_mode") == "floor":
        torch_mode = "nearest"
    elif mode in ("linear", "bilinear") and transform in ("half_pixel", "pytorch_half_pixel"):
        torch_mode = "bilinear"
    else:
        raise OnnxUnsupported(f"mode {mode} with {transform} coordinates: not torch's nearest or bilinear")
    given = [v for v in inputs[1:] if isinstance(v, (torch.Tensor, list)) and len(v) == 4]
    if given and isinstance(given[-1], list) and all(isinstance(v, int) for v in given[-1][2:]):
        return nn.Upsample(
            size=_pair(given[-1][2:], "sizes"), mode=torch_mode
        )  # [N, C] computed, [H, W] stored
    if not given or isinstance(given[-1], list):
        raise OnnxUnsupported("its scales or sizes are computed: only stored ones are imported")
    values = [float(v) for v in given[-1].flatten()]
    if given[-1].dtype == torch.int64:  # sizes [N, C, H, W]
        return nn.Upsample(size=_pair([int(v) for v in values[2:]], "sizes"), mode=torch_mode)
    if values[0] != 1 or values[1] != 1 or values[2] != values[3]:
        raise OnnxUnsupported(f"scales {values}: only the same factor for height and width")
    return nn.Upsample(scale_factor=values[2], mode=torch_mode)


def gelu(attrs: Attrs, inputs: Inputs) -> nn.Module:
    if attrs.get("approximate", "none") != "none":
        raise OnnxUnsupported(f"approximate {attrs['approximate']}: the studio's GELU is the exact one")
    return nn.GELU()


def lp_pool(attrs: Attrs, inputs: Inputs) -> nn.Module:
    window = _window(attrs)
    if window["padding"] not in (0, (0, 0)):
        raise OnnxUnsupported(f"pads {attrs['pads']}: torch's LPPool2d does not pad")
    return nn.LPPool2d(
        float(attrs.get("p", 2)), window["kernel_size"], window["stride"], bool(attrs.get("ceil_mode", 0))
    )


def _simple(cls: type[nn.Module]) -> Callable[[Attrs, Inputs], nn.Module]:
    return lambda attrs, inputs: cls()


LAYERS: dict[str, Callable[[Attrs, Inputs], nn.Module]] = {
    "Conv": conv, "ConvTranspose": conv_transpose, "Gemm": gemm, "MatMul": matmul,
    "MaxPool": max_pool, "AveragePool": average_pool, "BatchNormalization": batch_norm,
    "GlobalAveragePool": lambda attrs, inputs: nn.AdaptiveAvgPool2d(1),
    "GlobalMaxPool": lambda attrs, inputs: nn.AdaptiveMaxPool2d(1),
    "Relu": _simple(nn.ReLU), "Sigmoid": _simple(nn.Sigmoid), "Tanh": _simple(nn.Tanh),
    "HardSwish": _simple(nn.Hardswish), "HardSigmoid": hard_sigmoid, "Clip": clip, "Softmax": softmax,
    "LeakyRelu": lambda attrs, inputs: nn.LeakyReLU(float(f"{attrs.get('alpha', 0.01):.6g}")),
    "Elu": lambda attrs, inputs: nn.ELU(float(f"{attrs.get('alpha', 1.0):.6g}")),
    "Flatten": flatten, "Dropout": dropout, "Resize": resize, "Gelu": gelu, "LpPool": lp_pool,
    "Upsample": lambda attrs, inputs: resize(
        {"coordinate_transformation_mode": "asymmetric", "nearest_mode": "floor", **attrs}, inputs
    ),
}  # fmt: skip
