"""Max against average pooling on the same maps: the pooling view's "what would the other one give".

The class sees a max-pooling layer's real input and asks what average (or L2) pooling would have made of
it with the same window; torch's own functions answer, so the picture is exactly what the layer would do.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from cnnstudio.core import specs as S

KINDS = ("max", "average", "l2")


def compare_pooling(maps: np.ndarray, spec: S.LayerSpec) -> dict[str, np.ndarray]:
    """Pool ``maps`` (C, H, W) with ``spec``'s window as max, average and L2 pooling.

    Adaptive layers keep their output size; a window layer keeps kernel, stride, padding and ceil mode
    (L2 pooling has no padding in torch, so it pools the unpadded map; dilation is max pooling's alone).
    """
    x = torch.from_numpy(np.ascontiguousarray(maps, dtype=np.float32))[None]
    if spec.type in ("adaptiveavgpool2d", "adaptivemaxpool2d"):
        size = spec.output_size
        return {
            "max": F.adaptive_max_pool2d(x, size)[0].numpy(),
            "average": F.adaptive_avg_pool2d(x, size)[0].numpy(),
            "l2": F.adaptive_avg_pool2d(x * x, size)[0].mul(_area(x, size)).sqrt().numpy(),
        }
    kernel = S.pair(spec.kernel_size)
    stride = S.pair(spec.effective_stride)
    padding = S.pair(getattr(spec, "padding", 0))
    ceil = bool(getattr(spec, "ceil_mode", False))
    dilation = S.pair(getattr(spec, "dilation", 1)) if spec.type == "maxpool2d" else (1, 1)
    return {
        "max": F.max_pool2d(x, kernel, stride, padding, dilation, ceil_mode=ceil)[0].numpy(),
        "average": F.avg_pool2d(x, kernel, stride, padding, ceil_mode=ceil)[0].numpy(),
        "l2": F.lp_pool2d(x, 2.0, kernel, stride, ceil_mode=ceil)[0].numpy(),
    }


def _area(x: torch.Tensor, size) -> float:
    """Cells per adaptive window when the map divides evenly (the case a lesson shows), else the mean."""
    out_h, out_w = S.pair(size)
    return (x.shape[-2] / out_h) * (x.shape[-1] / out_w)
