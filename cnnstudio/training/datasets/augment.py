"""Data augmentation on whole batches of tensors, on the training device.

Why tensors and not PIL: the sets stay resident (on the GPU when there is one) and are sliced per
batch, so augmentation must run there too, batched, with no Python loop per image and no trip
through the CPU. Every random number comes from one ``torch.Generator`` seeded by the caller, so a run
can be repeated exactly on the same device.

Batches arrive whitened (mean 0, std 1 per channel), so "zero" is the mean colour: padding, rotated-in
corners and erased patches are filled with it, and jitter strengths are in standard deviations.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

import torch
import torch.nn.functional as F

from .errors import DatasetError
from .options import get_bool, get_float, get_int

_PREFIX = "dataset.augmentation"
_MIN_ERASE_AREA = 0.02


@dataclass(frozen=True)
class AugmentSettings:
    """Each augmentation is a switch with its strength; every switch is off by default.

    ``enabled`` is a master switch (on by default) so the GUI can pause augmentation without losing the
    chosen switches. The field names are the keys of ``dataset.augmentation`` in the project file.
    """

    enabled: bool = True
    crop: bool = False
    crop_padding: int = 4  # pixels of padding around the image before a random crop of its own size
    hflip: bool = False
    hflip_prob: float = 0.5
    vflip: bool = False
    vflip_prob: float = 0.5
    jitter: bool = False
    jitter_strength: float = 0.2  # brightness, contrast and colour saturation, each +-strength
    rotate: bool = False
    rotate_degrees: float = 10.0  # +-degrees
    scale: bool = False
    scale_amount: float = 0.1  # zoom by a factor in [1 - amount, 1 + amount]
    erase: bool = False
    erase_prob: float = 0.5
    erase_max_area: float = 0.25  # largest erased rectangle, as a fraction of the image

    @property
    def active(self) -> bool:
        """Whether any augmentation will change a batch."""
        switches = (self.crop, self.hflip, self.vflip, self.jitter, self.rotate, self.scale, self.erase)
        return self.enabled and any(switches)

    @classmethod
    def from_dict(cls, values: Mapping[str, Any] | None) -> AugmentSettings:
        """Read ``dataset.augmentation``; unknown keys are ignored, bad values raise :class:`DatasetError`."""
        if values is None:
            return cls()
        if not isinstance(values, Mapping):
            raise DatasetError(f"{_PREFIX}: must be an object of switches, got {values!r}")
        parsed: dict[str, Any] = {}
        for field in fields(cls):
            default = field.default
            if isinstance(default, bool):
                parsed[field.name] = get_bool(values, field.name, default, prefix=_PREFIX)
            elif isinstance(default, int):
                parsed[field.name] = get_int(values, field.name, default, low=0, high=64, prefix=_PREFIX)
            else:
                low, high = _FLOAT_RANGES[field.name]
                parsed[field.name] = get_float(
                    values, field.name, default, low=low, high=high, prefix=_PREFIX
                )
        return cls(**parsed)

    def to_dict(self) -> dict[str, Any]:
        """Every setting, for the project file (written in full so a student sees what can be changed)."""
        return asdict(self)


_FLOAT_RANGES: dict[str, tuple[float, float]] = {
    "hflip_prob": (0.0, 1.0),
    "vflip_prob": (0.0, 1.0),
    "jitter_strength": (0.0, 1.0),
    "rotate_degrees": (0.0, 15.0),
    "scale_amount": (0.0, 0.5),
    "erase_prob": (0.0, 1.0),
    "erase_max_area": (0.0, 1.0),
}


class Augmenter:
    """Applies the switched-on augmentations to a batch ``(N, C, H, W)``, in a fixed order.

    The order is crop, flips, rotation/scaling, jitter, erasing: geometry first, so the erased patch
    and the colour change are not themselves rotated or cropped away. With nothing switched on (or
    ``enabled`` off) a call returns its input itself, at no cost.
    """

    def __init__(
        self, settings: AugmentSettings, seed: int = 0, device: torch.device | str | None = None
    ) -> None:
        self.settings = settings
        self.seed = int(seed)
        self._generator = None if device is None else self._new_generator(_exact(torch.device(device)))

    def _new_generator(self, device: torch.device) -> torch.Generator:
        return torch.Generator(device=device).manual_seed(self.seed)

    def generator_for(self, device: torch.device) -> torch.Generator:
        """The random generator for batches on ``device`` (its state goes into resumable checkpoints)."""
        # A generator lives on one device; a batch on another (first call, or the model moved) starts a
        # fresh stream from the same seed there rather than syncing numbers across devices.
        if self._generator is None or self._generator.device != device:
            self._generator = self._new_generator(device)
        return self._generator

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        s = self.settings
        if not s.active:
            return x
        gen = self.generator_for(x.device)
        if s.crop and s.crop_padding > 0:
            x = random_crop(x, s.crop_padding, gen)
        if s.hflip:
            x = random_flip(x, -1, s.hflip_prob, gen)
        if s.vflip:
            x = random_flip(x, -2, s.vflip_prob, gen)
        if s.rotate or s.scale:
            x = random_affine(
                x, s.rotate_degrees if s.rotate else 0.0, s.scale_amount if s.scale else 0.0, gen
            )
        if s.jitter:
            x = jitter(x, s.jitter_strength, gen)
        if s.erase:
            x = random_erase(x, s.erase_prob, s.erase_max_area, gen)
        return x


def _exact(device: torch.device) -> torch.device:
    """``cuda`` as the ``cuda:N`` that tensors report, so a batch's device compares equal to it."""
    if device.type == "cuda" and device.index is None:
        return torch.device("cuda", torch.cuda.current_device())
    return device


