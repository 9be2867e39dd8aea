"""A folder set read from its files a batch at a time (issue 13.2) gives the same images, splits and run
as the same folder held in memory; the budget counts only what stays in memory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch
from engine_fixtures import make_trainer, of_type, run_all, small_layers, small_project
from PIL import Image

from cnnstudio.core.budget import memory_budget
from cnnstudio.core.dataset_size import STREAM_ABOVE_BYTES, split_counts, streams
from cnnstudio.training.datasets import load_dataset
from cnnstudio.training.datasets.stream import FolderFiles, StreamedImages
from cnnstudio.training.events import EpochEnd

SHAPE = (1, 16, 16)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3 classes of 40 pictures each, of mixed sizes, colours and formats (so resizing is exercised)."""
    root = tmp_path_factory.mktemp("pictures")
    rng = np.random.default_rng(0)
    for c, name in enumerate(("bird", "cat", "dog")):
        (root / name).mkdir()
        for i in range(40):
            size = (int(rng.integers(12, 40)), int(rng.integers(12, 40)))
            pixels = rng.integers(0, 255, (*size, 3), dtype=np.uint8)
            pixels[..., c] = 255  # something per class to learn
            suffix = ".png" if i % 2 else ".jpg"
            Image.fromarray(pixels).save(root / name / f"{i:03d}{suffix}")
    return root


def dataset(folder: Path, stream: bool) -> dict:
    return {
        "name": "folder",
        "root": str(folder),
        "val_fraction": 0.2,
        "test_fraction": 0.1,
        "stream": stream,
    }


def test_streamed_splits_hold_the_same_pictures_as_the_resident_ones(folder: Path) -> None:
    held = load_dataset(dataset(folder, False), SHAPE, seed=3)
    streamed = load_dataset(dataset(folder, True), SHAPE, seed=3)
    assert isinstance(streamed.train_x, StreamedImages) and isinstance(held.train_x, torch.Tensor)
    assert streamed.train_x.shape == held.train_x.shape
    assert torch.equal(streamed.train_x.load(), held.train_x)
    assert torch.equal(streamed.train_y, held.train_y)
    for name in ("val_x", "val_y", "test_x", "test_y"):
        assert torch.equal(getattr(streamed, name), getattr(held, name)), name
    assert streamed.mean == held.mean and streamed.std == held.std  # fewer than STATS_SAMPLE: exact
    index = torch.tensor([5, 0, 17])
    assert torch.equal(streamed.train_x[index], held.train_x[index])  # out of plan: read in place


def history(folder: Path, stream: bool, before_run: Callable[[], None] = lambda: None) -> list[tuple]:
    """Every epoch's (train loss, train accuracy, validation loss, validation accuracy) of a small run."""
    data = load_dataset(dataset(folder, stream), SHAPE, seed=0)
    project = small_project(small_layers(classes=3), dataset(folder, stream), epochs=2, batch_size=16)
    trainer = make_trainer(project, data=data)
    before_run()
    events = run_all(trainer)
    return [(e.train_loss, e.train_accuracy, e.val_loss, e.val_accuracy) for e in of_type(events, EpochEnd)]


def test_a_streamed_run_repeats_the_resident_run(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same seed, device and threads: every epoch's losses and accuracies are the same; and the workers
    served every training batch (none was decoded in the training process)."""
    reads: list[int] = []  # pictures decoded in this process during the run (the workers' are theirs)
    read = FolderFiles.__getitem__

    def count_reads() -> None:
        monkeypatch.setattr(
            FolderFiles, "__getitem__", lambda files, p: reads.append(len(p)) or read(files, p)
        )

    held = history(folder, False)
    streamed = history(folder, True, count_reads)
    assert len(held) == 2 and streamed == held
    assert reads == []


def test_the_budget_counts_only_what_stays_in_memory(folder: Path) -> None:
    held = split_counts(dataset(folder, False), SHAPE)
    streamed = split_counts(dataset(folder, True), SHAPE)
    assert held is not None and streamed is not None
    assert (held.train, held.val, held.test) == (streamed.train, streamed.val, streamed.test)
    assert held.resident == held.total and streamed.resident == streamed.val + streamed.test
    project = small_project(small_layers(classes=3), dataset(folder, False))
    per_image = 16 * 16  # one byte a value
    assert memory_budget(project).dataset == held.total * per_image
    project = small_project(small_layers(classes=3), dataset(folder, True))
    assert memory_budget(project).dataset == (streamed.val + streamed.test) * per_image


def test_auto_streams_only_a_folder_too_big_to_hold() -> None:
    big = STREAM_ABOVE_BYTES // (3 * 224 * 224) + 1
    assert streams({"name": "folder"}, big, (3, 224, 224))
    assert not streams({"name": "folder"}, big - 2, (3, 224, 224))
    assert not streams({"name": "folder", "stream": False}, big, (3, 224, 224))
    assert streams({"name": "folder", "stream": True}, 10, (1, 16, 16))
    assert not streams({"name": "shapes", "stream": True}, big, (3, 224, 224))
