"""Capture: a camera frame saved as a PNG into one class's folder of an image-folder dataset.

The layout is the one the ``folder`` dataset reads (torchvision's ImageFolder, ``core.dataset_size``):
``ROOT/CLASS/camera-20261128-110512-001.png``. So a class photographs its own objects, one folder per
class, and trains on them by choosing that folder as the project's dataset. Each file is written to a
temporary name in the same folder and renamed (as every save here): a dataset never holds half a PNG.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication

from cnnstudio.core.dataset_size import class_folders, picture_count
from cnnstudio.ui.widgets.pictures import rgb_qimage

PREFIX = "camera-"
FORBIDDEN = '/\\:*?"<>|'


class CaptureError(ValueError):
    """A capture that cannot be saved: the message names the problem and the place."""


def class_problem(name: str) -> str:
    """Why ``name`` cannot be a class folder's name, or "" (it becomes a folder: no separators)."""
    if not name.strip():
        return _text("Type the name of the class the picture shows")
    if name.strip() in (".", "..") or any(c in name for c in FORBIDDEN) or name != name.strip():
        return _text(
            '“{0}” cannot be a folder name: no / \\ : * ? " < > | and no spaces at either end'
        ).format(name)
    return ""


def _text(text: str) -> str:
    return QCoreApplication.translate("FrameCapture", text)


def save_capture(rgb: np.ndarray, root: Path, class_name: str) -> Path:
    """Save ``rgb`` (H, W, 3) uint8 as a new PNG in ``root/class_name`` (made if need be); its path."""
    problem = class_problem(class_name)
    if problem:
        raise CaptureError(problem)
    folder = Path(root) / class_name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = _new_name(folder)
        temporary = folder / f".{target.name}.part"
        if not rgb_qimage(rgb).save(str(temporary), "PNG"):
            raise OSError(_text("cannot write {0}").format(temporary))
        os.replace(temporary, target)
    except OSError as error:
        raise CaptureError(f"{folder}: {error.strerror or error}") from None
    return target


def _new_name(folder: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for number in range(1, 10_000):
        candidate = folder / f"{PREFIX}{stamp}-{number:03d}.png"
        if not candidate.exists():
            return candidate
    raise OSError(_text("too many captures in {0} this second").format(folder))


def class_counts(root: Path) -> dict[str, int]:
    """Pictures per class folder under ``root`` ({} when it is not a folder)."""
    return {name: picture_count(Path(root) / name) for name in class_folders(Path(root))}
