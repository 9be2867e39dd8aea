"""Pictures of what a channel sees, as 8-bit RGB arrays and PNG files (no Qt: the CLI writes them too).

A patch is shown in a canvas the size of the channel's whole receptive field: where the field reaches into
the padding, the canvas stays grey, so every patch of a layer has the same size and the same scale, and a
class sees how much of the field lies outside the image.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from cnnstudio.core.atomic import atomic_write
from cnnstudio.core.layer_rules import ReceptiveField

PADDING_GREY = 128
GAP = 2


def to_rgb8(image: np.ndarray) -> np.ndarray:
    """A (C, H, W) picture in [0, 1] (C = 1 or 3) as (H, W, 3) uint8."""
    x = np.clip(np.asarray(image, np.float32), 0.0, 1.0)
    if x.shape[0] == 1:
        x = np.repeat(x, 3, axis=0)
    elif x.shape[0] != 3:
        x = np.repeat(x.mean(axis=0, keepdims=True), 3, axis=0)
    return np.ascontiguousarray((x.transpose(1, 2, 0) * 255.0 + 0.5).astype(np.uint8))


def field_canvas(image: np.ndarray, field: ReceptiveField, cell: Sequence[int]) -> np.ndarray:
    """The (H, W, 3) uint8 field of map cell ``cell`` over the (C, H, W) picture, padding shown grey."""
    size = tuple(max(1, round(s)) for s in field.size)
    canvas = np.full((size[0], size[1], 3), PADDING_GREY, np.uint8)
    rgb = to_rgb8(image)
    offsets = []
    for axis in range(2):
        centre = field.start[axis] + int(cell[axis]) * field.jump[axis]
        offsets.append(math.ceil(centre - (field.size[axis] - 1) / 2 - 1e-9))  # field's first pixel
    top, left = offsets
    rows = slice(max(0, top), min(rgb.shape[0], top + size[0]))
    cols = slice(max(0, left), min(rgb.shape[1], left + size[1]))
    canvas[rows.start - top : rows.stop - top, cols.start - left : cols.stop - left] = rgb[rows, cols]
    return canvas


def enlarge(picture: np.ndarray, at_least: int = 64) -> np.ndarray:
    """Nearest-neighbour enlargement by a whole factor so that the longer side is at least ``at_least``."""
    factor = max(1, math.ceil(at_least / max(picture.shape[:2])))
    return picture.repeat(factor, axis=0).repeat(factor, axis=1)


def tile_grid(tiles: Sequence[np.ndarray], columns: int | None = None, background: int = 255) -> np.ndarray:
    """Equal-sized (h, w, 3) tiles in rows of ``columns`` (default: a near square), GAP pixels apart."""
    if not tiles:
        return np.full((1, 1, 3), background, np.uint8)
    h, w = tiles[0].shape[:2]
    columns = columns or math.ceil(math.sqrt(len(tiles)))
    rows = math.ceil(len(tiles) / columns)
    grid = np.full((rows * (h + GAP) - GAP, columns * (w + GAP) - GAP, 3), background, np.uint8)
    for n, tile in enumerate(tiles):
        r, c = divmod(n, columns)
        grid[r * (h + GAP) : r * (h + GAP) + h, c * (w + GAP) : c * (w + GAP) + w] = tile
    return grid


def save_png(picture: np.ndarray, path: str | Path) -> Path:
    """Write an (H, W, 3) uint8 picture as PNG, atomically."""
    from PIL import Image

    target = Path(path)
    atomic_write(target, lambda handle: Image.fromarray(picture, "RGB").save(handle, format="PNG"))
    return target
