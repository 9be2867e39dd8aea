"""How close the budget before Start is to what a run then takes: its time, and its memory.

Run: ``python benchmarks/budget_estimate.py``.

Time: the dry run (``training.dry_run.measure_step``, a few timed steps) gives an epoch estimate; the same
project is then trained for real with the engine (as ``cnnstudio train`` does), and the mean epoch time
(training and validation, the first epoch left out: it pays for warm-up) is the baseline, in the same
process. Goal: estimate / measured between 0.5 and 2 (the Train page says "about").

Memory: each network is trained for one epoch in a fresh child process; its peak resident memory above the
process's memory once torch and the engine are imported is compared with the budget's total for that run.
The budget counts tensors; a process also holds the allocator's slack, oneDNN's workspaces and the dataset
generator's temporaries, about 100-150 MB here whatever the network. Goals: measured / budget between 0.5
and 1.5 where the tensors are gigabytes (VGG-11), and measured - budget under 300 MB for a small network.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _report import report

from cnnstudio.core.budget import memory_budget, size_text
from cnnstudio.core.project import InputShape, default_project
from cnnstudio.core.run_time import estimate_time
from cnnstudio.core.templates import make_template
from cnnstudio.core.training_settings import TrainingSettings

TIME_GOAL = (0.5, 2.0)
MEMORY_GOAL = (0.5, 1.5)
SMALL_OVERHEAD_GOAL = 300e6  # bytes a process holds beyond the budget's tensors


def projects():
    """(name, project) pairs: the default project, and a VGG-11 at 64x64 (big weights, big activations)."""
    default = default_project()
    yield (
        "default",
        default.replace(
            dataset={**default.dataset, "num_images": 4000}, training={**default.training, "epochs": 3}
        ),
    )
    vgg = make_template("vgg11").replace(
        input=InputShape(3, 64, 64),
        dataset={"name": "shapes", "num_classes": 4, "num_images": 400},
        training={
            "optimizer": "sgd",
            "lr": 0.01,
            "batch_size": 16,
            "epochs": 3,
            "seed": 0,
            "eval_batch_size": 64,
        },
    )
    yield "vgg11@64", vgg.with_layers((*vgg.layers[:-1], type(vgg.layers[-1])(out_features=4)))


def time_ratio(name, project) -> None:
    from cnnstudio.training.dry_run import measure_step
    from cnnstudio.training.engine import Trainer, TrainJob
    from cnnstudio.training.events import EpochEnd

    settings = TrainingSettings.from_dict(project.training)
    start = time.perf_counter()
    timing = measure_step(project, settings, reserve_gui_core=False)
    dry = time.perf_counter() - start
    estimate = estimate_time(timing, settings.batch_size, settings.epochs, memory_budget(project).images)
    epochs = []
    last = time.perf_counter()
    for event in Trainer(TrainJob(project, settings, probes=False, reserve_gui_core=False)).run():
        if isinstance(event, EpochEnd):
            now = time.perf_counter()
            epochs.append(now - last)
            last = now
    measured = statistics.mean(epochs[1:])
    ratio = estimate.epoch_seconds / measured
    print(
        f"{name}: dry run {dry:.1f} s ({timing.seconds:.4f} s per step of {timing.batch}), estimate "
        f"{estimate.epoch_seconds:.2f} s per epoch, measured {measured:.2f} s (epochs {[round(e, 2) for e in epochs]})"
    )
    report(
        f"{name}: estimated / measured epoch time", ratio, "x", f"{TIME_GOAL[0]} to {TIME_GOAL[1]}",
        TIME_GOAL[0] <= ratio <= TIME_GOAL[1], baseline=f"measured {measured:.2f} s per epoch", ratio=ratio,
    )  # fmt: skip


def child(name: str) -> None:
    """In a fresh process: the resident memory after imports, then the peak of one epoch of training."""
    from cnnstudio.training.engine import Trainer, TrainJob

    project = dict(projects())[name]
    settings = TrainingSettings.from_dict(project.training).replace(epochs=1, threads=2)
    base = _rss()
    for _ in Trainer(TrainJob(project, settings, probes=False, reserve_gui_core=False)).run():
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"base": base, "peak": peak}))


def _rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def memory_ratio(name, project) -> None:
    out = (
        subprocess.run(
            [sys.executable, __file__, "--child", name],
            capture_output=True,
            text=True,
            check=True,
            timeout=1200,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    figures = json.loads(out)
    used = figures["peak"] - figures["base"]
    budget = memory_budget(project).total
    ratio = used / budget
    print(f"{name}: budget {size_text(budget)}, measured peak above imports {size_text(used)}")
    if budget < 1e9:
        extra = (used - budget) / 1e6
        report(
            f"{name}: measured - budgeted memory", extra, "MB", f"< {SMALL_OVERHEAD_GOAL / 1e6:.0f} MB",
            extra * 1e6 < SMALL_OVERHEAD_GOAL, baseline=f"budget {size_text(budget)}", ratio=ratio,
        )  # fmt: skip
        return
    report(
        f"{name}: measured / budgeted memory", ratio, "x", f"{MEMORY_GOAL[0]} to {MEMORY_GOAL[1]}",
        MEMORY_GOAL[0] <= ratio <= MEMORY_GOAL[1], baseline=f"budget {size_text(budget)}", ratio=ratio,
    )  # fmt: skip


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return
    for name, project in projects():
        memory_ratio(name, project)
        time_ratio(name, project)


if __name__ == "__main__":
    main()
