"""The window trains in a child process: killing it leaves the window and the project as they were, and a
run gives the very same history in the window as with ``cnnstudio train`` (issue 13)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
import torch

from cnnstudio.training.history import HISTORY_FILE

SAME = ("epochs", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr")


def test_killing_the_trainer_mid_run_leaves_the_window_usable_and_the_project_unchanged(
    studio, qtbot, message_boxes
) -> None:
    page, doc = studio.training, studio.document
    doc.set_training({**doc.project.training, "epochs": 200})
    doc.save()
    saved, project = doc.path.read_bytes(), doc.project
    page.start()
    qtbot.waitUntil(lambda: page.progress.value() > 0, timeout=60_000)
    trainer = page.controller._worker.process.pid
    assert trainer != os.getpid()
    os.kill(trainer, signal.SIGKILL)  # what the out-of-memory killer does
    qtbot.waitUntil(lambda: not page.controller.is_running(), timeout=30_000)
    assert "killed (SIGKILL)" in page.status.text() and "unchanged" in page.status.text()
    assert message_boxes.titles() == ["Training"]
    assert doc.project == project and doc.project.runs == () and not doc.is_modified()
    assert doc.path.read_bytes() == saved
    assert page.start_button.isEnabled() and not page.stop_button.isEnabled()
    # The window goes on: the next Start takes a new process and its run is recorded as usual.
    doc.set_training({**doc.project.training, "epochs": 1})
    with qtbot.waitSignal(page.run_finished, timeout=60_000):
        page.start()
    qtbot.waitUntil(lambda: not page.controller.is_running())
    assert page.controller._worker.process.pid != trainer
    assert len(doc.project.runs) == 1 and (page.run_folder / HISTORY_FILE).is_file()
    # What the window shows of the run is kept in its folder, as a reopened project reads it.
    from cnnstudio.training.trained_run import TrainedRun

    qtbot.waitUntil(lambda: page.results is not None)
    saved = TrainedRun(page.run_folder).results()
    assert saved is not None and (saved.confusion == page.results.confusion).all()


@pytest.mark.parametrize("threads", [1, 2])
def test_a_run_has_the_same_history_in_the_window_and_on_the_command_line(
    studio, qtbot, tmp_path, threads
) -> None:
    page, doc = studio.training, studio.document
    doc.set_training({**doc.project.training, "epochs": 3, "seed": 7, "device": "cpu", "threads": threads})
    doc.save()
    with qtbot.waitSignal(page.run_finished, timeout=60_000):
        page.start()
    qtbot.waitUntil(lambda: not page.controller.is_running())
    out = tmp_path / "cli-run"
    command = [sys.executable, "-m", "cnnstudio", "train", str(doc.path), "--out", str(out), "--json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    window = json.loads((page.run_folder / HISTORY_FILE).read_text())
    cli = json.loads((out / HISTORY_FILE).read_text())
    assert window["device"] == cli["device"] == f"cpu ({threads} thread{'s' if threads > 1 else ''})"
    for key in (*SAME, "best_epoch", "test_accuracy", "finish_reason"):
        assert window[key] == cli[key], key
    best_window = torch.load(page.run_folder / "best.pt", weights_only=True)["model"]
    best_cli = torch.load(out / "best.pt", weights_only=True)["model"]
    assert all(torch.equal(best_window[name], best_cli[name]) for name in best_cli)


def test_an_unusable_gpu_is_said_on_the_train_page(studio, qtbot) -> None:
    from cnnstudio.training.gpu_presence import GpuProblem
    from cnnstudio.ui.train.worker_pool import pool

    page = studio.training
    qtbot.waitUntil(lambda: pool().devices is not None, timeout=60_000)
    pool().note_devices(pool().devices, GpuProblem("cpu_build", "2.14.1+cpu"))
    try:
        page._on_devices_found(pool().devices)
        assert "NVIDIA GPU" in page.status.text() and "2.14.1+cpu" in page.status.text()
        # Long enough, and no early stop, that the run is still training when the status is read.
        training = {**studio.document.project.training, "epochs": 50, "early_stopping": False}
        studio.document.set_training(training)
        page.start()
        # The run says where it trains, and why not on the GPU (read as soon as it says so: on a loaded
        # machine, waiting for the progress bar first could find the run already ended).
        qtbot.waitUntil(lambda: page.status.text().startswith("Training on cpu"), timeout=60_000)
        assert "built without CUDA" in page.status.text()
        page.stop()
    finally:
        pool().note_devices(pool().devices, None)
