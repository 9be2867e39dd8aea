"""What measuring training health (issue 16.3) costs: the engine with health on against health off, same run.

Run: ``python benchmarks/health_cost.py [--rounds 8] [--threads N]``.

The default project (8,000 shapes images, 100 batches of 64 per epoch) trains one epoch with health on and
one with it off in each round, in alternating order so that a slow spell on this shared machine hits both
alike; probes off in both, so that only health differs. The figure is the median of the paired ratios of
their training speeds (each epoch's own images/s). Goal: health on >= 0.97 x health off (a cost <= 3%).

On a shared machine a whole epoch's wall-clock speed swings by 2-10x with other people's work, so two
steadier figures come with it, both in this process's CPU time (what the run itself spent, whoever else
ran): the same paired A/B with images per CPU-second of each run (training, validation and test alike in
both arms), and the cost piece by piece: a plain optimiser step against a sampled one (the step plus what
health does on it: a middle sampled batch, and the last with its histograms and the epoch's summing up),
as the share of an epoch of plain steps.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import torch
from _report import report

from cnnstudio.core.project import Project, default_project
from cnnstudio.training.datasets import DataSplits, load_dataset
from cnnstudio.training.engine import Trainer, TrainJob
from cnnstudio.training.events import EpochEnd
from cnnstudio.training.health import SAMPLES

GOAL = 0.97


def make_project(threads: int) -> Project:
    project = default_project()
    training = {**project.training, "epochs": 1, "seed": 0, "threads": threads, "device": "cpu"}
    return project.replace(training=training)


def epoch_speed(project: Project, data: DataSplits, health: bool) -> tuple[float, float]:
    """(images per wall second of one engine epoch's training phase, its own EpochEnd figure; training
    images per CPU second of the whole run)."""
    trainer = Trainer(TrainJob(project, data=data, probes=False, health=health))
    start = time.process_time()
    speeds = [e.images_per_second for e in trainer.run() if isinstance(e, EpochEnd)]  # the whole run
    return speeds[0], data.train_x.shape[0] / (time.process_time() - start)


def _cpu_seconds(work, repeats: int) -> float:
    for _ in range(3):
        work()
    start = time.process_time()
    for _ in range(repeats):
        work()
    return (time.process_time() - start) / repeats


def step_costs(project: Project, data: DataSplits) -> tuple[float, float, float, int]:
    """CPU seconds of (a plain step, a middle sampled step, the last sampled step with the epoch's summing
    up), and the batches per epoch."""
    trainer = Trainer(TrainJob(project, data=data, probes=False))
    batches = len(trainer.batches(1))
    index = torch.arange(project.training["batch_size"])
    x, y = trainer.whiten(trainer.train_x[index]), trainer.train_y[index]
    collector = trainer.health.collector
    assert collector is not None

    def middle() -> None:
        with collector.sample(1, batches, len(y)):
            trainer._step(x, y)

    def last() -> None:
        with collector.sample(batches, batches, len(y)):
            trainer._step(x, y)
        collector.end_epoch(1)

    plain = _cpu_seconds(lambda: trainer._step(x, y), 40)
    return plain, _cpu_seconds(middle, 40), _cpu_seconds(last, 40), batches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    project = make_project(args.threads)
    data = load_dataset(project.dataset, project.input.shape, seed=0)
    print(f"{project.name}: {data.train_x.shape[0]} training images, {args.threads} threads, "
          f"{args.rounds} rounds (+1 warm-up), {SAMPLES} sampled batches per epoch")  # fmt: skip
    on, off, ratios, cpu_ratios = [], [], [], []
    for round_ in range(args.rounds + 1):
        if round_ % 2:
            a, a_cpu = epoch_speed(project, data, health=True)
            b, b_cpu = epoch_speed(project, data, health=False)
        else:
            b, b_cpu = epoch_speed(project, data, health=False)
            a, a_cpu = epoch_speed(project, data, health=True)
        print(f"round {round_}: health on {a:8,.0f}   off {b:8,.0f} images/s   ratio {a / b:.3f}   "
              f"per CPU second: on {a_cpu:7,.0f}  off {b_cpu:7,.0f}  ratio {a_cpu / b_cpu:.3f}")  # fmt: skip
        if round_ > 0:
            on.append(a)
            off.append(b)
            ratios.append(a / b)
            cpu_ratios.append(a_cpu / b_cpu)
    ratio, cpu_ratio = statistics.median(ratios), statistics.median(cpu_ratios)
    a, b = statistics.median(on), statistics.median(off)
    print(f"median: on {a:,.0f}, off {b:,.0f} images/s; median paired ratio {ratio:.3f}, "
          f"per CPU second {cpu_ratio:.3f} (goal >= {GOAL})")  # fmt: skip
    plain, middle, last, batches = step_costs(project, data)
    share = ((SAMPLES - 1) * (middle - plain) + (last - plain)) / (plain * batches)
    print(f"piece by piece (CPU): plain step {plain * 1e3:.2f} ms, middle sampled {middle * 1e3:.2f} ms, "
          f"last sampled + epoch summary {last * 1e3:.2f} ms; {SAMPLES} of {batches} batches sampled -> "
          f"{share:.2%} of training time")  # fmt: skip
    report(
        "training speed with health statistics (default project, wall clock)", a, "images/s",
        f"ratio >= {GOAL} (cost <= 3%)", ratio >= GOAL, baseline=f"health off {b:,.0f} images/s", ratio=ratio,
    )  # fmt: skip
    report(
        "training speed with health statistics (default project, per CPU second)", cpu_ratio, "x health off",
        f">= {GOAL}", cpu_ratio >= GOAL, baseline="the same run without health, per CPU second", ratio=cpu_ratio,
    )  # fmt: skip
    report(
        "health statistics cost, piece by piece (default project, CPU time)", 100 * share,
        "% of training time", "<= 3%", share <= 0.03,
        baseline=f"plain step {plain * 1e3:.2f} ms, sampled {middle * 1e3:.2f} / {last * 1e3:.2f} ms",
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
