"""``cnnstudio train --download --data-dir``: the set is fetched with progress on stderr, then trains."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torchvision
from dataset_server import md5, mnist_files
from engine_fixtures import THREADS, small_layers, small_project

from cnnstudio.cli import main
from cnnstudio.core.project_file import save
from cnnstudio.training.download_cli import JsonProgress, _Bars
from cnnstudio.training.downloads.fetch import Progress


def _mnist_project(tmp_path: Path) -> str:
    path = tmp_path / "digits.cnnproj.json"
    save(small_project(small_layers(classes=10), {"name": "mnist", "limit": 32}, epochs=1), path)
    return str(path)


def _served_mnist(monkeypatch: pytest.MonkeyPatch, serve) -> tuple[dict[str, bytes], object]:
    """A small MNIST-like set on the local server, with torchvision's checksums set to its files'."""
    files = mnist_files(train=64)
    monkeypatch.setattr(torchvision.datasets.MNIST, "resources", [(n, md5(files[n])) for n, _ in
                        torchvision.datasets.MNIST.resources])  # fmt: skip
    return files, serve(files)


def test_download_then_train_one_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve, capsys
) -> None:
    files, server = _served_mnist(monkeypatch, serve)
    data = tmp_path / "sets"
    args = ["train", _mnist_project(tmp_path), "--json", "--threads", str(THREADS)]
    assert main([*args, "--data-dir", str(data)]) == 1, "no files and no --download: a clear refusal"
    out, err = capsys.readouterr()
    assert f"MNIST is not in {data}" in err and not data.exists()
    status = main([*args, "--data-dir", str(data), "--download"])
    out, err = capsys.readouterr()
    assert status == 0, err
    rows = [json.loads(line) for line in out.splitlines() if '"event": "download"' not in line]
    assert rows[0]["event"] == "started" and rows[0]["dataset"] == "mnist"
    assert rows[-1]["event"] == "finished" and rows[-1]["reason"] == "completed", "it trained on the download"
    lines = err.splitlines()
    assert (
        f"downloading train-images-idx3-ubyte.gz (1/4) from {server.url}/train-images-idx3-ubyte.gz" in lines
    )
    assert (
        f"downloaded train-images-idx3-ubyte.gz: {len(files['train-images-idx3-ubyte.gz']):,} bytes" in lines
    )
    assert (data / "MNIST/raw/t10k-labels-idx1-ubyte").is_file()


def test_json_reports_each_files_download_before_the_run_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve, capsys
) -> None:
    files, server = _served_mnist(monkeypatch, serve)
    data = tmp_path / "sets"
    args = ["train", _mnist_project(tmp_path), "--json", "--threads", str(THREADS), "--data-dir", str(data)]
    assert main([*args, "--download"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]  # every line is JSON
    kinds = [row["event"] for row in rows]
    first_run = kinds.index("started")
    assert set(kinds[:first_run]) == {"download"}, "the download comes before the run, then the run's lines"
    downloads = rows[:first_run]
    names = [name for name, _ in torchvision.datasets.MNIST.resources]
    assert [(r["file"], r["state"]) for r in downloads if r["state"] != "progress"] == [
        (name, state) for name in names for state in ("started", "finished")
    ]
    for index, name in enumerate(names, 1):
        done = next(r for r in downloads if r["file"] == name and r["state"] == "finished")
        assert done == {
            "event": "download", "state": "finished", "file": name, "url": f"{server.url}/{name}",
            "index": index, "count": 4, "bytes": len(files[name]), "total_bytes": len(files[name]),
            "bytes_per_second": done["bytes_per_second"], "seconds_left": done["seconds_left"],
        }  # fmt: skip
        assert done["bytes_per_second"] >= 0 and done["seconds_left"] in (None, 0)
    assert rows[-1]["event"] == "finished" and rows[-1]["reason"] == "completed"
    assert main(args) == 0, "the files are there now"
    assert json.loads(capsys.readouterr().out.splitlines()[0])["event"] == "started", "nothing to download"


def test_json_progress_lines_come_at_most_every_half_second(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr("cnnstudio.training.download_cli.time.monotonic", lambda: clock[0])
    stream = io.StringIO()
    progress = JsonProgress(stream)
    for step in range(11):  # 0 to 1 MiB of 4 MiB, a report every 0.1 s
        clock[0] = 100.0 + step / 10
        progress.update(Progress("c.tar.gz", "http://x/c.tar.gz", 1, 1, step << 17, 4 << 20, 1 << 20, 3.0))
    progress.close(finished=False)  # a failure: no "finished" line
    rows = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(r["state"], r["bytes"]) for r in rows] == [
        ("started", 0),
        ("progress", 5 << 17),
        ("progress", 10 << 17),
    ]
    assert rows[1]["total_bytes"] == 4 << 20 and rows[1]["seconds_left"] == 3.0


def test_a_failed_download_exits_1_with_the_reason(tmp_path: Path, serve, capsys) -> None:
    server = serve({})
    data = tmp_path / "sets"
    status = main(["train", _mnist_project(tmp_path), "--download", "--data-dir", str(data)])
    err = capsys.readouterr().err
    assert status == 1
    last = err.splitlines()[-1]
    assert last.startswith(
        f"cnnstudio: {tmp_path / 'digits.cnnproj.json'}: MNIST: train-images-idx3-ubyte.gz"
    )
    assert f"HTTP 404 Not Found ({server.url}/train-images-idx3-ubyte.gz)" in last
    assert not data.exists()


def test_on_a_terminal_the_bar_shows_bytes_speed_and_time_left() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    bars = _Bars(stream)
    for done in (0, 1 << 20, 2 << 20):
        bars.update(
            Progress("cifar-10-python.tar.gz", "http://x/c.tar.gz", 1, 1, done, 4 << 20, 1 << 20, 2.0)
        )
    bars.close()
    text = stream.getvalue()
    assert "cifar-10-python.tar.gz (1/1)" in text and "2.00M/4.00M" in text


def test_the_former_folder_is_read_and_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("CNNSTUDIO_DATA_DIR", raising=False)
    raw = tmp_path / "cnnstudio-data" / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name, data in mnist_files(train=64).items():
        (raw / name.removesuffix(".gz")).write_bytes(gzip.decompress(data))
    assert main(["train", _mnist_project(tmp_path), "--json", "--threads", str(THREADS)]) == 0
    err = capsys.readouterr().err
    assert (
        f"cnnstudio: warning: reading the datasets in {tmp_path / 'cnnstudio-data'}, the former default"
        in err
    )


def test_download_on_a_built_in_set_says_it_needs_none(tmp_path: Path, capsys) -> None:
    path = tmp_path / "shapes.cnnproj.json"
    save(small_project(epochs=1), path)
    assert main(["train", str(path), "--download", "--json", "--threads", str(THREADS)]) == 0
    assert "--download and --data-dir apply to mnist, " in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is POSIX here")
def test_ctrl_c_mid_download_exits_130_and_leaves_nothing(tmp_path: Path, serve) -> None:
    files = {**mnist_files(), "train-images-idx3-ubyte.gz": bytes(2_000_000)}
    server = serve(files, delay_s=0.05)  # 6 s for the first file
    data = tmp_path / "sets"
    env = {**os.environ, "CNNSTUDIO_DATASET_MIRROR": server.url, "OMP_NUM_THREADS": "1"}
    args = ["train", _mnist_project(tmp_path), "--download", "--data-dir", str(data)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "cnnstudio", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env,
    )  # fmt: skip
    part = data / "MNIST/raw/train-images-idx3-ubyte.gz.part"
    deadline = time.monotonic() + 60
    while not (part.is_file() and part.stat().st_size > 100_000) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert part.is_file(), "the download started"
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == "cnnstudio: interrupted" and "Traceback" not in err
    assert not data.exists(), "no partial file, no folder made for it"
