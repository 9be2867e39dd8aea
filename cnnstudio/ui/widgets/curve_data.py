"""The numbers behind the curves: growable buffers of rows, and stored histories in their columns.

Kept apart from the widget that draws them (``metric_plots``) because they are plain numpy: training
appends here hundreds of times a second, and a run record from disk or a ``--json`` log becomes columns
here, without any Qt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

EPOCH_COLUMNS = ("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr")
_ALIASES = {"train_acc": "train_accuracy", "val_acc": "val_accuracy", "epochs": "epoch"}
_HISTORY_KEYS = frozenset((*EPOCH_COLUMNS, "batch_epoch", "batch_loss"))


class Buffer:
    """Rows of floats that grow by doubling, so appending is amortised O(1) and reading is a view."""

    def __init__(self, columns: int, capacity: int = 256) -> None:
        self._data = np.empty((capacity, columns), dtype=np.float64)
        self._n = 0

    def append(self, row: Sequence[float]) -> None:
        if self._n == len(self._data):
            grown = np.empty((2 * len(self._data), self._data.shape[1]), dtype=np.float64)
            grown[: self._n] = self._data[: self._n]
            self._data = grown  # views handed out earlier keep the old block alive: still valid
        self._data[self._n] = row
        self._n += 1

    def replace(self, rows: np.ndarray) -> None:
        self._data = np.array(rows, dtype=np.float64).reshape(len(rows), self._data.shape[1])
        self._n = len(rows)

    def column(self, index: int) -> np.ndarray:
        """Return column ``index`` of the filled rows as a contiguous array."""
        return np.ascontiguousarray(self._data[: self._n, index])

    def __len__(self) -> int:
        return self._n


def value(x: float | None) -> float:
    """Missing values (no validation split, no scheduler) become NaN, which the curves skip."""
    return float("nan") if x is None else float(x)


def history_arrays(history: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """(epoch rows in :data:`EPOCH_COLUMNS` order, batch rows ``(epoch, loss)``) of a stored history.

    ``history`` maps column names to equal-length lists (``RunHistory.to_dict()`` fits as it is) or is a
    list of per-epoch records (as the ``--json`` epoch events); epochs default to 1..n.
    """
    columns = _columns(history)
    n = max((len(columns[k]) for k in EPOCH_COLUMNS if k in columns), default=0)
    epochs = np.full((n, len(EPOCH_COLUMNS)), np.nan)
    epochs[:, 0] = np.arange(1, n + 1)
    for index, key in enumerate(EPOCH_COLUMNS):
        if key in columns:
            epochs[:, index] = _float_column(columns[key], n, key)
    batch_x = columns.get("batch_epoch", [])
    batch_loss = _float_column(columns.get("batch_loss", []), len(batch_x), "batch_loss")
    batches = np.column_stack([_float_column(batch_x, len(batch_x), "batch_epoch"), batch_loss])
    return epochs, batches


def _columns(history: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> dict[str, list]:
    """Normalise a dict of lists or a list of records to the plotted columns, under canonical keys.

    Everything else (a run record's ``format``, ``settings``, ``seconds``...) is left out.
    """
    if not isinstance(history, Mapping):
        records = list(history)
        keys = {key for record in records for key in record}
        history = {key: [record.get(key) for record in records] for key in keys}
    columns = {_ALIASES.get(key, key): values for key, values in history.items()}
    return {key: list(values) for key, values in columns.items() if key in _HISTORY_KEYS}


def _float_column(values: Sequence[float | None], n: int, key: str) -> np.ndarray:
    if len(values) != n:
        raise ValueError(f"history column {key!r} has {len(values)} values, expected {n}")
    return np.array([value(v) for v in values], dtype=np.float64)
