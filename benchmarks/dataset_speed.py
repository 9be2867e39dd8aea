"""How fast the dataset layer is: drawing ``shapes``, and augmenting a batch against slicing it.

Run: ``python benchmarks/dataset_speed.py [--device cpu|cuda] [--threads N]`` (``make bench`` runs it
alone). Prints absolute figures, each beside a baseline measured in the same process:

- drawing 3,000 ``shapes`` images, against filling a tensor of the same size with ``torch.rand``;
- augmenting a batch, against taking that shuffled batch out of the resident training tensor and whitening
  it (``whiten(train_x[indices])``: the 8-bit pixels made the network's float input, what the trainer does
  every step; a bare view slice is printed too, it costs nothing) and against one training step of a
  small CNN on the same batch, the cost that matters.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import torch
from _report import report
from torch import nn

from cnnstudio.training.datasets import Augmenter, AugmentSettings, load_dataset
from cnnstudio.training.datasets.shapes import ShapesSettings, generate_shapes

SHAPES_IMAGES = 3000
SHAPES_GOAL = 3000.0  # images/s: "thousands of images in about a second" on 2 cores
STEP_SHARE_GOAL = 0.5  # all augmentations on may cost at most half a small-CNN training step
ALL_ON = {"crop": True, "hflip": True, "rotate": True, "scale": True, "jitter": True, "erase": True}
ONE_AT_A_TIME = ["crop", "hflip", "rotate", "jitter", "erase"]


def _seconds(work: Callable[[], object], device: torch.device, repeats: int) -> float:
    """Median wall time of ``work`` after a warm-up, waiting for the GPU where there is one."""
    work()
    times = []
    for _ in range(repeats):
        if device.type == "cuda":
            torch.cuda.synchronize()
        started = time.perf_counter()
        work()
        if device.type == "cuda":
            torch.cuda.synchronize()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_shapes() -> None:
    cpu = torch.device("cpu")
    settings = ShapesSettings(num_classes=8, num_images=SHAPES_IMAGES, noise=0.1)
    for shape in ((1, 28, 28), (3, 32, 32), (3, 64, 64)):
        seconds = _seconds(lambda shape=shape: generate_shapes(settings, shape, seed=0), cpu, 5)
        fill = _seconds(lambda shape=shape: torch.rand((SHAPES_IMAGES, *shape)), cpu, 5)
        size = "x".join(map(str, shape))
        rate = SHAPES_IMAGES / seconds
        print(f"shapes {SHAPES_IMAGES} images at {size:>8}: {seconds:6.3f} s  {rate:9,.0f} images/s  "
              f"(torch.rand of the same size {fill * 1e3:.1f} ms, x{seconds / fill:.1f})")  # fmt: skip
        report(f"shapes images/s at {size}", rate, "images/s", f">= {SHAPES_GOAL:,.0f} images/s",
               rate >= SHAPES_GOAL, f"torch.rand of the same tensor: {fill * 1e3:.1f} ms", seconds / fill)  # fmt: skip


def _training_step(device: torch.device, x: torch.Tensor, y: torch.Tensor) -> Callable[[], object]:
    """One Adam step of a small CNN (two conv/pool stages, one linear layer) on ``x``."""
    model = nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 8 * 8, 10),
    ).to(device)  # fmt: skip
    optimizer = torch.optim.Adam(model.parameters())

    def step() -> None:
        optimizer.zero_grad(set_to_none=True)
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()

    return step


def bench_augment(device: torch.device, batch: int, repeats: int = 100) -> None:
    data = load_dataset({"name": "shapes", "num_images": 3000}, (3, 32, 32), seed=0)
    train_x, train_y = data.train_x.to(device), data.train_y.to(device)
    whiten = data.whitener(device)
    index = torch.randperm(train_x.shape[0], generator=torch.Generator().manual_seed(0))[:batch].to(device)
    view = _seconds(lambda: train_x[:batch], device, repeats)
    gather = _seconds(lambda: whiten(train_x[index]), device, repeats)
    step = _seconds(_training_step(device, whiten(train_x[index]), train_y[index] % 10), device, 20)
    print(f"\nbatch {batch} of 3x32x32 on {device}: view slice {view * 1e6:.1f} us, shuffled batch (baseline) "
          f"{gather * 1e6:.1f} us, small-CNN training step {step * 1e3:.2f} ms")  # fmt: skip
    batch_x = whiten(train_x[index])
    for label, switches in [("all on", ALL_ON)] + [(name, {name: True}) for name in ONE_AT_A_TIME]:
        augmenter = Augmenter(AugmentSettings.from_dict(switches), seed=0, device=device)
        cost = _seconds(lambda a=augmenter: a(batch_x), device, repeats)
        print(f"  augment {label:<7}: {cost * 1e6:8.1f} us per batch, {cost / gather:6.2f} x shuffled batch, "
              f"{cost / step:5.2f} x training step")  # fmt: skip
        if label == "all on":
            report(f"augment all on, batch {batch}, {device.type}", cost * 1e6, "us",
                   f"<= {STEP_SHARE_GOAL} x a small-CNN step ({step * 1e3:.2f} ms)", cost <= STEP_SHARE_GOAL * step,
                   f"shuffled, whitened batch: {gather * 1e6:.1f} us", cost / gather)  # fmt: skip
    off = Augmenter(AugmentSettings(), seed=0, device=device)
    cost = _seconds(lambda: off(batch_x), device, repeats)
    print(f"  augment off    : {cost * 1e6:8.2f} us per call (returns its input)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    bench_shapes()
    for batch in (64, 256):
        bench_augment(torch.device(args.device), batch)


if __name__ == "__main__":
    main()
