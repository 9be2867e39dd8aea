"""Signed distances of the built-in shapes, in local units where each shape fits the unit circle.

Why distances and not masks: a distance becomes anti-aliased coverage with one clamp
(``0.5 - d / pixel``), so edges stay clean even at 28x28 and the edge detectors a network learns on them
are worth looking at. Several kinds at once are batched tensors ``(N, H, W)``, y pointing up.
The formulas follow Inigo Quilez's "2D distance functions" (https://iquilezles.org/articles/distfunctions2d/).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch

Tensor = torch.Tensor
_HALF_SQRT2 = math.sqrt(0.5)
_SQRT3 = math.sqrt(3.0)


def _box(x: Tensor, y: Tensor, half_w: float, half_h: float) -> Tensor:
    dx = x.abs() - half_w
    dy = y.abs() - half_h
    outside = torch.hypot(dx.clamp(min=0.0), dy.clamp(min=0.0))
    return outside + torch.maximum(dx, dy).clamp(max=0.0)


def _turn45(x: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    return (x + y) * _HALF_SQRT2, (y - x) * _HALF_SQRT2


def circle(x: Tensor, y: Tensor) -> Tensor:
    return torch.hypot(x, y) - 0.9


def ring(x: Tensor, y: Tensor) -> Tensor:
    return (torch.hypot(x, y) - 0.68).abs() - 0.24


def square(x: Tensor, y: Tensor) -> Tensor:
    return _box(x, y, 0.68, 0.68)


def diamond(x: Tensor, y: Tensor) -> Tensor:
    return square(*_turn45(x, y))


def plus(x: Tensor, y: Tensor) -> Tensor:
    return torch.minimum(_box(x, y, 0.92, 0.26), _box(x, y, 0.26, 0.92))


def cross(x: Tensor, y: Tensor) -> Tensor:
    return plus(*_turn45(x, y))


def line(x: Tensor, y: Tensor) -> Tensor:
    return _box(x, y, 0.95, 0.13)


def triangle(x: Tensor, y: Tensor, circumradius: float = 0.95) -> Tensor:
    """Equilateral, pointing up, centred on its centroid."""
    r = circumradius * _SQRT3 / 2.0  # half the side
    px = x.abs() - r
    py = y + r / _SQRT3
    fold = px + _SQRT3 * py > 0.0
    px, py = (
        torch.where(fold, (px - _SQRT3 * py) / 2.0, px),
        torch.where(fold, (-_SQRT3 * px - py) / 2.0, py),
    )
    px = px - px.clamp(-2.0 * r, 0.0)
    return -torch.hypot(px, py) * torch.sign(py)


def hexagon(x: Tensor, y: Tensor, circumradius: float = 0.95) -> Tensor:
    kx, ky, kz = -0.866025404, 0.5, 0.577350269
    r = circumradius * 0.866025404  # the apothem
    px, py = x.abs(), y.abs()
    dot = (kx * px + ky * py).clamp(max=0.0)
    px, py = px - 2.0 * dot * kx, py - 2.0 * dot * ky
    px = px - px.clamp(-kz * r, kz * r)
    py = py - r
    return torch.hypot(px, py) * torch.sign(py)


def star(x: Tensor, y: Tensor, radius: float = 0.95, inner: float = 0.45) -> Tensor:
    """Five points, one pointing up; ``inner`` is the depth of the notches."""
    k1x, k1y = 0.809016994375, -0.587785252292
    px, py = x.abs(), y
    for kx, ky in ((k1x, k1y), (-k1x, k1y)):
        dot = (kx * px + ky * py).clamp(min=0.0)
        px, py = px - 2.0 * dot * kx, py - 2.0 * dot * ky
    px = px.abs()
    py = py - radius
    bax, bay = -inner * k1y, inner * k1x - 1.0
    h = ((px * bax + py * bay) / (bax * bax + bay * bay)).clamp(0.0, radius)
    return torch.hypot(px - bax * h, py - bay * h) * torch.sign(py * bax - px * bay)


@dataclass(frozen=True)
class ShapeKind:
    """One class of the ``shapes`` set.

    ``max_turn`` is the largest random rotation in degrees: small for the kinds that have a twin turned
    by 45 degrees in the set (square/diamond, plus/cross): turns of at most 15 degrees leave a 15-degree
    gap between the twins, so they stay different classes.
    """

    name: str
    distance: Callable[[Tensor, Tensor], Tensor]
    max_turn: float


# In class order: ``num_classes: 4`` uses the first four.
KINDS: tuple[ShapeKind, ...] = (
    ShapeKind("circle", circle, 180.0),
    ShapeKind("square", square, 15.0),
    ShapeKind("triangle", triangle, 180.0),
    ShapeKind("cross", cross, 15.0),
    ShapeKind("ring", ring, 180.0),
    ShapeKind("star", star, 180.0),
    ShapeKind("plus", plus, 15.0),
    ShapeKind("diamond", diamond, 15.0),
    ShapeKind("line", line, 180.0),
    ShapeKind("hexagon", hexagon, 180.0),
)
