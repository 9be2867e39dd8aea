"""What a run remembers between epochs: best and last good weights, early stopping, checkpoints.

Kept apart from the loop (``engine.py``) so that the loop stays the short, PyTorch-example-like part and
this, the bookkeeping, can be read on its own: the rules for "best" (lowest validation loss, better by more
than ``min_delta``), for early stopping (``patience`` epochs without such an improvement), what is put back
when a run diverges (the last epoch whose losses were finite), and what a resumable checkpoint holds.
"""

from __future__ import annotations

import math
import re
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch

from cnnstudio.core.project import Project
from cnnstudio.core.project_file import project_to_dict
from cnnstudio.core.shapes import first_problem, shape_text
from cnnstudio.training.checkpoint import (
    capture_rng,
    clone_state,
    load_checkpoint,
    load_weights,
    restore_rng,
    save_checkpoint,
)
from cnnstudio.training.errors import CheckpointError, NetworkMismatchError
from cnnstudio.training.events import EpochEnd, Finished
from cnnstudio.training.history import BEST_FILE, HISTORY_FILE, LAST_FILE, RunHistory

if TYPE_CHECKING:
    from cnnstudio.training.datasets import DataSplits
    from cnnstudio.training.engine import Trainer, _Meter


def check_network(project: Project, data: DataSplits | None = None) -> None:
    """Refuse, before any training, a network that cannot work or that does not fit the data's classes."""
    report = project.report
    if not report.valid:
        raise NetworkMismatchError(first_problem(project.layers, report) or "the network cannot be built")
    if report.total_params == 0:  # torch's optimisers refuse an empty parameter list with a traceback
        raise NetworkMismatchError(
            "the network has no weights to learn: add a conv2d or linear layer (or a batchnorm2d) to train it"
        )
    if data is None:
        return
    out, classes = report.output_shape or (), data.num_classes
    if len(out) != 1:
        raise NetworkMismatchError(
            f"the network ends in a {shape_text(out)} feature map but the dataset '{data.name}' needs "
            f"{classes} class scores: add flatten and a linear layer with out_features {classes}"
        )
    if out[0] != classes:
        raise NetworkMismatchError(
            f"the last layer gives {out[0]} outputs but the dataset '{data.name}' has {classes} classes: "
            f"set the last linear layer's out_features to {classes}"
        )


def is_out_of_memory(exc: BaseException) -> bool:
    """CUDA's OutOfMemoryError, or the RuntimeError other backends (MPS, CPU allocators) raise for it."""
    text = str(exc).lower()
    return isinstance(exc, torch.cuda.OutOfMemoryError) or "out of memory" in text or "can't allocate" in text


def allocation_message(exc: BaseException) -> str:
    """One line for an allocation that failed while a network or its data was being built (the CPU
    allocator's own message is a paragraph with a C++ source location)."""
    found = re.search(r"allocate (\d+) bytes", str(exc))
    size = f" {int(found.group(1)):,} bytes" if found else " the memory"
    return (
        f"not enough memory: torch could not allocate{size} for this network, its data or a batch; "
        "use a smaller network, input or batch size"
    )


def oom_message(device: str, batch_size: int) -> str:
    return (
        f"{device} ran out of memory at batch size {batch_size}: lower training.batch_size "
        f"(try {max(1, batch_size // 2)}), or use a smaller network or input. The last good weights were kept."
    )


