"""The loss of every reported batch of a run, kept in its folder so that a reopened project draws the
same thin batch line as the live run did (``history.json`` keeps one row per epoch only, written by the
engine; the batch losses are what the window received, saved when the run ends).

``batch_loss.npz``: ``epoch`` (fractional epochs, as the curves' x axis) and ``loss``, float32.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from cnnstudio.core.atomic import atomic_write_bytes

BATCH_FILE = "batch_loss.npz"


def save_batch_curve(folder: str | Path, points: Sequence[tuple[float, float]]) -> Path:
    """Write ``points`` ((epoch, loss) pairs) atomically; raises ``ProjectSaveError`` naming the file."""
    rows = np.asarray(points, dtype=np.float32).reshape(-1, 2)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, epoch=rows[:, 0], loss=rows[:, 1])
    target = Path(folder) / BATCH_FILE
    atomic_write_bytes(target, buffer.getvalue())
    return target


def load_batch_curve(folder: str | Path) -> dict[str, list[float]]:
    """``{"batch_epoch": [...], "batch_loss": [...]}`` as the curves take them; empty lists when the run
    kept none (older runs, or a folder from ``cnnstudio train``). A damaged file counts as none: the
    epoch curves do not depend on it."""
    path = Path(folder) / BATCH_FILE
    try:
        with np.load(path) as data:
            epochs, losses = data["epoch"], data["loss"]
    except (OSError, ValueError, KeyError):
        return {"batch_epoch": [], "batch_loss": []}
    if epochs.shape != losses.shape or epochs.ndim != 1:
        return {"batch_epoch": [], "batch_loss": []}
    return {"batch_epoch": epochs.astype(float).tolist(), "batch_loss": losses.astype(float).tolist()}
