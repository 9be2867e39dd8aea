"""Checkpoints, resuming and run histories: an interrupted run continues exactly where it stopped."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
import torch
from engine_fixtures import make_trainer, of_type, run_all, small_project

from cnnstudio.core.health import HEALTH_FILE, HealthRecord
from cnnstudio.training.checkpoint import load_checkpoint, save_checkpoint
from cnnstudio.training.epoch_weights import EPOCHS_FOLDER
from cnnstudio.training.errors import CheckpointError
from cnnstudio.training.events import EpochEnd
from cnnstudio.training.history import (
    BEST_FILE,
    HISTORY_FILE,
    LAST_FILE,
    RunHistory,
    list_runs,
    new_run_folder,
    runs_folder,
)

# dropout (torch's generator) and augmentation (the augmenter's generator) both draw random numbers
AUGMENTED = {
    "name": "shapes",
    "num_classes": 4,
    "num_images": 320,
    "augmentation": {"hflip": True, "crop": True, "crop_padding": 2},
}


def _project(epochs: int = 4):
    from engine_fixtures import small_layers

    return small_project(
        small_layers(dropout=0.3),
        dataset=AUGMENTED,
        epochs=epochs,
        optimizer="sgd",
        lr=0.05,
        schedule="cosine",
        early_stopping=False,
    )


def _curve(history: RunHistory) -> list[tuple]:
    return list(
        zip(
            history.epochs,
            history.train_loss,
            history.train_accuracy,
            history.val_loss,
            history.val_accuracy,
            history.lr,
        )
    )


def test_resuming_reproduces_the_uninterrupted_run_exactly(tmp_path: Path) -> None:
    whole = make_trainer(_project(), out_dir=tmp_path / "whole")
    run_all(whole)

    stop = threading.Event()
    first = make_trainer(_project(), out_dir=tmp_path / "part")
    events = run_all(
        first, stop, on_event=lambda e: stop.set() if isinstance(e, EpochEnd) and e.epoch == 2 else None
    )
    assert events[-1].reason == "cancelled" and first.history.epochs == [1, 2]

    second = make_trainer(_project(), out_dir=tmp_path / "part", resume=tmp_path / "part" / LAST_FILE)
    events = run_all(second)
    assert events[0].start_epoch == 3
    assert [e.epoch for e in of_type(events, EpochEnd)] == [3, 4]
    assert _curve(second.history) == _curve(whole.history)
    assert events[-1].test_accuracy == whole.history.test_accuracy
    resumed = HealthRecord.load(tmp_path / "part" / HEALTH_FILE)  # epochs 1-2 kept, 3-4 measured again
    assert resumed == HealthRecord.load(tmp_path / "whole" / HEALTH_FILE)
    for a, b in zip(whole.model.state_dict().values(), second.model.state_dict().values()):
        assert torch.equal(a, b)


def test_a_run_folder_gets_best_last_and_history(tmp_path: Path) -> None:
    trainer = make_trainer(small_project(epochs=2), out_dir=tmp_path)
    finished = run_all(trainer)[-1]
    assert finished.checkpoint == str(tmp_path / BEST_FILE)
    assert {p.name for p in tmp_path.iterdir()} == {
        BEST_FILE,
        LAST_FILE,
        HISTORY_FILE,
        HEALTH_FILE,
        EPOCHS_FOLDER,
    }
    best = load_checkpoint(tmp_path / BEST_FILE)
    assert best["kind"] == "model" and best["epoch"] == finished.best_epoch
    assert best["class_names"] == list(trainer.data.class_names) and len(best["mean"]) == 1
    assert best["project"]["name"] == "tiny"
    history = RunHistory.load(tmp_path / HISTORY_FILE)
    assert history.epochs == [1, 2] and history.finish_reason == "completed"
    assert history.test_accuracy == finished.test_accuracy and history.settings["batch_size"] == 32
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_checkpoint_every_n_epochs(tmp_path: Path) -> None:
    saved: list[int] = []
    trainer = make_trainer(small_project(epochs=4, checkpoint_every=2), out_dir=tmp_path)

    def on_event(event) -> None:
        if isinstance(event, EpochEnd) and (tmp_path / LAST_FILE).exists():
            saved.append(load_checkpoint(tmp_path / LAST_FILE)["epoch"])

    run_all(trainer, on_event=on_event)
    assert saved == [2, 2, 4]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a readable checkpoint"),
        (b"this is not a checkpoint at all", "not a readable checkpoint"),
    ],
)
def test_a_corrupt_checkpoint_is_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / LAST_FILE
    path.write_bytes(content)
    with pytest.raises(CheckpointError) as info:
        make_trainer(small_project(), resume=path)
    assert str(info.value).startswith(f"{path}: {message}")


def test_a_truncated_or_foreign_checkpoint_is_refused(tmp_path: Path) -> None:
    run_all(make_trainer(small_project(epochs=1), out_dir=tmp_path))
    data = (tmp_path / LAST_FILE).read_bytes()
    truncated = tmp_path / "truncated.pt"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match="not a readable checkpoint"):
        make_trainer(small_project(), resume=truncated)
    foreign = tmp_path / "foreign.pt"
    torch.save({"state_dict": {}}, foreign)
    with pytest.raises(CheckpointError, match="not a CNN Studio checkpoint"):
        make_trainer(small_project(), resume=foreign)
    with pytest.raises(CheckpointError, match="holds only weights, not a run to continue"):
        make_trainer(small_project(), resume=tmp_path / BEST_FILE)
    with pytest.raises(CheckpointError, match="no such checkpoint file"):
        make_trainer(small_project(), resume=tmp_path / "missing.pt")


def test_a_checkpoint_of_another_network_is_refused(tmp_path: Path) -> None:
    from cnnstudio.core import specs as S

    run_all(make_trainer(small_project(epochs=1), out_dir=tmp_path))
    other = small_project([S.Flatten(), S.Linear(out_features=4)])
    with pytest.raises(CheckpointError, match="was saved for a different network"):
        make_trainer(other, resume=tmp_path / LAST_FILE)


def test_checkpoint_code_is_never_run(tmp_path: Path) -> None:
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    path = tmp_path / "evil.pt"
    torch.save({"format": "cnnstudio-checkpoint", "version": 1, "x": Evil()}, path)
    with pytest.raises(CheckpointError, match="not a readable checkpoint"):
        load_checkpoint(path)


def _weights_only(**extra) -> dict:
    return {"kind": "model", "model": {"w": torch.zeros(2)}, "epoch": None, "project": {}, **extra}


def test_save_is_atomic_when_the_write_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.pt"
    save_checkpoint(path, _weights_only(n=1))

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(torch, "save", broken)
    with pytest.raises(CheckpointError, match="Could not save the checkpoint"):
        save_checkpoint(path, _weights_only(n=2))
    monkeypatch.undo()
    assert load_checkpoint(path)["n"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["x.pt"]


def test_history_round_trips_and_keeps_nan(tmp_path: Path) -> None:
    history = RunHistory(settings={"lr": 0.1}, class_names=["a", "b"])
    history.add_epoch(
        1,
        train_loss=0.5,
        train_accuracy=0.8,
        val_loss=float("nan"),
        val_accuracy=0.7,
        lr=0.1,
        seconds=1.0,
        images_per_second=100.0,
    )
    history.best_epoch, history.finish_reason = 1, "diverged"
    history.save(tmp_path / HISTORY_FILE)
    loaded = RunHistory.load(tmp_path / HISTORY_FILE)
    assert (
        loaded.train_loss == [0.5]
        and loaded.finish_reason == "diverged"
        and loaded.val_loss[0] != loaded.val_loss[0]
    )
    assert json.loads((tmp_path / HISTORY_FILE).read_text())["format"] == "cnnstudio-run"
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(ValueError, match="not a readable run history"):
        RunHistory.load(tmp_path / "bad.json")


def test_runs_live_beside_the_project(tmp_path: Path) -> None:
    project = tmp_path / "lenet.cnnproj.json"
    assert runs_folder(project) == tmp_path / "lenet.runs"
    assert list_runs(project) == []
    first = new_run_folder(project, now=0)
    second = new_run_folder(project, now=0)
    assert first.parent == second.parent == tmp_path / "lenet.runs" and first != second
    RunHistory().save(first / HISTORY_FILE)
    assert list_runs(project) == [first]
