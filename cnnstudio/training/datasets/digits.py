"""The built-in ``digits`` set: 1,797 handwritten digits of 8x8 pixels shipped in ``cnnstudio/data``.

Why ship it: it is the one real-world image set small enough to live in the package (46 kB), so a class
can train on handwriting with no network. See ``cnnstudio/data/README.md`` for its source and licence.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any

import numpy as np
import torch

from .convert import pad_to
from .errors import DatasetError
from .options import get_bool
from .source import RawDataset

CLASS_NAMES = tuple(str(digit) for digit in range(10))


def load_digits(values: Mapping[str, Any], shape: tuple[int, int, int], seed: int) -> RawDataset:
    """Load the digits; ``upscale: false`` centres the 8x8 pixels on the input instead of resizing.

    With ``upscale`` (the default) the pipeline resizes them bilinearly to the network's input.
    """
    del seed  # the file is fixed; only the split is random
    upscale = get_bool(values, "upscale", True)
    images, labels = read_digits()
    if not upscale:
        images = pad_to(images, shape[1], shape[2])
    return RawDataset(images=images, labels=labels, class_names=CLASS_NAMES)


def read_digits() -> tuple[torch.Tensor, torch.Tensor]:
    """The file's images as uint8 ``(1797, 1, 8, 8)`` and labels as int64."""
    source = resources.files("cnnstudio") / "data" / "digits.npz"
    try:
        with resources.as_file(source) as path, np.load(path) as data:
            images = torch.from_numpy(data["images"].astype(np.uint8)).unsqueeze(1)
            labels = torch.from_numpy(data["labels"].astype(np.int64))
    except (OSError, KeyError, ValueError) as error:
        raise DatasetError(
            f"digits: cannot read the built-in file {source} ({error}); reinstall CNN Studio"
        ) from error
    return images, labels
