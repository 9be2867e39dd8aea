"""Downloads of the torchvision sets, from a local HTTP server serving files in their published formats.

The published MD5s are torchvision's; the tiny test files cannot match them, so the tests that expect a
good download replace torchvision's lists with the test files' MD5s (the downloader reads those lists),
and the checksum test keeps the real ones.
"""

from __future__ import annotations

import gzip
import socket
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import torch
import torchvision
from dataset_server import cifar_tarball, md5, mnist_files, svhn_mat

from cnnstudio.training.datasets import load_dataset
from cnnstudio.training.downloads import fetch as download_module
from cnnstudio.training.downloads.fetch import DownloadCancelled, DownloadError
from cnnstudio.training.downloads.published import CLASSES, from_source, published
from cnnstudio.training.downloads.sets import download_set, remote_files

MNIST = torchvision.datasets.MNIST


def _publish(monkeypatch: pytest.MonkeyPatch, cls: type, files: dict[str, bytes]) -> None:
    """torchvision's MNIST-like list with the MD5s of ``files`` (the URLs stay the published ones)."""
    monkeypatch.setattr(cls, "resources", [(name, md5(files[name])) for name, _ in cls.resources])


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.mark.parametrize("cls", [MNIST, torchvision.datasets.FashionMNIST, torchvision.datasets.KMNIST])
def test_mnist_family_downloads_checks_unpacks_and_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve, cls: type
) -> None:
    files = mnist_files()
    _publish(monkeypatch, cls, files)
    server = serve(files)
    name = {"MNIST": "mnist", "FashionMNIST": "fashion_mnist", "KMNIST": "kmnist"}[cls.__name__]
    data = load_dataset(
        {"name": name, "root": str(tmp_path), "download": True, "normalize": False}, (1, 28, 28)
    )
    assert data.test_x.shape == (10, 1, 28, 28)
    published = np.frombuffer(gzip.decompress(files["t10k-images-idx3-ubyte.gz"])[16:], np.uint8)
    assert torch.equal(data.test_x.flatten(), torch.from_numpy(published.copy())), "the served pixels"
    raw = f"{cls.__name__}/raw"
    assert _tree(tmp_path) == sorted([cls.__name__, raw, *(f"{raw}/{n.removesuffix('.gz')}" for n in files)])
    assert {name for name, _ in server.ranges} == set(files), "each file fetched once"
    load_dataset({"name": name, "root": str(tmp_path), "download": True}, (1, 28, 28))
    assert len(server.ranges) == 4, "nothing fetched again once the files are there"


@pytest.mark.parametrize("cls", [torchvision.datasets.CIFAR10, torchvision.datasets.CIFAR100])
def test_cifar_tarball_downloads_unpacks_and_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve, cls: type
) -> None:
    hundred = cls is torchvision.datasets.CIFAR100
    tarball = cifar_tarball(
        cls.base_folder, [f for f, _ in cls.train_list], [f for f, _ in cls.test_list],
        (cls.meta["filename"], cls.meta["key"]), hundred,
    )  # fmt: skip
    monkeypatch.setattr(cls, "tgz_md5", md5(tarball))
    for attribute in ("train_list", "test_list"):  # torchvision checks the unpacked files' published MD5s too
        monkeypatch.setattr(cls, attribute, [[f, None] for f, _ in getattr(cls, attribute)])
    monkeypatch.setattr(cls, "meta", {**cls.meta, "md5": None})
    serve({cls.filename: tarball})
    name = "cifar100" if hundred else "cifar10"
    data = load_dataset({"name": name, "root": str(tmp_path), "download": True}, (3, 32, 32))
    assert data.test_x.shape == (6, 3, 32, 32) and data.num_classes == (100 if hundred else 10)
    assert not (tmp_path / cls.filename).exists(), "the archive is removed once unpacked"
    assert [p.name for p in tmp_path.iterdir()] == [cls.base_folder], "no scratch folder left"


