"""Layer specifications: the network as plain, immutable data (docs/architecture.md, "The network as plain
data").

Each spec mirrors one ``torch.nn`` class with torch's field names and defaults, so that a project file reads
like the PyTorch a student will later write. This module gathers the public names of the modules that hold
them, so that ``from cnnstudio.core import specs as S`` and ``S.Conv2d`` work everywhere:

- `spec_base.py`: ``LayerSpec`` (serialising, nesting), ``Size``, ``pair``, ``walk``;
- `spec_checks.py`: the field checks the specs share;
- `spec_windows.py`: convolutions and pooling; `spec_layers.py`: every other single layer;
  `spec_blocks.py`: residual and concat blocks;
- `spec_registry.py`: ``LAYER_TYPES`` and the reading of a project file's layers (``layer_from_dict``).

A new layer type: its class in one of the spec modules (``LAYER_TYPES`` finds it), its name here.
"""

from __future__ import annotations

from cnnstudio.core.spec_base import (
    SHAPE_FIELDS,
    SIZE_FIELDS,
    LayerSpec,
    Padding,
    Size,
    count_layers,
    pair,
    walk,
)
from cnnstudio.core.spec_blocks import Concat, Residual
from cnnstudio.core.spec_layers import (
    ELU,
    GELU,
    SE_ACTIVATIONS,
    SE_GATES,
    UPSAMPLE_MODES,
    BatchNorm2d,
    ChannelShuffle,
    Custom,
    Dropout,
    Dropout2d,
    Flatten,
    Hardsigmoid,
    Hardswish,
    Identity,
    LeakyReLU,
    Linear,
    ReLU,
    ReLU6,
    Sigmoid,
    SiLU,
    Softmax,
    SqueezeExcitation,
    Tanh,
    Upsample,
)
from cnnstudio.core.spec_registry import (
    ACTIVATION_TYPES,
    LAYER_TYPES,
    MAX_NESTING,
    POOLING_TYPES,
    layer_from_dict,
    layers_from_json,
    spec_fields,
)
from cnnstudio.core.spec_windows import (
    AdaptiveAvgPool2d,
    AdaptiveMaxPool2d,
    AdaptivePool,
    AvgPool2d,
    Conv2d,
    ConvTranspose2d,
    LPPool2d,
    MaxPool2d,
    WindowPool,
)

__all__ = [
    "ACTIVATION_TYPES",
    "ELU",
    "GELU",
    "LAYER_TYPES",
    "MAX_NESTING",
    "POOLING_TYPES",
    "SE_ACTIVATIONS",
    "SE_GATES",
    "SHAPE_FIELDS",
    "SIZE_FIELDS",
    "UPSAMPLE_MODES",
    "AdaptiveAvgPool2d",
    "AdaptiveMaxPool2d",
    "AdaptivePool",
    "AvgPool2d",
    "BatchNorm2d",
    "ChannelShuffle",
    "Concat",
    "Conv2d",
    "ConvTranspose2d",
    "Custom",
    "Dropout",
    "Dropout2d",
    "Flatten",
    "Hardsigmoid",
    "Hardswish",
    "Identity",
    "LPPool2d",
    "LayerSpec",
    "LeakyReLU",
    "Linear",
    "MaxPool2d",
    "Padding",
    "ReLU",
    "ReLU6",
    "Residual",
    "SiLU",
    "Sigmoid",
    "Size",
    "Softmax",
    "SqueezeExcitation",
    "Tanh",
    "Upsample",
    "WindowPool",
    "count_layers",
    "layer_from_dict",
    "layers_from_json",
    "pair",
    "spec_fields",
    "walk",
]
