"""Running sums of loss and correct predictions, kept on the device so the loop never waits for the GPU.

Reading a number off a GPU tensor (``.item()``) makes the host wait for every queued kernel. So the loop
adds each batch's loss and correct count to device tensors and reads them only when it reports: at most
``PROGRESS_HZ`` times a second and once per epoch. On the CPU this costs nothing either way.
"""

from __future__ import annotations

import math

import torch


class Meter:
    """Loss and correct-count sums over a pass; ``read`` is the only host sync."""

    def __init__(self, device: torch.device) -> None:
        self.loss = torch.zeros((), device=device)
        self.correct = torch.zeros((), device=device)
        self.count = 0
        self.read_loss, self.read_correct, self.read_count = 0.0, 0.0, 0

    def add(self, loss: torch.Tensor, correct: torch.Tensor, n: int) -> None:
        """Count a batch of ``n`` images whose mean loss is ``loss`` and ``correct`` of them right."""
        self.loss.add_(loss.detach(), alpha=n)
        self.correct.add_(correct)
        self.count += n

    def read(self) -> tuple[float, float]:
        """Mean loss and accuracy since the previous ``read`` (NaN loss when nothing was added)."""
        loss, correct = torch.stack((self.loss, self.correct)).tolist()
        n = self.count - self.read_count
        window = ((loss - self.read_loss) / n, (correct - self.read_correct) / n) if n else (math.nan, 0.0)
        self.read_loss, self.read_correct, self.read_count = loss, correct, self.count
        return window

    def totals(self) -> tuple[float, float]:
        """Mean loss and accuracy over everything added."""
        loss, correct = torch.stack((self.loss, self.correct)).tolist()
        return (loss / self.count, correct / self.count) if self.count else (math.nan, 0.0)
