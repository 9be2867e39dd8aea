"""The Health tab's plots: gradient flow and update ratios per layer (log scale), and one histogram.

pyqtgraph items are made once and fed with ``setData`` (STYLE.md); the gradient-flow chart keeps one curve
per epoch, older epochs paler, the chosen one thick, so a class sees the gradient shrink towards the input
(vanishing) or the whole line climb epoch after epoch (exploding). Zero and non-finite figures have no
place on a log axis: they leave a gap rather than a point at a made-up value.

The layer axis fits its labels to the room each layer has (``fitted_labels``): whole (``3 Conv2d``), else
shortened (``3 Con…``), else the layer numbers alone, every second or third when even they would touch; a
presenter-mode font on a 1366-pixel screen overprinted seven names. Hovering a layer's column shows its full
name, whatever the axis could print.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPalette
from PySide6.QtWidgets import QWidget

from cnnstudio.core.health import Histogram
from cnnstudio.core.health_rules import HIGH_RATIO, LOW_RATIO
from cnnstudio.ui.widgets.plot_items import ReadableAxis

CHOSEN = "#d95f02"  # the chosen epoch, over the blue of the others
OLD, NEW = QColor("#c6dbef"), QColor("#08519c")  # first and last epochs; those between are blended
RULE = "#1a7f37"  # cs231n's ~1e-3


def positive(values: Sequence[float]) -> np.ndarray:
    """Values for a log axis: NaN (a gap) where a value is zero, negative or not finite."""
    array = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(array) & (array > 0), array, np.nan)


def _blend(share: float) -> QColor:
    return QColor.fromRgbF(*(a + (b - a) * share for a, b in zip(OLD.getRgbF()[:3], NEW.getRgbF()[:3])))


class _Plot(pg.PlotWidget):
    """A still plot (no mouse, no menu) whose axes and title take the widget's font, so presenter mode
    enlarges them as it does every other text."""

    def __init__(self, parent: QWidget | None = None, bottom: ReadableAxis | None = None) -> None:
        base = parent.palette().color(QPalette.ColorRole.Base) if parent is not None else QColor("white")
        axes = {"left": ReadableAxis("left"), "bottom": bottom or ReadableAxis("bottom")}
        super().__init__(parent, background=base, axisItems=axes)
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        self._title = ""
        self._shown_title: tuple[str, float] | None = None
        self._apply_font()
        self.getAxis("left").geometryChanged.connect(self._on_left_axis_resized)  # the title's room changed

    def _on_left_axis_resized(self) -> None:
        if self._title:
            self._show_title()

    def set_title(self, text: str) -> None:
        self._title = text
        self._show_title()

    def _show_title(self) -> None:
        """The title, shortened with "…" to the plot's width (the whole one as its tooltip): pyqtgraph makes
        the plot as wide as its title, so a long title in presenter mode pushed the right of the chart (the
        last layers) out of sight."""
        room = max(40.0, self.width() - self.getAxis("left").width() - 10)  # 10: the plot's own margins
        metrics, size = QFontMetricsF(self.font()), self.font().pointSizeF()
        shown = metrics.elidedText(self._title, Qt.TextElideMode.ElideRight, room)
        if (shown, size) == self._shown_title:
            return
        self.setTitle(shown, size=f"{size:g}pt")
        excess = self.plotItem.titleLabel.minimumWidth() - room  # the label's margins, its HTML font
        if excess > 0 and shown:
            shown = metrics.elidedText(self._title, Qt.TextElideMode.ElideRight, room - excess)
            self.setTitle(shown, size=f"{size:g}pt")
        self._shown_title = (shown, size)
        self.plotItem.titleLabel.setToolTip(self._title if shown != self._title else "")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if getattr(self, "_title", ""):  # pyqtgraph resizes the widget while it is being made
            self._show_title()

    def _apply_font(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.WindowText).name()
        for side in ("left", "bottom"):
            self.getAxis(side).set_font(self.font(), colour)
        if self._title:
            self.set_title(self._title)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_font()


LABEL_GAP_PX = 8  # the least space between two neighbouring labels
SHORTEST_TYPE = 3  # characters of a layer type worth printing before the ellipsis ("Con…")


def fitted_labels(names: Sequence[str], slot: float, metrics: QFontMetricsF) -> list[str]:
    """The label of each layer given ``slot`` pixels per layer: ``names`` (``"3 Conv2d"``) whole if they
    fit, else elided if each keeps its number and a few letters of its type, else the numbers alone, every
    k-th of them (the others blank) so that no two touch."""
    room = slot - LABEL_GAP_PX
    if all(metrics.horizontalAdvance(name) <= room for name in names):
        return list(names)
    numbers = [name.split(" ", 1)[0] for name in names]
    elided = [metrics.elidedText(name, Qt.TextElideMode.ElideRight, room) for name in names]
    if all(short.startswith(f"{number} ") and len(short) >= len(number) + 2 + SHORTEST_TYPE
           for short, number in zip(elided, numbers)):  # fmt: skip
        return elided
    widest = max(metrics.horizontalAdvance(number) for number in numbers)
    step = max(1, math.ceil((widest + LABEL_GAP_PX) / max(slot, 1e-9)))
    return [number if i % step == 0 else "" for i, number in enumerate(numbers)]


@dataclass
class DrawnLabel:
    """A label the axis last drew, in the axis item's coordinates: what the geometry test measures."""

    text: str
    left: float
    right: float