def _uniform(
    shape: tuple[int, ...], gen: torch.Generator, device: torch.device, low: float, high: float
) -> torch.Tensor:
    return torch.rand(shape, generator=gen, device=device).mul_(high - low).add_(low)


def random_crop(x: torch.Tensor, padding: int, gen: torch.Generator) -> torch.Tensor:
    """Pad each image by ``padding`` zeros and cut a window of its own size at a random offset.

    One ``gather`` on the flattened padded batch picks every window at once.
    """
    n, c, h, w = x.shape
    padded = F.pad(x, (padding, padding, padding, padding))
    offsets = torch.randint(0, 2 * padding + 1, (n, 2), generator=gen, device=x.device)
    rows = offsets[:, 0, None] + torch.arange(h, device=x.device)
    cols = offsets[:, 1, None] + torch.arange(w, device=x.device)
    index = (rows[:, :, None] * (w + 2 * padding) + cols[:, None, :]).view(n, 1, h * w).expand(n, c, h * w)
    return padded.view(n, c, -1).gather(2, index).view(n, c, h, w)


def random_flip(x: torch.Tensor, dim: int, prob: float, gen: torch.Generator) -> torch.Tensor:
    """Flip each image along ``dim`` (-1 left-right, -2 upside down) with probability ``prob``."""
    chosen = torch.rand(x.shape[0], generator=gen, device=x.device) < prob
    return torch.where(chosen.view(-1, 1, 1, 1), x.flip(dim), x)


def random_affine(x: torch.Tensor, degrees: float, amount: float, gen: torch.Generator) -> torch.Tensor:
    """Turn each image by up to +-``degrees`` and zoom it by 1 +- ``amount`` about its centre (bilinear)."""
    n = x.shape[0]
    angle = _uniform((n,), gen, x.device, -math.radians(degrees), math.radians(degrees))
    zoom = _uniform((n,), gen, x.device, 1.0 - amount, 1.0 + amount)
    return turn_and_zoom(x, angle, zoom)


