"""Checkpoints are checked as a whole before use; a resumed run copes with a changed optimiser; a run folder
belongs to one run (issue 11.6). Malformed checkpoints are made from a real one, one defect each."""

from __future__ import annotations

import json
import os
import signal
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
import torch
from engine_fixtures import make_trainer, of_type, run_all, small_project

from cnnstudio.core.project_file import save
from cnnstudio.training.checkpoint import FORMAT, load_checkpoint, save_checkpoint
from cnnstudio.training.errors import CheckpointError
from cnnstudio.training.events import EpochEnd, RunStarted
from cnnstudio.training.history import BEST_FILE, HISTORY_FILE, LAST_FILE, RunHistory


@pytest.fixture(scope="module")
def last_pt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real last.pt of a two-epoch Adam run (one per test module: the tests only read it)."""
    folder = tmp_path_factory.mktemp("adam")
    run_all(make_trainer(small_project(epochs=2, optimizer="adam"), out_dir=folder))
    return folder / LAST_FILE


def _content(path: Path) -> dict[str, Any]:
    data = torch.load(path, weights_only=True)
    return {k: v for k, v in data.items() if k not in ("format", "version", "content_hash")}


def _refused(path: Path) -> str:
    with pytest.raises(CheckpointError) as info:
        make_trainer(small_project(epochs=4), resume=path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    return message


def _garbage_rng(rng: dict) -> dict:
    return {**rng, "numpy": ["MT19937", torch.zeros(3, dtype=torch.int64), 0, 0, 0.0]}


DEFECTS = [
    ("no model", lambda d: d.pop("model"), "'model' is missing"),
    ("no early_stopping", lambda d: d.pop("early_stopping"), "'early_stopping' is missing"),
    ("no rng", lambda d: d.pop("rng"), "'rng' is missing"),
    ("rng text", lambda d: d.__setitem__("rng", "garbage"), "'rng' must be the random generators' states"),
    ("rng numpy", lambda d: d.__setitem__("rng", _garbage_rng(d["rng"])), "'rng' must be"),
    ("epoch three", lambda d: d.__setitem__("epoch", "three"), "'epoch' must be a whole number from 0 to"),
    ("epoch -5", lambda d: d.__setitem__("epoch", -5), "got -5"),
    ("epoch 10**6", lambda d: d.__setitem__("epoch", 10**6), "'epoch' is 1000000 but its history holds epochs 1 to 2"),
    ("epoch 10**7", lambda d: d.__setitem__("epoch", 10**7), "'epoch' must be a whole number"),
    ("history list", lambda d: d.__setitem__("history", [1, 2]), "'history' must be a run history"),
    ("optimizer text", lambda d: d.__setitem__("optimizer", "adam"), "'optimizer' must be an optimiser state"),
    ("weights not tensors", lambda d: d.__setitem__("model", {"w": [1, 2]}), "'model' must be a dict of weight"),
    ("best epoch 9", lambda d: d["early_stopping"].__setitem__("best_epoch", 9), "best_epoch 9 is not one of"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "damage", "expected"), DEFECTS, ids=[d[0] for d in DEFECTS])
@pytest.mark.parametrize("version", [1, 2])
def test_a_malformed_checkpoint_is_one_line(tmp_path, last_pt, name, damage, expected, version) -> None:
    content = _content(last_pt)
    damage(content)
    path = tmp_path / "bad.pt"
    if version == 2:  # a well-formed file with a right hash: only the structure check can catch it
        save_checkpoint(path, content)
    else:  # a version-1 file, written before checkpoints carried a hash
        torch.save({"format": FORMAT, "version": 1, **content}, path)
    assert expected in _refused(path)


def test_a_version_1_checkpoint_still_resumes(tmp_path: Path, last_pt: Path) -> None:
    old = tmp_path / "old.pt"
    torch.save({"format": FORMAT, "version": 1, **_content(last_pt)}, old)
    events = run_all(make_trainer(small_project(epochs=3, optimizer="adam"), resume=old))
    assert events[0].start_epoch == 3 and events[-1].reason == "completed"


def _tensor_bytes_offset(path: Path) -> int:
    """Where the first stored tensor's bytes start in the zip (torch stores them uncompressed)."""
    with zipfile.ZipFile(path) as archive:
        info = next(i for i in archive.infolist() if "/data/" in i.filename and i.file_size > 64)
    raw = path.read_bytes()
    name_length, extra_length = struct.unpack("<HH", raw[info.header_offset + 26 : info.header_offset + 30])
    return info.header_offset + 30 + name_length + extra_length


