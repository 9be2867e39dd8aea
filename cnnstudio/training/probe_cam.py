"""Grad-CAM for a probe image on the network's last feature maps: the live camera's "where it looked".

The camera probe (``ui.camera``) shows, beside the maps of each frame, where the network looked for the
class it predicts. The layer is the last one with (C, H, W) maps and a receptive field, Grad-CAM's usual
choice (its maps are the most class-specific that still have a place); the drill-down and the feature
space's click use the same one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from cnnstudio.core.project import Project
from cnnstudio.training.insight_topk import map_layers
from cnnstudio.training.probes import grad_cam


def last_map_layer(project: Project) -> tuple[int, ...] | None:
    """The path of the network's last layer with feature maps, or None (a network of linear layers)."""
    layers = map_layers(project)
    return tuple(layers[-1].path) if layers else None


def probe_cam(
    model: nn.Module, image: torch.Tensor, project: Project, probabilities: Sequence[float] | None
) -> np.ndarray | None:
    """Grad-CAM (H, W) in [0, 1] of whitened ``image`` for its predicted class (the arg-max of
    ``probabilities``, or of the model's own scores), or None when the network has no feature maps."""
    path = last_map_layer(project)
    if path is None:
        return None
    target = int(np.argmax(probabilities)) if probabilities is not None and len(probabilities) else None
    return grad_cam(model, image, target, path)
