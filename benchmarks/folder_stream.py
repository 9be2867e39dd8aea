"""A folder set streamed from its files against the same pictures held in memory (issue 13.2).

Generates a folder of 20,000 JPEG pictures (6 classes of coloured shapes on noise, 80x80, into a temporary
folder, removed at the end), then trains the default project's network at 3x64x64 on it for two epochs
through the engine, once with ``dataset.stream: true`` (DataLoader worker processes decode and resize each
epoch's batches ahead) and once with the pictures decoded into memory first, alternating over the rounds.
The figure is the last epoch's training images/s (the engine's own EpochEnd figure); the goal is streamed /
held in memory >= 0.8 (median of the rounds' paired ratios). Training leaves one core to the decoding workers
(torch threads: every core but one, as in-process training did); ``--every-core`` trains on every core, as the
window's training process and ``cnnstudio train`` do, so the workers then share the cores with it (on 2 cores
that oversubscription cost far more than the decoding itself: 0.39 against 0.81, 15:22-15:26 on 2026-11-28). Also printed: the CPU time per training image, training
process and decoding workers together (a figure other programs on the machine disturb less than the wall
clock), the resident memory the splits take in each mode, and the time to load the set.

Run: ``python benchmarks/folder_stream.py [--images 20000] [--rounds 2] [--every-core]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from cnnstudio.training.worker_main import SPIN_COUNT

# Trained as the window's training process trains (worker_main sets this before torch loads): OpenMP threads
# that find no work spin only briefly, so a decoding worker preempting one does not leave its partner
# spinning on the other core.
if "OMP_WAIT_POLICY" not in os.environ:
    os.environ.setdefault("GOMP_SPINCOUNT", SPIN_COUNT)

import numpy as np
import torch
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


def cpu_seconds() -> float:
    """CPU time of this process and of its ended children (the decoding workers, once shut down)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run(root: Path, stream: bool, gui_core: bool) -> tuple[float, float, int, float]:
    """(last epoch's images/s, seconds to load the set, bytes held in memory by the splits, CPU seconds
    per training image while training)."""
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
    job = TrainJob(
        project, TrainingSettings.from_dict(training), data=data, probes=True, reserve_gui_core=gui_core
    )
    trainer = Trainer(job)
    images = trainer.train_x.shape[0] * training["epochs"]
    speed, cpu = 0.0, cpu_seconds()
    for event in trainer.run():
        if isinstance(event, EpochEnd):
            speed = event.images_per_second
    del trainer, data, job  # the streamed set's workers end with its loader: their CPU time is counted
    gc.collect()
    return speed, loaded, held, (cpu_seconds() - cpu) / images


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--every-core", action="store_true", help="train on every core, beside the workers")
    args = parser.parse_args()
    # Stopped by a signal, the generated folder is still removed (the with-block below unwinds).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="cnnstudio-folder-stream-") as tmp:
        root = Path(tmp)
        began = time.perf_counter()
        make_folder(root, args.images)
        print(f"{args.images:,} pictures of {SIZE}x{SIZE} written in {time.perf_counter() - began:.1f} s")
        held, streamed, ratios, cpu = [], [], [], {False: [], True: []}
        for round_ in range(args.rounds):
            order = (False, True) if round_ % 2 == 0 else (True, False)
            for stream in order:
                speed, loaded, resident, cpu_per_image = run(root, stream, not args.every_core)
                (streamed if stream else held).append(speed)
                cpu[stream].append(cpu_per_image)
                kind = f"streamed ({stream_workers()} workers)" if stream else "held in memory"
                print(
                    f"  {kind}: {speed:,.0f} images/s ({torch.get_num_threads()} torch threads), CPU "
                    f"{cpu_per_image * 1e6:,.0f} us per image; loaded in {loaded:.1f} s, {resident / 2**20:,.0f} MiB held"
                )
            ratios.append(streamed[-1] / held[-1])
    ratio = statistics.median(ratios)
    cpu_held, cpu_streamed = statistics.median(cpu[False]), statistics.median(cpu[True])
    print(
        f"streamed / held in memory: {ratio:.3f} (goal >= {GOAL}); paired ratios {[round(r, 3) for r in ratios]}"
    )
    print(f"CPU per training image, streamed / held: {cpu_streamed / cpu_held:.3f}")
    report(
        f"folder of {args.images:,} pictures streamed / held in memory (training images/s)",
        statistics.median(streamed), "images/s", f"ratio >= {GOAL}", ratio >= GOAL,
        baseline=f"held in memory {statistics.median(held):,.0f} images/s", ratio=ratio,
    )  # fmt: skip
    report(
        "CPU time per training image, streamed (training process + decoding workers)",
        cpu_streamed * 1e6, "us", "(reported)", True,
        baseline=f"held in memory {cpu_held * 1e6:,.0f} us", ratio=cpu_streamed / cpu_held,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
