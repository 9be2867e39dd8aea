"""Runs overlaid: the runs of a project grouped by the network they trained (a run record's fingerprint,
``core.run_records``), and per group the mean curve with a shaded spread over the runs (several seeds of
the same network), for the compare view's plot. Pure Python, no numpy: a handful of runs of a few hundred
epochs each.

Runs may have unequal lengths (early stopping, a stopped run): each epoch is averaged over the runs that
reached it, and ``counts`` says how many those were, so a band that narrows to one run is visible as such.
A value that is not finite (a diverged run's NaN loss) is left out of its epoch. The spread is either the
minimum and maximum over the runs ("minmax") or the mean ± one sample standard deviation ("std", n − 1 in
the denominator, as papers report seeds; one run gives no spread).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cnnstudio.core.run_records import FINGERPRINT_KEY

SPREADS = ("std", "minmax")


@dataclass(frozen=True)
class Band:
    """A mean curve and its spread, one entry per epoch that at least one run reached."""

    epochs: tuple[int, ...]
    mean: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    counts: tuple[int, ...]  # how many runs the epoch's numbers come from


def mean_band(curves: Iterable[tuple[Sequence[int], Sequence[float]]], spread: str = "std") -> Band:
    """``curves``: (epochs, values) of each run. The mean per epoch over the runs that have it, with
    ``spread`` ("std": mean ± one sample standard deviation; "minmax": the lowest and highest run)."""
    if spread not in SPREADS:
        raise ValueError(f"spread must be one of {SPREADS}, got {spread!r}")
    per_epoch: dict[int, list[float]] = {}
    for epochs, values in curves:
        for epoch, value in zip(epochs, values):
            if value is not None and math.isfinite(value):
                per_epoch.setdefault(int(epoch), []).append(float(value))
    rows = [(epoch, *_stats(values, spread), len(values)) for epoch, values in sorted(per_epoch.items())]
    columns = list(zip(*rows)) if rows else [(), (), (), (), ()]
    return Band(*(tuple(column) for column in columns))  # type: ignore[arg-type]


def _stats(values: list[float], spread: str) -> tuple[float, float, float]:
    mean = math.fsum(values) / len(values)
    if spread == "minmax":
        return mean, min(values), max(values)
    if len(values) < 2:
        return mean, mean, mean
    std = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1))
    return mean, mean - std, mean + std


def group_by_network(records: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """The run records grouped by the network they trained, in the order each network first appears; a
    record without a fingerprint (recorded before they were kept) is a group of its own, keyed by its id."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for record in records:
        key = record.get(FINGERPRINT_KEY) or f"run:{record.get('id', id(record))}"
        groups.setdefault(str(key), []).append(record)
    return groups
