"""Where each map of a feature-map grid goes: the column count that makes the maps largest in the viewport,
with gaps and titles of a fixed size in screen pixels."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QRectF

GAP_PX = 6.0  # space between neighbouring maps, in screen pixels
MARGIN_PX = 4.0  # space around the whole grid


@dataclass(frozen=True)
class GridGeometry:
    """Where each map goes, in data units of the shared view (one unit = one map pixel)."""

    columns: int
    rows: int
    scale: float  # screen pixels per map pixel
    pitch: tuple[float, float]  # distance between the top-left corners of neighbouring maps (x, y)
    title_height: float  # height reserved above each map for its title, in data units (0: no titles)
    view_rect: QRectF  # the data rectangle to show

    def origin(self, index: int) -> tuple[float, float]:
        """Return the top-left corner of map ``index``."""
        row, col = divmod(index, self.columns)
        return col * self.pitch[0], row * self.pitch[1] + self.title_height


def plan_grid(
    n: int, map_size: tuple[int, int], viewport: tuple[float, float], title_px: float
) -> GridGeometry:
    """Choose the column count that makes maps largest in ``viewport`` and place them.

    For a square viewport and square maps this gives about sqrt(n) columns; in a wide panel it gives
    more. Gaps and titles have a fixed size in screen pixels, so they are converted to data units with
    the scale found here (titles keep a readable size whatever the zoom).
    """
    h, w = max(map_size[0], 1), max(map_size[1], 1)
    vw, vh = max(viewport[0] - 2 * MARGIN_PX, 1.0), max(viewport[1] - 2 * MARGIN_PX, 1.0)
    best = (0.0, 1, 1)
    for cols in range(1, max(n, 1) + 1):
        rows = math.ceil(max(n, 1) / cols)
        scale_x = (vw - (cols - 1) * GAP_PX) / (cols * w)
        scale_y = (vh - rows * title_px - (rows - 1) * GAP_PX) / (rows * h)
        best = max(best, (min(scale_x, scale_y), -cols, rows))  # ties: fewer columns
    scale, cols, rows = max(best[0], 1e-3), -best[1], best[2]
    gap, title = GAP_PX / scale, title_px / scale
    pitch = (w + gap, h + gap + title)
    margin = MARGIN_PX / scale
    rect = QRectF(-margin, -margin, cols * pitch[0] - gap + 2 * margin, rows * pitch[1] - gap + 2 * margin)
    return GridGeometry(cols, rows, scale, pitch, title, rect)
