"""What a finished run hands to the window, as plain numpy: its results and a few test images.

Why apart from :mod:`cnnstudio.training.results` (which computes them with torch): the window trains in a
child process and receives these objects through a pipe; unpickling them must not import torch into the
window, so their classes live here, with numpy alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class RunResults:
    class_names: tuple[str, ...]
    filters: np.ndarray | None  # first conv layer's weights (out, in, kh, kw), float32
    filter_layer: tuple[int, ...] | None
    examples: np.ndarray  # (N, C, H, W) test images in [0, 1], as a person sees them
    labels: np.ndarray  # (N,) int64 true classes
    probabilities: np.ndarray  # (N, classes) softmax
    confusion: np.ndarray  # (classes, classes) int64 counts, rows true, columns predicted
    split: str  # "test", or "validation" when the set has no test split

    @property
    def predicted(self) -> np.ndarray:
        return self.probabilities.argmax(axis=1) if len(self.probabilities) else np.zeros(0, np.int64)

    @property
    def accuracy(self) -> float:
        total = int(self.confusion.sum())
        return float(np.trace(self.confusion)) / total if total else float("nan")

    def top_k(self, index: int, k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` most probable classes of example ``index``, best first, as (name, probability)."""
        row = self.probabilities[index]
        order = np.argsort(row)[::-1][:k]
        return [(self.class_names[i], float(row[i])) for i in order]


@dataclass(frozen=True, eq=False)
class SampleSet:
    """Test images of a run's dataset for the teaching tools, with the whitening that feeds them to it."""

    images: np.ndarray  # (N, C, H, W) float32 in [0, 1]
    labels: np.ndarray  # (N,) int64
    class_names: tuple[str, ...]
    mean: Sequence[float]
    std: Sequence[float]

    def to_input(self, image: np.ndarray):
        """One display image (C, H, W) of any size, whitened with the training split's statistics, as the
        model's input tensor (the FC-to-conv panel feeds a mosaic larger than the network's input)."""
        import torch

        mean = torch.tensor(self.mean, dtype=torch.float32).view(-1, 1, 1)
        std = torch.tensor(self.std, dtype=torch.float32).view(-1, 1, 1)
        return (torch.from_numpy(np.ascontiguousarray(image, dtype=np.float32)) - mean) / std

    def as_tuple(self) -> tuple:
        """(display images, labels, class names, to_input): what the teaching tools' sample source returns."""
        return self.images, self.labels, tuple(self.class_names), self.to_input
