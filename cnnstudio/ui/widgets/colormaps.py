"""How values become colours: the few colour maps CNN Studio offers, and colour levels.

A short, fixed list on purpose: students compare pictures across lessons, so every view offers the same
maps under the same names. ``grey`` is the honest default for images, ``viridis`` and ``inferno`` are
perceptually uniform, and ``coolwarm`` is diverging, for signed data such as kernels or pre-activation
maps, where zero must sit in the middle (white) and the sign must be visible at a glance.

Level computation and colouring live here rather than in a widget so that they can be tested without Qt
and shared by every view that draws maps (the feature grid, its enlarged view, kernel views).
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


@dataclass(frozen=True)
class ColormapInfo:
    """One offered colour map: its stable key, label, source and how to scale data for it."""

    name: str  # stable key, stored in settings and project files
    label: str  # English label, translated at display time with display_name()
    source: str  # pyqtgraph colour map name, or "" for the grey ramp built here
    diverging: bool  # levels are made symmetric around zero
    highlight: str  # a marker colour that stands out against every colour of this map


_CONTEXT = "Colormaps"

_COLORMAPS: dict[str, ColormapInfo] = {
    info.name: info
    for info in (
        ColormapInfo("grey", QT_TRANSLATE_NOOP("Colormaps", "Grey"), "", False, "#ff3b30"),
        ColormapInfo("viridis", QT_TRANSLATE_NOOP("Colormaps", "Viridis"), "viridis", False, "#ff2d78"),
        ColormapInfo("inferno", QT_TRANSLATE_NOOP("Colormaps", "Inferno"), "inferno", False, "#2ee6ff"),
        # CET-D1 is Kovesi's blue-white-red diverging map: the perceptually fixed cousin of coolwarm.
        ColormapInfo(
            "coolwarm", QT_TRANSLATE_NOOP("Colormaps", "Cool-warm (signed)"), "CET-D1", True, "#00b050"
        ),
    )
}

DEFAULT_COLORMAP = "grey"


def colormap_names() -> tuple[str, ...]:
    """Return the keys of the offered colour maps, in menu order."""
    return tuple(_COLORMAPS)


def colormap_info(name: str) -> ColormapInfo:
    """Return the description of colour map ``name``; raise ``ValueError`` for an unknown name."""
    try:
        return _COLORMAPS[name]
    except KeyError:
        known = ", ".join(_COLORMAPS)
        raise ValueError(f"unknown colour map {name!r}; known: {known}") from None


def display_name(name: str) -> str:
    """Return the translated menu label of colour map ``name``."""
    return QCoreApplication.translate(_CONTEXT, colormap_info(name).label)


@functools.cache
def colormap(name: str) -> pg.ColorMap:
    """Return the pyqtgraph ``ColorMap`` for ``name`` (cached: building one parses a CSV file)."""
    info = colormap_info(name)
    if not info.source:
        return pg.ColorMap(pos=[0.0, 1.0], color=[(0, 0, 0), (255, 255, 255)], name=name)
    return pg.colormap.get(info.source)


@functools.cache
def lookup_table(name: str, size: int = 256) -> np.ndarray:
    """Return a ``(size, 3)`` uint8 lookup table; ImageItems share it so a colour change costs nothing."""
    lut = colormap(name).getLookupTable(0.0, 1.0, size, alpha=False)
    lut = np.ascontiguousarray(lut, dtype=np.uint8)
    lut.setflags(write=False)  # shared between items: nobody may edit it in place
    return lut


def compute_levels(maps: np.ndarray, *, shared: bool, symmetric: bool = False) -> np.ndarray:
    """Return ``(N, 2)`` float64 ``(low, high)`` colour levels for ``maps`` of shape ``(N, H, W)``.

    ``shared`` gives every map the range of all maps, so brightness compares across channels; otherwise
    each map is stretched to its own range, which shows the pattern inside weak channels. ``symmetric``
    (for diverging maps) centres the range on zero so that white means exactly zero. NaN and inf are
    ignored; a constant or empty map gets a unit-wide range around its value, never a zero-width one
    (which would divide by zero in the lookup).
    """
    data = np.asarray(maps, dtype=np.float64)
    if data.ndim != 3:
        raise ValueError(f"maps must have shape (N, H, W), got {data.shape}")
    n = data.shape[0]
    flat = data.reshape(n, data.shape[1] * data.shape[2])
    if flat.shape[1] == 0:
        return _widen(np.zeros((n, 2)))
    finite = np.isfinite(flat)
    if not finite.all():
        flat = np.where(finite, flat, np.nan)
    with warnings.catch_warnings():  # all-NaN rows are handled below
        warnings.simplefilter("ignore", RuntimeWarning)
        if symmetric:
            high = np.nanmax(np.abs(flat), axis=1)
            low = -high
        else:
            low, high = np.nanmin(flat, axis=1), np.nanmax(flat, axis=1)
    levels = np.stack([low, high], axis=1)
    valid = np.isfinite(levels).all(axis=1)  # False for maps with no finite value at all
    if shared and valid.any():
        levels[:] = (levels[valid, 0].min(), levels[valid, 1].max())
    else:
        levels[~valid] = 0.0
    return _widen(levels)


def _widen(levels: np.ndarray) -> np.ndarray:
    """Give zero-width rows a unit-wide range centred on their value."""
    flat_rows = levels[:, 1] <= levels[:, 0]
    centre = levels[flat_rows, 0]
    levels[flat_rows, 0] = centre - 0.5
    levels[flat_rows, 1] = centre + 0.5
    return levels


def apply_colormap(maps: np.ndarray, levels: np.ndarray, name: str) -> np.ndarray:
    """Return the ``(N, H, W, 3)`` uint8 colours of ``maps`` ``(N, H, W)`` under per-map ``levels``.

    ``low`` gets the first colour of the map and ``high`` the last, linearly in between, values outside
    are clipped, and NaN shows as the first colour. Colouring all maps in one vectorised pass and handing
    pyqtgraph ready RGB images is about twice as fast as letting each ImageItem apply levels and a
    lookup table itself (pyqtgraph rebuilds a 256-entry colour table per image per paint).
    """
    lut = lookup_table(name)
    levels = np.asarray(levels, dtype=np.float32)
    low = levels[:, 0].reshape(-1, 1, 1)
    gain = ((len(lut) - 1) / (levels[:, 1] - levels[:, 0])).reshape(-1, 1, 1)
    scaled = (np.asarray(maps, dtype=np.float32) - low) * gain
    np.nan_to_num(scaled, copy=False, nan=0.0)
    np.clip(scaled, 0, len(lut) - 1, out=scaled)
    return lut[np.rint(scaled).astype(np.uint8)]
