"""How fast the dataset layer is: drawing ``shapes``, and augmenting a batch against slicing it.

Run: ``python benchmarks/dataset_speed.py [--device cpu|cuda] [--threads N]``. Prints absolute figures
and, for augmentation, a ratio against the same run's baseline: taking a shuffled batch out of the
resident training tensor (``train_x[indices]``, what the trainer does each step). A ratio near 1 means
augmentation roughly doubles the data cost of a step, which is still small beside the model's forward
and backward passes.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import torch

from cnnstudio.training.datasets import Augmenter, AugmentSettings, load_dataset
from cnnstudio.training.datasets.shapes import ShapesSettings, generate_shapes

SHAPES_IMAGES = 3000
ALL_ON = {"crop": True, "hflip": True, "rotate": True, "scale": True, "jitter": True, "erase": True}
ONE_AT_A_TIME = ["crop", "hflip", "rotate", "jitter", "erase"]


def _seconds(work: Callable[[], object], device: torch.device, repeats: int) -> float:
    """Median wall time of ``work``, after a warm-up, waiting for the GPU where there is one."""
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
    settings = ShapesSettings(num_classes=8, num_images=SHAPES_IMAGES, noise=0.1)
    for shape in ((1, 28, 28), (3, 32, 32), (3, 64, 64)):
        seconds = _seconds(
            lambda shape=shape: generate_shapes(settings, shape, seed=0), torch.device("cpu"), 3
        )
        size = "x".join(map(str, shape))
        print(
            f"shapes {SHAPES_IMAGES} images at {size:>8}: {seconds:6.3f} s  {SHAPES_IMAGES / seconds:9,.0f} images/s"
        )


def bench_augment(device: torch.device, batch: int) -> None:
    data = load_dataset({"name": "shapes", "num_images": 3000}, (3, 32, 32), seed=0)
    train_x = data.train_x.to(device)
    generator = torch.Generator().manual_seed(0)
    index = torch.randperm(train_x.shape[0], generator=generator)[:batch].to(device)
    repeats = 200

    view = _seconds(lambda: train_x[:batch], device, repeats)
    baseline = _seconds(lambda: train_x[index], device, repeats)
    print(f"\nbatch {batch} of 3x32x32 on {device}: view slice {view * 1e6:7.1f} us, "
          f"shuffled batch (baseline) {baseline * 1e6:7.1f} us")  # fmt: skip
    for label, switches in [("all on", ALL_ON)] + [(name, {name: True}) for name in ONE_AT_A_TIME]:
        augmenter = Augmenter(AugmentSettings.from_dict(switches), seed=0, device=device)
        cost = _seconds(lambda augmenter=augmenter: augmenter(train_x[index]), device, repeats) - baseline
        print(
            f"  augment {label:<7}: {cost * 1e6:8.1f} us per batch, {max(cost, 0.0) / baseline:6.2f} x baseline"
        )
    off = Augmenter(AugmentSettings(), seed=0, device=device)
    cost = _seconds(lambda: off(train_x[index]), device, repeats) - baseline
    print(f"  augment off    : {cost * 1e6:8.1f} us per batch (returns its input)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
