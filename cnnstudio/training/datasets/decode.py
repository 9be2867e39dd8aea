"""Pictures from their files to one uint8 batch at the network's size: the folder set's only decoder.

Why not PIL alone: decoding is what a streamed folder set pays again every epoch, on the cores training
also needs. torchvision's decoder (libjpeg-turbo, libpng, called on the file's bytes) takes about half of
PIL's time for the same JPEG, and resizing a batch of same-sized pictures in one call saves the per-call
cost of resizing them one by one (benchmarks/folder_stream.py; docs/benchmarks.md has the figures). The
pixels are PIL's exactly: PIL is the reference (tests/training/test_datasets_decode.py compares JPEG and PNG
in every mode), so only what decodes to the same bytes takes the fast path: 8-bit JPEG and PNG with one or
three channels, turned grey with PIL's own integer luma. Anything else (alpha, palettes with transparency,
16-bit, CMYK, BMP, TIFF, WebP, ...) is read by PIL, as before.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Sequence

import torch
from PIL import Image
from torchvision.transforms.v2 import functional as TF

from .errors import DatasetError

try:  # deprecated in torchvision 0.29 for TorchCodec (not a light, wheel-only dependency yet): PIL when gone
    from torchvision.io import ImageReadMode, decode_image, read_file
except ImportError:  # pragma: no cover - a torchvision without them
    decode_image = None
# Said on every call (thousands an epoch); what it asks is above.
warnings.filterwarnings(
    "ignore", "The image decoding and encoding capabilities of TorchVision", DeprecationWarning
)

_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"
# PIL's RGB -> L conversion (Convert.c, ITU-R 601-2 luma in 16-bit fixed point, rounded).
_LUMA_FIXED = (19595, 38470, 7471)


def read_pictures(
    paths: Sequence[str],
    mode: str,
    size: tuple[int, int],
    memory_format: torch.memory_format = torch.contiguous_format,
    shared: bool = False,
) -> torch.Tensor:
    """The pictures at ``paths`` as uint8 ``(N, C, H, W)`` at ``size``, in ``memory_format``; ``mode`` is
    PIL's ("L" or "RGB"). ``shared``: made in shared memory (a DataLoader worker's batch then reaches the
    training process without another copy)."""
    channels = 1 if mode == "L" else 3
    out = torch.empty((len(paths), channels, *size), dtype=torch.uint8, memory_format=memory_format)
    if shared:
        out.share_memory_()
    to_resize: dict[tuple[int, int], list[tuple[int, torch.Tensor]]] = defaultdict(list)
    for n, path in enumerate(paths):
        pixels = read_picture(path, mode)
        if tuple(pixels.shape[1:]) == tuple(size):
            out[n] = pixels
        else:
            to_resize[tuple(pixels.shape[1:])].append((n, pixels))
    for group in to_resize.values():  # same-sized pictures resized in one call (the same bytes as one by one)
        resized = TF.resize(torch.stack([pixels for _, pixels in group]), list(size), antialias=True)
        out.index_copy_(0, torch.tensor([n for n, _ in group]), resized)
    return out


def read_picture(path: str, mode: str) -> torch.Tensor:
    """One picture at its own size, uint8 ``(C, H, W)``, as ``PIL.Image.open(path).convert(mode)`` gives it."""
    if decode_image is None:
        return _read_with_pil(path, mode)
    try:
        data = read_file(path)
    except RuntimeError as error:  # torchvision says "No such file" as a RuntimeError
        raise DatasetError(f"folder dataset: cannot read the picture {path} ({error})") from error
    if _decodes_like_pil(bytes(data[:26].numpy())):
        try:
            pixels = decode_image(data, mode=ImageReadMode.UNCHANGED)
        except RuntimeError:  # damaged, or a variant the fast decoder refuses: PIL decides
            pixels = None
        if pixels is not None and pixels.dtype == torch.uint8 and pixels.dim() == 3:
            if pixels.shape[0] == 1:
                return pixels if mode == "L" else pixels.expand(3, -1, -1)
            if pixels.shape[0] == 3:
                return pixels if mode == "RGB" else pil_grey(pixels)
    return _read_with_pil(path, mode)


def _decodes_like_pil(head: bytes) -> bool:
    """Whether torchvision decodes this file to PIL's bytes, by its first bytes (whatever its name says):
    any JPEG (a CMYK one comes back with four channels and goes to PIL below), and 8-bit grey or RGB PNG
    (the IHDR's bit depth and colour type; torchvision returns a palette PNG's indices, not its colours)."""
    if head.startswith(_JPEG):
        return True
    return head.startswith(_PNG) and len(head) == 26 and head[24] == 8 and head[25] in (0, 2)


def pil_grey(rgb: torch.Tensor) -> torch.Tensor:
    """uint8 RGB ``(3, H, W)`` turned grey exactly as PIL's ``convert("L")`` does."""
    weights = torch.tensor(_LUMA_FIXED, dtype=torch.int32).view(3, 1, 1)
    return ((rgb.to(torch.int32) * weights).sum(0, keepdim=True) + 0x8000).bitwise_right_shift(16).byte()


def _read_with_pil(path: str, mode: str) -> torch.Tensor:
    try:
        with Image.open(path) as picture:
            converted = picture.convert(mode)
    except OSError as error:
        raise DatasetError(f"folder dataset: cannot read the picture {path} ({error})") from error
    return TF.pil_to_tensor(converted)