class LayerAxis(ReadableAxis):
    """The layers under a per-layer chart: one tick each, labels fitted by ``fitted_labels`` to the pixels
    the axis has now (pyqtgraph asks again on every resize and font change)."""

    def __init__(self) -> None:
        super().__init__("bottom")
        self.names: list[str] = []
        self._labels: list[str] = []
        self.drawn: list[DrawnLabel] = []

    def set_names(self, names: Sequence[str]) -> None:
        self.names = list(names)
        self.picture = None
        self.update()

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        if not self.names or size <= 0 or maxVal <= minVal:
            return []
        font = self.style["tickFont"] or QFont()
        self._labels = fitted_labels(self.names, size / (maxVal - minVal), QFontMetricsF(font))
        return [(1.0, [float(i) for i in range(len(self.names)) if minVal <= i <= maxVal])]

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [self._labels[round(v)] if 0 <= round(v) < len(self._labels) else "" for v in values]

    def generateDrawSpecs(self, p):  # pyqtgraph computes where each label goes here
        specs = super().generateDrawSpecs(p)
        if specs is not None:
            self.drawn = [
                DrawnLabel(text, rect.left(), rect.right()) for rect, _flags, text in specs[2] if text
            ]
        return specs


class _LayerPlot(_Plot):
    """A plot over the layers with weights (x: their order, ticked with their names; hover: full name)."""

    def __init__(self, left: str, log: bool, parent: QWidget | None = None) -> None:
        self.layer_axis = LayerAxis()
        super().__init__(parent, bottom=self.layer_axis)
        self.setLogMode(y=log)
        self.showGrid(y=True, alpha=0.25)
        self.setLabel("left", left)
        self._left_title = left
        self._fit_height()
        self.tips: list[str] = []
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def _apply_font(self) -> None:
        super()._apply_font()
        if hasattr(self, "_left_title"):  # not yet while the base class is being made
            self._fit_height()

    def _fit_height(self) -> None:
        """Tall enough for the y axis's title, which pyqtgraph writes upright along the axis: in presenter
        mode "gradient norm (log)" is 200 pixels long, and a 150-pixel chart cut it at both ends."""
        metrics = QFontMetricsF(self.font())
        around = 4 * metrics.lineSpacing()  # the chart's title, the layer labels, the margins
        self.setMinimumHeight(max(150, math.ceil(metrics.horizontalAdvance(self._left_title) + around)))

    def set_layers(self, names: Sequence[str], tips: Sequence[str] | None = None) -> None:
        """``names`` under the ticks; ``tips`` (default: the names) when the pointer is over a layer."""
        self.layer_axis.set_names(names)
        self.tips = list(tips if tips is not None else names)
        self.setXRange(-0.5, max(0.5, len(names) - 0.5), padding=0)

    def tip_at(self, scene_pos: QPointF) -> str:
        """The full name of the layer under ``scene_pos`` (empty outside the layers)."""
        index = round(self.plotItem.vb.mapSceneToView(scene_pos).x())
        return self.tips[index] if 0 <= index < len(self.tips) else ""

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        tip = self.tip_at(scene_pos)
        if tip != self.toolTip():
            self.setToolTip(tip)


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


class HistogramPlot(_Plot):
    """One histogram as bars over its bins."""

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(130)
        self.getAxis("bottom").setStyle(maxTickLevel=0)  # a few round ticks, not a crowd of 1e-06 labels
        self.bars = pg.BarGraphItem(x=[], height=[], width=1.0, brush=colour, pen=pg.mkPen(None))
        self.addItem(self.bars)

    def show_histogram(self, histogram: Histogram | None, title: str) -> None:
        self.set_title(title)
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
