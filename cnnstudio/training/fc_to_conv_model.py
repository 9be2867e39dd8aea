"""FC -> CONV on a real model: copy the weights into the converted network and prove that nothing changed.

The core (``cnnstudio.core.fc_to_conv``) rewrites the layer list; this module builds the torch model of that
list and fills it with the trained model's numbers. Every layer before ``flatten`` is copied as it is. The
first linear's weight matrix (out, C*H*W) is reshaped to (out, C, H, W): ``nn.Flatten`` orders a map
channel-major, row by row, which is exactly the order of a conv filter's weights, so the reshape is the whole
conversion. Later linears become 1x1 convs, (out, in) -> (out, in, 1, 1). Because the converted network has no
fixed input size, it can slide over a larger image and give a map of class scores (cs231n, "FC -> CONV").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from cnnstudio.core.fc_to_conv import Conversion, convert
from cnnstudio.core.project import Project
from cnnstudio.training.build import build_model
from cnnstudio.training.probes import evaluating, model_device


@dataclass(frozen=True)
class ConvertedModel:
    """The converted network and the core's account of what was rewritten (for the notes a view shows)."""

    model: nn.Sequential
    conversion: Conversion


def convert_model(project: Project, model: nn.Module) -> ConvertedModel:
    """The fully convolutional twin of ``model`` (built from ``project``), with its weights copied over.

    Raises ``ValueError`` (the core's message) when the head cannot be converted.
    """
    conversion = convert(project)
    with torch.device("meta"):  # every number is copied below: no initial draw from the global generator
        converted = build_model(conversion.layers, project.input.shape)
    converted = converted.to_empty(device=model_device(model))
    start = conversion.flatten_index
    linears = dict(conversion.converted)
    with torch.no_grad():
        for i in range(start):
            converted[i].load_state_dict(model[i].state_dict())  # type: ignore[index]
        for old in range(start + 1, len(project.layers)):
            source, target = model[old], converted[old - 1]  # type: ignore[index]  # flatten is gone
            if old in linears:
                _copy_linear(source, target)
            else:
                target.load_state_dict(source.state_dict())  # batchnorm1d -> 2d: same parameter names
    converted.train(model.training)
    return ConvertedModel(converted, conversion)


def _copy_linear(linear: nn.Module, conv: nn.Module) -> None:
    assert isinstance(linear, nn.Linear) and isinstance(conv, nn.Conv2d)
    conv.weight.copy_(linear.weight.reshape(conv.weight.shape))
    if linear.bias is not None and conv.bias is not None:
        conv.bias.copy_(linear.bias)


@torch.no_grad()
def max_difference(model: nn.Module, converted: nn.Module, images: torch.Tensor) -> float:
    """The largest |original - converted| over the class scores of ``images`` (N, C, H, W), in eval mode.

    This is the proof the panel prints: on images of the original size the converted network's 1x1 score
    maps must be the original's scores.
    """
    device = model_device(model)
    x = images.to(device)
    with evaluating(model), evaluating(converted):
        original = model(x).float()
        twin = converted(x).float().flatten(1)
    return float((original - twin).abs().max())


@torch.no_grad()
def score_map(converted: nn.Module, image: torch.Tensor) -> np.ndarray:
    """Class scores (classes, H', W') of the converted network slid over one (C, H, W) ``image`` of any size
    at least the original input's; cell (i, j) is what the original would say about one window of it."""
    with evaluating(converted):
        out = converted(image.to(model_device(converted))[None]).float()
    return out[0].cpu().numpy().astype(np.float32)


def class_probabilities(converted: nn.Module, image: np.ndarray | torch.Tensor) -> np.ndarray:
    """Softmax over the classes of :func:`score_map` (classes, H', W'): what the panel colours each cell by."""
    scores = torch.from_numpy(score_map(converted, torch.as_tensor(image)))
    return torch.softmax(scores, dim=0).numpy()


def random_images(count: int, shape: Sequence[int], seed: int) -> np.ndarray:
    """``count`` uniform-noise pictures (count, C, H, W) in [0, 1] from a generator of their own: what the
    proof and the score map use before there are samples (the proof holds for any input)."""
    generator = torch.Generator().manual_seed(seed)
    return torch.rand((count, *shape), generator=generator).numpy()
