"""The optimiser race: several ``torch.optim`` optimisers started from one point on a 2-D loss surface.

Course 004 explains momentum (it carries the walk over a saddle, but its sum keeps growing: it overshoots),
Nesterov, Adagrad (a step per weight, smaller where the surface is steep) and Adam. On a surface of two
weights a class watches each walk step by step. The steps are torch's own (each runner is a 2-element
parameter with its own ``torch.optim`` optimiser, the gradient from autograd), so the race shows what the
trainer does, and :mod:`cnnstudio.core.update_rules` writes each rule out (tests check the two agree).

Surfaces (each with its start point and a view that frames the walk):

- ravine: ``0.5·x² + 20·y²``, 40 times steeper across than along; plain SGD zigzags across and crawls
  along the floor, momentum gathers speed and overshoots the minimum, Adam takes even steps;
- saddle: ``0.5·x² − 0.5·y² + 0.125·y⁴``, a saddle at the origin between two valleys at y = ±√2; started
  almost on the ridge, SGD lingers at the saddle while momentum and Adam leave it;
- plateau: ``1 − exp(−(x² + y²)/2)``, flat far from its minimum; the gradient there is tiny, so SGD barely
  moves while Adam and RMSprop, which divide by the gradient's size, cross it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch

from cnnstudio.core.update_rules import OptimiserSetup

ESCAPED = 1e4  # a runner this far from the origin (or with a non-finite loss) has diverged and stops


@dataclass(frozen=True)
class Surface:
    """A loss over two weights, where its runners start and the (x, y) box that frames their walks."""

    key: str
    formula: str
    loss: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
    start: tuple[float, float]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    minimum: tuple[float, float]


SURFACES = {
    s.key: s
    for s in (
        Surface(
            "ravine",
            "L = 0.5·x² + 20·y²",
            lambda x, y: 0.5 * x**2 + 20 * y**2,
            (-4.5, 0.6),
            (-5.0, 5.0),
            (-1.5, 1.5),
            (0.0, 0.0),
        ),
        Surface(
            "saddle",
            "L = 0.5·x² − 0.5·y² + 0.125·y⁴",
            lambda x, y: 0.5 * x**2 - 0.5 * y**2 + 0.125 * y**4,
            (-3.0, 0.01),
            (-3.5, 3.5),
            (-2.5, 2.5),
            (0.0, math.sqrt(2.0)),
        ),
        Surface(
            "plateau",
            "L = 1 − exp(−(x² + y²) / 2)",
            lambda x, y: 1 - torch.exp(-(x**2 + y**2) / 2),
            (3.2, 2.4),
            (-4.0, 4.0),
            (-4.0, 4.0),
            (0.0, 0.0),
        ),
    )
}


def surface_grid(key: str, size: int = 160) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The surface's loss on a ``size`` x ``size`` grid over its view: xs, ys, and z[i, j] at (xs[i], ys[j])."""
    surface = SURFACES[key]
    xs = torch.linspace(*surface.x_range, size, dtype=torch.float64)
    ys = torch.linspace(*surface.y_range, size, dtype=torch.float64)
    gx, gy = torch.meshgrid(xs, ys, indexing="ij")
    with torch.no_grad():
        z = surface.loss(gx, gy)
    return xs.numpy(), ys.numpy(), z.numpy().astype(np.float32)


def make_torch_optimizer(params: Iterable[torch.Tensor], s: OptimiserSetup) -> torch.optim.Optimizer:
    """``torch.optim``'s optimiser for a setup (the rule :func:`cnnstudio.core.update_rules.formula` shows)."""
    decay = s.weight_decay
    if s.kind in ("sgd", "momentum", "nesterov"):
        momentum = 0.0 if s.kind == "sgd" else s.momentum
        return torch.optim.SGD(
            params, lr=s.lr, momentum=momentum, nesterov=s.kind == "nesterov", weight_decay=decay
        )
    if s.kind == "adagrad":
        return torch.optim.Adagrad(params, lr=s.lr, eps=s.eps, weight_decay=decay)
    if s.kind == "rmsprop":
        return torch.optim.RMSprop(
            params, lr=s.lr, alpha=s.alpha, eps=s.eps, momentum=s.momentum, weight_decay=decay
        )
    optimiser = torch.optim.AdamW if s.kind == "adamw" else torch.optim.Adam
    return optimiser(params, lr=s.lr, betas=(s.beta1, s.beta2), eps=s.eps, weight_decay=decay)


@dataclass
class Runner:
    """One optimiser's walk: the points it has visited and their losses (the start first)."""

    setup: OptimiserSetup
    path: list[tuple[float, float]] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    diverged: bool = False


class OptimiserRace:
    """Every setup starts at the surface's start point; :meth:`step` moves each one step of its optimiser."""

    def __init__(
        self, surface: str, setups: Sequence[OptimiserSetup], start: tuple[float, float] | None = None
    ) -> None:
        self.surface = SURFACES[surface]
        self.start = self.surface.start if start is None else start
        self.runners = [Runner(setup) for setup in setups]
        self._weights: list[torch.Tensor] = []
        self._optimisers: list[torch.optim.Optimizer] = []
        for runner in self.runners:
            weights = torch.tensor(self.start, dtype=torch.float64, requires_grad=True)
            self._weights.append(weights)
            self._optimisers.append(make_torch_optimizer([weights], runner.setup))
            runner.path.append(self.start)
            runner.losses.append(self._loss(weights).item())
        self.steps = 0

    def _loss(self, weights: torch.Tensor) -> torch.Tensor:
        return self.surface.loss(weights[0], weights[1])

    def step(self, count: int = 1) -> None:
        """``count`` steps of every runner that has not diverged."""
        for _ in range(count):
            self.steps += 1
            for runner, weights, optimiser in zip(self.runners, self._weights, self._optimisers):
                if not runner.diverged:
                    self._step_one(runner, weights, optimiser)

    def _step_one(self, runner: Runner, weights: torch.Tensor, optimiser: torch.optim.Optimizer) -> None:
        optimiser.zero_grad(set_to_none=True)
        self._loss(weights).backward()
        optimiser.step()
        with torch.no_grad():
            loss = self._loss(weights).item()
        x, y = (float(v) for v in weights.detach())
        if not (math.isfinite(loss) and abs(x) < ESCAPED and abs(y) < ESCAPED):
            runner.diverged = True
            return
        runner.path.append((x, y))
        runner.losses.append(loss)
