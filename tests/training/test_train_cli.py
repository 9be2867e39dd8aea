"""``cnnstudio train`` as a script or a grader uses it: JSON lines, exit statuses, files in --out."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from engine_fixtures import THREADS, small_layers, small_project

from cnnstudio.cli import main
from cnnstudio.core import specs as S
from cnnstudio.core.project_file import save
from cnnstudio.training.run_cli import HumanReporter

EPOCH_KEYS = [
    "event", "epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds",
    "train_images", "images_per_second",
]  # fmt: skip


def _file(tmp_path: Path, project=None, name: str = "tiny.cnnproj.json") -> str:
    path = tmp_path / name
    save(project or small_project(epochs=2), path)
    return str(path)


def _train(capsys, *args: str) -> tuple[int, list[str], str]:
    status = main(["train", *args, "--threads", str(THREADS)])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_json_lines_follow_the_design(tmp_path: Path, capsys) -> None:
    out_dir = tmp_path / "run"
    status, lines, err = _train(capsys, _file(tmp_path), "--json", "--out", str(out_dir))
    assert status == 0, err
    rows = [json.loads(line) for line in lines]
    epochs, finished = rows[:-1], rows[-1]
    assert [r["epoch"] for r in epochs] == [1, 2]
    assert all(list(r) == EPOCH_KEYS and r["event"] == "epoch" for r in epochs)
    assert all(r["train_images"] == 256 and r["images_per_second"] > 0 for r in epochs)
    assert finished["event"] == "finished" and finished["reason"] == "completed"
    assert finished["best_epoch"] in (1, 2) and 0 <= finished["test_accuracy"] <= 1
    assert {"best.pt", "history.json"} <= {p.name for p in out_dir.iterdir()}


def test_overrides_and_resume(tmp_path: Path, capsys) -> None:
    file = _file(tmp_path)
    status, lines, _ = _train(
        capsys,
        file,
        "--json",
        "--epochs",
        "1",
        "--seed",
        "3",
        "--device",
        "cpu",
        "--out",
        str(tmp_path / "a"),
    )
    assert status == 0 and [json.loads(x)["event"] for x in lines] == ["epoch", "finished"]
    history = json.loads((tmp_path / "a" / "history.json").read_text())
    assert history["settings"]["seed"] == 3 and history["settings"]["epochs"] == 1
    status, lines, _ = _train(
        capsys, file, "--json", "--epochs", "3", "--resume", str(tmp_path / "a" / "last.pt")
    )
    assert status == 0 and [json.loads(x).get("epoch") for x in lines[:-1]] == [2, 3]


def test_people_get_a_line_per_epoch(tmp_path: Path, capsys) -> None:
    status, lines, _ = _train(capsys, _file(tmp_path))
    assert status == 0
    assert lines[0].startswith("training 'tiny' on cpu") and "256 images" in lines[0]
    assert lines[1].startswith("epoch 1/2  train loss") and "val loss" in lines[1] and "img/s" in lines[1]
    assert lines[3].startswith("completed, best epoch")
    assert "\r" not in "".join(lines)


def test_a_terminal_gets_a_live_progress_line() -> None:
    from cnnstudio.training.events import BatchProgress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    reporter = HumanReporter(stream, "x")
    reporter.epochs = 3
    reporter.handle(
        BatchProgress(
            epoch=2,
            batch=5,
            batches=10,
            loss=0.5,
            accuracy=0.75,
            lr=0.001,
            images_per_second=1234.0,
            seconds_left=65.0,
        )
    )
    assert (
        stream.getvalue().startswith("\r")
        and "epoch 2/3" in stream.getvalue()
        and "1:05 left" in stream.getvalue()
    )


def test_divergence_exits_3(tmp_path: Path, capsys) -> None:
    file = _file(tmp_path, small_project(epochs=3, optimizer="sgd", lr=1e6))
    status, lines, _ = _train(capsys, file, "--json")
    assert status == 3
    finished = json.loads(lines[-1])
    assert finished["reason"] == "diverged" and finished["test_accuracy"] is None
    assert "learning rate" in finished["message"]


def test_unreadable_project_exits_1(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.cnnproj.json"
    bad.write_text("{not json")
    status, _, err = _train(capsys, str(bad))
    assert status == 1 and err.startswith(f"cnnstudio: {bad}: not valid JSON") and err.count("\n") == 1
    status, _, err = _train(capsys, str(tmp_path / "missing.cnnproj.json"))
    assert status == 1 and "no such file" in err


def test_bad_training_setting_exits_1_naming_the_key(tmp_path: Path, capsys) -> None:
    status, _, err = _train(capsys, _file(tmp_path, small_project(lr=-1)))
    assert status == 1 and "training.lr: must be a positive number, got -1" in err


def test_dataset_problem_exits_1_naming_the_folder(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "no-such-pictures"
    file = _file(tmp_path, small_project(dataset={"name": "folder", "root": str(missing)}))
    status, _, err = _train(capsys, file)
    assert status == 1 and str(missing) in err and err.count("\n") == 1


def test_a_checkpoint_that_cannot_be_written_exits_1_with_one_line(tmp_path: Path, capsys) -> None:
    out = tmp_path / "run"
    (out / "last.pt").mkdir(parents=True)  # a folder where the checkpoint file must go
    status, _, err = _train(capsys, _file(tmp_path), "--out", str(out))
    assert status == 1 and "last.pt" in err and err.count("\n") == 1 and "Traceback" not in err


def test_invalid_network_exits_2_with_the_core_message(tmp_path: Path, capsys) -> None:
    project = small_project(
        [
            S.Conv2d(out_channels=4, kernel_size=3),
            S.MaxPool2d(kernel_size=40),
            S.Flatten(),
            S.Linear(out_features=4),
        ]
    )
    status, _, err = _train(capsys, _file(tmp_path, project), "--json")
    layer = project.report.first_error()
    assert status == 2 and err.strip().endswith(f"layers[1] (maxpool2d): {layer.message}")
    status, _, err = _train(capsys, _file(tmp_path, small_project(small_layers(classes=6))))
    assert status == 2 and "the last layer gives 6 outputs but the dataset 'shapes' has 4 classes" in err


def test_train_as_a_separate_program(tmp_path: Path) -> None:
    """The real entry point, in a fresh interpreter: a grader's view."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.run(
        [sys.executable, "-m", "cnnstudio", "train", _file(tmp_path, small_project(epochs=1)), "--json", "--threads", "1"],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["event"] for line in proc.stdout.splitlines()] == ["epoch", "finished"]


@pytest.mark.parametrize("argv", [["--epochs", "0"], ["--seed", "-1"], ["--device", "tpu"]])
def test_bad_arguments_are_refused_by_argparse(tmp_path: Path, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["train", _file(tmp_path), *argv])
    assert info.value.code == 2
