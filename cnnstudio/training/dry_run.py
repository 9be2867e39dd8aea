"""The torch side of the budget: a device's free memory, the check before allocating, and a short dry run.

Why a dry run rather than a formula: the time of a training step depends on the device, its threads, the
memory format and torch's kernels far more than on multiply-adds. A few steps on random images of the
project's size, with the project's optimiser, on the device the run will use, give the time per batch that
``core.run_time.estimate_time`` turns into an epoch and a run.

The dry run is kept short and cancellable: it first times a step on ``SMALL_BATCH`` images (a few seconds even
for VGG-16 at 224x224 on a laptop), then on twice as many, and so on up to the batch while a step is expected
to take under ``FULL_BATCH_LIMIT_S`` and fits in memory, checking ``stop`` between steps. A batch it does
not reach is estimated from the last two sizes: a step has a fixed part (the optimiser's update and the
weight gradients of a big dense layer do not grow with the batch: VGG-11 at 64x64 took 1.4 s on 2 images
and 2.0 s on 16 here) and a part per image. Nothing is allocated before the memory budget says it fits.
"""

from __future__ import annotations

import gc
import statistics
import threading
import time
from collections.abc import Callable

import torch
import torch.nn.functional as F

from cnnstudio.core.budget import MemoryBudget, memory_budget
from cnnstudio.core.machine_memory import available_ram
from cnnstudio.core.project import Project
from cnnstudio.core.readiness import export_problem, memory_problem
from cnnstudio.core.run_time import StepTiming, TimeEstimate
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training.device import describe_device, resolve_device, set_threads
from cnnstudio.training.errors import MemoryBudgetError
from cnnstudio.training.memory_format import memory_format_for

SMALL_BATCH = 2  # BatchNorm on a flat input cannot train on one image
FULL_BATCH_LIMIT_S = 3.0  # measure a larger batch only when one step should take less than this
SECOND_SIZE_LIMIT_S = 12.0  # ... but a second size whenever it can, even if slow: it gives the overhead
MEASURE_S = 1.0  # time steps until this much time has passed (at least one step)
MAX_STEPS = 5
MAX_WARMUP = 6


def device_memory(device: torch.device) -> int | None:
    """Bytes a new allocation can use on ``device`` now: the GPU's free memory, else the computer's RAM."""
    if device.type == "cuda":
        free, _total = torch.cuda.mem_get_info(device)
        return int(free)
    if device.type == "mps":
        recommended = getattr(torch.mps, "recommended_max_memory", None)
        if recommended is not None:
            return int(recommended() - torch.mps.current_allocated_memory())
    return available_ram()


def device_budget(project: Project, settings: TrainingSettings, device: torch.device) -> MemoryBudget:
    return memory_budget(project, settings, device_memory(device))


def check_fits(project: Project, settings: TrainingSettings, device: torch.device) -> MemoryBudget:
    """The run's budget on ``device``; ``MemoryBudgetError`` (with its size and the fix) when it cannot fit."""
    budget = device_budget(project, settings, device)
    problem = memory_problem(budget)
    if problem:
        raise MemoryBudgetError(problem)
    return budget


def check_export_fits(project: Project, with_checkpoint: bool) -> None:
    """Refuse an export whose weights cannot fit in the computer's memory, before building the model."""
    problem = export_problem(project, available_ram(), with_checkpoint)
    if problem:
        raise MemoryBudgetError(problem)


def measure_step(
    project: Project,
    settings: TrainingSettings,
    stop: threading.Event | None = None,
    reserve_gui_core: bool = True,
    progress: Callable[[StepTiming], None] | None = None,
) -> StepTiming | None:
    """Seconds per training step of ``project`` on the settings' device; None when ``stop`` was set.

    ``progress`` receives each smaller size's figure as soon as it is known. Raises
    ``MemoryBudgetError`` when even the small step would not fit, ``TrainingError`` for a missing device.
    """
    from cnnstudio.training.build import build_model
    from cnnstudio.training.optim import make_optimizer

    stop = stop or threading.Event()
    set_threads(settings.effective_threads(reserve_gui_core))
    device = resolve_device(settings.device)
    small = min(SMALL_BATCH, settings.batch_size)
    check_fits(project, settings.replace(batch_size=small), device)
    name = describe_device(device)
    memory_format = memory_format_for(settings.memory_format, device, project)
    model = build_model(project).to(device, memory_format=memory_format)
    step = _Stepper(model, make_optimizer(model.parameters(), settings), project, device, memory_format)
    try:
        return _ladder(
            step,
            small,
            settings.batch_size,
            name,
            stop,
            progress,
            lambda n: _fits(project, settings.replace(batch_size=n), device),
        )
    finally:
        del step, model
        gc.collect()
        if device.type == "cuda":
            torch.cuda.empty_cache()


