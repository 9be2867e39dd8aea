"""The built-in ``shapes`` set: filled and outlined shapes drawn procedurally, offline, in a blink.

Why procedural: it needs no file and no download, it trains to high accuracy in a minute on a laptop
CPU, and its clean, anti-aliased edges give first-layer filters and feature maps that look like the
textbook pictures. Every image is drawn at the network's own size, so nothing is ever resized.

All random draws come from one ``torch.Generator`` seeded by the caller, in a fixed order, so the same
seed and settings always give the same images. Drawing is batched: one tensor expression per kind of
shape and chunk of images, never a Python loop per image.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import torch

from cnnstudio.core.dataset_catalog import SHAPES_DEFAULT_CLASSES, SHAPES_DEFAULT_IMAGES, SHAPES_MAX_IMAGES

from .options import get_float, get_int
from .shape_sdf import KINDS
from .source import RawDataset

MAX_IMAGES = SHAPES_MAX_IMAGES  # one limit for the training panel (no torch) and the generator
# Images rendered per pass: bounds the temporaries (a few (N, H, W) float maps) at ~100 MB for 64x64.
_CHUNK = 2048
# Shape radius as a fraction of half the image's shorter side: big enough to read at 28x28, small
# enough to leave room to move.
_MIN_SIZE, _MAX_SIZE = 0.42, 0.8


@dataclass(frozen=True)
class ShapesSettings:
    """``num_classes`` kinds (in :data:`KINDS` order), ``num_images`` in all, ``noise`` 0..1."""

    num_classes: int = SHAPES_DEFAULT_CLASSES
    num_images: int = SHAPES_DEFAULT_IMAGES
    noise: float = 0.1

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> ShapesSettings:
        num_classes = get_int(values, "num_classes", cls.num_classes, low=2, high=len(KINDS))
        return cls(
            num_classes=num_classes,
            num_images=get_int(values, "num_images", cls.num_images, low=num_classes, high=MAX_IMAGES),
            noise=get_float(values, "noise", cls.noise, low=0.0, high=1.0),
        )


@dataclass(frozen=True)
class _Draws:
    """Per-image random parameters, drawn up front so chunking never changes the result."""

    labels: torch.Tensor  # (N,) int64
    centre: torch.Tensor  # (N, 2) x, y in image units
    size: torch.Tensor  # (N,)
    turn: torch.Tensor  # (N,) radians
    foreground: torch.Tensor  # (N, C)
    background: torch.Tensor  # (N, C)


def load_shapes(values: Mapping[str, Any], shape: tuple[int, int, int], seed: int) -> RawDataset:
    """Draw the set at the network's size; grey for one input channel, colour otherwise."""
    settings = ShapesSettings.from_dict(values)
    images, labels = generate_shapes(settings, shape, seed)
    names = tuple(kind.name for kind in KINDS[: settings.num_classes])
    return RawDataset(images=images, labels=labels, class_names=names)


