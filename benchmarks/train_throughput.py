"""How much the training engine costs beside a bare PyTorch loop, on the same model, data and batch size.

Run: ``python benchmarks/train_throughput.py [--rounds 5] [--batch 64] [--threads N] [--model lenet|default]``.

The baseline is the loop of STYLE.md and the PyTorch examples: a seeded permutation, a slice of the resident
tensor per batch, ``zero_grad``/forward/cross-entropy/backward/step, nothing else. The engine runs with
everything the GUI gets by default: BatchProgress at 20 per second, a ProbeSnapshot (one extra forward
pass with hooks on every layer) every half second and at each epoch end, loss and accuracy summed on the
device. Both are timed over their training phase only (validation excluded from both), alternating rounds
in one process so that a busy machine slows both alike. Goal: engine / bare >= 0.95.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from _report import report

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project, default_project
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training.build import build_model
from cnnstudio.training.datasets import DataSplits, load_dataset
from cnnstudio.training.engine import Trainer, TrainJob
from cnnstudio.training.events import EpochEnd, ProbeSnapshot

GOAL = 0.95


def lenet_project() -> Project:
    """A small LeNet-like CNN on 1x28x28, as in DESIGN.md section 5's measurement."""
    layers = (
        S.Conv2d(out_channels=16, kernel_size=5, padding=2),
        S.ReLU(),
        S.MaxPool2d(kernel_size=2),
        S.Conv2d(out_channels=32, kernel_size=5),
        S.ReLU(),
        S.AvgPool2d(kernel_size=2),
        S.Flatten(),
        S.Linear(out_features=64),
        S.ReLU(),
        S.Linear(out_features=6),
    )
    return Project(name="LeNet-like", input=InputShape(1, 28, 28), layers=layers)


def make_project(kind: str, batch: int, threads: int) -> Project:
    project = lenet_project() if kind == "lenet" else default_project()
    dataset = {"name": "shapes", "num_classes": 6, "num_images": 5000}
    training = {
        "optimizer": "adam",
        "lr": 0.001,
        "batch_size": batch,
        "epochs": 1,
        "seed": 0,
        "threads": threads,
    }
    training["device"] = "cpu"
    return project.replace(dataset=dataset, training=training)


def bare_epoch(project: Project, data: DataSplits, batch: int, seed: int, channels_last: bool) -> float:
    """Images per second of one epoch of the plain loop."""
    torch.manual_seed(seed)
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    model = build_model(project).to(memory_format=fmt)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    x_all, y_all = data.train_x.contiguous(memory_format=fmt), data.train_y
    whiten = data.whitener("cpu")  # 8-bit pixels to float input, a batch at a time, as the engine does
    model.train()
    start = time.perf_counter()
    order = torch.randperm(x_all.shape[0], generator=torch.Generator().manual_seed(seed))
    for index in order.split(batch):
        x, y = whiten(x_all[index]), y_all[index]
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
    return x_all.shape[0] / (time.perf_counter() - start)


def engine_epoch(project: Project, data: DataSplits, seed: int) -> tuple[float, int]:
    """Images per second of one engine epoch (its own EpochEnd figure), and how many probes it took."""
    settings = TrainingSettings.from_dict({**project.training, "seed": seed})
    trainer = Trainer(TrainJob(project, settings, data=data, probes=True))
    speed, probes = 0.0, 0
    for event in trainer.run():
        if isinstance(event, EpochEnd):
            speed = event.images_per_second
        elif isinstance(event, ProbeSnapshot):
            probes += 1
    return speed, probes


def _mean_seconds(work, repeats: int) -> float:
    for _ in range(3):
        work()
    start = time.perf_counter()
    for _ in range(repeats):
        work()
    return (time.perf_counter() - start) / repeats


def engine_costs(project: Project, data: DataSplits, batch: int) -> tuple[float, float, float]:
    """(step, per-batch bookkeeping, one probe) in seconds: the engine's own costs, measured one by one.

    Steadier than the throughput ratio on a busy machine, and they add up to it: the engine's overhead per
    second of training is bookkeeping/step plus probe/interval.
    """
    from cnnstudio.training.meter import Meter

    trainer = Trainer(TrainJob(project, data=data, probes=True))
    index = torch.arange(batch)
    x, y = trainer.whiten(trainer.train_x[index]), trainer.train_y[index]
    step = _mean_seconds(lambda: trainer._step(x, y), 30)
    meter, (loss, _) = Meter(trainer.device), trainer._step(x, y)
    logits = trainer.model(x).detach()
    bookkeeping = _mean_seconds(lambda: meter.add(loss, (logits.argmax(dim=1) == y).sum(), batch), 500)
    prober = trainer._prober()
    assert prober is not None
    probe = _mean_seconds(lambda: prober.take(0.0), 30)
    return step, bookkeeping, probe


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--model", choices=("lenet", "default"), default="lenet")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    project = make_project(args.model, args.batch, args.threads)
    data = load_dataset(project.dataset, project.input.shape, seed=0)
    print(
        f"{project.name}, {data.train_x.shape[0]} training images {tuple(data.train_x.shape[1:])}, batch {args.batch}, "
        f"{args.threads} threads, {args.rounds} rounds (+1 warm-up)"
    )
    # The engine picks channels_last on the CPU; the baseline uses the same layout so that the ratio is the
    # engine's own cost. A contiguous bare loop shows what that choice buys.
    probe = Trainer(TrainJob(project, data=data, probes=False))
    channels_last = probe.memory_format == torch.channels_last
    print(f"engine memory format: {'channels_last' if channels_last else 'contiguous'}")
    bare, engine, plain, ratios = [], [], [], []
    for round_ in range(args.rounds + 1):
        # alternate which goes first, so that a slow spell on this shared machine hits both alike
        if round_ % 2:
            e, probes = engine_epoch(project, data, seed=round_)
            b = bare_epoch(project, data, args.batch, round_, channels_last)
        else:
            b = bare_epoch(project, data, args.batch, round_, channels_last)
            e, probes = engine_epoch(project, data, seed=round_)
        c = bare_epoch(project, data, args.batch, round_, channels_last=False)
        print(
            f"round {round_}: bare {b:8,.0f}   engine {e:8,.0f} images/s ({probes} probes)  ratio {e / b:.3f}"
            f"   [bare, contiguous: {c:8,.0f}]"
        )
        if round_ > 0:  # round 0 warms up allocators and oneDNN's kernel caches
            bare.append(b)
            engine.append(e)
            plain.append(c)
            ratios.append(e / b)
    b, e = statistics.median(bare), statistics.median(engine)
    ratio = statistics.median(ratios)  # paired per round: steadier than a ratio of medians here
    print(
        f"median: bare {b:,.0f} images/s, engine {e:,.0f} images/s; median paired ratio {ratio:.3f} (goal >= {GOAL})"
    )
    print(f"median bare loop with contiguous tensors: {statistics.median(plain):,.0f} images/s")
    step, bookkeeping, probe = engine_costs(project, data, args.batch)
    interval = TrainingSettings().probe_interval_s
    share = bookkeeping / step + probe / interval
    print(
        f"engine costs: step {step * 1e3:.2f} ms, bookkeeping {bookkeeping * 1e6:.1f} us per batch, "
        f"probe snapshot {probe * 1e3:.2f} ms every {interval:g} s -> {share:.2%} of training time"
    )
    report(
        f"engine training speed ({args.model}, batch {args.batch})", e, "images/s", f"ratio >= {GOAL}",
        ratio >= GOAL, baseline=f"bare loop {b:,.0f} images/s", ratio=ratio,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