def test_svhn_mat_files_download_and_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve) -> None:
    pytest.importorskip("scipy")
    files = {"train_32x32.mat": svhn_mat(20), "test_32x32.mat": svhn_mat(5)}
    split_list = torchvision.datasets.SVHN.split_list
    monkeypatch.setattr(
        torchvision.datasets.SVHN, "split_list",
        {k: [url, f, md5(files[f]) if f in files else m] for k, (url, f, m) in split_list.items()},
    )  # fmt: skip
    serve(files)
    data = load_dataset({"name": "svhn", "root": str(tmp_path), "download": True}, (3, 32, 32))
    assert data.test_y.tolist() == [1, 2, 3, 4, 5]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["test_32x32.mat", "train_32x32.mat"]


def test_the_sources_are_torchvisions_published_lists() -> None:
    first = remote_files("mnist")[0]
    assert first.urls == tuple(f"{mirror}train-images-idx3-ubyte.gz" for mirror in MNIST.mirrors)
    assert first.md5 == "f68b3c2dcbeaaa9fbdd348bbdeb94873" and first.folder == "MNIST/raw"
    (cifar,) = remote_files("cifar10")
    assert (cifar.urls, cifar.md5) == (("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",), "c58f30108f718f92721af3b95e74349a")  # fmt: skip
    assert [f.filename for f in remote_files("svhn")] == ["train_32x32.mat", "test_32x32.mat"]


@pytest.mark.parametrize("class_name", sorted(CLASSES))
def test_the_lists_read_from_torchvisions_source_are_its_class_attributes(class_name: str) -> None:
    """The window reads them with ast (no torch import); they must be what the classes hold."""
    assert from_source(class_name) == published(class_name)
    assert published(class_name) == {
        k: getattr(getattr(torchvision.datasets, class_name), k) for k in CLASSES[class_name][1]
    }


def test_the_window_process_fetches_without_importing_torch(tmp_path: Path) -> None:
    code = (
        "import sys; from cnnstudio.training.downloads.sets import remote_files; "
        "files = remote_files('cifar100'); assert 'torch' not in sys.modules, 'torch imported'; print(files[0].md5)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == torchvision.datasets.CIFAR100.tgz_md5


def test_a_checksum_mismatch_names_the_file_and_leaves_nothing(tmp_path: Path, serve) -> None:
    server = serve(mnist_files())  # not the published files: torchvision's MD5s cannot match
    with pytest.raises(DownloadError) as caught:
        download_set("mnist", tmp_path / "data")
    message = str(caught.value)
    assert message.startswith(
        f"train-images-idx3-ubyte.gz from {server.url}/train-images-idx3-ubyte.gz failed"
    )
    assert "published f68b3c2dcbeaaa9fbdd348bbdeb94873" in message and "\n" not in message
    assert not (tmp_path / "data").exists(), "no empty folders left behind"


def test_http_404_says_so_with_the_url_and_what_to_do_offline(tmp_path: Path, serve) -> None:
    server = serve({})
    root = tmp_path / "data"
    with pytest.raises(DownloadError) as caught:
        download_set("cifar10", root)
    message = str(caught.value)
    assert message.startswith(
        f"CIFAR-10: cifar-10-python.tar.gz could not be downloaded: HTTP 404 Not Found "
        f"({server.url}/cifar-10-python.tar.gz)."
    )
    assert message.endswith(
        "Without a network: download https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz on a machine with "
        f"internet and put them in {root}; the next download checks and unpacks them."
    )
    assert not root.exists()


def test_connection_refused_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("CNNSTUDIO_DATASET_MIRROR", f"http://127.0.0.1:{port}")
    root = tmp_path / "existing"
    root.mkdir()
    with pytest.raises(DownloadError, match="connection refused") as caught:
        download_set("kmnist", root)
    assert f"http://127.0.0.1:{port}/train-images-idx3-ubyte.gz" in str(caught.value)
    assert f"put them in {root / 'KMNIST' / 'raw'};" in str(caught.value), "where to put the files by hand"
    assert _tree(root) == [], "the folder that was there stays; the ones made for the download go"


def test_cancel_mid_file_removes_the_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve
) -> None:
    files = {**mnist_files(), "train-images-idx3-ubyte.gz": bytes(1_000_000)}
    _publish(monkeypatch, MNIST, files)
    serve(files, delay_s=0.002)
    cancel, seen = threading.Event(), []

    def progress(p) -> None:
        seen.append(p)
        if p.done > 100_000:
            cancel.set()

    with pytest.raises(DownloadCancelled, match=r"train-images-idx3-ubyte\.gz: download cancelled"):
        download_set("mnist", tmp_path, progress, cancel)
    assert seen[-1].done < 1_000_000 and seen[-1].total == 1_000_000 and seen[-1].speed > 0
    assert _tree(tmp_path) == []


