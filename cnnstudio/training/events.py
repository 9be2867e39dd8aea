"""The small, frozen event objects the training loop yields.

They are the whole interface between the engine and its observers (the GUI's worker thread, a child
process's pipe, the CLI): plain data, numpy arrays rather than tensors, so that nothing an observer holds
keeps a GPU buffer alive or races with the optimiser, and every event pickles. They are built with keywords
only (``kw_only``): a reader of ``EpochEnd(val_loss=..., lr=...)`` needs no list of positions. Epochs are
counted from 1, as people count them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cnnstudio.core.health import EpochHealth

FINISH_REASONS = ("completed", "early_stopped", "diverged", "cancelled", "failed")


@dataclass(frozen=True, kw_only=True)
class RunStarted:
    device: str  # "cpu", "cuda:0 (NVIDIA H100)", ...
    epochs: int
    batches_per_epoch: int
    train_images: int
    class_names: tuple[str, ...]
    start_epoch: int = 1  # > 1 when resuming from a checkpoint
    notes: tuple[str, ...] = ()  # what a resumed run could not carry over, one line each


@dataclass(frozen=True, kw_only=True)
class BatchProgress:
    epoch: int
    batch: int  # 1-based index of the batch just finished
    batches: int
    loss: float
    accuracy: float
    lr: float
    images_per_second: float
    seconds_left: float | None

    @property
    def epoch_fraction(self) -> float:
        """Position on an epoch axis: 0.5 is halfway through epoch 1."""
        return self.epoch - 1 + self.batch / self.batches


@dataclass(frozen=True, kw_only=True)
class EpochEnd:
    epoch: int
    train_loss: float
    train_accuracy: float
    val_loss: float
    val_accuracy: float
    lr: float
    seconds: float
    train_images: int
    images_per_second: float
    best_epoch: int | None = None


@dataclass(frozen=True, kw_only=True)
class PoolingSnapshot:
    """What one pooling layer received and produced for the probe image."""

    path: tuple[int, ...]
    type: str
    input: np.ndarray  # (C, H, W) float32
    output: np.ndarray  # (C, H', W') float32
    winners: np.ndarray | None = None  # max pooling: (C, H', W') int64, flat index into H*W of a window's max

    def winner_mask(self) -> np.ndarray | None:
        """True at every input cell that won a max-pooling window, (C, H, W); None for other pooling."""
        if self.winners is None:
            return None
        channels, height, width = self.input.shape
        mask = np.zeros((channels, height * width), dtype=bool)
        np.put_along_axis(mask, self.winners.reshape(channels, -1), True, axis=1)
        return mask.reshape(channels, height, width)


@dataclass(frozen=True, kw_only=True)
class ProbeSnapshot:
    """Activations of the probe image after every layer, taken at a bounded rate while training."""

    epoch: float
    image: np.ndarray  # (C, H, W) float32 in [0, 1], as a person would see it
    label: int
    activations: dict[tuple[int, ...], np.ndarray] = field(default_factory=dict)  # path -> (C,H,W) or (N,)
    pooling: tuple[PoolingSnapshot, ...] = ()
    probabilities: np.ndarray | None = None  # (num_classes,) softmax of the logits


@dataclass(frozen=True, kw_only=True)
class Diverging:
    """The training loss keeps rising far above where it started (``active``), or came back down."""

    epoch: float  # where on the epoch axis it was noticed
    loss: float  # the recent training loss (median of the last readings)
    start_loss: float  # the training loss at the start of the run
    lr: float
    active: bool = True


@dataclass(frozen=True, kw_only=True)
class Measuring:
    """The final measurement after training (the test split, or validation without one) is under way.

    The first one (``done`` 0) says that training is over: a window gives its controls back then, while
    this measurement, which can be skipped, goes on."""

    split: str  # "test" or "validation"
    done: int  # images measured so far
    total: int


@dataclass(frozen=True, kw_only=True)
class Measured:
    """What the final measurement found, for the results view (confusion matrix, example predictions)."""

    split: str  # "test" or "validation"
    images: int
    loss: float
    accuracy: float
    confusion: np.ndarray  # (classes, classes) int64, rows true class, columns predicted
    probabilities: np.ndarray  # (N, classes) float32 softmax of the split's first N images


@dataclass(frozen=True, kw_only=True)
class SettingsChanged:
    """A change made while the run was paused took effect (``run_changes``): ``record`` is what the run's
    history keeps (``epoch`` where it happened, what changed and its value before); ``error`` says why a
    change was refused (then nothing changed)."""

    epoch: float  # epochs done when it took effect (1.5: half-way through epoch 2)
    record: dict = field(default_factory=dict)
    error: str = ""


@dataclass(frozen=True, kw_only=True)
class Finished:
    reason: str  # one of FINISH_REASONS
    message: str = ""
    best_epoch: int | None = None
    test_accuracy: float | None = None
    checkpoint: str | None = None  # path of the best checkpoint, when one was written
    measured: Measured | None = None  # None when the final measurement was skipped or not made


Event = (
    RunStarted
    | BatchProgress
    | EpochEnd
    | EpochHealth
    | ProbeSnapshot
    | Diverging
    | Measuring
    | SettingsChanged
    | Finished
)
