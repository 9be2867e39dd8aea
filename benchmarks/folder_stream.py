"""A folder set streamed from its files against the same pictures held in memory (issue 13.2).

Generates a folder of 20,000 JPEG pictures (6 classes of coloured shapes on noise, 80x80, into a temporary
folder, removed at the end), then trains the default project's network at 3x64x64 on it for two epochs
through the engine, once with ``dataset.stream: true`` (DataLoader worker processes decode and resize each
epoch's batches ahead) and once with the pictures decoded into memory first, alternating over the rounds.
The figure is the last epoch's training images/s (the engine's own EpochEnd figure); the goal is streamed /
held in memory >= 0.8 (median of the rounds' paired ratios). Also printed: the resident memory the splits
take in each mode, and the time to load the set (decode all, against list the files).

Run: ``python benchmarks/folder_stream.py [--images 20000] [--rounds 1]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from _report import report
from PIL import Image, ImageDraw

from cnnstudio.core.project import InputShape, default_project
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training.datasets import load_dataset
from cnnstudio.training.datasets.stream import StreamedImages, stream_workers
from cnnstudio.training.engine import Trainer, TrainJob
from cnnstudio.training.events import EpochEnd

GOAL = 0.8
CLASSES = 6  # the default network's outputs
SIZE = 80
INPUT = (3, 64, 64)


def _write_class(args: tuple[Path, int, int]) -> None:
    root, label, count = args
    rng = np.random.default_rng(label)
    folder = root / f"class{label:02d}"
    folder.mkdir(parents=True, exist_ok=True)
    colour = tuple(int(v) for v in rng.integers(60, 255, 3))
    for i in range(count):
        picture = Image.fromarray(rng.integers(0, 120, (SIZE, SIZE, 3), dtype=np.uint8))
        draw = ImageDraw.Draw(picture)
        x, y, r = (int(v) for v in rng.integers(20, 60, 3) // (1, 1, 3))
        box = (x - r - 6, y - r - 6, x + r + 6, y + r + 6)
        (draw.ellipse if label % 2 else draw.rectangle)(box, fill=colour)
        picture.save(folder / f"{i:05d}.jpg", quality=90)


def make_folder(root: Path, images: int) -> None:
    per_class = images // CLASSES
    with ProcessPoolExecutor() as pool:
        list(pool.map(_write_class, [(root, c, per_class) for c in range(CLASSES)]))


def run(root: Path, stream: bool) -> tuple[float, float, int]:
    """(last epoch's images/s, seconds to load the set, bytes held in memory by the splits)."""
    project = default_project()
    dataset = {
        "name": "folder",
        "root": str(root),
        "val_fraction": 0.05,
        "test_fraction": 0.0,
        "stream": stream,
    }
    training = {**project.training, "epochs": 2, "device": "cpu", "seed": 0, "batch_size": 64}
    project = project.replace(input=InputShape(*INPUT), dataset=dataset, training=training)
    began = time.perf_counter()
    data = load_dataset(dataset, INPUT, 0)
    loaded = time.perf_counter() - began
    held = sum(
        x.numel() for x in (data.train_x, data.val_x, data.test_x) if not isinstance(x, StreamedImages)
    )
    trainer = Trainer(TrainJob(project, TrainingSettings.from_dict(training), data=data, probes=True))
    speed = 0.0
    for event in trainer.run():
        if isinstance(event, EpochEnd):
            speed = event.images_per_second
    return speed, loaded, held


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cnnstudio-folder-stream-") as tmp:
        root = Path(tmp)
        began = time.perf_counter()
        make_folder(root, args.images)
        print(f"{args.images:,} pictures of {SIZE}x{SIZE} written in {time.perf_counter() - began:.1f} s")
        held, streamed, ratios = [], [], []
        for round_ in range(args.rounds):
            order = (False, True) if round_ % 2 == 0 else (True, False)
            for stream in order:
                speed, loaded, resident = run(root, stream)
                (streamed if stream else held).append(speed)
                kind = f"streamed ({stream_workers()} workers)" if stream else "held in memory"
                print(
                    f"  {kind}: {speed:,.0f} images/s; loaded in {loaded:.1f} s, {resident / 2**20:,.0f} MiB held"
                )
            ratios.append(streamed[-1] / held[-1])
    ratio = statistics.median(ratios)
    print(f"streamed / held in memory: {ratio:.3f} (goal >= {GOAL})")
    report(
        f"folder of {args.images:,} pictures streamed / held in memory (training images/s)",
        statistics.median(streamed), "images/s", f"ratio >= {GOAL}", ratio >= GOAL,
        baseline=f"held in memory {statistics.median(held):,.0f} images/s", ratio=ratio,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
