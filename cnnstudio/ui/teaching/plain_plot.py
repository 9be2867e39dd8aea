"""A still plot for a teaching view: white paper with dark ink in both colour schemes, gridded, labelled,
not draggable (a class reads it, it does not explore it), so that the curves stay where the teacher put
them."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QSize


class StillPlot(pg.PlotWidget):
    """pyqtgraph's plot with a modest size hint: its own 600x480 made a tool of three plots taller than a
    1366x768 screen, because a scrolling tab sizes a page with word-wrapped text by its hints."""

    def sizeHint(self) -> QSize:
        return QSize(420, max(self.minimumHeight(), 200))


PAPER_INK = "#333333"  # axes and tick labels on the white page: 12.6:1 (pyqtgraph's grey gave 3:1)


def ink_axes(plot: pg.PlotWidget) -> None:
    """Dark axes and tick labels on a white plot, in either colour scheme (the page stays white)."""
    for side in ("left", "bottom"):
        axis = plot.getPlotItem().getAxis(side)
        axis.setPen(PAPER_INK)
        axis.setTextPen(PAPER_INK)


def still_plot(bottom: str, left: str, least_height: int = 170) -> StillPlot:
    plot = StillPlot(background="w")
    ink_axes(plot)
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(False, False)
    plot.hideButtons()
    plot.showGrid(x=True, y=True, alpha=0.2)
    plot.getPlotItem().setLabels(bottom=bottom, left=left)
    plot.setMinimumHeight(least_height)
    return plot
