"""``cnnstudio train --download --data-dir``: the set is fetched with progress on stderr, then trains."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import torchvision
from dataset_server import md5, mnist_files
from engine_fixtures import THREADS, small_layers, small_project

from cnnstudio.cli import main
from cnnstudio.core.project_file import save
from cnnstudio.training.download_cli import _Bars
from cnnstudio.training.downloads.fetch import Progress


def _mnist_project(tmp_path: Path) -> str:
    path = tmp_path / "digits.cnnproj.json"
    save(small_project(small_layers(classes=10), {"name": "mnist", "limit": 32}, epochs=1), path)
    return str(path)


def test_download_then_train_one_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve, capsys
) -> None:
    files = mnist_files(train=64)
    monkeypatch.setattr(torchvision.datasets.MNIST, "resources", [(n, md5(files[n])) for n, _ in
                        torchvision.datasets.MNIST.resources])  # fmt: skip
    server = serve(files)
    data = tmp_path / "sets"
    args = ["train", _mnist_project(tmp_path), "--json", "--threads", str(THREADS)]
    assert main([*args, "--data-dir", str(data)]) == 1, "no files and no --download: a clear refusal"
    out, err = capsys.readouterr()
    assert f"MNIST is not in {data}" in err and not data.exists()
    status = main([*args, "--data-dir", str(data), "--download"])
    out, err = capsys.readouterr()
    assert status == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
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