def _ladder(step, small, full, device_name, stop, progress, fits) -> StepTiming | None:
    """Time steps on ``small``, then twice as many images, ... up to the batch, while the next step is
    expected to take under ``FULL_BATCH_LIMIT_S`` and fits; a batch not reached is estimated from the last
    two sizes (a fixed overhead per step plus a cost per image; with one size, all per image)."""
    times: dict[int, float] = {}
    n = small
    while True:
        seconds = _timed(step, n, stop)
        if seconds is None:
            return None
        times[n] = seconds
        timing = _fitted(times, device_name)
        if n == full:
            return timing
        if progress is not None:
            progress(timing)
        nxt = min(2 * n, full)
        limit = SECOND_SIZE_LIMIT_S if len(times) == 1 else FULL_BATCH_LIMIT_S  # two sizes give the overhead
        if timing.seconds_for(nxt) > limit or not fits(nxt):
            return timing
        n = nxt


def _fitted(times: dict[int, float], device_name: str) -> StepTiming:
    """The largest measured size, with the overhead of a line through the last two (none with one)."""
    sizes = sorted(times)
    n2 = sizes[-1]
    if len(sizes) == 1:
        return StepTiming(times[n2], n2, device_name)
    n1 = sizes[-2]
    per_image = max(0.0, (times[n2] - times[n1]) / (n2 - n1))
    overhead = min(times[n2], max(0.0, times[n2] - per_image * n2))
    return StepTiming(times[n2], n2, device_name, overhead)


def _fits(project: Project, settings: TrainingSettings, device: torch.device) -> bool:
    return device_budget(project, settings, device).fits is not False


def _timed(step: _Stepper, batch: int, stop: threading.Event) -> float | None:
    """Median seconds of a step on ``batch`` images, after warm-up steps: the first steps of each new shape
    pay for allocations and kernel selection (up to 40x a settled step for a small CPU network; twice a
    settled step for VGG-11), so they run until one is no longer clearly faster than the one before, or is
    itself long."""
    previous = None
    for _ in range(MAX_WARMUP):
        if stop.is_set():
            return None
        seconds = _one(step, batch)
        if seconds >= MEASURE_S or (previous is not None and seconds > 0.8 * previous):
            break
        previous = seconds
    times: list[float] = []
    while not times or (sum(times) < MEASURE_S and len(times) < MAX_STEPS):
        if stop.is_set():
            return None
        times.append(_one(step, batch))
    return statistics.median(times)


def _one(step: _Stepper, batch: int) -> float:
    start = time.perf_counter()
    step(batch)
    return time.perf_counter() - start


class _Stepper:
    """One training step as the engine takes it (forward, cross-entropy, backward, optimiser step), on
    random images of the project's input and random labels of its classes."""

    def __init__(self, model, optimizer, project: Project, device: torch.device, memory_format) -> None:
        self.model, self.optimizer, self.device, self.memory_format = model, optimizer, device, memory_format
        self.shape = project.input.shape
        out = project.report.output_shape or (1,)
        self.classes = out[0] if len(out) == 1 else 0
        self.model.train()

    def __call__(self, batch: int) -> None:
        x = torch.randn(batch, *self.shape, device=self.device).contiguous(memory_format=self.memory_format)
        self.optimizer.zero_grad(set_to_none=True)
        logits = self.model(x)
        if self.classes:
            loss = F.cross_entropy(logits, torch.randint(0, self.classes, (batch,), device=self.device))
        else:  # a network ending in a map cannot train, but its speed can still be measured
            loss = logits.float().square().mean()
        loss.backward()
        self.optimizer.step()
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
        elif self.device.type == "mps":
            torch.mps.synchronize()


def measured_budget(
    project: Project, settings: TrainingSettings, stop: threading.Event | None = None
) -> tuple[MemoryBudget, TimeEstimate | None]:
    """The budget on the settings' device and, when the run fits, the time measured by a dry run there
    (``cnnstudio summary --measure``); the estimate is None when the run does not fit or was stopped."""
    from cnnstudio.core.run_time import estimate_time

    budget = device_budget(project, settings, resolve_device(settings.device))
    if budget.fits is False or budget.images is None:
        return budget, None
    timing = measure_step(project, settings, stop, reserve_gui_core=False)
    if timing is None:
        return budget, None
    return budget, estimate_time(timing, settings.batch_size, settings.epochs, budget.images)
