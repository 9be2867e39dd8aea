"""The training loop: a generator of small event objects, free of Qt, that a GUI worker or the CLI drives.

    trainer = Trainer(TrainJob(project))          # builds everything; raises TrainingError / DatasetError
    for event in trainer.run(control):            # RunStarted, BatchProgress, ProbeSnapshot, EpochEnd, Finished
        ...

or ``train(job, control)``, the same as one generator. ``Trainer.run`` is the loop and reads like the
PyTorch examples; everything around it is there so that a class can watch it run without slowing it down:

- no host synchronisation per batch: loss and correct counts are summed on the device (``Meter``) and read
  only when an event is due, BatchProgress at most ``PROGRESS_HZ`` times a second;
- stop and pause (``RunControl``) are checked before every batch; pause waits on stop, so stop still works;
- every way a run ends (stopped, diverged, stopped early, out of memory) raises ``RunEnded``, caught once;
  a NaN/inf loss ends it as "diverged" with the last good epoch's weights put back, running out of memory
  as "failed" with a message naming the batch size, also with good weights;
- every random number comes from a seeded generator whose state goes into the checkpoint, so a resumed run
  repeats the uninterrupted one exactly (on the same device).

Longer than the house's ~400 lines because ``Trainer`` is one idea, a run from setup to its files: ``run()``
stays one screen and each phase around it (setup, evaluation, checkpoints, probes, the end) is a short method.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from cnnstudio.core.project import Project
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training.build import check_network, start_model
from cnnstudio.training.checkpoint import clone_state, save_checkpoint
from cnnstudio.training.clocks import Clock, Stopwatch
from cnnstudio.training.control import RunControl
from cnnstudio.training.datasets import Augmenter, AugmentSettings, DatasetError, DataSplits, load_dataset
from cnnstudio.training.device import describe_device, resolve_device, set_threads
from cnnstudio.training.divergence import DivergenceWatch
from cnnstudio.training.dry_run import check_fits
from cnnstudio.training.epoch_weights import epoch_checkpoint, epoch_path, keeps_epoch
from cnnstudio.training.errors import TrainingError, is_out_of_memory, out_of_memory_message
from cnnstudio.training.evaluation import evaluate, measure
from cnnstudio.training.events import (
    BatchProgress,
    Diverging,
    EpochEnd,
    Event,
    Finished,
    RunStarted,
    SettingsChanged,
)
from cnnstudio.training.health import RunHealth
from cnnstudio.training.history import BEST_FILE, HISTORY_FILE, LAST_FILE, SERIES, RunHistory
from cnnstudio.training.losses import loss_function
from cnnstudio.training.meter import Meter
from cnnstudio.training.optim import Schedule, make_optimizer
from cnnstudio.training.penalties import make_penalty
from cnnstudio.training.precision import mixed_precision
from cnnstudio.training.probes import Prober
from cnnstudio.training.results import EXAMPLES, probe_input
from cnnstudio.training.run_changes import ChangeError, apply_change
from cnnstudio.training.run_files import best_model, claim_folder, restore_run, resumable_checkpoint
from cnnstudio.training.run_state import RunState

PROGRESS_HZ = 20.0


@dataclass
class TrainJob:
    """What to train and where to keep it. Only ``project`` is required."""

    project: Project
    settings: TrainingSettings | None = None  # default: parsed from project.training
    data: DataSplits | None = None  # default: loaded from project.dataset
    out_dir: Path | None = None  # run folder: best.pt, last.pt, history.json (nothing written when None)
    resume: Path | None = None  # a last.pt to continue from
    probe_image: torch.Tensor | None = None  # whitened (C, H, W); default: the first validation image
    probe_label: int = -1
    probes: bool = True
    reserve_gui_core: bool = True  # leave one core to the GUI when threads is not set
    health: bool = True  # measure training health on a few batches per epoch (training.health)


class RunEnded(Exception):
    """The run ends before its last epoch: ``reason`` is a Finished reason, ``message`` says why."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(reason)
        self.reason, self.message = reason, message


