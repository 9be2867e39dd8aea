"""Weight and bias initialisation, as the course's training pipeline describes it (course 000).

"Weights are usually initialised to small values around zero drawn from a Gaussian; biases to zero or a
small positive value." Torch's own default (Kaiming-uniform with a=sqrt(5)) is kept unless another scheme is
chosen, so a project that names none trains exactly as the same network written in plain PyTorch would.
Only convolution and linear layers are touched: BatchNorm starts at scale 1 and shift 0, as it must.
"""

from __future__ import annotations

import torch
from torch import nn

NORMAL_STD = 0.01  # "small Gaussian": the classic AlexNet-era choice


def init_weights(model: nn.Module, scheme: str = "default", bias: str | float = "default") -> None:
    """Re-initialise every conv and linear layer of ``model`` in place, using torch's global generator."""
    for module in model.modules():
        if not isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            continue
        _init_weight(module.weight, scheme)
        if module.bias is not None:
            _init_bias(module.bias, bias)


@torch.no_grad()
def _init_weight(weight: torch.Tensor, scheme: str) -> None:
    if scheme == "kaiming":
        nn.init.kaiming_normal_(weight, mode="fan_in", nonlinearity="relu")
    elif scheme == "xavier":
        nn.init.xavier_uniform_(weight)
    elif scheme == "normal":
        nn.init.normal_(weight, mean=0.0, std=NORMAL_STD)
    elif scheme != "default":
        raise ValueError(f"unknown init scheme {scheme!r}")


@torch.no_grad()
def _init_bias(bias_tensor: torch.Tensor, bias: str | float) -> None:
    if bias == "zero":
        nn.init.zeros_(bias_tensor)
    elif isinstance(bias, (int, float)):
        nn.init.constant_(bias_tensor, float(bias))
    elif bias != "default":
        raise ValueError(f"unknown bias init {bias!r}")
