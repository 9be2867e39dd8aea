"""The ``folder`` set: your own pictures, one subfolder per class (torchvision's ImageFolder layout).

Why ImageFolder: it is the layout students meet in every transfer-learning tutorial, and torchvision
already knows which files are images. Each picture is decoded once, turned to the network's channel
count and resized to its input as it is read, so pictures of any sizes can share one tensor.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch
import torchvision
from PIL import Image
from torchvision.transforms.v2 import functional as TF

from cnnstudio.core.dataset_size import streams

from .errors import DatasetError
from .options import get_str
from .source import RawDataset
from .stream import FolderFiles, StreamedImages

LAYOUT = "one subfolder per class, e.g. {root}/cat/001.png and {root}/dog/001.jpg"


def load_folder(values: Mapping[str, Any], shape: tuple[int, int, int], seed: int) -> RawDataset:
    """Read every picture under ``root`` at the network's size; the class names are the subfolders."""
    del seed
    text = get_str(values, "root", None)
    if text is None:
        raise DatasetError(f"dataset.root: required for the folder dataset ({LAYOUT.format(root='root')})")
    root = Path(text).expanduser()
    if not root.is_dir():
        raise DatasetError(f"folder dataset: {root} is not a folder; expected {LAYOUT.format(root=root)}")
    mode = "L" if shape[0] == 1 else "RGB"
    try:
        data = torchvision.datasets.ImageFolder(str(root), loader=lambda path: _open(path, mode))
    except (FileNotFoundError, OSError) as error:
        raise DatasetError(
            f"folder dataset: no pictures in {root} ({error}); expected {LAYOUT.format(root=root)}"
        ) from error
    labels = torch.as_tensor(data.targets, dtype=torch.int64)
    if streams(values, len(data), shape):  # too big to hold (or asked for): read a batch at a time
        files = FolderFiles([path for path, _ in data.samples], mode, (shape[1], shape[2]))
        return RawDataset(images=StreamedImages(files), labels=labels, class_names=tuple(data.classes))
    size = [shape[1], shape[2]]
    images = torch.empty((len(data), 1 if mode == "L" else 3, *size), dtype=torch.uint8)
    for index, (picture, _) in enumerate(data):
        images[index] = TF.resize(TF.pil_to_tensor(picture), size, antialias=True)
    return RawDataset(images=images, labels=labels, class_names=tuple(data.classes))


def _open(path: str, mode: str) -> Image.Image:
    try:
        with Image.open(path) as picture:
            return picture.convert(mode)
    except OSError as error:
        raise DatasetError(f"folder dataset: cannot read the picture {path} ({error})") from error