def test_a_dropped_connection_resumes_with_a_range_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve
) -> None:
    files = mnist_files(train=400)
    _publish(monkeypatch, MNIST, files)
    server = serve(files, cut_once={"train-images-idx3-ubyte.gz"})
    download_set("mnist", tmp_path)
    requests = [r for r in server.ranges if r[0] == "train-images-idx3-ubyte.gz"]
    half = len(files["train-images-idx3-ubyte.gz"]) // 2
    assert requests == [
        ("train-images-idx3-ubyte.gz", None),
        ("train-images-idx3-ubyte.gz", f"bytes={half}-"),
    ]
    assert (tmp_path / "MNIST/raw/train-images-idx3-ubyte").read_bytes() == gzip.decompress(
        files["train-images-idx3-ubyte.gz"]
    )


def test_a_server_without_range_restarts_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve
) -> None:
    files = mnist_files(train=400)
    _publish(monkeypatch, MNIST, files)
    server = serve(files, cut_once={"t10k-images-idx3-ubyte.gz"}, ignore_range=True)
    download_set("mnist", tmp_path)
    assert [r for _, r in server.ranges if _ == "t10k-images-idx3-ubyte.gz"][1].startswith("bytes=")
    assert (tmp_path / "MNIST/raw/t10k-images-idx3-ubyte").read_bytes() == gzip.decompress(
        files["t10k-images-idx3-ubyte.gz"]
    ), "the whole file again, not the first half twice"


def test_a_full_disk_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    serve(mnist_files())
    real_open = open
    monkeypatch.setattr(
        download_module, "open", lambda path, mode="r": real_open("/dev/full", mode), raising=False
    )
    with pytest.raises(DownloadError, match=r"train-images-idx3-ubyte.gz: the disk is full \(writing "):
        download_set("mnist", tmp_path / "data")
    assert not (tmp_path / "data").exists()


def _mnist_raw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, bytes], Path]:
    """MNIST-like files with their MD5s published, and the empty folder they unpack into."""
    files = mnist_files()
    _publish(monkeypatch, MNIST, files)
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    return files, raw


def test_files_already_there_are_kept_and_only_the_missing_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve
) -> None:
    files, raw = _mnist_raw(tmp_path, monkeypatch)
    (raw / "train-labels-idx1-ubyte").write_bytes(gzip.decompress(files["train-labels-idx1-ubyte.gz"]))
    server = serve(files)
    download_set("mnist", tmp_path)
    assert sorted(name for name, _ in server.ranges) == [
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
    ]  # fmt: skip


def test_archives_copied_by_hand_are_checked_and_unpacked_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve
) -> None:
    files, raw = _mnist_raw(tmp_path, monkeypatch)
    for name, data in files.items():  # what the offline message asks a teacher to do
        (raw / name).write_bytes(data)
    server = serve({})
    download_set("mnist", tmp_path)
    assert server.ranges == [], "nothing fetched"
    assert sorted(p.name for p in raw.iterdir()) == sorted(n.removesuffix(".gz") for n in files)


def test_an_archive_that_does_not_unpack_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve
) -> None:
    files = {**mnist_files(), "train-images-idx3-ubyte.gz": b"not gzip at all"}
    _publish(monkeypatch, MNIST, files)  # its checksum matches: the archive itself is at fault
    serve(files)
    with pytest.raises(
        DownloadError, match=r"^train-images-idx3-ubyte\.gz: cannot unpack it \(Not a gzipped file"
    ):
        download_set("mnist", tmp_path / "data")
    assert not (tmp_path / "data").exists()


def test_a_folder_that_cannot_be_made_is_named(tmp_path: Path, serve) -> None:
    serve(mnist_files())
    (tmp_path / "file").write_text("in the way")
    with pytest.raises(DownloadError) as caught:
        download_set("svhn", tmp_path / "file" / "sets")
    assert (
        str(caught.value) == f"train_32x32.mat: cannot write {tmp_path / 'file' / 'sets'} (not a directory)"
    )
