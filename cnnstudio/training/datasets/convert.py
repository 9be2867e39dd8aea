"""Turning any set of images into the network's input: ``(C, H, W)``, float32 in [0, 1] or 8-bit pixels.

Why here and not in each loader: every dataset must work with every network (design §2), so the three
conversions (size, channel count, value range) are done one way, batched, by :func:`to_input`;
:func:`to_pixels` keeps the result as bytes, as the splits hold them (and does nothing to a uint8 set
that already has the network's size and channels).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

# ITU-R 601-2 luma, the weights PIL ("L") and torchvision's rgb_to_grayscale use, so a colour set turned
# grey here looks like the same set opened in any image viewer.
LUMA = (0.299, 0.587, 0.114)

# Float values converted per chunk (about 256 MB): bounds the float copy of a large set (CIFAR's 50,000, or a
# few big pictures) while keeping each interpolate call large enough to be fast.
CHUNK_VALUES = 64 * 1024**2


def _chunk(images: torch.Tensor, shape: tuple[int, int, int]) -> int:
    """Images per chunk: the larger of the source and the target sizes decides."""
    per_image = max(shape[0] * shape[1] * shape[2], images[0].numel() if images.shape[0] else 1)
    return max(1, CHUNK_VALUES // per_image)


def to_input(images: torch.Tensor, shape: tuple[int, int, int]) -> torch.Tensor:
    """Convert NCHW images (uint8 0..255 or float 0..1) to float32 NCHW of ``shape`` in [0, 1]."""
    channels, height, width = shape
    out = torch.empty((images.shape[0], channels, height, width), dtype=torch.float32)
    step = _chunk(images, shape)
    for start in range(0, images.shape[0], step):
        chunk = images[start : start + step]
        out[start : start + chunk.shape[0]] = _convert_chunk(chunk, shape)
    return out


def to_pixels(images: torch.Tensor, shape: tuple[int, int, int]) -> torch.Tensor:
    """NCHW images (uint8 0..255 or float 0..1) as uint8 NCHW of ``shape``, rounded to the nearest byte."""
    channels, height, width = shape
    if images.dtype == torch.uint8 and tuple(images.shape[1:]) == (channels, height, width):
        return images.contiguous()
    out = torch.empty((images.shape[0], channels, height, width), dtype=torch.uint8)
    step = _chunk(images, shape)
    for start in range(0, images.shape[0], step):
        chunk = _convert_chunk(images[start : start + step], shape)
        out[start : start + chunk.shape[0]] = chunk.mul(255.0).round_().clamp_(0.0, 255.0)
    return out


def _convert_chunk(images: torch.Tensor, shape: tuple[int, int, int]) -> torch.Tensor:
    channels, height, width = shape
    x = images.float().div_(255.0) if images.dtype == torch.uint8 else images.float()
    # Channels first: going to grey before resizing is cheaper and gives the same result (both linear).
    if channels < x.shape[1]:
        x = match_channels(x, channels)
    if x.shape[-2:] != (height, width):
        x = F.interpolate(x, size=(height, width), mode="bilinear", align_corners=False, antialias=True)
        x = x.clamp_(0.0, 1.0)
    if channels != x.shape[1]:
        x = match_channels(x, channels)
    return x


def match_channels(x: torch.Tensor, channels: int) -> torch.Tensor:
    """Grey to colour by repeating, colour to grey by luma; other counts go through grey.

    Why through grey for odd counts (2, 4, ...): there is no natural mapping, and a grey picture
    repeated is what a student expects when the network's first layer asks for more channels.
    """
    source = x.shape[1]
    if source == channels:
        return x
    if source == 3:
        weights = torch.tensor(LUMA, dtype=x.dtype, device=x.device).view(1, 3, 1, 1)
        grey = (x * weights).sum(dim=1, keepdim=True)
    else:
        grey = x.mean(dim=1, keepdim=True)
    return grey if channels == 1 else grey.expand(-1, channels, -1, -1).contiguous()


def pad_to(images: torch.Tensor, height: int, width: int) -> torch.Tensor:
    """Centre small images on a zero background of ``height`` x ``width`` (no interpolation).

    Why: lets the 8x8 digits keep their true pixels on a larger input, so students can compare what
    interpolation adds. Images larger than the target are returned unchanged (the resize handles them).
    """
    h, w = images.shape[-2:]
    if h > height or w > width:
        return images
    top, left = (height - h) // 2, (width - w) // 2
    return F.pad(images, (left, width - w - left, top, height - h - top))
