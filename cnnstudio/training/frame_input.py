"""A camera frame as the network's input: crop to the input's shape, shrink by area, grey or colour.

Numpy only (no torch): the window converts each frame it sends to the trainer process, so only a few
hundred input-sized values cross the pipe instead of a whole 640x480 frame, and the window never imports
torch. The arithmetic is the textbook one and is tested against torch (``adaptive_avg_pool2d`` for the
shrink, ``datasets.convert.LUMA`` for grey):

- crop: the largest centred window with the input's aspect ratio (a 4:3 camera in front of a square
  network loses its sides rather than being squashed); the PNG a capture saves is this same crop, so
  the folder dataset that later reads it (stretching to the input) sees what the maps saw;
- shrink: each output pixel is the mean of its source rectangle, the rectangles of adaptive average
  pooling (``floor(i*H/h)`` to ``ceil((i+1)*H/h)``): a box filter with no aliasing of fine camera noise;
- channels: colour to grey by ITU-R 601 luma, grey to colour by repeating (as ``match_channels``).
"""

from __future__ import annotations

import numpy as np

LUMA = (0.299, 0.587, 0.114)  # the same weights as training.datasets.convert.LUMA (a test keeps them equal)


def centre_crop(frame: np.ndarray, height: int, width: int) -> np.ndarray:
    """The largest centred part of ``frame`` (H, W[, C]) with the aspect ratio ``height``:``width``."""
    rows, cols = frame.shape[:2]
    if rows * width > cols * height:  # too tall: trim top and bottom
        keep = max(1, round(cols * height / width))
        top = (rows - keep) // 2
        return frame[top : top + keep]
    keep = max(1, round(rows * width / height))
    left = (cols - keep) // 2
    return frame[:, left : left + keep]


def area_resize(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """(H, W, C) float shrunk (or grown) to (height, width, C): each pixel the mean of its source
    rectangle, exactly as ``torch.nn.functional.adaptive_avg_pool2d``. Summed-area table: O(H*W)."""
    rows, cols = image.shape[:2]
    table = np.zeros((rows + 1, cols + 1, image.shape[2]), dtype=np.float64)
    table[1:, 1:] = image.astype(np.float64).cumsum(axis=0).cumsum(axis=1)
    top, bottom = _bins(rows, height)
    left, right = _bins(cols, width)
    sums = table[bottom][:, right] - table[top][:, right] - table[bottom][:, left] + table[top][:, left]
    area = ((bottom - top)[:, None] * (right - left)[None, :])[..., None]
    return (sums / area).astype(np.float32)


def _bins(size: int, out: int) -> tuple[np.ndarray, np.ndarray]:
    index = np.arange(out)
    return (index * size) // out, -((-(index + 1) * size) // out)


def match_channels(image: np.ndarray, channels: int) -> np.ndarray:
    """(H, W, C) to (H, W, ``channels``): colour to grey by luma, grey repeated, other counts via grey."""
    if image.shape[2] == channels:
        return image
    grey = image @ np.asarray(LUMA, dtype=np.float32) if image.shape[2] == 3 else image.mean(axis=2)
    return np.repeat(grey[..., None], channels, axis=2).astype(np.float32)


def frame_to_input(frame: np.ndarray, shape: tuple[int, int, int]) -> np.ndarray:
    """An 8-bit camera frame (H, W), (H, W, 3) or (H, W, 4) as the network's probe picture: (h, w, c)
    float32 in [0, 1] for input ``shape`` (c, h, w). Alpha is dropped. Grey is taken before the shrink
    (both are linear, so the result is the same, and it is three times cheaper)."""
    channels, height, width = shape
    pixels = np.asarray(frame)
    if pixels.ndim == 2:
        pixels = pixels[..., None]
    pixels = centre_crop(pixels[..., :3], height, width).astype(np.float32) / 255.0
    if channels != pixels.shape[2] and channels < pixels.shape[2]:
        pixels = match_channels(pixels, channels)
    pixels = area_resize(pixels, height, width)
    return np.clip(match_channels(pixels, channels), 0.0, 1.0)


def capture_picture(frame: np.ndarray, shape: tuple[int, int, int], longest: int = 256) -> np.ndarray:
    """The 8-bit picture a capture saves: the input-shaped crop of ``frame``, shrunk by area so that its
    longest side is at most ``longest`` (a class's own data set stays small; the folder dataset resizes
    every picture to the input anyway). Colour stays colour: the same pictures serve any network."""
    pixels = np.asarray(frame)
    if pixels.ndim == 2:
        pixels = pixels[..., None]
    crop = centre_crop(pixels[..., :3], shape[1], shape[2])
    rows, cols = crop.shape[:2]
    scale = min(1.0, longest / max(rows, cols))
    if scale < 1.0:
        size = (max(1, round(rows * scale)), max(1, round(cols * scale)))
        crop = np.rint(area_resize(crop.astype(np.float32), *size))
    return np.ascontiguousarray(np.clip(crop, 0, 255).astype(np.uint8))
