"""How long a run will take, from one measured training step (``training/dry_run.py`` measures it).

Why the arithmetic is here and not in the dry run: the Train page recomputes the estimate when the epochs or
the number of images change, without measuring again (the time per batch does not depend on them), and the
command line prints the same figures.

An epoch is its training batches (the engine drops a last batch of one image) plus a forward pass over the
validation split; the run is its epochs plus one pass over the test split. A forward pass without gradients
costs about a third of a training step per image (backward costs about twice the forward).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cnnstudio.core.dataset_size import SplitCounts

LONG_RUN_S = 3600.0  # a run longer than this gets a warning before Start
FORWARD_SHARE = 1 / 3


@dataclass(frozen=True)
class StepTiming:
    """What a dry run measured: seconds per training step on ``batch`` images, on ``device``, of which
    ``overhead`` does not grow with the batch (the optimiser's step and the weight gradients of a big dense
    layer: 1.3 s of VGG-11's 1.4 s step on 2 images here, fitted from two batch sizes by the dry run)."""

    seconds: float
    batch: int
    device: str
    overhead: float = 0.0

    def seconds_for(self, batch: int) -> float:
        """A step on ``batch`` images: the overhead, and the rest in proportion to the images."""
        return self.overhead + (self.seconds - self.overhead) * batch / self.batch


@dataclass(frozen=True)
class TimeEstimate:
    seconds_per_batch: float
    batch_size: int
    batches_per_epoch: int
    epochs: int
    eval_images: int  # validation images, measured after every epoch
    test_images: int  # measured once at the end
    device: str
    measured_batch: int  # images in the measured step: fewer than a batch means scaled up linearly

    @property
    def extrapolated(self) -> bool:
        return self.measured_batch < self.batch_size

    @property
    def seconds_per_image(self) -> float:
        return self.seconds_per_batch / self.batch_size

    @property
    def epoch_seconds(self) -> float:
        forward = self.eval_images * self.seconds_per_image * FORWARD_SHARE
        return self.batches_per_epoch * self.seconds_per_batch + forward

    @property
    def run_seconds(self) -> float:
        return self.epochs * self.epoch_seconds + self.test_images * self.seconds_per_image * FORWARD_SHARE

    @property
    def long(self) -> bool:
        return self.run_seconds > LONG_RUN_S


def batches_per_epoch(train_images: int, batch_size: int) -> int:
    """The engine's batches: ``ceil(n / batch)``, less a last batch of one image (BatchNorm cannot train on it)."""
    parts = math.ceil(train_images / batch_size) if train_images else 0
    return parts - 1 if parts > 1 and train_images % batch_size == 1 else parts


def estimate_time(timing: StepTiming, batch_size: int, epochs: int, images: SplitCounts) -> TimeEstimate:
    """The run's time from one measured step; a step measured on fewer images is scaled up (its overhead
    once, the rest in proportion)."""
    per_batch = timing.seconds_for(batch_size)
    return TimeEstimate(
        seconds_per_batch=per_batch,
        batch_size=batch_size,
        batches_per_epoch=batches_per_epoch(images.train, batch_size),
        epochs=epochs,
        eval_images=images.val,
        test_images=images.test,
        device=timing.device,
        measured_batch=timing.batch,
    )
