"""The classic sets read through torchvision: MNIST, Fashion-MNIST, KMNIST, CIFAR-10/100 and SVHN.

Why through torchvision's own classes: a teacher's existing ``data`` folder, laid out the way every
PyTorch tutorial lays it out, works as it is. Downloads happen only when the project says
``download: true``; a missing file becomes a :class:`DatasetError` that names the folder and the files
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

from cnnstudio.core.dataset_catalog import DEFAULT_DATA_ROOT

from .errors import DatasetError
from .options import get_bool, get_str
from .source import RawDataset

# Where a project with no ``root`` looks for (and downloads) these sets.
DEFAULT_ROOT = Path(DEFAULT_DATA_ROOT)

# (images uint8 NCHW, labels int64, class names) of one split; the bool says train (else test).
Reader = Callable[[Path, bool, bool], tuple[torch.Tensor, torch.Tensor, tuple[str, ...]]]
DIGIT_NAMES = tuple(str(digit) for digit in range(10))


@dataclass(frozen=True)
class TorchvisionSet:
    """One torchvision set: its title for messages, the files torchvision checks, and how to read it."""

    title: str
    files: tuple[str, ...]
    read: Reader


def _mnist_family(cls: type[torchvision.datasets.MNIST], names: tuple[str, ...] | None = None) -> Reader:
    def read(root: Path, train: bool, download: bool) -> tuple[torch.Tensor, torch.Tensor, tuple[str, ...]]:
        data = cls(str(root), train=train, download=download)
        return data.data.unsqueeze(1), data.targets.long(), names or tuple(data.classes)

    return read


def _cifar(cls: type[torchvision.datasets.CIFAR10]) -> Reader:
    def read(root: Path, train: bool, download: bool) -> tuple[torch.Tensor, torch.Tensor, tuple[str, ...]]:
        data = cls(str(root), train=train, download=download)
        images = torch.from_numpy(np.ascontiguousarray(data.data)).permute(0, 3, 1, 2)  # NHWC -> NCHW
        return images, torch.as_tensor(data.targets, dtype=torch.int64), tuple(data.classes)

    return read


def _svhn(root: Path, train: bool, download: bool) -> tuple[torch.Tensor, torch.Tensor, tuple[str, ...]]:
    if importlib.util.find_spec("scipy") is None:  # torchvision reads the .mat files with scipy
        raise DatasetError("SVHN needs scipy to read its .mat files: pip install scipy")
    data = torchvision.datasets.SVHN(str(root), split="train" if train else "test", download=download)
    return torch.from_numpy(data.data), torch.from_numpy(data.labels).long(), DIGIT_NAMES


def _idx_files(folder: str) -> tuple[str, ...]:
    names = ("train-images", "train-labels", "t10k-images", "t10k-labels")
    return tuple(f"{folder}/raw/{name}-idx{3 if 'images' in name else 1}-ubyte" for name in names)


def _cifar_files(folder: str, batches: tuple[str, ...], meta: str) -> tuple[str, ...]:
    return tuple(f"{folder}/{name}" for name in (*batches, meta))


SETS: dict[str, TorchvisionSet] = {
    "mnist": TorchvisionSet(
        "MNIST", _idx_files("MNIST"), _mnist_family(torchvision.datasets.MNIST, DIGIT_NAMES)
    ),
    "fashion_mnist": TorchvisionSet(
        "Fashion-MNIST", _idx_files("FashionMNIST"), _mnist_family(torchvision.datasets.FashionMNIST)
    ),
    "kmnist": TorchvisionSet("KMNIST", _idx_files("KMNIST"), _mnist_family(torchvision.datasets.KMNIST)),
    "cifar10": TorchvisionSet(
        "CIFAR-10",
        _cifar_files(
            "cifar-10-batches-py", (*(f"data_batch_{i}" for i in range(1, 6)), "test_batch"), "batches.meta"
        ),
        _cifar(torchvision.datasets.CIFAR10),
    ),
    "cifar100": TorchvisionSet(
        "CIFAR-100",
        _cifar_files("cifar-100-python", ("train", "test"), "meta"),
        _cifar(torchvision.datasets.CIFAR100),
    ),
    "svhn": TorchvisionSet("SVHN", ("train_32x32.mat", "test_32x32.mat"), _svhn),
}


def dataset_root(values: Mapping[str, Any]) -> Path:
    """The ``root`` folder, ``~`` expanded; :data:`DEFAULT_ROOT` when the project names none."""
    return Path(get_str(values, "root", str(DEFAULT_ROOT)) or DEFAULT_ROOT).expanduser()


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
    try:
        images, labels, names = spec.read(root, True, download)
        test_images, test_labels, _ = spec.read(root, False, download)
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
    if _missing(spec, root):
        return DatasetError(
            f"{spec.title} could not be downloaded to {root} ({reason}): {_expected(spec)}. "
            "Copy the files there from a machine that has them."
        )
    return DatasetError(
        f"{spec.title} in {root} could not be read ({reason}); the files may be incomplete or corrupted: "
        "delete them and set download: true, or copy fresh ones there."
    )