class RunState:
    """Epoch counter, best/good weights and early-stopping counters of one ``Trainer``."""

    def __init__(self, trainer: Trainer) -> None:
        # A proxy, not a reference: the trainer owns its state, and a cycle between them would keep a whole
        # run's model and data alive until Python's cyclic collector happened to run (benchmarks/soak.py).
        self.t = weakref.proxy(trainer)
        self.epoch = 0  # last finished epoch
        self.best_loss = math.inf
        self.best_epoch: int | None = None
        self.bad_epochs = 0
        self.best_state: dict[str, torch.Tensor] | None = None
        self.good_state = clone_state(trainer.model)  # the weights to restore if the loss diverges
        self.good_epoch = 0

    # -- epochs -------------------------------------------------------------------------------------------
    def end_epoch(self, epoch: int, meter: _Meter, seconds: float) -> EpochEnd | None:
        """Validate, update best/early-stopping/schedule/history, checkpoint; None when the loss diverged."""
        t = self.t
        train_loss, train_accuracy = meter.totals()
        val_loss, val_accuracy = t.evaluate(*t.val)
        has_val = t.val[0].shape[0] > 0
        watched = val_loss if has_val else train_loss  # no validation split: watch the training loss
        if not math.isfinite(train_loss) or not math.isfinite(watched):
            return None
        lr = t.schedule.lr
        if watched < self.best_loss - t.settings.min_delta:
            self.best_loss, self.best_epoch, self.bad_epochs = watched, epoch, 0
            self.best_state = self.good_state = clone_state(t.model)
        else:
            self.bad_epochs += 1
            self.good_state = clone_state(t.model)
        self.good_epoch = self.epoch = epoch
        t.schedule.step(watched)
        speed = meter.count / seconds if seconds > 0 else 0.0
        t.history.add_epoch(
            epoch, train_loss=train_loss, train_accuracy=train_accuracy, val_loss=val_loss,
            val_accuracy=val_accuracy, lr=lr, seconds=seconds, images_per_second=speed,
        )  # fmt: skip
        t.history.best_epoch = self.best_epoch
        if t.job.out_dir is not None and epoch % t.settings.checkpoint_every == 0:
            save_checkpoint(Path(t.job.out_dir) / LAST_FILE, self.resumable())
        return EpochEnd(
            epoch, train_loss, train_accuracy, val_loss, val_accuracy, lr, seconds, meter.count, speed,
            best_epoch=self.best_epoch,
        )  # fmt: skip

    def should_stop_early(self) -> bool:
        s = self.t.settings
        return s.early_stopping and self.bad_epochs >= s.patience

    def divergence_message(self, epoch: int) -> str:
        kept = f"the weights of epoch {self.good_epoch}" if self.good_epoch else "the initial weights"
        return (
            f"the loss became NaN or infinite in epoch {epoch}; {kept} were restored. Lower the learning rate "
            f"(now {self.t.settings.lr:g}) or the L1/L2 penalties."
        )

    # -- the end ------------------------------------------------------------------------------------------
    def finish(self, reason: str, message: str = "") -> Finished:
        """Put back the right weights, measure the test set, write best.pt and history.json."""
        t = self.t
        if reason in ("diverged", "failed"):
            t.model.load_state_dict(self.good_state)
        elif t.settings.restore_best and self.best_state is not None:
            t.model.load_state_dict(self.best_state)
        test_accuracy = None
        if reason in ("completed", "early_stopped") and t.data.test_x.shape[0] > 0:
            _, test_accuracy = t.evaluate(t.resident(t.data.test_x), t.data.test_y.to(t.device))
        h = t.history
        h.finish_reason, h.message, h.test_accuracy, h.best_epoch = (
            reason,
            message,
            test_accuracy,
            self.best_epoch,
        )
        checkpoint = None
        if t.job.out_dir is not None:
            folder = Path(t.job.out_dir)
            if self.best_state is not None:
                checkpoint = str(save_checkpoint(folder / BEST_FILE, self.best_model()))
            h.save(folder / HISTORY_FILE)
        return Finished(reason, message, self.best_epoch, test_accuracy, checkpoint)

    # -- checkpoints --------------------------------------------------------------------------------------
    def best_model(self) -> dict[str, Any]:
        """The best weights with what is needed to use them without the run (export, the GUI)."""
        t = self.t
        return {
            "kind": "model",
            "model": self.best_state,
            "epoch": self.best_epoch,
            "val_loss": self.best_loss,
            "project": project_to_dict(t.project),
            "class_names": list(t.data.class_names),
            "mean": list(t.data.mean),
            "std": list(t.data.std),
        }

    def resumable(self) -> dict[str, Any]:
        t = self.t
        return {
            "kind": "resume",
            "model": t.model.state_dict(),
            "optimizer": t.optimizer.state_dict(),
            "scheduler": t.schedule.state_dict(),
            "epoch": self.epoch,
            "rng": capture_rng(_augment_generator(t)),
            "history": t.history.to_dict(),
            "early_stopping": {
                "best_loss": self.best_loss,
                "best_epoch": self.best_epoch,
                "bad_epochs": self.bad_epochs,
            },
            "best_model": self.best_state,
            "project": project_to_dict(t.project),
        }

    def resume(self, path: str | Path) -> None:
        """Continue from a ``last.pt``: weights, optimiser, schedule, counters, history and random states."""
        t = self.t
        data = load_checkpoint(path, map_location=t.device)
        if data.get("kind") != "resume":
            raise CheckpointError(f"{path}: holds only weights, not a run to continue (use a last.pt)")
        load_weights(t.model, data["model"], path)
        try:
            t.optimizer.load_state_dict(data["optimizer"])
            t.schedule.load_state_dict(data["scheduler"])
        except (ValueError, KeyError) as exc:
            raise CheckpointError(
                f"{path}: its optimiser or schedule differs from the project's settings ({exc})"
            ) from None
        stopping = data["early_stopping"]
        self.best_loss, self.best_epoch, self.bad_epochs = (
            float(stopping["best_loss"]), stopping["best_epoch"], int(stopping["bad_epochs"])
        )  # fmt: skip
        self.best_state = data.get("best_model")
        self.epoch = self.good_epoch = int(data["epoch"])
        self.good_state = clone_state(t.model)
        t.history = RunHistory.from_dict(data["history"])
        t.history.truncate(self.epoch)
        t.history.device, t.history.finish_reason = t.device_name, None
        restore_rng(data["rng"], _augment_generator(t))


def _augment_generator(trainer: Trainer) -> torch.Generator | None:
    """The augmenter's random generator (created on the training device), for checkpoints."""
    # Augmenter keeps it private; _generator_for is its own accessor and creates it on first use.
    return trainer.augmenter._generator_for(trainer.device)