def turn_and_zoom(x: torch.Tensor, angle: torch.Tensor, zoom: torch.Tensor) -> torch.Tensor:
    """Turn image ``i`` by ``angle[i]`` radians (counter-clockwise on screen) and zoom it by ``zoom[i]``."""
    _, _, h, w = x.shape
    cos = (torch.cos(angle) / zoom).view(-1, 1, 1)
    sin = (torch.sin(angle) / zoom).view(-1, 1, 1)
    # The sampling grid in grid_sample's [-1, 1] units (pixel centres, align_corners=False), built by
    # broadcasting: F.affine_grid does the same with a batched matmul that costs ~10x more on a CPU.
    # It maps each output pixel to where it reads from, hence 1/zoom; the h/w factors keep a turn a
    # true turn on non-square images.
    xs = (torch.arange(w, device=x.device, dtype=torch.float32) * 2 + 1) / w - 1
    ys = (torch.arange(h, device=x.device, dtype=torch.float32) * 2 + 1) / h - 1
    xs, ys = xs.view(1, 1, w), ys.view(1, h, 1)
    grid_x = cos * xs - sin * (h / w) * ys
    grid_y = sin * (w / h) * xs + cos * ys
    grid = torch.stack((grid_x, grid_y), dim=-1).to(x.dtype)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def jitter(x: torch.Tensor, strength: float, gen: torch.Generator) -> torch.Tensor:
    """Random brightness (shift), contrast (about the image mean) and, for colour, saturation.

    The three are folded into one multiply-add per pixel (plus the grey of each pixel for colour)
    rather than applied one after the other: the same result with a third of the memory traffic.
    """
    n, c = x.shape[:2]
    shift = _uniform((n, 1, 1, 1), gen, x.device, -strength, strength)
    contrast = _uniform((n, 1, 1, 1), gen, x.device, 1.0 - strength, 1.0 + strength)
    # contrast then brightness: x * contrast + offset
    offset = x.mean(dim=(1, 2, 3), keepdim=True) * (1.0 - contrast) + shift
    if c != 3:
        return torch.addcmul(offset, x, contrast)
    # then saturation s about each pixel's grey g: x*contrast*s + g*contrast*(1 - s) + offset
    saturation = _uniform((n, 1, 1, 1), gen, x.device, 1.0 - strength, 1.0 + strength)
    base = torch.addcmul(offset, x.mean(dim=1, keepdim=True), contrast * (1.0 - saturation))
    return torch.addcmul(base, x, contrast * saturation)


def random_erase(x: torch.Tensor, prob: float, max_area: float, gen: torch.Generator) -> torch.Tensor:
    """With probability ``prob`` per image, zero a random rectangle of up to ``max_area`` of it.

    Aspect ratios run from 1:3 to 3:1 as in Zhong et al., "Random Erasing Data Augmentation" (2017).
    """
    n, _, h, w = x.shape
    device = x.device
    chosen = torch.rand(n, generator=gen, device=device) < prob
    area = _uniform((n,), gen, device, min(_MIN_ERASE_AREA, max_area), max_area) * (h * w)
    ratio = torch.exp(_uniform((n,), gen, device, -math.log(3.0), math.log(3.0)))
    tall = (area * ratio).sqrt().round().clamp(1, h)
    wide = (area / ratio).sqrt().round().clamp(1, w)
    top = (torch.rand(n, generator=gen, device=device) * (h - tall + 1)).floor()
    left = (torch.rand(n, generator=gen, device=device) * (w - wide + 1)).floor()
    rows = torch.arange(h, device=device)
    cols = torch.arange(w, device=device)
    in_rows = (rows >= top[:, None]) & (rows < (top + tall)[:, None])
    in_cols = (cols >= left[:, None]) & (cols < (left + wide)[:, None])
    mask = in_rows[:, :, None] & in_cols[:, None, :] & chosen[:, None, None]
    return x.masked_fill(mask[:, None], 0.0)
