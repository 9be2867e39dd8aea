"""``cnnstudio train`` as a script or a grader uses it: JSON lines, exit statuses, files in --out."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from engine_fixtures import THREADS, small_layers, small_project

from cnnstudio.cli import main
from cnnstudio.core import specs as S
from cnnstudio.core.project_file import save
from cnnstudio.training.train_report import HumanReporter

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
    started, epochs, finished = rows[0], rows[1:-1], rows[-1]
    assert started["event"] == "started" and started["device"].startswith("cpu")
    assert started["dataset"] == "shapes" and started["threads"] == THREADS and started["train_images"] == 256
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
    assert status == 0 and [json.loads(x)["event"] for x in lines] == ["started", "epoch", "finished"]
    history = json.loads((tmp_path / "a" / "history.json").read_text())
    assert history["settings"]["seed"] == 3 and history["settings"]["epochs"] == 1
    status, lines, _ = _train(
        capsys, file, "--json", "--epochs", "3", "--resume", str(tmp_path / "a" / "last.pt")
    )
    assert status == 0 and [json.loads(x).get("epoch") for x in lines[1:-1]] == [2, 3]


def test_people_get_a_line_per_epoch(tmp_path: Path, capsys) -> None:
    status, lines, _ = _train(capsys, _file(tmp_path))
    lines = [line for line in lines if not line.startswith("health, epoch ")]  # training-health warnings
    assert status == 0
    assert lines[0].startswith("training 'tiny' on cpu") and "256 images" in lines[0]
    assert lines[1].startswith("epoch 1/2  train loss") and "val loss" in lines[1] and "img/s" in lines[1]
    assert lines[3].startswith("completed, best epoch")
    assert "\r" not in "".join(lines)


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_progress_bar_on_stderr_and_stdout_only_results() -> None:
    from cnnstudio.training.events import BatchProgress, EpochEnd

    out, bar = io.StringIO(), Tty()
    reporter = HumanReporter(out, "x", bar_stream=bar)
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
    drawn = bar.getvalue()
    assert "epoch 2/3" in drawn and " 5/10 " in drawn and "loss 0.5000" in drawn and "1,234 img/s" in drawn
    assert out.getvalue() == ""  # `cnnstudio train f | tee log`: the log holds results, not the animation
    reporter.handle(
        EpochEnd(
            epoch=2,
            train_loss=0.5,
            train_accuracy=0.75,
            val_loss=0.6,
            val_accuracy=0.7,
            lr=0.001,
            seconds=1.0,
            train_images=320,
            images_per_second=320.0,
            best_epoch=2,
        )
    )
    assert out.getvalue().startswith("epoch 2/3  train loss 0.5000") and reporter.bar is None  # bar gone


def _terminal(columns: int) -> tuple[int, int]:
    """A pseudo-terminal ``columns`` wide: (the program's end, the end we read what it drew from)."""
    import fcntl
    import pty
    import struct
    import termios

    reader, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    return terminal, reader


def _read_all(fd: int, into: list[bytes]) -> None:
    """Read a terminal until its other end closes (in a thread: a full terminal would block the writer)."""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the program's end closed
            return
        if not chunk:
            return
        into.append(chunk)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_under_tee_the_bar_is_on_the_terminal_and_the_pipe_gets_clean_lines(tmp_path: Path) -> None:
    """``cnnstudio train f | tee log`` on a 70-column terminal: stdout is a pipe, stderr the terminal."""
    terminal, reader = _terminal(70)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    project = small_project(epochs=2, dataset={"name": "shapes", "num_classes": 4, "num_images": 4000})
    chunks: list[bytes] = []
    reading = threading.Thread(target=_read_all, args=(reader, chunks), daemon=True)
    reading.start()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "cnnstudio", "train", _file(tmp_path, project), "--threads", "1"],
            stdout=subprocess.PIPE, stderr=terminal, text=True, timeout=120, env=env,
        )  # fmt: skip
    finally:
        os.close(terminal)
        reading.join(10)
        os.close(reader)
    drawn = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "\r" not in proc.stdout and "\x1b" not in proc.stdout  # the log: results only
    assert [line.split()[0] for line in proc.stdout.splitlines()] == [
        "training",
        "epoch",
        "epoch",
        "completed,",
    ]
    frames = [frame for frame in drawn.replace("\n", "\r").split("\r") if "batch" in frame]
    assert any("epoch 1/2" in f for f in frames) and any("epoch 2/2" in f for f in frames), drawn
    assert max(len(frame) for frame in frames) <= 70  # fits the terminal