def test_a_flipped_bit_in_a_weight_is_caught(tmp_path: Path, last_pt: Path) -> None:
    damaged = tmp_path / "flipped.pt"
    raw = bytearray(last_pt.read_bytes())
    raw[_tensor_bytes_offset(last_pt) + 33] ^= 0x01  # the lowest bit of one weight: torch loads it silently
    damaged.write_bytes(bytes(raw))
    torch.load(damaged, weights_only=True)  # torch itself does not notice
    assert "damaged (its content no longer matches the hash" in _refused(damaged)


def test_an_optimiser_change_restarts_its_state_with_a_note(tmp_path: Path, last_pt: Path) -> None:
    # Adam's last.pt, the project now SGD: KeyError 'momentum' in the first step before.
    trainer = make_trainer(small_project(epochs=4, optimizer="sgd", lr=0.05), resume=last_pt)
    events = run_all(trainer)
    started = events[0]
    assert isinstance(started, RunStarted) and started.start_epoch == 3
    (note,) = started.notes
    assert "made with the adam optimiser and the project now uses sgd" in note
    assert "starts afresh at epoch 3 with learning rate 0.05" in note
    assert events[-1].reason == "completed"
    assert [e.epoch for e in of_type(events, EpochEnd)] == [3, 4]
    assert isinstance(trainer.optimizer, torch.optim.SGD)


def test_an_optimiser_change_replays_the_schedule(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    schedule = {"schedule": "step", "step_size": 1, "gamma": 0.5}
    run_all(make_trainer(small_project(epochs=2, optimizer="adam", lr=0.01, **schedule), out_dir=folder))
    events = run_all(
        make_trainer(small_project(epochs=3, optimizer="sgd", lr=0.01, **schedule), resume=folder / LAST_FILE)
    )
    # epoch 3 of a step schedule halving every epoch, from the project's lr: 0.01 / 4
    assert of_type(events, EpochEnd)[0].lr == pytest.approx(0.0025)


def test_a_schedule_change_is_refused_with_what_to_do(last_pt: Path) -> None:
    with pytest.raises(CheckpointError, match=r"the project now uses cosine: set training\.schedule back"):
        make_trainer(small_project(epochs=4, optimizer="adam", schedule="cosine"), resume=last_pt)


def test_a_fresh_run_in_a_reused_folder_removes_the_old_runs_files(tmp_path: Path) -> None:
    run_all(make_trainer(small_project(epochs=2), out_dir=tmp_path))
    old_id = RunHistory.load(tmp_path / HISTORY_FILE).run_id
    trainer = make_trainer(small_project(epochs=2), out_dir=tmp_path)
    assert not any((tmp_path / name).exists() for name in (BEST_FILE, LAST_FILE, HISTORY_FILE))
    run_all(trainer)
    assert _run_ids(tmp_path) == {trainer.history.run_id} != {old_id}


def _run_ids(folder: Path) -> set[str]:
    history = json.loads((folder / HISTORY_FILE).read_text())["run_id"]
    return {history, *(load_checkpoint(folder / name)["run_id"] for name in (BEST_FILE, LAST_FILE))}


def test_a_run_resumed_from_its_own_folder_keeps_it(tmp_path: Path) -> None:
    run_all(make_trainer(small_project(epochs=2), out_dir=tmp_path))
    first_id = RunHistory.load(tmp_path / HISTORY_FILE).run_id
    run_all(make_trainer(small_project(epochs=3), out_dir=tmp_path, resume=tmp_path / LAST_FILE))
    assert _run_ids(tmp_path) == {first_id}
    assert RunHistory.load(tmp_path / HISTORY_FILE).epochs == [1, 2, 3]


def test_kill_9_in_a_reused_out_folder_leaves_one_run(tmp_path: Path) -> None:
    """Run A completes into a folder; run B, started there by the CLI, is killed with SIGKILL after its first
    epoch: every file in the folder is B's (before, A's history.json and best.pt sat beside B's last.pt)."""
    project = tmp_path / "tiny.cnnproj.json"
    save(small_project(epochs=200, dataset={"name": "shapes", "num_classes": 4, "num_images": 320}), project)
    out = tmp_path / "out"
    run_all(make_trainer(small_project(epochs=1), out_dir=out))
    a_id = RunHistory.load(out / HISTORY_FILE).run_id
    command = [sys.executable, "-m", "cnnstudio", "train", str(project), "--out", str(out), "--json"]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        while line and json.loads(line).get("event") != "epoch":
            line = child.stdout.readline()
        assert line, "the run ended before its first epoch"
        time.sleep(0.05)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    ids = _run_ids(out)
    assert len(ids) == 1 and a_id not in ids
