"""What to download for each torchvision set (torchvision's own lists, ``published.py``), and the whole
download. After the download the files are unpacked where torchvision's classes read them
(``MNIST/raw/*-ubyte``, ``cifar-10-batches-py/...``), atomically, and read by those classes with
``download=False`` as before; the archives are removed (they would double the space used).
"""

from __future__ import annotations

import gzip
import os
import shutil
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from cnnstudio.core.dataset_catalog import EXPECTED_FILES, TITLES

from .fetch import (
    DownloadError,
    DownloadUnreachable,
    Folders,
    Progress,
    ProgressCallback,
    RemoteFile,
    fetch,
)
from .published import published

# torchvision's class of each set: its lists, and (MNIST-like sets) the folder it reads, NAME/raw.
MNIST_CLASSES = {"mnist": "MNIST", "fashion_mnist": "FashionMNIST", "kmnist": "KMNIST"}
CIFAR_CLASSES = {"cifar10": "CIFAR10", "cifar100": "CIFAR100"}


def remote_files(name: str) -> tuple[RemoteFile, ...]:
    """The published files of the set ``name``, as torchvision lists them."""
    if name in MNIST_CLASSES:
        lists = published(MNIST_CLASSES[name])
        folder = f"{MNIST_CLASSES[name]}/raw"
        return tuple(
            RemoteFile(file, tuple(f"{mirror}{file}" for mirror in lists["mirrors"]), md5, folder)
            for file, md5 in lists["resources"]
        )
    if name in CIFAR_CLASSES:
        lists = published(CIFAR_CLASSES[name])
        return (RemoteFile(lists["filename"], (lists["url"],), lists["tgz_md5"]),)
    if name == "svhn":
        split_list = published("SVHN")["split_list"]
        return tuple(
            RemoteFile(split_list[s][1], (split_list[s][0],), split_list[s][2]) for s in ("train", "test")
        )
    raise KeyError(name)


def missing_files(name: str, root: Path) -> list[str]:
    """The files torchvision reads that are not in ``root`` (relative paths)."""
    return [file for file in EXPECTED_FILES[name] if not (root / file).is_file()]


def manual_instructions(name: str, root: Path) -> str:
    """What to do without a network: which URLs, into which folder (the next download checks them)."""
    files = remote_files(name)
    urls = ", ".join(file.urls[0] for file in files)
    return (
        f"download {urls} on a machine with internet and put them in {root / files[0].folder}; "
        "the next download checks and unpacks them"
    )


def download_set(
    name: str,
    root: Path,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> None:
    """Download and unpack what is missing of the set ``name`` in ``root``; nothing when it is all there.

    Raises :class:`~.fetch.DownloadError` (one line: the file, the URL, the reason, what to do) and leaves neither
    partial files nor the folders it created; files already complete stay.
    """
    if not missing_files(name, root):
        return
    needed = [file for file in remote_files(name) if not _unpacked(name, file, root)]
    folders = Folders()
    try:
        for index, remote in enumerate(needed, 1):
            meter = _Meter(remote.filename, index, len(needed), progress)
            archive = fetch(remote, root, folders, cancel, meter.report)
            try:
                _unpack(archive, root, folders)
            except (OSError, EOFError, tarfile.TarError) as error:  # checked, yet not what its name says
                archive.unlink(missing_ok=True)
                raise DownloadError(f"{archive.name}: cannot unpack it ({error})") from None
        if missing := missing_files(name, root):  # a published archive whose layout has changed
            raise DownloadError(f"{TITLES[name]}: downloaded, but {missing[0]} is not in {root}")
    except DownloadUnreachable as error:
        folders.remove_empty()
        raise DownloadUnreachable(
            f"{TITLES[name]}: {error}. Without a network: {manual_instructions(name, root)}."
        ) from None
    except BaseException:
        folders.remove_empty()
        raise


def _unpacked(name: str, remote: RemoteFile, root: Path) -> bool:
    """Whether the files this archive gives are already in place (a download resumed after a failure)."""
    if name in MNIST_CLASSES:
        return (root / remote.folder / remote.filename.removesuffix(".gz")).is_file()
    return not missing_files(name, root)


def _unpack(archive: Path, root: Path, folders: Folders) -> None:
    """Unpack a ``.gz`` beside itself or a ``.tar.gz`` into ``root``, each file renamed into place once
    whole; then remove the archive. A ``.mat`` stays as it is."""
    if archive.name.endswith(".tar.gz"):
        with tempfile.TemporaryDirectory(dir=root, prefix=".unpacking-") as scratch:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(scratch, filter="data")
            for path in sorted(Path(scratch).rglob("*")):
                if path.is_file():
                    destination = root / path.relative_to(scratch)
                    folders.make(destination.parent)
                    os.replace(path, destination)
        archive.unlink()
    elif archive.suffix == ".gz":
        target = archive.with_suffix("")
        part = target.with_name(target.name + ".part")
        try:
            with gzip.open(archive, "rb") as source, open(part, "wb") as out:
                shutil.copyfileobj(source, out, 1 << 20)
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
        archive.unlink()


class _Meter:
    """Turns one file's byte counts into :class:`Progress` with speed and time left."""

    def __init__(self, filename: str, index: int, count: int, progress: Callable[[Progress], None] | None):
        self.filename, self.index, self.count, self.progress = filename, index, count, progress
        self.started = time.monotonic()
        self.first: int | None = None  # bytes already there when resumed: not part of the speed

    def report(self, done: int, total: int | None, url: str) -> None:
        if self.progress is None:
            return
        if self.first is None:
            self.first = done
        seconds = max(time.monotonic() - self.started, 1e-6)
        speed = (done - self.first) / seconds
        left = (total - done) / speed if total is not None and speed > 0 else None
        self.progress(Progress(self.filename, url, self.index, self.count, done, total, speed, left))
