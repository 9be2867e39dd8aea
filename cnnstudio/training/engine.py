"""The training loop: a generator of small event objects, free of Qt, that a GUI thread or the CLI drives.

    trainer = Trainer(TrainJob(project))          # builds everything; raises TrainingError / DatasetError
    for event in trainer.run(stop, pause):        # RunStarted, BatchProgress, ProbeSnapshot, EpochEnd, Finished
        ...

or ``train(job, stop, pause)``, the same as one generator. The loop itself reads like the PyTorch examples
(``_step``); everything around it is there so that a class can watch it run without slowing it down:

- no host synchronisation per batch: loss and correct counts are summed on the device and read (one sync)
  only when an event is due, BatchProgress at most ``PROGRESS_HZ`` times a second;
- stop and pause are checked before every batch (pause waits on ``stop`` with a timeout, so stop still
  works while paused);
- a NaN/inf loss ends the run as "diverged" with the last good epoch's weights put back; CUDA running out
  of memory ends it as "failed" with a message naming the batch size, also with good weights;
- every random number comes from a seeded generator whose state goes into the checkpoint, so a resumed run
  repeats the uninterrupted one exactly (on the same device).
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from cnnstudio.core.project import Project
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training.datasets import Augmenter, AugmentSettings, DatasetError, DataSplits, load_dataset
from cnnstudio.training.device import describe_device, resolve_device, set_threads
from cnnstudio.training.dry_run import check_fits
from cnnstudio.training.errors import TrainingError
from cnnstudio.training.events import BatchProgress, Event, RunStarted
from cnnstudio.training.history import RunHistory
from cnnstudio.training.init import init_weights
from cnnstudio.training.memory_format import memory_format_for
from cnnstudio.training.optim import Schedule, make_optimizer
from cnnstudio.training.penalties import make_penalty
from cnnstudio.training.probes import Prober, evaluating
from cnnstudio.training.results import probe_input
from cnnstudio.training.run_state import RunState, check_network, is_out_of_memory, oom_message

PROGRESS_HZ = 20.0
PAUSE_POLL_S = 0.05


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


class _Clock:
    """True at most ``hz`` times a second: events follow wall time, not batch counts."""

    def __init__(self, hz: float) -> None:
        self.period = 1.0 / hz
        self.next = time.perf_counter() + self.period

    def due(self, now: float) -> bool:
        if now < self.next:
            return False
        self.next = now + self.period
        return True


class _Meter:
    """Loss and correct-count sums kept on the device; ``read`` is the only host sync."""

    def __init__(self, device: torch.device) -> None:
        self.loss = torch.zeros((), device=device)
        self.correct = torch.zeros((), device=device)
        self.count = 0
        self.read_loss, self.read_correct, self.read_count = 0.0, 0.0, 0

    def add(self, loss: torch.Tensor, correct: torch.Tensor, n: int) -> None:
        self.loss.add_(loss, alpha=n)
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
        loss, correct = torch.stack((self.loss, self.correct)).tolist()
        return (loss / self.count, correct / self.count) if self.count else (math.nan, 0.0)


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
        self.model = self._build_model()
        self.optimizer = make_optimizer(self.model.parameters(), s)
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
        self.state = RunState(self)
        if job.resume is not None:
            self.state.resume(job.resume)

    def _build_model(self) -> torch.nn.Module:
        from cnnstudio.training.build import build_model

        s = self.settings
        torch.manual_seed(s.seed)
        random.seed(s.seed)
        np.random.seed(s.seed % 2**32)
        model = build_model(self.project)
        init_weights(model, s.init, s.bias_init)
        self.memory_format = memory_format_for(s.memory_format, self.device, self.project)
        return model.to(self.device, memory_format=self.memory_format)

    def _move_data(self) -> None:
        """Training and validation sets onto the device, once; a set too big for it is a clear error."""
        d = self.data
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

    # -- the steps ----------------------------------------------------------------------------------------
    def objective(self, logits: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(loss to minimise, cross-entropy): the penalties count in the first, the reported loss is the second."""
        loss = F.cross_entropy(logits, y)
        return (loss + self.penalty(), loss) if self.penalty.active else (loss, loss)

    def _step(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        self.optimizer.zero_grad(set_to_none=True)
        logits = self.model(x)
        total, loss = self.objective(logits, y)
        total.backward()
        self.optimizer.step()
        return loss.detach(), (logits.argmax(dim=1) == y).sum()

    @torch.no_grad()
    def evaluate(self, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
        """Mean loss and accuracy over ``(x, y)`` in eval mode; halves the batch on out-of-memory."""
        if x.shape[0] == 0:
            return math.nan, math.nan
        size = self.budget.eval_batch_size  # eval_batch_size, lowered to what fits in memory
        while True:
            try:
                return self._evaluate(x, y, size)
            except RuntimeError as exc:  # torch.cuda.OutOfMemoryError is one
                if not is_out_of_memory(exc) or size == 1:
                    raise
                size = max(1, size // 2)
                if self.device.type == "cuda":
                    torch.cuda.empty_cache()

    def _evaluate(self, x: torch.Tensor, y: torch.Tensor, size: int) -> tuple[float, float]:
        meter = _Meter(self.device)
        with evaluating(self.model):
            for i in range(0, x.shape[0], size):
                logits = self.model(x[i : i + size])
                target = y[i : i + size]
                meter.add(
                    F.cross_entropy(logits, target), (logits.argmax(dim=1) == target).sum(), len(target)
                )
        return meter.totals()

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
        return parts

    # -- the loop -----------------------------------------------------------------------------------------
    def run(self, stop: threading.Event, pause: threading.Event | None = None) -> Iterator[Event]:
        """Train from the next epoch to ``settings.epochs``, yielding events; always ends with Finished."""
        s, st = self.settings, self.state
        batches = len(self.batches(st.epoch + 1))
        yield RunStarted(
            self.device_name, s.epochs, batches, int(self.train_x.shape[0]), tuple(self.data.class_names),
            start_epoch=st.epoch + 1,
        )  # fmt: skip
        prober = self._prober()
        self.clock = _Clock(PROGRESS_HZ)
        self.started, self.done_batches = time.perf_counter(), 0
        reason, message = "completed", ""
        try:
            for epoch in range(st.epoch + 1, s.epochs + 1):
                meter = _Meter(self.device)
                outcome = yield from self._train_epoch(epoch, meter, stop, pause, prober)
                end = None if outcome else st.end_epoch(epoch, meter, self.epoch_seconds)
                if outcome or end is None:
                    reason = outcome or "diverged"
                    message = st.divergence_message(epoch) if reason == "diverged" else ""
                    break
                yield end
                if prober is not None:
                    yield prober.take(float(epoch))
                if st.should_stop_early():
                    reason = "early_stopped"
                    break
        except RuntimeError as exc:  # torch.cuda.OutOfMemoryError is one
            if not is_out_of_memory(exc):
                raise
            reason, message = "failed", oom_message(self.device_name, s.batch_size)
        yield st.finish(reason, message)

    def _train_epoch(self, epoch, meter, stop, pause, prober) -> Iterator[Event]:
        """One pass over the training set; returns "cancelled"/"diverged" to end the run, else None."""
        self.model.train()
        parts = self.batches(epoch)
        start, paused = time.perf_counter(), 0.0
        for batch, index in enumerate(parts, 1):
            if pause is not None and pause.is_set():
                paused += _wait_while_paused(stop, pause)
            if stop.is_set():
                return "cancelled"
            x = self.augmenter(self.train_x[index])
            loss, correct = self._step(x, self.train_y[index])
            meter.add(loss, correct, index.numel())
            self.done_batches += 1
            now = time.perf_counter()
            # At most PROGRESS_HZ a second, and the last batch of every epoch, so that even an epoch shorter
            # than a clock tick puts a point on the batch-loss curve.
            if self.clock.due(now) or batch == len(parts):
                event = self._progress(epoch, batch, len(parts), meter, now - start - paused)
                if not math.isfinite(event.loss):
                    return "diverged"
                yield event
            if prober is not None and batch < len(parts) and prober.due(now):  # the epoch end takes one
                yield prober.take(epoch - 1 + batch / len(parts))
        self.epoch_seconds = time.perf_counter() - start - paused
        self.started += paused
        return None

    def _progress(self, epoch: int, batch: int, batches: int, meter: _Meter, seconds: float) -> BatchProgress:
        loss, accuracy = meter.read()
        elapsed = time.perf_counter() - self.started
        left = (self.settings.epochs - epoch) * batches + batches - batch
        per_batch = elapsed / self.done_batches
        return BatchProgress(
            epoch, batch, batches, loss, accuracy, self.schedule.lr,
            meter.count / seconds if seconds > 0 else 0.0, per_batch * left,
        )  # fmt: skip

    def _prober(self) -> Prober | None:
        if not self.job.probes:
            return None
        image, label = self.job.probe_image, self.job.probe_label
        if image is None:  # the first validation image (training, without a validation split)
            image, label = probe_input(self.data, self.project.input.shape, 0, None)
        return Prober(
            self.model, self.project.layers, image, label, self.data.mean, self.data.std,
            self.settings.probe_interval_s,
        )  # fmt: skip


def _check_folder(project: Project) -> None:
    from cnnstudio.core.dataset_size import folder_problem

    problem = folder_problem(project.dataset)
    if problem:
        raise DatasetError(problem)


def _wait_while_paused(stop: threading.Event, pause: threading.Event) -> float:
    """Block while ``pause`` is set, waking at once on ``stop``; returns the seconds spent paused."""
    start = time.perf_counter()
    while pause.is_set() and not stop.is_set():
        stop.wait(PAUSE_POLL_S)
    return time.perf_counter() - start


def train(job: TrainJob, stop: threading.Event, pause: threading.Event | None = None) -> Iterator[Event]:
    """The whole run as one generator; set-up errors are raised by the first ``next()``."""
    trainer = Trainer(job)
    yield from trainer.run(stop, pause)
