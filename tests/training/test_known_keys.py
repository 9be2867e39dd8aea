"""The core's lists of known dataset and augmentation keys (core/dataset_catalog.py, used to warn about
unknown keys, issue 18.4) hold every key the loaders actually read: a key missing there would be warned
about although it works."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cnnstudio.core.dataset_catalog import AUGMENTATION_KEYS, DATASET_KEYS, DATASET_NAMES
from cnnstudio.training.datasets import AugmentSettings, DatasetError, load_dataset


class Recording(dict):
    """A dataset section that notes every key a loader asks for."""

    def __init__(self, values: dict[str, Any], asked: set[str]) -> None:
        super().__init__(values)
        self.asked = asked

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.asked.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self.asked.add(str(key))
        return super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("a loader that lists the section's keys would read unknown ones too")


def test_augmentation_keys_are_the_settings_fields() -> None:
    assert set(AUGMENTATION_KEYS) == {f.name for f in dataclasses.fields(AugmentSettings)}


@pytest.mark.parametrize("name", DATASET_NAMES)
def test_every_key_a_loader_reads_is_known(name: str, tmp_path: Path) -> None:
    asked: set[str] = set()
    section = Recording({"name": name, "root": str(tmp_path), "num_images": 60, "num_classes": 3}, asked)
    with contextlib.suppress(
        DatasetError
    ):  # torchvision sets and an empty folder are missing: keys come first
        load_dataset(section, (1, 8, 8), 0)
    assert asked <= set(DATASET_KEYS), asked - set(DATASET_KEYS)
