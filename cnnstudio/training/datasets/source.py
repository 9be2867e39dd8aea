"""What a loader hands to the pipeline: the images as found, before any split or conversion."""

from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class RawDataset:
    """Images NCHW, one size, uint8 0..255 or float 0..1, with int64 labels.

    Why keep them raw: the split is chosen on indices first, so a ``limit: 500`` on MNIST converts 500
    images rather than 60,000. ``test_images`` is set for sets that come with their own test split.
    """

    images: torch.Tensor
    labels: torch.Tensor
    class_names: tuple[str, ...]
    test_images: torch.Tensor | None = None
    test_labels: torch.Tensor | None = None

    def __post_init__(self) -> None:
        if self.images.shape[0] != self.labels.shape[0]:
            raise ValueError(f"{self.images.shape[0]} images but {self.labels.shape[0]} labels")
        if (self.test_images is None) != (self.test_labels is None):
            raise ValueError("test_images and test_labels go together")