def generate_shapes(
    settings: ShapesSettings, shape: tuple[int, int, int], seed: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``(images, labels)``: 8-bit ``(N, C', H, W)`` pixels (C' is 1 or 3) and int64 labels.

    Drawn in float a chunk at a time and rounded to bytes as each chunk is done, so a large set at a large
    size never exists as floats all at once (600 images at 3x224x224: 90 MB, not 361).
    """
    channels, height, width = shape
    colours = 1 if channels == 1 else 3
    generator = torch.Generator().manual_seed(int(seed))
    draws = _draw(settings, colours, height, width, generator)
    images = torch.empty((settings.num_images, colours, height, width), dtype=torch.uint8)
    grid = _pixel_grid(height, width)
    for start in range(0, settings.num_images, _CHUNK):
        stop = min(start + _CHUNK, settings.num_images)
        coverage = _coverage(draws, start, stop, grid, 2.0 / min(height, width))
        fg = draws.foreground[start:stop, :, None, None]
        bg = draws.background[start:stop, :, None, None]
        chunk = bg + (fg - bg) * coverage[:, None]
        if settings.noise > 0.0:
            # Grey (luminance) noise, shared by the colour channels: looks like sensor grain and costs
            # a third of per-channel noise, which was 40% of the drawing time.
            noise = torch.randn((stop - start, 1, height, width), generator=generator)
            chunk = chunk.add_(noise, alpha=0.25 * settings.noise).clamp_(0.0, 1.0)
        images[start:stop] = chunk.mul_(255.0).round_()
    return images, draws.labels


def _draw(settings: ShapesSettings, colours: int, height: int, width: int, gen: torch.Generator) -> _Draws:
    n, k = settings.num_images, settings.num_classes
    # Exactly balanced classes (within one image), in a random order.
    labels = (torch.arange(n) % k)[torch.randperm(n, generator=gen)]
    size = _MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * torch.rand(n, generator=gen)
    # The image spans [-extent, extent] on each axis, in units of half the shorter side.
    extent = torch.tensor([width, height], dtype=torch.float32) / min(height, width)
    room = (extent[None, :] - size[:, None]).clamp(min=0.0)
    centre = (2.0 * torch.rand(n, 2, generator=gen) - 1.0) * room
    max_turn = torch.tensor([kind.max_turn for kind in KINDS])[labels]
    turn = (2.0 * torch.rand(n, generator=gen) - 1.0) * torch.deg2rad(max_turn)
    foreground, background = _colours(n, colours, gen)
    return _Draws(labels, centre, size, turn, foreground, background)


def _colours(n: int, colours: int, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Light shapes on dark grounds for grey (like MNIST); any hues for colour, kept apart.

    Why keep them apart: a shape the same colour as its background cannot be learned and only adds
    noise to the accuracy a student sees.
    """
    if colours == 1:
        fg = 0.65 + 0.35 * torch.rand(n, 1, generator=gen)
        bg = 0.3 * torch.rand(n, 1, generator=gen)
        return fg, bg
    fg = torch.rand(n, 3, generator=gen)
    fg = fg / fg.amax(dim=1, keepdim=True).clamp(min=1e-3) * (0.7 + 0.3 * torch.rand(n, 1, generator=gen))
    bg = 0.6 * torch.rand(n, 3, generator=gen)
    too_close = (fg - bg).norm(dim=1, keepdim=True) < 0.45
    bg = torch.where(too_close, (1.0 - fg) * 0.5, bg)
    return fg, bg


def _pixel_grid(height: int, width: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Pixel centres in units of half the shorter side, origin at the image centre, y up."""
    half = min(height, width) / 2.0
    xs = (torch.arange(width, dtype=torch.float32) + 0.5 - width / 2.0) / half
    ys = -(torch.arange(height, dtype=torch.float32) + 0.5 - height / 2.0) / half
    return xs.view(1, 1, width), ys.view(1, height, 1)


def _coverage(
    draws: _Draws, start: int, stop: int, grid: tuple[torch.Tensor, torch.Tensor], pixel: float
) -> torch.Tensor:
    """Anti-aliased coverage ``(n, H, W)`` in [0, 1] of images ``start:stop``, one batch per kind."""
    xs, ys = grid
    labels = draws.labels[start:stop]
    out = torch.empty((stop - start, ys.shape[1], xs.shape[2]), dtype=torch.float32)
    for index in labels.unique().tolist():
        rows = (labels == index).nonzero().squeeze(1)
        pick = rows + start
        cx, cy = draws.centre[pick, 0].view(-1, 1, 1), draws.centre[pick, 1].view(-1, 1, 1)
        size = draws.size[pick].view(-1, 1, 1)
        cos, sin = torch.cos(draws.turn[pick]).view(-1, 1, 1), torch.sin(draws.turn[pick]).view(-1, 1, 1)
        dx, dy = xs - cx, ys - cy
        # Into the shape's own frame: undo the turn, then the size.
        local_x = (dx * cos + dy * sin) / size
        local_y = (dy * cos - dx * sin) / size
        distance = KINDS[index].distance(local_x, local_y) * size
        out[rows] = (0.5 - distance / pixel).clamp_(0.0, 1.0)
    return out


def describe_kinds(count: int = len(KINDS)) -> str:
    """The first ``count`` kinds as prose, for the GUI's one-line description."""
    names = [kind.name for kind in KINDS[:count]]
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
