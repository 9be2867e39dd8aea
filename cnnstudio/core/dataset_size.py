"""How many classes and images a project's dataset has, known before any image is read.

Why in the core: Start must say at once, without torch and without drawing or reading a single image, that
a network's 1000 outputs do not match the 4 classes of ``shapes`` (it used to take 20-40 s to find out), and
the memory budget needs the number of images the run will hold. The counts come from the catalog (fixed
sizes of the built-in and torchvision sets), the project's own settings (``shapes``), or a listing of the
folder (``folder``: one subfolder per class), then go through the same split arithmetic as
``training/datasets/splits.py`` (a test loads real splits and compares).

Settings are read leniently here: a bad value counts as its default, and the loader reports it properly.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cnnstudio.core.data_folder import default_data_folder
from cnnstudio.core.dataset_catalog import (
    EXPECTED_FILES,
    SHAPES_DEFAULT_CLASSES,
    SHAPES_DEFAULT_IMAGES,
    TITLES,
    TORCHVISION,
)

# (training images, test images, classes) of the sets whose size is fixed; no test count: split from the rest.
FIXED_SIZES: dict[str, tuple[int, int | None, int]] = {
    "digits": (1797, None, 10),
    "mnist": (60_000, 10_000, 10),
    "fashion_mnist": (60_000, 10_000, 10),
    "kmnist": (60_000, 10_000, 10),
    "cifar10": (50_000, 10_000, 10),
    "cifar100": (50_000, 10_000, 100),
    "svhn": (73_257, 26_032, 10),
}
# What torchvision's ImageFolder reads as pictures (torchvision.datasets.folder.IMG_EXTENSIONS).
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp")
FOLDER_LAYOUT = "one subfolder per class, e.g. {root}/cat/001.png and {root}/dog/001.jpg"


# A folder set whose pictures would take more than this as 8-bit pixels at the network's input is read a
# batch at a time from its files (training/datasets/stream.py) unless ``dataset.stream`` is false.
STREAM_ABOVE_BYTES = 2 * 1024**3


@dataclass(frozen=True)
class SplitCounts:
    """Images in each split of a run, as the loader will make them."""

    train: int
    val: int
    test: int
    streamed: bool = False  # the training images stay in their files (a streamed folder set)

    @property
    def total(self) -> int:
        return self.train + self.val + self.test

    @property
    def resident(self) -> int:
        """Images held in memory during the run."""
        return self.total - self.train if self.streamed else self.total


def streams(dataset: Mapping[str, Any], pictures: int, shape: tuple[int, ...]) -> bool:
    """Whether a folder set of ``pictures`` at ``shape`` streams its training split: ``dataset.stream``
    true or false, or (``auto``, the default) when they would take more than STREAM_ABOVE_BYTES."""
    if dataset_name(dataset) != "folder":
        return False
    choice = dataset.get("stream", "auto")
    if isinstance(choice, bool):
        return choice
    return pictures * math.prod(shape) > STREAM_ABOVE_BYTES


def dataset_name(dataset: Mapping[str, Any]) -> str:
    name = dataset.get("name", "shapes") if isinstance(dataset, Mapping) else None
    return name if isinstance(name, str) else ""


def class_count(dataset: Mapping[str, Any]) -> int | None:
    """The number of classes the dataset will have; None when it cannot be known (a missing folder)."""
    name = dataset_name(dataset)
    if name == "shapes":
        return _whole(dataset.get("num_classes"), SHAPES_DEFAULT_CLASSES)
    if name in FIXED_SIZES:
        return FIXED_SIZES[name][2]
    if name == "folder":
        classes = class_folders(folder_root(dataset))
        return len(classes) if classes else None
    return None


def split_counts(dataset: Mapping[str, Any], shape: tuple[int, ...] | None = None) -> SplitCounts | None:
    """Training, validation and test images of a run; None when unknown (a folder that is not there).
    With the network's input ``shape``, ``streamed`` says whether a folder set streams its training split."""
    name = dataset_name(dataset)
    test_images: int | None = None
    if name == "shapes":
        total = _whole(dataset.get("num_images"), SHAPES_DEFAULT_IMAGES)
    elif name in FIXED_SIZES:
        total, test_images, _ = FIXED_SIZES[name]
    elif name == "folder":
        root = folder_root(dataset)
        if not class_folders(root):
            return None
        total = sum(picture_count(root / c) for c in class_folders(root))
    else:
        return None
    counts = _split(
        total, test_images, _fraction(dataset.get("val_fraction"), 0.1), _fraction(dataset.get("test_fraction"), 0.1),
        _limit(dataset.get("limit")), _limit(dataset.get("eval_limit")),
    )  # fmt: skip
    if shape is not None and streams(dataset, total, shape):
        counts = SplitCounts(counts.train, counts.val, counts.test, streamed=True)
    return counts


