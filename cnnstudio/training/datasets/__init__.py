"""The dataset layer: every image set CNN Studio trains on, as resident tensors in the network's shape.

``load_dataset(project["dataset"], input_shape, seed)`` returns :class:`DataSplits`; the trainer moves
them to its device once and slices them per batch, and runs :class:`Augmenter` on each training batch
there. Names, keys and messages are described in ``docs`` and in each module; the GUI lists the sets
with :func:`dataset_names` and :func:`describe_dataset`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from cnnstudio.core.dataset_catalog import DESCRIPTIONS

from .augment import Augmenter, AugmentSettings
from .digits import load_digits
from .errors import DatasetError
from .folder import load_folder
from .shapes import load_shapes
from .source import RawDataset
from .splits import DataSplits, SplitSettings, make_splits
from .torchvision_sets import SETS, load_torchvision

__all__ = [
    "AugmentSettings",
    "Augmenter",
    "DataSplits",
    "DatasetError",
    "dataset_names",
    "describe_dataset",
    "load_dataset",
]

Loader = Callable[[Mapping[str, Any], tuple[int, int, int], int], RawDataset]

_LOADERS: dict[str, Loader] = {
    "shapes": load_shapes,
    "digits": load_digits,
    **{name: partial(load_torchvision, name) for name in SETS},
    "folder": load_folder,
}

_DESCRIPTIONS: dict[str, str] = DESCRIPTIONS  # one list for the window (no torch) and the loaders


def dataset_names() -> tuple[str, ...]:
    """Every name ``dataset.name`` may take, built-in sets first."""
    return tuple(_LOADERS)


def describe_dataset(name: str) -> str:
    """One line about the set, for the GUI's dataset picker."""
    if name not in _DESCRIPTIONS:
        raise DatasetError(_unknown(name))
    return _DESCRIPTIONS[name]


def load_dataset(dataset: Mapping[str, Any], input_shape: tuple[int, int, int], seed: int = 0) -> DataSplits:
    """Load the project's ``dataset`` section as train/validation/test tensors of ``input_shape``.

    The same dict and seed always give the same splits. Raises :class:`DatasetError` for an unknown
    name, a bad value (the message names the key) or missing files (it names the folder and files).
    """
    if not isinstance(dataset, Mapping):
        raise DatasetError(f"dataset: must be an object with a name, got {dataset!r}")
    name = dataset.get("name", "shapes")
    if not isinstance(name, str) or name not in _LOADERS:
        raise DatasetError(_unknown(name))
    shape = _check_shape(input_shape)
    settings = SplitSettings.from_dict(dataset)
    # Not used here (the trainer augments on its device), but a bad value is reported with the rest.
    AugmentSettings.from_dict(dataset.get("augmentation"))
    raw = _LOADERS[name](dataset, shape, seed)
    return make_splits(raw, shape, settings, seed, name)


def _unknown(name: object) -> str:
    return f"dataset.name: must be one of {', '.join(_LOADERS)}, got {name!r}"


def _check_shape(input_shape: tuple[int, int, int]) -> tuple[int, int, int]:
    message = f"input: must be channels, height and width of at least 1, got {input_shape!r}"
    try:
        shape = tuple(int(v) for v in input_shape)
    except (TypeError, ValueError) as error:
        raise DatasetError(message) from error
    if len(shape) != 3 or min(shape) < 1:
        raise DatasetError(message)
    return shape  # type: ignore[return-value]
