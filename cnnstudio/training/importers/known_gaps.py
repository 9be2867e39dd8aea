"""Networks and operations the studio knows it cannot represent yet, named with exactly what is missing.

ConvNeXt is the case asked about most: every other part of it has a studio layer, so "a part has no layer"
would hide how close it is. Its two missing layers would be new core layer types (with shape rules,
formulas, palette entries, translations, export and import), not settings of existing ones; until they
exist, the import says precisely which two they are and where the network uses them.
"""

from __future__ import annotations

from typing import Any

import torch.nn.functional as F
from torch import nn

CONVNEXT = (
    "ConvNeXt needs two layers the studio does not have: LayerNorm2d (layer normalisation of each "
    "pixel's channel values, 2 parameters per channel; in the stem, before each downsampling, in every block "
    "and before the classifier) and layer scale (a learned multiplier per channel on every block's output). "
    "Its other parts are studio layers: 7x7 depthwise convolutions, GELU, the pointwise Linear layers (as 1x1 "
    "convolutions), residual blocks and stochastic depth (identity at inference)"
)
LAYER_NORM = (
    "F.layer_norm called with weights read in forward (as ConvNeXt's LayerNorm2d does) has no layer in the "
    "studio; an nn.LayerNorm or nn.GroupNorm module imports as a custom layer"
)
_FUNCTIONS: dict[Any, str] = {F.layer_norm: LAYER_NORM}


def network_gap(module: nn.Module) -> str | None:
    """What a whole network needs that the studio lacks (None: nothing known; the import finds out)."""
    names = {(type(m).__module__, type(m).__name__) for m in module.modules()}
    if ("torchvision.models.convnext", "CNBlock") in names:
        return CONVNEXT
    return None


def operation_gap(target: Any) -> str | None:
    """What is missing for one traced call, where the studio knows it."""
    return _FUNCTIONS.get(target)
