"""From a loaded set to the three splits the trainer uses: chosen, converted, measured.

Why this order: indices are drawn first so only the images kept are converted (``limit`` on MNIST
converts hundreds, not 60,000); the whitening statistics are measured on the training split alone, so
nothing about the validation or test images leaks into training.

Why 8-bit pixels: every image set is 8-bit to begin with, and float32 takes four times the memory (600
ResNet-sized images: 361 MB instead of 90; on a GPU, four times fewer sets fit). The splits keep uint8
pixels and :meth:`DataSplits.whiten` turns each batch into the network's float input where it is used,
on the training device. A set converted here (resized, or drawn as floats) is rounded to the nearest
byte once, as saving it as a picture would.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import torch

from .convert import to_pixels
from .errors import DatasetError
from .options import get_bool, get_float, get_int
from .source import RawDataset
from .stream import StreamedImages

# Refuse sets that would not fit comfortably in memory as 8-bit pixels (e.g. MNIST at 3x224x224 is 9 GB):
# a clear message beats the operating system killing the program.
MAX_RESIDENT_BYTES = 6 * 1024**3
_MAX_COUNT = 10_000_000


@dataclass(frozen=True, eq=False)  # eq on tensors is ambiguous: compare splits by identity
class DataSplits:
    """Train, validation and test images, resident in memory, ready to slice per batch.

    Images are 8-bit pixels, uint8 NCHW in the network's input shape; :meth:`whiten` makes a batch the
    network's input, float32 ``(x / 255 - mean) / std`` per channel, with ``mean`` and ``std`` measured
    on the training split in [0, 1] units (``(0, ...)`` and ``(1, ...)`` when ``normalize`` is off). So
    ``x / 255`` is the picture a person sees. Labels are int64.
    """

    train_x: torch.Tensor
    train_y: torch.Tensor
    val_x: torch.Tensor
    val_y: torch.Tensor
    test_x: torch.Tensor
    test_y: torch.Tensor
    class_names: tuple[str, ...]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    name: str

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    def whiten(self, x: torch.Tensor) -> torch.Tensor:
        """Pixels (uint8 ``(N, C, H, W)`` or ``(C, H, W)``, any device) as the network's float32 input."""
        return self.whitener(x.device)(x)

    def whitener(self, device: torch.device | str) -> Whitener:
        """:meth:`whiten` with its constants made once on ``device`` (no host copy per batch)."""
        return Whitener(self.mean, self.std, torch.device(device))


class Whitener:
    """``x / 255`` minus ``mean``, over ``std``, per channel, as one multiply-add; keeps the memory format."""

    def __init__(self, mean: tuple[float, ...], std: tuple[float, ...], device: torch.device) -> None:
        channels = len(mean)
        std_t = torch.tensor(std, dtype=torch.float64)
        self.scale = (1.0 / (255.0 * std_t)).float().view(channels, 1, 1).to(device)
        self.shift = (
            (-torch.tensor(mean, dtype=torch.float64) / std_t).float().view(channels, 1, 1).to(device)
        )

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return x.float().mul_(self.scale).add_(self.shift)


@dataclass(frozen=True)
class SplitSettings:
    """The keys every dataset shares: split fractions, ``limit``/``eval_limit`` and ``normalize``."""

    val_fraction: float = 0.1
    test_fraction: float = 0.1
    limit: int | None = None
    eval_limit: int | None = None
    normalize: bool = True

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> SplitSettings:
        settings = cls(
            val_fraction=get_float(values, "val_fraction", cls.val_fraction, low=0.0, high=0.9),
            test_fraction=get_float(values, "test_fraction", cls.test_fraction, low=0.0, high=0.9),
            limit=get_int(values, "limit", None, low=1, high=_MAX_COUNT),
            eval_limit=get_int(values, "eval_limit", None, low=1, high=_MAX_COUNT),
            normalize=get_bool(values, "normalize", cls.normalize),
        )
        if settings.val_fraction + settings.test_fraction > 0.9:
            total = settings.val_fraction + settings.test_fraction
            raise DatasetError(
                f"dataset.val_fraction + dataset.test_fraction: must be at most 0.9, got {total:g}"
            )
        return settings


