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
import threading
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import report
from cnnstudio.training.build import build_model

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project, default_project
from cnnstudio.core.training_settings import TrainingSettings
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
    dataset = {"name": "shapes", "num_classes": 6, "num_images": 8000}
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
    model.train()
    start = time.perf_counter()
    order = torch.randperm(x_all.shape[0], generator=torch.Generator().manual_seed(seed))
    for index in order.split(batch):
        x, y = x_all[index], y_all[index]
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
    for event in trainer.run(threading.Event()):
        if isinstance(event, EpochEnd):
            speed = event.images_per_second
        elif isinstance(event, ProbeSnapshot):
            probes += 1
    return speed, probes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
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
    bare, engine, plain = [], [], []
    for round_ in range(args.rounds + 1):
        b = bare_epoch(project, data, args.batch, round_, channels_last)
        e, probes = engine_epoch(project, data, seed=round_)
        c = bare_epoch(project, data, args.batch, round_, channels_last=False)
        print(
            f"round {round_}: bare {b:8,.0f}   engine {e:8,.0f} images/s ({probes} probes)  ratio {e / b:.3f}"
            f"   [bare, contiguous: {c:8,.0f}]"
        )
        if round_ > 0:
            bare.append(b)
            engine.append(e)
            plain.append(c)
    b, e = statistics.median(bare), statistics.median(engine)
    ratio = e / b
    print(f"median: bare {b:,.0f} images/s, engine {e:,.0f} images/s, ratio {ratio:.3f} (goal >= {GOAL})")
    print(f"median bare loop with contiguous tensors: {statistics.median(plain):,.0f} images/s")
    report(
        f"engine training speed ({args.model}, batch {args.batch})", e, "images/s", f"ratio >= {GOAL}",
        ratio >= GOAL, baseline=f"bare loop {b:,.0f} images/s", ratio=ratio,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
