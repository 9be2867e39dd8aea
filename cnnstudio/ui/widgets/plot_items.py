"""pyqtgraph items whose text stays readable: axes sized to their labels, learning-rate ticks that do not
overprint, and a best-epoch label kept inside its plot.

pyqtgraph leaves these to the caller. Found by looking at the Train page: a fixed 54-pixel axis put the
"learning rate" title on top of "0.0028"; the epoch axis read "epoch (x0.001)" with ticks 100, 200, 800 in
the first epoch; "best epoch 1" was cut to "h 1" at the plot's left edge; and a font set once in points did
not grow in presenter mode.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetricsF

LABEL_NUDGE = 5  # pyqtgraph draws a left axis's title this many pixels left of the axis item


class ReadableAxis(pg.AxisItem):
    """An axis as wide (or tall) as its tick labels and title need, in the font it is given.

    pyqtgraph reserves only 0.8 of the title's height, and nothing at all once a width is fixed. Axes
    stacked in a column can be aligned with :meth:`align_with`: they all take the widest one's width, so
    the plots' x axes line up.
    """

    def __init__(self, orientation: str, **kwargs) -> None:
        self._aligned: list[ReadableAxis] = [self]  # before the base class, which sizes the axis
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)  # "(x0.001)" beside a title reads as part of it

    def align_with(self, axes: list[ReadableAxis]) -> None:
        for axis in axes:
            axis._aligned = list(axes)
        self._updateWidth()

    def set_font(self, font: QFont, colour: str) -> None:
        """Ticks and title in ``font`` (the widget's font: presenter mode scales it)."""
        self.setStyle(tickFont=QFont(font))
        self.label.setFont(QFont(font))
        self.labelStyle = {"color": colour}
        self._updateLabel()
        metrics_height = max(1, round(font.pointSizeF() * 1.6))
        self.textWidth, self.textHeight = metrics_height, metrics_height  # measured again when drawn
        self._adjustSize()
        self.resizeEvent()  # re-centres the title for its new size
        self.picture = None
        self.update()

    def needed_width(self) -> float:
        if not self.isVisible():
            return 0.0
        width = (self.textWidth + self.style["tickTextOffset"][0]) if self.style["showValues"] else 0
        width += max(0, self.style["tickLength"])
        if self.label.isVisible():
            width += self.label.boundingRect().height() - LABEL_NUDGE
        return math.ceil(width)

    def _updateWidth(self) -> None:
        if self.fixedWidth is not None:
            super()._updateWidth()
            return
        width = max(axis.needed_width() for axis in self._aligned)
        for axis in self._aligned:
            axis.setMinimumWidth(width)
            axis.setMaximumWidth(width)
            axis.picture = None

    def _updateHeight(self) -> None:
        if self.fixedHeight is not None or not self.isVisible():
            super()._updateHeight()
            return
        height = (self.textHeight + self.style["tickTextOffset"][1]) if self.style["showValues"] else 0
        height += max(0, self.style["tickLength"])
        if self.label.isVisible():
            height += self.label.boundingRect().height() - LABEL_NUDGE
        self.setMinimumHeight(math.ceil(height))
        self.setMaximumHeight(math.ceil(height))
        self.picture = None


class LearningRateAxis(ReadableAxis):
    """A log axis that labels only what fits: decades over a wide range, 1-2-5 steps within one.

    pyqtgraph labels all nine steps of each decade when the range spans less than three, so a cosine
    schedule from 3e-3 down to 1e-5 printed "0.009 0.008 0.007 ..." on top of each other.
    """

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        return [(None, learning_rate_ticks(minVal, maxVal))]

    def logTickStrings(self, values, scale, spacing):
        """pyqtgraph's labels ("10⁻⁵", "0.003"), but two digits where a tick is not a whole step of its
        decade (a narrow range: "0.0028"), which its one-digit format would round to a neighbour's label."""
        labels = super().logTickStrings(values, scale, spacing)
        return [
            label if _whole_step(value) else f"{10**value * scale:.2g}"
            for value, label in zip(values, labels)
        ]


def _whole_step(log_value: float) -> bool:
    mantissa = 10 ** (log_value - math.floor(log_value))
    return abs(mantissa - round(mantissa)) < 1e-6


def learning_rate_ticks(low: float, high: float) -> list[float]:
    """Tick positions (log10 of the value) between ``low`` and ``high`` (also log10)."""
    decades = range(math.floor(low), math.ceil(high) + 1)
    for steps in ((1,), (1, 2, 5), tuple(range(1, 10))):
        if steps == (1,) and high - low < 2:
            continue  # fewer than two decades: one or two labels would say too little
        ticks = [d + math.log10(m) for d in decades for m in steps if low <= d + math.log10(m) <= high]
        if len(ticks) >= 2:
            return ticks
    return _linear_ticks(10**low, 10**high) or ticks


def _linear_ticks(low: float, high: float) -> list[float]:
    """Within less than one step of a decade (0.0025 to 0.003): evenly spaced round values, 2 to 5 of them."""
    span = high - low
    if span <= 0:
        return []
    base = 10 ** math.floor(math.log10(span))
    finest = 10 ** (math.floor(math.log10(high)) - 1)  # labels have two digits: no finer step
    for step in (s for s in (base / 5, base / 2, base, base * 2) if s >= finest * 0.999):
        first, last = math.ceil(low / step), math.floor(high / step)
        if 2 <= last - first + 1 <= 5:
            return [math.log10(k * step) for k in range(first, last + 1) if k > 0]
    return []


class InsideLabel(pg.InfLineLabel):
    """A vertical line's label that stays inside the plot: hanging from near the top, beside the line on
    the side with room, in a shorter wording when the plot is too narrow for the long one."""

    def __init__(self, line: pg.InfiniteLine, text: str, short_text: str, **kwargs) -> None:
        self._texts = (text, short_text)
        super().__init__(line, text=text, **kwargs)

    def updatePosition(self) -> None:
        super().updatePosition()
        view = self.line.getViewBox()
        if not isinstance(view, pg.ViewBox) or not self.isVisible() or view.viewPixelSize()[0] <= 0:
            return
        pixel = view.viewPixelSize()[0]
        left, right = view.viewRange()[0]
        room_left = (self.line.value() - left) / pixel
        room_right = (right - self.line.value()) / pixel
        wording = next(
            (t for t in self._texts if self._width_of(t) <= room_left + room_right), self._texts[-1]
        )
        if wording != self.format:
            self.setFormat(wording)  # sets the text and comes back here
            return
        self.setAnchor((inside_anchor(self.boundingRect().width(), room_left, room_right), 0.0))

    def _width_of(self, wording: str) -> float:
        text = wording.format(value=self.line.value())
        margin = self.textItem.document().documentMargin()
        return QFontMetricsF(self.textItem.font()).horizontalAdvance(text) + 2 * margin + 1


def inside_anchor(width: float, room_left: float, room_right: float) -> float:
    """The horizontal anchor (0: text right of the point, 1: left of it) that keeps ``width`` pixels of
    text within ``room_left`` and ``room_right`` pixels of the point, preferring a side of the line."""
    if width <= room_right and room_right >= room_left:
        return 0.0
    if width <= room_left:
        return 1.0
    if width <= room_right:
        return 0.0
    # Neither side is wide enough: as far left as the right edge needs, never past the left edge.
    anchor = 1.0 - room_right / width
    return min(max(anchor, 0.0), room_left / width) if width > 0 else 0.0


def best_epoch_line(colour, pen, text: str, short_text: str, position: float) -> pg.InfiniteLine:
    """A dotted vertical line whose label (``text``, or ``short_text`` where it does not fit, both with
    ``{value:g}``) hangs from ``position`` (0: bottom, 1: top of the plot) and stays inside the plot."""
    line = pg.InfiniteLine(angle=90, movable=False, pen=pen)
    line.label = InsideLabel(line, text, short_text, position=position, color=colour)
    return line