def make_splits(
    raw: RawDataset, shape: tuple[int, int, int], settings: SplitSettings, seed: int, name: str
) -> DataSplits:
    """Split ``raw`` with ``seed``, convert to ``shape`` and whiten on the training split."""
    generator = torch.Generator().manual_seed(int(seed))
    count = raw.images.shape[0]
    test_fraction = 0.0 if raw.test_images is not None else settings.test_fraction
    train, val, test = split_indices(count, settings.val_fraction, test_fraction, generator)
    train = train[: settings.limit]
    val = val[: settings.eval_limit]
    if raw.test_images is not None and raw.test_labels is not None:
        test_x, test_y = raw.test_images[: settings.eval_limit], raw.test_labels[: settings.eval_limit]
    else:
        test = test[: settings.eval_limit]
        streamed = isinstance(raw.images, StreamedImages)
        test_x = raw.images.subset(test) if streamed else raw.images[test]
        test_y = raw.labels[test]
    if train.numel() == 0:
        raise DatasetError(
            f"{name}: {count} images leave none for training; add images or lower the fractions"
        )
    if isinstance(raw.images, StreamedImages):  # training pictures stay in their files; the rest is read
        _check_memory(name, val.numel() + test.numel(), shape)
        train_x, val_x, test_x = raw.images.subset(train), raw.images.subset(val).load(), test_x.load()
        stats_x = train_x.sample()
    else:
        _check_memory(name, train.numel() + val.numel() + test_x.shape[0], shape)
        train_x = stats_x = to_pixels(raw.images[train], shape)
        val_x = to_pixels(raw.images[val], shape)
        test_x = to_pixels(test_x, shape)
    mean, std = pixel_stats(stats_x) if settings.normalize else ((0.0,) * shape[0], (1.0,) * shape[0])
    return DataSplits(
        train_x, raw.labels[train].long(), val_x, raw.labels[val].long(), test_x, test_y.long(),
        raw.class_names, mean, std, name,
    )  # fmt: skip


def split_indices(
    count: int, val_fraction: float, test_fraction: float, generator: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """A random permutation of ``range(count)`` cut into train, validation and test indices."""
    order = torch.randperm(count, generator=generator)
    n_val, n_test = round(count * val_fraction), round(count * test_fraction)
    return order[n_val + n_test :], order[:n_val], order[n_val : n_val + n_test]


def pixel_stats(x: torch.Tensor, chunk: int = 4096) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per-channel mean and (population) standard deviation of uint8 NCHW ``x``, in [0, 1] units.

    Summed in float64 a chunk of images at a time: exact enough for millions of pixels, and no float copy
    of the whole set. A channel with no spread (a blank set) gets std 1: never divide by zero.
    """
    channels = x.shape[1]
    total = torch.zeros(channels, dtype=torch.float64)
    squares = torch.zeros(channels, dtype=torch.float64)
    for start in range(0, x.shape[0], chunk):
        part = x[start : start + chunk].double().div_(255.0)
        total += part.sum(dim=(0, 2, 3))
        squares += part.square_().sum(dim=(0, 2, 3))
    count = max(1, x.shape[0] * x.shape[2] * x.shape[3])
    mean = total / count
    std = (squares / count - mean.square()).clamp_(min=0.0).sqrt()
    stds = tuple(float(v) if v > 1e-6 else 1.0 for v in std)
    return tuple(float(v) for v in mean), stds


def _check_memory(name: str, count: int, shape: tuple[int, int, int]) -> None:
    needed = count * shape[0] * shape[1] * shape[2]  # one byte a value
    if needed > MAX_RESIDENT_BYTES:
        raise DatasetError(
            f"{name}: {count:,} images at {shape[0]}x{shape[1]}x{shape[2]} need {needed / 1024**3:.1f} GB of "
            f"memory (at most {MAX_RESIDENT_BYTES / 1024**3:.0f} GB); set limit and eval_limit, or use a "
            "smaller input" + ("; or stream: true to read them a batch at a time" if name == "folder" else "")
        )
