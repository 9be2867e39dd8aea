"""The ``folder`` set: your own pictures, one subfolder per class (torchvision's ImageFolder layout).

Why ImageFolder: it is the layout students meet in every transfer-learning tutorial, and torchvision
already knows which files are images. Each picture is decoded once, turned to the network's channel
count and resized to its input as it is read (``decode.py``), so pictures of any sizes can share one tensor.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch
import torchvision

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
    try:  # ImageFolder lists the classes and the pictures; they are read below, a batch at a time
        data = torchvision.datasets.ImageFolder(str(root), loader=lambda path: path)
    except (FileNotFoundError, OSError) as error:
        raise DatasetError(
            f"folder dataset: no pictures in {root} ({error}); expected {LAYOUT.format(root=root)}"
        ) from error
    labels = torch.as_tensor(data.targets, dtype=torch.int64)
    files = StreamedImages(FolderFiles([path for path, _ in data.samples], mode, (shape[1], shape[2])))
    # Too big to hold (or asked for): the training split stays in the files. Else all is decoded now, by the
    # same decoder, so a streamed run and a held one see the same pixels.
    images = files if streams(values, len(data), shape) else files.load()
    return RawDataset(images=images, labels=labels, class_names=tuple(data.classes))