def _split(
    total: int, test_images: int | None, val_fraction: float, test_fraction: float,
    limit: int | None, eval_limit: int | None,
) -> SplitCounts:  # fmt: skip
    """``make_splits``' arithmetic: fractions of the set (no test fraction where the set has a test split),
    then ``limit`` on training and ``eval_limit`` on validation and test."""
    if test_images is not None:
        test_fraction = 0.0
    n_val, n_test = round(total * val_fraction), round(total * test_fraction)
    train = max(0, total - n_val - n_test)
    test = test_images if test_images is not None else n_test
    cap = lambda n, c: n if c is None else min(n, c)  # noqa: E731
    return SplitCounts(cap(train, limit), cap(n_val, eval_limit), cap(test, eval_limit))


# -- folders -----------------------------------------------------------------------------------------------
def folder_root(dataset: Mapping[str, Any]) -> Path:
    """The folder the dataset reads: ``root`` for ``folder``, ``root`` or the default for torchvision sets."""
    root = dataset.get("root")
    if isinstance(root, str) and root.strip():
        return Path(root).expanduser()
    return Path("") if dataset_name(dataset) == "folder" else default_data_folder().path


def missing_set_files(dataset: Mapping[str, Any]) -> list[str]:
    """The files of a torchvision set that are not in its folder (relative paths); [] for other sets."""
    name = dataset_name(dataset)
    if name not in TORCHVISION:
        return []
    root = folder_root(dataset)
    return [file for file in EXPECTED_FILES[name] if not (root / file).is_file()]


def needs_download(dataset: Mapping[str, Any]) -> bool:
    """A torchvision set whose files are missing and that may be downloaded (``download: true``)."""
    return dataset.get("download") is True and bool(missing_set_files(dataset))


def folder_problem(dataset: Mapping[str, Any]) -> str:
    """Why the dataset's folder cannot be read, found without reading a picture; "" when it looks right."""
    name = dataset_name(dataset)
    if name == "folder":
        root_text = dataset.get("root")
        if not isinstance(root_text, str) or not root_text.strip():
            return "the folder dataset needs a folder: choose one (one subfolder per class)."
        root = folder_root(dataset)
        if not root.is_dir():
            return f"the dataset folder {root} does not exist: choose another folder."
        if not class_folders(root):
            return f"the dataset folder {root} has no class subfolders: expected {FOLDER_LAYOUT.format(root=root)}."
        return ""
    if name in TORCHVISION and dataset.get("download") is not True:
        missing = missing_set_files(dataset)
        if missing:
            return (
                f"{TITLES[name]} is not in {folder_root(dataset)} ({len(missing)} files missing, such as "
                f"{missing[0]}): allow the download, copy the files there, or choose another folder."
            )
    return ""


def class_folders(root: Path) -> list[str]:
    """ImageFolder's classes: the subfolders of ``root`` (none when it is not a readable folder)."""
    try:
        with os.scandir(root) as entries:
            return sorted(e.name for e in entries if e.is_dir())
    except OSError:
        return []


def picture_count(folder: Path) -> int:
    count = 0
    for _parent, _dirs, files in os.walk(folder, followlinks=True):
        count += sum(1 for f in files if f.lower().endswith(IMAGE_SUFFIXES))
    return count


# -- lenient readers ---------------------------------------------------------------------------------------
def _number(value: Any) -> float | None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        return None
    return number if math.isfinite(number) else None


def _whole(value: Any, default: int) -> int:
    number = _number(value)
    return int(number) if number is not None and number.is_integer() and number >= 1 else default


def _fraction(value: Any, default: float) -> float:
    number = _number(value)
    return number if number is not None and 0 <= number <= 0.9 else default


def _limit(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number.is_integer() and number >= 1 else None
