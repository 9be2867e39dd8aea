"""The classic sets read through torchvision: MNIST, Fashion-MNIST, KMNIST, CIFAR-10/100 and SVHN.

Why through torchvision's own classes: a teacher's existing ``data`` folder, laid out the way every
PyTorch tutorial lays it out, works as it is. Downloads happen only when the project says
``download: true`` (or ``cnnstudio train --download``), through CNN Studio's own downloader
(``training.downloads``: progress, cancel, checksums, atomic files); the classes then read the files with
``download=False``. A missing file becomes a :class:`DatasetError` that names the folder and the files
expected, since the usual fix here (offline classrooms) is to copy them by hand.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torchvision

from cnnstudio.core.data_folder import default_data_folder
from cnnstudio.core.dataset_catalog import EXPECTED_FILES, TITLES
from cnnstudio.training.downloads.fetch import DownloadError
from cnnstudio.training.downloads.sets import download_set

from .errors import DatasetError
from .options import get_bool, get_str
from .source import RawDataset

# (images uint8 NCHW, labels int64, class names) of one split; the bool says train (else test).
Reader = Callable[[Path, bool], tuple[torch.Tensor, torch.Tensor, tuple[str, ...]]]
DIGIT_NAMES = tuple(str(digit) for digit in range(10))


@dataclass(frozen=True)
class TorchvisionSet:
    """One torchvision set: its title for messages, the files torchvision checks, and how to read it."""

    title: str
    files: tuple[str, ...]
    read: Reader


def _mnist_family(cls: type[torchvision.datasets.MNIST], names: tuple[str, ...] | None = None) -> Reader:
    def read(root: Path, train: bool) -> tuple[torch.Tensor, torch.Tensor, tuple[str, ...]]:
        data = cls(str(root), train=train, download=False)
        return data.data.unsqueeze(1), data.targets.long(), names or tuple(data.classes)

    return read


def _cifar(cls: type[torchvision.datasets.CIFAR10]) -> Reader:
    def read(root: Path, train: bool) -> tuple[torch.Tensor, torch.Tensor, tuple[str, ...]]:
        data = cls(str(root), train=train, download=False)
        images = torch.from_numpy(np.ascontiguousarray(data.data)).permute(0, 3, 1, 2)  # NHWC -> NCHW
        return images, torch.as_tensor(data.targets, dtype=torch.int64), tuple(data.classes)

    return read


def _svhn(root: Path, train: bool) -> tuple[torch.Tensor, torch.Tensor, tuple[str, ...]]:
    if importlib.util.find_spec("scipy") is None:  # torchvision reads the .mat files with scipy
        raise DatasetError("SVHN needs scipy to read its .mat files: pip install scipy")
    data = torchvision.datasets.SVHN(str(root), split="train" if train else "test", download=False)
    return torch.from_numpy(data.data), torch.from_numpy(data.labels).long(), DIGIT_NAMES


_READERS: dict[str, Reader] = {
    "mnist": _mnist_family(torchvision.datasets.MNIST, DIGIT_NAMES),
    "fashion_mnist": _mnist_family(torchvision.datasets.FashionMNIST),
    "kmnist": _mnist_family(torchvision.datasets.KMNIST),
    "cifar10": _cifar(torchvision.datasets.CIFAR10),
    "cifar100": _cifar(torchvision.datasets.CIFAR100),
    "svhn": _svhn,
}
SETS: dict[str, TorchvisionSet] = {
    name: TorchvisionSet(TITLES[name], EXPECTED_FILES[name], read) for name, read in _READERS.items()
}


def dataset_root(values: Mapping[str, Any]) -> Path:
    """The ``root`` folder, ``~`` expanded; ``core.data_folder``'s default when the project names none."""
    root = get_str(values, "root", None)
    return Path(root).expanduser() if root else default_data_folder().path


def load_torchvision(
    name: str, values: Mapping[str, Any], shape: tuple[int, int, int], seed: int
) -> RawDataset:
    """Read both splits of the set ``name`` from ``root``, downloading first only if asked."""
    del shape, seed  # converted and split by the pipeline
    spec = SETS[name]
    root = dataset_root(values)
    download = get_bool(values, "download", False)
    if _missing(spec, root) and not download:
        raise DatasetError(
            f"{spec.title} not found in {root}: {_expected(spec)}. Set download: true, or copy the files there."
        )
    if download:
        try:
            download_set(name, root)  # a no-op when every file is there
        except DownloadError as error:  # one line: the file, the URL, the reason
            raise DatasetError(str(error)) from error
    try:
        images, labels, names = spec.read(root, True)
        test_images, test_labels, _ = spec.read(root, False)
    except DatasetError:
        raise
    except Exception as error:  # torchvision raises RuntimeError, URLError, OSError, ValueError... alike
        raise _read_error(spec, root, error) from error
    return RawDataset(images, labels, names, test_images, test_labels)


def _missing(spec: TorchvisionSet, root: Path) -> list[str]:
    return [name for name in spec.files if not (root / name).is_file()]


def _expected(spec: TorchvisionSet) -> str:
    files = list(spec.files)
    return "expected " + (", ".join(files[:-1]) + " and " + files[-1] if len(files) > 1 else files[0])


def _read_error(spec: TorchvisionSet, root: Path, error: Exception) -> DatasetError:
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return DatasetError(
        f"{spec.title} in {root} could not be read ({reason}); the files may be incomplete or corrupted: "
        "delete them and set download: true, or copy fresh ones there."
    )
