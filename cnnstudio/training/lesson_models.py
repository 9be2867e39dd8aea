"""The models the teaching tools look into: the trained one, or a seeded untrained one, and its filters.

A lesson before any training still needs a network with weights (the FC-to-conv proof holds for any
weights; saliency shows what an untrained network attends to). That network is the same every time, so a
lesson can be repeated, and it is drawn from a generator of its own: reseeding torch's global generator on
the GUI thread would change the dropout masks and shuffles of a run that draws from it at the same time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import torch
from torch import nn

from cnnstudio.core.project import Project
from cnnstudio.training.build import build_model, module_at

UNTRAINED_SEED = 0


def untrained_model(project: Project, seed: int = UNTRAINED_SEED) -> nn.Module:
    """The project's network with torch's default initialisation drawn from ``torch.Generator(seed)``.

    The layers are built on the meta device (no numbers, so no draw from the global generator), then given
    storage and initialised here. ``ValueError`` when the network cannot be built.
    """
    with torch.device("meta"):
        model = build_model(project)
    model = model.to_empty(device="cpu")
    generator = torch.Generator().manual_seed(seed)
    for module in model.modules():
        _initialise(module, generator)
    return model


@torch.no_grad()
def _initialise(module: nn.Module, generator: torch.Generator) -> None:
    """What ``module.reset_parameters()`` does for the layers a project can hold, drawing from ``generator``."""
    if isinstance(module, (nn.modules.conv._ConvNd, nn.Linear)):
        nn.init.kaiming_uniform_(module.weight, a=math.sqrt(5), generator=generator)
        if module.bias is not None:
            fan_in, _ = nn.init._calculate_fan_in_and_fan_out(module.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
            nn.init.uniform_(module.bias, -bound, bound, generator=generator)
    elif isinstance(module, nn.modules.batchnorm._NormBase):
        module.reset_parameters()  # ones, zeros and fresh running statistics: nothing random
    elif any(True for _ in module.parameters(recurse=False)) or any(
        True for _ in module.buffers(recurse=False)
    ):
        raise TypeError(f"no seeded initialisation for {type(module).__name__}")


def conv_filter(model: nn.Module, path: Sequence[int], out_channel: int) -> tuple[np.ndarray, float] | None:
    """Filter ``out_channel`` of the convolution at ``path``: its kernel (C_in / groups, kh, kw) as float64
    and its bias (0 without one); None when the layer there is not a convolution."""
    module = module_at(model, path)
    if not isinstance(module, nn.Conv2d):
        return None
    kernel = module.weight[out_channel].detach().to("cpu", torch.float64).numpy()
    bias = 0.0 if module.bias is None else float(module.bias[out_channel].detach())
    return kernel, bias


def model_inputs(images: np.ndarray, to_input: Callable[[np.ndarray], torch.Tensor] | None) -> torch.Tensor:
    """Display images (N, C, H, W) in [0, 1] as the model's input batch: each through ``to_input`` (the
    dataset's normalisation) when there is one, else as they are."""
    if to_input is None:
        return torch.as_tensor(np.asarray(images, dtype=np.float32))
    return torch.stack([to_input(image) for image in images])
