"""Torchvision sets and image folders, read from tiny files written in their real formats.

The files go through torchvision's own classes. Their checksums cannot match the published ones, so the
CIFAR and SVHN tests set torchvision's expected checksums to ``None`` (which its ``check_integrity``
treats as "exists"); everything else is torchvision's real reading code.
"""

from __future__ import annotations

import importlib.util
import pickle
import re
import struct
from pathlib import Path

import numpy as np
import pytest
import torch
import torchvision
from PIL import Image

from cnnstudio.training.datasets import DatasetError, load_dataset

MNIST_FOLDERS = {"mnist": "MNIST", "fashion_mnist": "FashionMNIST", "kmnist": "KMNIST"}


def _write_idx(path: Path, array: np.ndarray) -> None:
    """IDX as LeCun describes it: zero, zero, type 0x08 (ubyte), rank; big-endian sizes; the bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    path.write_bytes(header + array.astype(np.uint8).tobytes())


def _write_mnist(root: Path, folder: str, train: int = 40, test: int = 10) -> None:
    rng = np.random.default_rng(0)
    for prefix, count in (("train", train), ("t10k", test)):
        _write_idx(
            root / folder / "raw" / f"{prefix}-images-idx3-ubyte", rng.integers(0, 256, (count, 28, 28))
        )
        _write_idx(root / folder / "raw" / f"{prefix}-labels-idx1-ubyte", np.arange(count) % 10)


def _unchecked(monkeypatch: pytest.MonkeyPatch, cls: type, *names: str) -> None:
    for name in names:
        value = getattr(cls, name)
        if isinstance(value, dict) and "md5" in value:
            monkeypatch.setattr(cls, name, {**value, "md5": None})
        elif isinstance(value, dict):
            monkeypatch.setattr(cls, name, {k: [*v[:2], None] for k, v in value.items()})
        else:
            monkeypatch.setattr(cls, name, [[file, None] for file, _ in value])


def _write_cifar(root: Path, hundred: bool, per_batch: int = 6) -> None:
    cls = torchvision.datasets.CIFAR100 if hundred else torchvision.datasets.CIFAR10
    folder = root / cls.base_folder
    folder.mkdir(parents=True)
    rng = np.random.default_rng(1)
    key = "fine_labels" if hundred else "labels"
    classes = 100 if hundred else 10
    for file, _ in cls.train_list + cls.test_list:
        data = rng.integers(0, 256, (per_batch, 3 * 32 * 32), dtype=np.uint8)
        entry = {"data": data, key: [int(v) for v in rng.integers(0, classes, per_batch)]}
        (folder / file).write_bytes(pickle.dumps(entry))
    meta = {cls.meta["key"]: [f"class{i}" for i in range(classes)]}
    (folder / cls.meta["filename"]).write_bytes(pickle.dumps(meta))


@pytest.mark.parametrize("name", sorted(MNIST_FOLDERS))
def test_mnist_family_reads_idx_files(tmp_path: Path, name: str) -> None:
    _write_mnist(tmp_path, MNIST_FOLDERS[name])
    data = load_dataset({"name": name, "root": str(tmp_path)}, (1, 28, 28), seed=0)
    assert data.train_x.shape[0] + data.val_x.shape[0] == 40, "validation is carved from train"
    assert data.val_x.shape[0] == 4
    assert data.test_x.shape == (10, 1, 28, 28), "the set's own test split"
    assert data.num_classes == 10
    assert data.test_y.tolist() == list(range(10))


def test_mnist_converts_to_colour_and_another_size(tmp_path: Path) -> None:
    _write_mnist(tmp_path, "MNIST")
    data = load_dataset({"name": "mnist", "root": str(tmp_path), "normalize": False}, (3, 32, 32))
    assert data.train_x.shape[1:] == (3, 32, 32)
    assert torch.equal(data.train_x[:, 0], data.train_x[:, 2])
    assert data.class_names[0] == "0"


@pytest.mark.parametrize("hundred", [False, True], ids=["cifar10", "cifar100"])
def test_cifar_reads_python_pickle_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hundred: bool
) -> None:
    cls = torchvision.datasets.CIFAR100 if hundred else torchvision.datasets.CIFAR10
    _unchecked(monkeypatch, cls, "train_list", "test_list", "meta")
    _write_cifar(tmp_path, hundred)
    name = "cifar100" if hundred else "cifar10"
    data = load_dataset({"name": name, "root": str(tmp_path), "normalize": False}, (3, 32, 32))
    train_files = len(cls.train_list)
    assert data.train_x.shape[0] + data.val_x.shape[0] == 6 * train_files
    assert data.test_x.shape == (6, 3, 32, 32)
    assert data.num_classes == (100 if hundred else 10)
    # The first test image, as stored: row-major 3x32x32 bytes.
    with open(tmp_path / cls.base_folder / cls.test_list[0][0], "rb") as file:
        first = pickle.load(file)["data"][0].reshape(3, 32, 32)
    assert torch.equal(data.test_x[0], torch.from_numpy(first)), "kept as its bytes, not copied to floats"


def test_cifar_with_wrong_checksums_says_the_files_are_corrupted(tmp_path: Path) -> None:
    _write_cifar(tmp_path, hundred=False)
    with pytest.raises(DatasetError, match="corrupted") as caught:
        load_dataset({"name": "cifar10", "root": str(tmp_path)}, (3, 32, 32))
    assert str(tmp_path) in str(caught.value)


def test_svhn_reads_mat_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is not installed; torchvision reads SVHN's .mat files with it")
    from scipy.io import savemat

    _unchecked(monkeypatch, torchvision.datasets.SVHN, "split_list")
    rng = np.random.default_rng(2)
    for split, count in (("train", 20), ("test", 5)):
        images = rng.integers(0, 256, (32, 32, 3, count), dtype=np.uint8)
        labels = (np.arange(count) % 10 + 1).reshape(-1, 1)  # SVHN writes the digit 0 as 10
        savemat(tmp_path / f"{split}_32x32.mat", {"X": images, "y": labels})
    data = load_dataset({"name": "svhn", "root": str(tmp_path)}, (1, 28, 28))
    assert data.train_x.shape[0] + data.val_x.shape[0] == 20
    assert data.test_x.shape == (5, 1, 28, 28)
    assert data.test_y.tolist() == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("mnist", "MNIST/raw/train-images-idx3-ubyte"),
        ("fashion_mnist", "FashionMNIST/raw/t10k-labels-idx1-ubyte"),
        ("kmnist", "KMNIST/raw/train-labels-idx1-ubyte"),
        ("cifar10", "cifar-10-batches-py/data_batch_1"),
        ("cifar100", "cifar-100-python/meta"),
        ("svhn", "train_32x32.mat"),
    ],
)
def test_missing_files_name_the_folder_and_the_files(tmp_path: Path, name: str, expected: str) -> None:
    with pytest.raises(DatasetError) as caught:
        load_dataset({"name": name, "root": str(tmp_path / "data"), "download": False}, (1, 28, 28))
    message = str(caught.value)
    assert f"not found in {tmp_path / 'data'}" in message
    assert expected in message
    assert "download: true" in message


def _write_pictures(root: Path, layout: dict[str, list[tuple[int, int]]]) -> None:
    for index, (label, sizes) in enumerate(layout.items()):
        (root / label).mkdir(parents=True)
        for number, size in enumerate(sizes):
            colour = (index * 120 % 256, 60, 200 - index * 80)
            Image.new("RGB", size, colour).save(root / label / f"{number}.png")
    (root / "cat" / "notes.txt").write_text("not a picture")


def test_folder_reads_one_subfolder_per_class_at_any_size(tmp_path: Path) -> None:
    _write_pictures(tmp_path, {"cat": [(40, 30)] * 6, "dog": [(16, 16), (100, 50)] * 3})
    settings = {"name": "folder", "root": str(tmp_path), "val_fraction": 0.25, "test_fraction": 0.25}
    data = load_dataset({**settings, "normalize": False}, (3, 24, 24), seed=0)
    assert data.class_names == ("cat", "dog")
    assert data.train_x.shape[1:] == (3, 24, 24)
    assert data.train_x.shape[0] + data.val_x.shape[0] + data.test_x.shape[0] == 12
    assert (data.val_x.shape[0], data.test_x.shape[0]) == (3, 3)
    cats = data.train_x[data.train_y == 0]
    assert torch.equal(
        cats[:, :, 5, 5], torch.tensor([0, 60, 200], dtype=torch.uint8).expand_as(cats[:, :, 5, 5])
    )
    grey = load_dataset(settings, (1, 8, 8))
    assert grey.train_x.shape[1:] == (1, 8, 8)


def test_missing_or_empty_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(
        DatasetError, match=re.escape(f"{tmp_path / 'nowhere'} is not a folder") + ".*one subfolder per class"
    ):
        load_dataset({"name": "folder", "root": str(tmp_path / "nowhere")}, (1, 28, 28))
    (tmp_path / "empty").mkdir()
    with pytest.raises(DatasetError, match=re.escape(f"no pictures in {tmp_path / 'empty'}")):
        load_dataset({"name": "folder", "root": str(tmp_path / "empty")}, (1, 28, 28))
    with pytest.raises(DatasetError, match=r"dataset\.root: required"):
        load_dataset({"name": "folder"}, (1, 28, 28))


def test_an_unreadable_picture_is_named(tmp_path: Path) -> None:
    _write_pictures(tmp_path, {"cat": [(8, 8)], "dog": [(8, 8)]})
    broken = tmp_path / "dog" / "broken.png"
    broken.write_bytes(b"\x89PNG not really")
    with pytest.raises(DatasetError, match=re.escape(f"cannot read the picture {broken}")):
        load_dataset({"name": "folder", "root": str(tmp_path)}, (1, 8, 8))