def test_no_bar_where_stderr_is_not_a_terminal() -> None:
    from cnnstudio.training.events import BatchProgress

    bar = io.StringIO()  # a log file, or `2>&1 | tee`
    reporter = HumanReporter(io.StringIO(), "x", bar_stream=bar)
    reporter.handle(
        BatchProgress(
            epoch=1,
            batch=5,
            batches=10,
            loss=0.5,
            accuracy=0.75,
            lr=0.001,
            images_per_second=1234.0,
            seconds_left=65.0,
        )
    )
    reporter.close()
    assert bar.getvalue() == ""


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
    assert [json.loads(line)["event"] for line in proc.stdout.splitlines()] == [
        "started",
        "epoch",
        "finished",
    ]


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["--epochs", "0"], "--epochs: must be a whole number from 1 to 1000000, got 0"),
        (["--epochs", "abc"], "--epochs: must be a whole number, got 'abc'"),
        (["--seed", "-1"], "--seed: must be a whole number of at least 0, got -1"),
        (["--seed", str(2**64)], "--seed: must be a whole number from 0 to 9223372036854775807, got 1844"),
        (["--threads", "20000"], "--threads: must be a whole number from 1 to 1024, got 20000"),
        (["--threads", "9" * 5000], "--threads: must be a whole number, got '9999"),
        (["--device", "tpu"], "--device: invalid choice: 'tpu'"),
        (["--no-such-option"], "unrecognized arguments: --no-such-option"),
    ],
)
def test_bad_arguments_exit_64_naming_the_option(
    tmp_path: Path, capsys, argv: list[str], reason: str
) -> None:
    assert main(["train", _file(tmp_path), *argv]) == 64  # not 2, which means "the network cannot work"
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("usage: cnnstudio")
    last = err.splitlines()[-1]
    assert last.startswith("cnnstudio: train: argument " if argv[0] != "--no-such-option" else "cnnstudio: ")
    assert reason in last and "_int" not in err and "Traceback" not in err
    assert main(["train", _file(tmp_path), *argv, "--json"]) == 64
    error = json.loads(capsys.readouterr().out)
    assert error["event"] == "error" and error["status"] == 64 and reason in error["message"]


def test_json_setup_failures_are_error_events(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.cnnproj.json"
    bad.write_text("{not json")
    status, lines, err = _train(capsys, str(bad), "--json")
    assert status == 1 and [json.loads(line) for line in lines] == [
        {"event": "error", "status": 1, "message": err.strip().removeprefix("cnnstudio: ")}
    ]
    status, lines, _ = _train(capsys, _file(tmp_path, small_project(small_layers(classes=6))), "--json")
    assert status == 2 and json.loads(lines[0])["status"] == 2 and len(lines) == 1


def test_more_threads_than_cores_trains_with_the_cores(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: THREADS)
    status = main(
        ["train", _file(tmp_path, small_project(epochs=1)), "--threads", str(THREADS + 50), "--json"]
    )
    out, err = capsys.readouterr()
    assert status == 0 and json.loads(out.splitlines()[0])["threads"] == THREADS
    assert f"threads {THREADS + 50}: this machine has {THREADS} cores" in err


def test_a_network_without_weights_is_refused_before_training(tmp_path: Path, capsys) -> None:
    project = small_project([S.AdaptiveAvgPool2d(output_size=2), S.Flatten()])  # 4 outputs, 4 classes
    status, _, err = _train(capsys, _file(tmp_path, project))
    assert status == 2 and "no weights to learn" in err and err.count("\n") == 1
