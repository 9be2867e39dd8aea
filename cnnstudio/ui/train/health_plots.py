"""The Health tab's plots: gradient flow and update ratios per layer (log scale), and one histogram.

pyqtgraph items are made once and fed with ``setData`` (STYLE.md); the gradient-flow chart keeps one curve
per epoch, older epochs paler, the chosen one thick, so a class sees the gradient shrink towards the input
(vanishing) or the whole line climb epoch after epoch (exploding). Zero and non-finite figures have no
place on a log axis: they leave a gap rather than a point at a made-up value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from cnnstudio.core.health import Histogram
from cnnstudio.core.health_rules import HIGH_RATIO, LOW_RATIO

CHOSEN = "#d95f02"  # the chosen epoch, over the blue of the others
OLD, NEW = QColor("#c6dbef"), QColor("#08519c")  # first and last epochs; those between are blended
RULE = "#1a7f37"  # cs231n's ~1e-3


def positive(values: Sequence[float]) -> np.ndarray:
    """Values for a log axis: NaN (a gap) where a value is zero, negative or not finite."""
    array = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(array) & (array > 0), array, np.nan)


def _blend(share: float) -> QColor:
    return QColor.fromRgbF(*(a + (b - a) * share for a, b in zip(OLD.getRgbF()[:3], NEW.getRgbF()[:3])))


class _LayerPlot(pg.PlotWidget):
    """A plot over the layers with weights (x: their order, ticked with their names)."""

    def __init__(self, left: str, log: bool, parent: QWidget | None = None) -> None:
        base = parent.palette().color(QPalette.ColorRole.Base) if parent is not None else QColor("white")
        super().__init__(parent, background=base)
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        self.setLogMode(y=log)
        self.showGrid(y=True, alpha=0.25)
        self.setLabel("left", left)
        self.getAxis("left").enableAutoSIPrefix(False)  # "(x0.001)" would rescale the log ticks' labels
        self.setMinimumHeight(150)

    def set_layers(self, names: Sequence[str]) -> None:
        self.getAxis("bottom").setTicks([list(enumerate(names))])
        self.setXRange(-0.5, max(0.5, len(names) - 0.5), padding=0)


class GradientFlowPlot(_LayerPlot):
    """Gradient norm per layer, one line per epoch."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, log=True, parent=parent)
        self.curves: list[pg.PlotDataItem] = []

    def show_epochs(self, norms: Sequence[Sequence[float]], chosen: int) -> None:
        """``norms[e][i]``: epoch e's gradient norm of layer i; ``chosen`` is drawn on top, thick."""
        while len(self.curves) < len(norms):
            self.curves.append(self.plot([], [], connect="finite"))
        for e, curve in enumerate(self.curves):
            if e >= len(norms):
                curve.setData([], [])
                continue
            share = e / max(1, len(norms) - 1)
            chosen_one = e == chosen
            pen = pg.mkPen(CHOSEN if chosen_one else _blend(share), width=3 if chosen_one else 1.5)
            symbol = "o" if chosen_one else None
            y = positive(norms[e])
            curve.setData(np.arange(len(y), dtype=float), y, pen=pen, symbol=symbol, symbolBrush=CHOSEN,
                          symbolPen=None, symbolSize=7)  # fmt: skip
            curve.setZValue(2 if chosen_one else 1)


class RatioPlot(_LayerPlot):
    """The chosen epoch's update/weight ratio per layer, beside cs231n's ~1e-3 and the warning bounds."""

    def __init__(self, title: str, rule: str, parent: QWidget | None = None) -> None:
        super().__init__(title, log=True, parent=parent)
        line = pg.mkPen(RULE, width=1.5, style=Qt.PenStyle.DashLine)
        bound = pg.mkPen("#999999", width=1, style=Qt.PenStyle.DotLine)
        # log mode: lines sit at log10 of their value
        self.rule = pg.InfiniteLine(pos=-3, angle=0, pen=line, label=rule,
                                    labelOpts={"position": 0.85, "color": RULE})  # fmt: skip
        self.addItem(self.rule)
        for value in (HIGH_RATIO, LOW_RATIO):
            self.addItem(pg.InfiniteLine(pos=math.log10(value), angle=0, pen=bound))
        self.points = self.plot(
            [], [], pen=None, symbol="s", symbolSize=9, symbolBrush=CHOSEN, symbolPen=None
        )

    def show_ratios(self, ratios: Sequence[float]) -> None:
        y = positive(ratios)
        self.points.setData(np.arange(len(y), dtype=float), y)
        finite = y[np.isfinite(y)]
        low = min(LOW_RATIO, float(finite.min()) if finite.size else 1.0) / 3
        high = max(HIGH_RATIO, float(finite.max()) if finite.size else 1.0) * 3
        self.setYRange(math.log10(low), math.log10(high), padding=0)


class HistogramPlot(pg.PlotWidget):
    """One histogram as bars over its bins."""

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        base = parent.palette().color(QPalette.ColorRole.Base) if parent is not None else QColor("white")
        super().__init__(parent, background=base)
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        self.setMinimumHeight(130)
        self.getAxis("bottom").enableAutoSIPrefix(False)
        self.getAxis("bottom").setStyle(maxTickLevel=0)  # a few round ticks, not a crowd of 1e-06 labels
        self.bars = pg.BarGraphItem(x=[], height=[], width=1.0, brush=colour, pen=pg.mkPen(None))
        self.addItem(self.bars)

    def show_histogram(self, histogram: Histogram | None, title: str) -> None:
        self.setTitle(title)
        if histogram is None or not histogram.counts:
            self.bars.setOpts(x=[], height=[], width=1.0)
            return
        edges = np.asarray(histogram.edges())
        width = float(edges[1] - edges[0]) if histogram.limit > 0 else 1.0
        centres = (edges[:-1] + edges[1:]) / 2 if histogram.limit > 0 else np.arange(len(histogram.counts)) - (
            len(histogram.counts) // 2)  # fmt: skip
        self.bars.setOpts(x=centres, height=np.asarray(histogram.counts, dtype=float), width=width * 0.9)
        span = histogram.limit if histogram.limit > 0 else len(histogram.counts) / 2
        self.setXRange(-span, span, padding=0.02)
        self.setYRange(0, max(1, max(histogram.counts)), padding=0.05)
