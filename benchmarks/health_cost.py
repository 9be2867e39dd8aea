"""What measuring training health (issue 16.3) costs: the engine with health on against health off, same run.

Run: ``python benchmarks/health_cost.py [--rounds 8] [--threads N]``.

The default project (8,000 shapes images, 100 batches of 64 per epoch) trains one epoch with health on and
one with it off in each round, in alternating order so that a slow spell on this shared machine hits both
alike; probes off in both, so that only health differs. The figure is the median of the paired ratios of
their training speeds (each epoch's own images/s). Goal: health on >= 0.97 x health off (a cost <= 3%).

Because a whole epoch's speed is noisy here, the cost is also measured piece by piece: one plain optimiser
step against one sampled step (the step plus everything health does on it), times the sampled batches per
epoch, over an epoch of plain steps. The two should agree within the noise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

import torch
from _report import report
from train_throughput import _mean_seconds

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


def epoch_speed(project: Project, data: DataSplits, health: bool) -> float:
    """Images per second of one engine epoch's training phase (its own EpochEnd figure)."""
    trainer = Trainer(TrainJob(project, data=data, probes=False, health=health))
    return next(e.images_per_second for e in trainer.run() if isinstance(e, EpochEnd))


def step_costs(project: Project, data: DataSplits) -> tuple[float, float, int]:
    """(plain step, sampled step) in seconds, and the batches per epoch."""
    trainer = Trainer(TrainJob(project, data=data, probes=False))
    batches = len(trainer.batches(1))
    index = torch.arange(project.training["batch_size"])
    x, y = trainer.whiten(trainer.train_x[index]), trainer.train_y[index]
    plain = _mean_seconds(lambda: trainer._step(x, y), 40)
    collector = trainer.health.collector
    assert collector is not None

    def sampled() -> None:
        with collector.sample(batches, batches, len(y)):  # the last batch: histograms too
            trainer._step(x, y)
        collector.end_epoch(1)  # once per epoch; counted with each sampled step here (an upper bound)

    return plain, _mean_seconds(sampled, 40), batches


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
    on, off, ratios = [], [], []
    for round_ in range(args.rounds + 1):
        if round_ % 2:
            a = epoch_speed(project, data, health=True)
            b = epoch_speed(project, data, health=False)
        else:
            b = epoch_speed(project, data, health=False)
            a = epoch_speed(project, data, health=True)
        print(f"round {round_}: health on {a:8,.0f}   off {b:8,.0f} images/s   ratio {a / b:.3f}")
        if round_ > 0:
            on.append(a)
            off.append(b)
            ratios.append(a / b)
    ratio = statistics.median(ratios)
    a, b = statistics.median(on), statistics.median(off)
    print(f"median: on {a:,.0f}, off {b:,.0f} images/s; median paired ratio {ratio:.3f} (goal >= {GOAL})")
    plain, sampled, batches = step_costs(project, data)
    share = (sampled - plain) * SAMPLES / (plain * batches)
    print(f"piece by piece: plain step {plain * 1e3:.2f} ms, sampled step {sampled * 1e3:.2f} ms; "
          f"{SAMPLES} of {batches} batches sampled -> {share:.2%} of training time")  # fmt: skip
    report(
        "training speed with health statistics (default project)", a, "images/s",
        f"ratio >= {GOAL} (cost <= 3%)", ratio >= GOAL, baseline=f"health off {b:,.0f} images/s", ratio=ratio,
    )  # fmt: skip
    report(
        "health statistics cost, piece by piece (default project)", 100 * share, "% of training time",
        "<= 3%", share <= 0.03, baseline=f"plain step {plain * 1e3:.2f} ms, sampled {sampled * 1e3:.2f} ms",
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
