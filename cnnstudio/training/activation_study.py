"""Activation functions, their derivatives, and what a trained network's activation layers receive.

Course 003 and 004 explain why ReLU replaced sigmoid: sigmoid's derivative peaks at 0.25 and vanishes in
its saturated tails, so the gradient shrinks layer after layer; ReLU's derivative is 1 for every positive
input. A teaching view plots each function and its derivative (values from torch's own functions, the
derivatives from autograd), and shows the same thing on the class's own network: the inputs that each
activation layer received for real images (forward hooks on the trained model), as a histogram, with the
share that fell where the derivative is below a tenth of its peak (a saturated sigmoid or tanh, a ReLU's
zero side) marked. That share of the gradient hardly passes back through the layer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from cnnstudio.core import specs as S
from cnnstudio.training.probes import evaluating, hook_targets, model_device

# Element-wise activations a class compares; the keys are the layer types of the project file.
FUNCTIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": F.relu,
    "leakyrelu": lambda x: F.leaky_relu(x, 0.01),
    "elu": F.elu,
    "gelu": F.gelu,
}
SATURATED_BELOW = 0.1  # an input is "saturated" where the derivative is below this fraction of its peak
CURVE_RANGE = (-6.0, 6.0)
BINS = 60


@dataclass(frozen=True)
class Curve:
    """A function and its derivative sampled on ``x`` (float64), and the derivative's peak."""

    kind: str
    x: np.ndarray
    y: np.ndarray
    dy: np.ndarray

    @property
    def peak_derivative(self) -> float:
        return float(self.dy.max())


def derivative(kind: str, x: torch.Tensor) -> torch.Tensor:
    """d f / d x at every element of ``x``, by autograd (each output depends on its own input only)."""
    inputs = x.detach().to(torch.float64).requires_grad_(True)
    (grad,) = torch.autograd.grad(FUNCTIONS[kind](inputs).sum(), inputs)
    return grad


def curve(kind: str, points: int = 601, span: tuple[float, float] = CURVE_RANGE) -> Curve:
    x = torch.linspace(*span, points, dtype=torch.float64)
    with torch.no_grad():
        y = FUNCTIONS[kind](x)
    return Curve(kind, x.numpy(), y.numpy(), derivative(kind, x).numpy())


def saturation_threshold(kind: str) -> float:
    """The derivative below which an input counts as saturated (a tenth of the derivative's peak)."""
    return SATURATED_BELOW * curve(kind, points=2001, span=(-20.0, 20.0)).peak_derivative


@dataclass(frozen=True)
class LayerInputs:
    """What one activation layer received for a batch of images: a histogram and the saturated share."""

    path: tuple[int, ...]
    kind: str
    count: int
    counts: np.ndarray  # BINS values
    edges: np.ndarray  # BINS + 1 values
    saturated_share: float  # of all inputs, the fraction where the derivative < saturation_threshold(kind)
    low_saturated: float  # the largest input at or below which the derivative is small (or -inf: none)
    high_saturated: float  # the smallest input at or above which it is small again (or +inf: none)


def activation_inputs(
    model: nn.Module, layers: Sequence[S.LayerSpec], inputs: torch.Tensor
) -> dict[tuple[int, ...], LayerInputs]:
    """Every element-wise activation layer of the network (blocks included) and what it received when the
    model, in eval mode, saw ``inputs`` (a batch in the model's input form)."""
    targets = [t for t in hook_targets(model, layers) if t.type in FUNCTIONS]
    seen: dict[tuple[int, ...], torch.Tensor] = {}
    handles = [
        t.module.register_forward_hook(lambda _m, args, _out, path=t.path: seen.__setitem__(path, args[0]))
        for t in targets
    ]
    try:
        with evaluating(model), torch.no_grad():
            model(inputs.to(model_device(model)))
    finally:
        for handle in handles:
            handle.remove()
    return {t.path: _summary(t.path, t.type, seen[t.path]) for t in targets if t.path in seen}


def _summary(path: tuple[int, ...], kind: str, received: torch.Tensor) -> LayerInputs:
    values = received.detach().to("cpu", torch.float64).flatten()
    slopes = derivative(kind, values)
    small = slopes < saturation_threshold(kind)
    low, high = _saturated_edges(kind)
    span = max(abs(float(values.min())), abs(float(values.max())), 1e-6)
    counts, edges = np.histogram(values.numpy(), bins=BINS, range=(-span, span))
    return LayerInputs(
        path, kind, int(values.numel()), counts, edges, float(small.double().mean()), low, high
    )


def _saturated_edges(kind: str) -> tuple[float, float]:
    """Where the saturated regions start, read off a fine curve: below ``low`` and above ``high``."""
    c = curve(kind, points=8001, span=(-20.0, 20.0))
    small = c.dy < SATURATED_BELOW * c.peak_derivative
    live = np.flatnonzero(~small)
    if not len(live):
        return -np.inf, np.inf
    low = float(c.x[live[0] - 1]) if live[0] > 0 else -np.inf
    high = float(c.x[live[-1] + 1]) if live[-1] < len(c.x) - 1 else np.inf
    return low, high