class Trainer:
    """Everything a run needs, built in ``__init__`` (so errors come before the first event)."""

    def __init__(self, job: TrainJob) -> None:
        self.job = job
        self.project = job.project
        s = self.settings = job.settings or TrainingSettings.from_dict(job.project.training)
        if job.data is None:  # a folder that is not there is said before anything else is checked
            _check_folder(self.project)
        check_network(self.project)  # the class count too, before drawing or reading any image
        set_threads(s.effective_threads(job.reserve_gui_core))
        self.device = resolve_device(s.device)
        self.budget = check_fits(self.project, s, self.device)  # before allocating anything
        self.data = job.data
        if self.data is None:
            self.data = load_dataset(self.project.dataset, self.project.input.shape, s.seed)
        check_network(self.project, self.data)
        self.model, self.memory_format = start_model(self.project, s, self.device)
        self.loss, self.eval_chunk = loss_function(s.loss), self.budget.eval_chunk
        self.optimizer = make_optimizer(self.model.parameters(), s)
        self.autocast, self.scaler = mixed_precision(s.precision, self.device)
        self.schedule = Schedule(self.optimizer, s)
        self.penalty = make_penalty(
            self.model, s.l1, s.l2, s.penalty_scope, s.penalty_layers, s.penalize_bias
        )
        augment = AugmentSettings.from_dict(self.project.dataset.get("augmentation"))
        self.augmenter = Augmenter(augment, seed=s.seed, device=self.device)
        self._move_data()
        self.device_name = describe_device(self.device)
        self.history = RunHistory(
            device=self.device_name, class_names=list(self.data.class_names), settings=s.to_dict()
        )
        self.state, self.notes = RunState(good_state=clone_state(self.model)), []
        if job.resume is not None:
            generator = self.augmenter.generator_for(self.device)
            restored = restore_run(job.resume, self.model, self.optimizer, self.schedule, generator, s)
            self.state, self.history, self.notes = restored.state, restored.history, restored.notes
            self.history.device, self.history.settings = self.device_name, s.to_dict()
        self.folder = None if job.out_dir is None else Path(job.out_dir)
        if self.folder is not None:
            claim_folder(self.folder, job.resume)
        self.health = RunHealth(self.model, self.project.layers, self.folder, self.state.epoch, job.health)

    def _move_data(self) -> None:
        """Training and validation sets onto the device, once, as 8-bit pixels (whitened a batch at a time
        where they are used, by ``self.whiten``); a set too big for the device is a clear error."""
        d = self.data
        self.whiten = d.whitener(self.device)
        try:
            self.train_x, self.train_y = self.resident(d.train_x), d.train_y.to(self.device)
            self.val = (self.resident(d.val_x), d.val_y.to(self.device))
        except RuntimeError as exc:
            if not is_out_of_memory(exc):
                raise
            size = (d.train_x.numel() + d.val_x.numel()) * d.train_x.element_size() / 2**20
            raise TrainingError(
                f"the {d.name} images ({size:,.0f} MB) do not fit in the memory of {self.device}: set a "
                "smaller dataset.limit, a smaller input, or device cpu"
            ) from None

    def resident(self, x: torch.Tensor) -> torch.Tensor:
        """Images moved to the training device once, in the model's memory format."""
        x = x.to(self.device)
        return x.contiguous(memory_format=self.memory_format) if x.dim() == 4 else x

    # -- the loop -----------------------------------------------------------------------------------------
    def run(self, control: RunControl | None = None) -> Iterator[Event]:
        """Train from the next epoch to ``settings.epochs``, yielding events; always ends with Finished."""
        control = control or RunControl()
        s, first = self.settings, self.state.epoch + 1
        batches = len(self.batches(first))
        yield RunStarted(
            device=self.device_name,
            epochs=s.epochs,
            batches_per_epoch=batches,
            start_epoch=first,
            notes=tuple(self.notes),
            train_images=int(self.train_x.shape[0]),
            class_names=tuple(self.data.class_names),
        )
        prober, clock, watch, diverging = self._prober(), Clock(PROGRESS_HZ), Stopwatch(), DivergenceWatch()
        try:
            with _out_of_memory_ends_run(self.device_name, s.batch_size):
                for epoch in range(first, s.epochs + 1):
                    self.model.train()
                    meter = Meter(self.device)
                    watch.new_epoch()
                    for batch, index in enumerate(self.batches(epoch), 1):
                        watch.exclude(control.wait_while_paused())
                        if control.stop.is_set():
                            raise RunEnded("cancelled")
                        for change in control.take_changes():  # sent while paused: applied before this batch
                            yield self._change(change, epoch - 1 + (batch - 1) / batches)
                        x, y = self.augmenter(self.whiten(self.train_x[index])), self.train_y[index]
                        with self.health.sample(batch, batches, len(y)):  # a few batches an epoch
                            loss, correct = self._step(x, y)
                        meter.add(loss, correct, len(y))
                        now = time.perf_counter()
                        # The run's first batch reports (the loss it starts from, which the divergence watch
                        # compares with), and every epoch's last (a short epoch still draws a point).
                        done = (epoch - first) * batches + batch
                        if clock.due(now) or batch == batches or done == 1:
                            yield from self._report(epoch, batch, batches, meter, watch, done, diverging)
                        if prober is not None and batch < batches and prober.due(now):  # epoch end: below
                            yield prober.take(epoch - 1 + batch / batches)
                    yield self._end_epoch(epoch, meter, watch.epoch_seconds(), control)
                    if (health := self.health.end_epoch(epoch)) is not None:
                        yield health
                    if prober is not None:
                        yield prober.take(float(epoch))
                    if self.state.should_stop_early(s.early_stopping, s.patience):
                        raise RunEnded("early_stopped")
        except RunEnded as end:
            yield from self._finish(end.reason, end.message, control)
        else:
            yield from self._finish("completed", "", control)

    def _change(self, change: Any, where: float) -> SettingsChanged:
        """Apply one ``RunChange`` and record it in the history (saved with the next epoch)."""
        try:
            record = apply_change(self.model, self.schedule, change, where)
        except ChangeError as exc:
            return SettingsChanged(epoch=where, error=str(exc))
        self.history.changes.append(record)
        return SettingsChanged(epoch=where, record=record)

    def _step(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """One optimisation step; returns the batch's loss and correct count, still on the device."""
        self.optimizer.zero_grad(set_to_none=True)
        with self.autocast():  # float32: no change; mixed precision: forward and loss in 16 bits
            logits = self.model(x)
            total, loss = self.objective(logits, y)
        self.scaler.scale(total).backward()  # the scaler passes float32 and bfloat16 through unchanged
        self.scaler.unscale_(self.optimizer)  # float16: the clipping below sees the true gradient
        if self.settings.clip_grad_norm > 0:  # course 000: one huge gradient must not throw the weights away
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.settings.clip_grad_norm)
        self.scaler.step(self.optimizer)  # float16: a step whose gradients overflowed is skipped
        self.scaler.update()
        return loss.detach().float(), (logits.argmax(dim=1) == y).sum()

    def objective(self, logits: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(loss to minimise, the chosen loss): the penalties count in the first, the second is reported."""
        loss = self.loss(logits, y)
        return (loss + self.penalty(), loss) if self.penalty.active else (loss, loss)

    def batches(self, epoch: int) -> list[torch.Tensor]:
        """This epoch's index batches: a permutation seeded by (seed, epoch), so a resumed run repeats it.

        A last batch of one image is dropped (BatchNorm cannot train on it); the next epoch's order differs.
        """
        n, size = self.train_x.shape[0], self.settings.batch_size
        seed = (self.settings.seed * 1_000_003 + epoch) % 2**63
        order = torch.randperm(n, generator=torch.Generator().manual_seed(seed)).to(self.device)
        parts = list(order.split(size))
        if len(parts) > 1 and parts[-1].numel() == 1:
            parts.pop()
        if hasattr(self.train_x, "plan"):  # pictures read from their folder: workers read this order ahead
            self.train_x.plan(parts)
        return parts

    def _report(
        self,
        epoch: int,
        batch: int,
        batches: int,
        meter: Meter,
        watch: Stopwatch,
        done: int,
        diverging: DivergenceWatch,
    ) -> Iterator[Event]:
        """The progress since the last report, and a change of the divergence watch; a NaN/inf loss ends
        the run here, before it is drawn."""
        loss, accuracy = meter.read()
        if not math.isfinite(loss):
            raise RunEnded("diverged", self.state.divergence_message(epoch, self.settings.lr))
        epoch_seconds, lr = watch.epoch_seconds(), self.schedule.lr
        left = (self.settings.epochs - epoch + 1) * batches - batch
        yield BatchProgress(
            epoch=epoch,
            batch=batch,
            batches=batches,
            loss=loss,
            accuracy=accuracy,
            lr=lr,
            images_per_second=meter.count / epoch_seconds if epoch_seconds > 0 else 0.0,
            seconds_left=watch.run_seconds() / done * left,
        )
        change = diverging.add(loss)
        if change is not None:
            where = epoch - 1 + batch / batches
            yield Diverging(
                epoch=where, loss=diverging.level, start_loss=diverging.start, lr=lr, active=change
            )

    # -- between epochs and at the end --------------------------------------------------------------------
    def _end_epoch(self, epoch: int, meter: Meter, seconds: float, control: RunControl) -> EpochEnd:
        """Validate, keep the best/good weights, step the schedule, record and checkpoint the epoch.
        A stop during validation ends the run without the epoch (as a stop during its batches does)."""
        s = self.settings
        train_loss, train_accuracy = meter.totals()
        validated = self.evaluate(*self.val, interrupted=control.stop.is_set)
        if validated is None:
            raise RunEnded("cancelled")
        val_loss, val_accuracy = validated
        watched = val_loss if self.val[0].shape[0] else train_loss  # no validation split: the training loss
        if not (math.isfinite(train_loss) and math.isfinite(watched)):
            raise RunEnded("diverged", self.state.divergence_message(epoch, s.lr))
        self.state.record(epoch, watched, clone_state(self.model), s.min_delta)
        end = EpochEnd(
            epoch=epoch,
            train_loss=train_loss,
            train_accuracy=train_accuracy,
            val_loss=val_loss,
            val_accuracy=val_accuracy,
            lr=self.schedule.lr,
            seconds=seconds,
            train_images=meter.count,
            images_per_second=meter.count / seconds if seconds > 0 else 0.0,
            best_epoch=self.state.best_epoch,
        )
        self.schedule.step(watched)
        self.history.add_epoch(epoch, **{name: getattr(end, name) for name in SERIES})
        self.history.best_epoch = self.state.best_epoch
        self._write_epoch(epoch)
        return end

    def _write_epoch(self, epoch: int) -> None:
        """Keep the folder a whole run after every epoch (a kill leaves it consistent): history, the best
        weights when this epoch is the best, and every ``checkpoint_every`` epochs the state to resume."""
        if self.folder is None:
            return
        if self.state.best_epoch == epoch:
            save_checkpoint(self.folder / BEST_FILE, self._best_model())
        if epoch % self.settings.checkpoint_every == 0:
            save_checkpoint(self.folder / LAST_FILE, self.resumable())
        if keeps_epoch(self.model, epoch):  # the insight views' epoch slider replays them
            save_checkpoint(
                epoch_path(self.folder, epoch), epoch_checkpoint(self._best_model(), self.model, epoch)
            )
        self.history.save(self.folder / HISTORY_FILE)

    def _finish(self, reason: str, message: str, control: RunControl) -> Iterator[Event]:
        """Put back the right weights, measure the test split (a phase of its own, which ``skip_test`` cuts
        short), write history.json (and best.pt if not yet written), and say how the run ended."""
        if (health := self.health.end_epoch(self.state.epoch + 1, partial=True)) is not None:
            yield health  # the epoch the run ended in, as far as it went (a diverging run's last figures)
        state = self.state
        weights = state.final_weights(reason, self.settings.restore_best)
        if weights is not None:
            self.model.load_state_dict(weights)
        measured = None
        if reason != "failed" and not control.skip_test.is_set():  # out of memory: measuring could fail too
            measured = yield from self._measure_test(control)
        # The test accuracy of a finished run; a stopped or diverged one is measured for its results only.
        finished = (
            reason in ("completed", "early_stopped") and measured is not None and measured.split == "test"
        )
        test_accuracy = measured.accuracy if finished else None
        h = self.history
        h.finish_reason, h.message, h.test_accuracy = reason, message, test_accuracy
        checkpoint = None
        if self.folder is not None:
            if (
                state.best_state is not None
            ):  # best.pt was written when its epoch ended, unless before a resume
                best = self.folder / BEST_FILE
                checkpoint = str(best if best.is_file() else save_checkpoint(best, self._best_model()))
            h.save(self.folder / HISTORY_FILE)
        yield Finished(
            reason=reason,
            message=message,
            best_epoch=state.best_epoch,
            test_accuracy=test_accuracy,
            checkpoint=checkpoint,
            measured=measured,
        )

    def _measure_test(self, control: RunControl) -> Iterator[Event]:
        """The test split (validation without one) with its progress; returns ``Measured`` or None."""
        d = self.data
        split, x, y = ("test", d.test_x, d.test_y) if d.test_x.shape[0] else ("validation", d.val_x, d.val_y)
        if x.shape[0] == 0:
            return None
        return (
            yield from measure(
                self.model,
                split,
                self.resident(x),
                y.to(self.device),
                self.loss,
                self.eval_chunk,
                d.num_classes,
                EXAMPLES,
                control.skip_test.is_set,
                self.whiten,
            )
        )

    def _best_model(self) -> dict[str, Any]:
        return best_model(self.state, self.project, self.data, self.history.run_id)

    def resumable(self) -> dict[str, Any]:
        """A checkpoint to continue this run from, exactly where it is (see ``run_files.restore_run``)."""
        return resumable_checkpoint(
            self.state,
            self.model,
            self.optimizer,
            self.schedule,
            self.history,
            self.project,
            self.augmenter.generator_for(self.device),
            self.settings,
        )

    # -- evaluation -----------------------------------------------------------------------------------------
    def evaluate(
        self, x: torch.Tensor, y: torch.Tensor, interrupted: Callable[[], bool] | None = None
    ) -> tuple[float, float] | None:
        """Mean loss and accuracy over the 8-bit images ``x`` and labels ``y``, in eval mode (None when
        ``interrupted()`` turned true)."""
        return evaluate(self.model, x, y, self.loss, self.eval_chunk, interrupted, self.whiten)

    def _prober(self) -> Prober | None:
        if not self.job.probes:
            return None
        image, label = self.job.probe_image, self.job.probe_label
        if image is None:  # the first validation image (training, without a validation split)
            image, label = probe_input(self.data, self.project.input.shape, 0, None)
        d = self.data
        return Prober(
            self.model, self.project.layers, image, label, d.mean, d.std, self.settings.probe_interval_s
        )


@contextlib.contextmanager
def _out_of_memory_ends_run(device: str, batch_size: int) -> Iterator[None]:
    """Running out of memory (CUDA's OutOfMemoryError, or another backend's RuntimeError) ends the run."""
    try:
        yield
    except RuntimeError as exc:
        if not is_out_of_memory(exc):
            raise
        raise RunEnded("failed", out_of_memory_message(device, batch_size)) from None


def _check_folder(project: Project) -> None:
    from cnnstudio.core.dataset_size import folder_problem

    problem = folder_problem(project.dataset)
    if problem:
        raise DatasetError(problem)


def train(job: TrainJob, control: RunControl | None = None) -> Iterator[Event]:
    """The whole run as one generator; set-up errors are raised by the first ``next()``."""
    trainer = Trainer(job)
    yield from trainer.run(control)
