"""From a loaded set to the three splits the trainer uses: chosen, converted, whitened.

Why this order: indices are drawn first so only the images kept are converted (``limit`` on MNIST
converts hundreds, not 60,000); the whitening statistics are measured on the training split alone, so
nothing about the validation or test images leaks into training.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import torch

from .convert import to_input
from .errors import DatasetError
from .options import get_bool, get_float, get_int
from .source import RawDataset

# Refuse sets that would not fit comfortably in memory once converted to float32 (e.g. MNIST at
# 3x224x224 is 36 GB): a clear message beats the operating system killing the program.
MAX_RESIDENT_BYTES = 6 * 1024**3
_MAX_COUNT = 10_000_000


@dataclass(frozen=True, eq=False)  # eq on tensors is ambiguous: compare splits by identity
class DataSplits:
    """Train, validation and test tensors, resident in memory, ready to slice per batch.

    Images are float32 NCHW in the network's input shape, whitened with ``mean`` and ``std`` (per
    channel, measured on the training split; ``(0, ...)`` and ``(1, ...)`` when ``normalize`` is off),
    so a view shows ``x * std + mean`` to get the [0, 1] picture back. Labels are int64.
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
        test_x, test_y = raw.images[test], raw.labels[test]
    if train.numel() == 0:
        raise DatasetError(
            f"{name}: {count} images leave none for training; add images or lower the fractions"
        )
    _check_memory(name, train.numel() + val.numel() + test_x.shape[0], shape)
    train_x = to_input(raw.images[train], shape)
    val_x = to_input(raw.images[val], shape)
    test_x = to_input(test_x, shape)
    mean, std = channel_stats(train_x) if settings.normalize else ((0.0,) * shape[0], (1.0,) * shape[0])
    for x in (train_x, val_x, test_x):
        whiten_(x, mean, std)
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


def channel_stats(x: torch.Tensor) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per-channel mean and (population) standard deviation of NCHW ``x``.

    One channel at a time, so no second copy of the whole set is made; torch sums float32 pairwise,
    accurate enough here. A channel with no spread (a blank set) gets std 1: never divide by zero.
    """
    means, stds = [], []
    for channel in range(x.shape[1]):
        var, mean = torch.var_mean(x[:, channel], correction=0)
        std = float(var.sqrt())
        means.append(float(mean))
        stds.append(std if std > 1e-6 else 1.0)
    return tuple(means), tuple(stds)


def whiten_(x: torch.Tensor, mean: tuple[float, ...], std: tuple[float, ...]) -> torch.Tensor:
    """Subtract ``mean`` and divide by ``std`` per channel, in place (no second copy of the set)."""
    shape = (1, len(mean), 1, 1)
    x.sub_(torch.tensor(mean, dtype=x.dtype).view(shape)).div_(torch.tensor(std, dtype=x.dtype).view(shape))
    return x


def _check_memory(name: str, count: int, shape: tuple[int, int, int]) -> None:
    needed = count * shape[0] * shape[1] * shape[2] * 4
    if needed > MAX_RESIDENT_BYTES:
        raise DatasetError(
            f"{name}: {count:,} images at {shape[0]}x{shape[1]}x{shape[2]} need {needed / 1024**3:.1f} GB of "
            f"memory (at most {MAX_RESIDENT_BYTES / 1024**3:.0f} GB); set limit and eval_limit, or use a "
            "smaller input"
        )
