"""Keys of a project file that this version does not know: kept (docs/file-format.md), but not silently.

A ``kernal_size`` was kept and the layer trained with torch's default kernel, exit 0 (issue 18.4). Each
unknown key is named with the closest known one, ``layers[0].kernal_size: unknown, did you mean
kernel_size?``, by summary, train and export on stderr and by the window in its status line and at the
layer. The file is still opened and saved with the key in it: a newer program may have written it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from cnnstudio.core import specs as S
from cnnstudio.core.dataset_catalog import AUGMENTATION_KEYS, DATASET_KEYS
from cnnstudio.core.project import Project
from cnnstudio.core.project_file import KNOWN_KEYS
from cnnstudio.core.shapes import path_text
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.core.values import printable

INPUT_KEYS = ("channels", "height", "width")
# Written by the program itself into files it reads back (the window's autosave names the file it stands for).
PROGRAM_KEYS = frozenset({"autosave_of"})
TRAINING_KEYS = tuple(f.name for f in fields(TrainingSettings) if f.name != "extra")


@dataclass(frozen=True)
class UnknownKey:
    """One unknown key: its JSON path and the known key it most likely meant (None when none is close)."""

    path: str  # "layers[0].kernal_size", "training.learning_rate", "notes"
    key: str
    suggestion: str | None = None
    layer: tuple[int, ...] | None = None  # the layer's path (specs.walk) for a layer field

    @property
    def message(self) -> str:
        path = printable(self.path)
        if self.suggestion:
            return f"{path}: unknown, did you mean {self.suggestion}?"
        return f"{path}: unknown key, kept in the file but not used"


# Other tools' names for a few settings, too far from ours for a spelling match.
ALIASES = {"learning_rate": "lr", "num_epochs": "epochs", "scheduler": "schedule", "optimiser": "optimizer"}


def closest(key: str, known: Iterable[str]) -> str | None:
    """The known key ``key`` most likely means, if any is close (another tool's name, or difflib's ratio, as
    Python's own "did you mean" for attribute names does in spirit)."""
    known = list(known)
    if ALIASES.get(key.lower()) in known:
        return ALIASES[key.lower()]
    matches = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _unknown(section: Mapping[str, Any], known: Sequence[str], where: str) -> list[UnknownKey]:
    prefix = f"{where}." if where else ""
    return [
        UnknownKey(f"{prefix}{key}", str(key), closest(str(key), known))
        for key in section
        if key not in known and key not in PROGRAM_KEYS
    ]


def unknown_fields(
    spec: S.LayerSpec, where: str = "", path: tuple[int, ...] | None = None
) -> list[UnknownKey]:
    """The fields of one layer that its type does not have (``where``: the layer's JSON path)."""
    known = [f.name for f in S.spec_fields(type(spec))]
    return [
        UnknownKey(item.path, item.key, item.suggestion, path) for item in _unknown(spec.extra, known, where)
    ]


def unknown_keys(project: Project) -> list[UnknownKey]:
    """Every key of ``project`` (as loaded) that no part of this version reads, in file order."""
    found = _unknown(project.extra, KNOWN_KEYS, "")
    found += _unknown(project.input.extra, INPUT_KEYS, "input")
    for path, spec in S.walk(project.layers):
        found += unknown_fields(spec, path_text(project.layers, path), path)
    found += _unknown(project.dataset, DATASET_KEYS, "dataset")
    augmentation = project.dataset.get("augmentation")
    if isinstance(augmentation, Mapping):
        found += _unknown(augmentation, AUGMENTATION_KEYS, "dataset.augmentation")
    found += _unknown(project.training, TRAINING_KEYS, "training")
    return found
