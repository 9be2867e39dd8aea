"""Painting grids of numbers for a projector: geometry, colours with a meaning, readable cell text.

Every teaching tool draws maps as grids of square cells with their values written in, so that a class can
check the arithmetic by eye. The same colour means the same thing in every tool: amber is "the window and
the output cell it makes", grey hatching is padding, crimson the winner of max pooling, green gradient.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QLabel, QWidget

from cnnstudio.ui import presenter
from cnnstudio.ui.theme import Tone, set_text_colour

WINDOW = QColor(255, 163, 26)  # amber: the window, and the output cell it fills
WINDOW_FILL = QColor(255, 163, 26, 70)
PADDING = QColor(214, 214, 214)
PADDING_HATCH = QColor(150, 150, 150)
WINNER = QColor(214, 31, 69)  # crimson: max pooling's winner
GRADIENT = QColor(46, 160, 67)  # green: gradient flowing back
GRID_LINE = QColor(120, 120, 120)
EMPTY = QColor(232, 232, 232)  # an output cell not computed yet
INK = QColor(30, 30, 30)
POSITIVE = QColor(202, 64, 54)  # red-ish for positive signed values
NEGATIVE = QColor(45, 105, 190)  # blue-ish for negative ones

TEACHING_POINT_SIZE = 13.0  # controls: readable from the back of a classroom
# Grey captions under a tool (set_text_colour(label, Tone.MUTED)): upright, because Qt fakes an italic by
# slanting the glyphs, which makes Chinese text hard to read on a projector.


def enlarge_font(widget: QWidget, points: float = TEACHING_POINT_SIZE) -> None:
    """Give a tool a projector-sized font (children inherit it), larger still in presenter mode."""
    presenter.keep_font(widget, least=points)


class HintLabel(QLabel):
    """An amber line of advice that is shown exactly when it has something to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        set_text_colour(self, Tone.WARNING)
        self.setVisible(False)

    def say(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


@dataclass(frozen=True)
class CellGrid:
    """Where a rows x cols grid of square cells lies on the widget, and which cell a point hits."""

    left: float
    top: float
    cell: float
    rows: int
    cols: int

    @classmethod
    def fit(cls, box: QRectF, rows: int, cols: int, largest: float = 64.0) -> CellGrid:
        """The largest square cells (up to ``largest`` px) that fit ``box``, centred in it."""
        cell = max(1.0, min(box.width() / max(cols, 1), box.height() / max(rows, 1), largest))
        left = box.left() + (box.width() - cell * cols) / 2
        top = box.top() + (box.height() - cell * rows) / 2
        return cls(left, top, cell, rows, cols)

    @property
    def rect(self) -> QRectF:
        return QRectF(self.left, self.top, self.cell * self.cols, self.cell * self.rows)

    def cell_rect(self, row: int, col: int) -> QRectF:
        return QRectF(self.left + col * self.cell, self.top + row * self.cell, self.cell, self.cell)

    def span_rect(self, top: int, left: int, bottom: int, right: int) -> QRectF:
        """The rectangle covering cells (top..bottom, left..right), inclusive."""
        return self.cell_rect(top, left).united(self.cell_rect(bottom, right))

    def centre(self, row: int, col: int) -> QPointF:
        return self.cell_rect(row, col).center()

    def hit(self, point: QPointF) -> tuple[int, int] | None:
        """The (row, col) under ``point``, or None outside the grid."""
        col = math.floor((point.x() - self.left) / self.cell)
        row = math.floor((point.y() - self.top) / self.cell)
        if 0 <= row < self.rows and 0 <= col < self.cols:
            return row, col
        return None


# -- colours --------------------------------------------------------------------------------------------
def value_colours(values: np.ndarray) -> Callable[[float], QColor]:
    """A colour scale for a map: grey levels for non-negative maps (images look like images), and a
    diverging blue-white-red scale when negative values occur (weights, products, pre-activation outputs)."""
    finite = values[np.isfinite(values)] if values.size else values
    low = float(finite.min()) if finite.size else 0.0
    high = float(finite.max()) if finite.size else 1.0
    if low >= 0:
        top = high if high > 0 else 1.0

        def grey(v: float) -> QColor:
            level = round(255 * min(max(v / top, 0.0), 1.0)) if math.isfinite(v) else 0
            return QColor(level, level, level)

        return grey
    extent = max(abs(low), abs(high), 1e-12)

    def diverging(v: float) -> QColor:
        t = min(abs(v) / extent, 1.0) if math.isfinite(v) else 1.0
        end = POSITIVE if v >= 0 else NEGATIVE
        return QColor(
            int(255 + (end.red() - 255) * t),
            int(255 + (end.green() - 255) * t),
            int(255 + (end.blue() - 255) * t),
        )

    return diverging


def ink_on(background: QColor) -> QColor:
    """Black or white text, whichever reads better on ``background``."""
    luminance = 0.299 * background.red() + 0.587 * background.green() + 0.114 * background.blue()
    return INK if luminance > 140 else QColor(255, 255, 255)


def short_number(value: float) -> str:
    """At most about five characters: ``0.83``, ``-1.2``, ``12``, ``−∞``."""
    if not math.isfinite(value):
        return "−∞" if value < 0 else "∞"
    if abs(value) >= 9.995:
        return f"{value:.0f}"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# -- painting -------------------------------------------------------------------------------------------
def cell_font(base: QFont, cell: float, longest: int) -> QFont | None:
    """A font in which ``longest`` characters fit a cell, or None when the cell is too small to be read."""
    size = min(cell * 0.38, cell * 1.45 / max(longest, 1), 26.0)
    if size < 8:
        return None
    font = QFont(base)
    font.setPixelSize(int(size))
    return font


def paint_values(
    painter: QPainter,
    grid: CellGrid,
    values: np.ndarray,
    *,
    padding: Callable[[int, int], bool] | None = None,
    blank: Callable[[int, int], bool] | None = None,
    colours: Callable[[float], QColor] | None = None,
    text: bool = True,
) -> None:
    """Fill each cell with its value's colour and write the value in; padding cells are grey and hatched.

    One font size for the whole grid (the one the longest number needs), so digits line up.
    """
    colour_of = colours or value_colours(values)
    labels = [[short_number(float(values[r, c])) for c in range(grid.cols)] for r in range(grid.rows)]
    longest = max((len(t) for row in labels for t in row), default=1)
    font = cell_font(painter.font(), grid.cell, max(longest, 3)) if text else None
    if font is not None:
        painter.setFont(font)
    for r in range(grid.rows):
        for c in range(grid.cols):
            rect = grid.cell_rect(r, c)
            if blank is not None and blank(r, c):
                painter.fillRect(rect, EMPTY)
                continue
            if padding is not None and padding(r, c):
                paint_padding(painter, rect)
                fill = PADDING
            else:
                fill = colour_of(float(values[r, c]))
                painter.fillRect(rect, fill)
            if font is not None:
                painter.setPen(ink_on(fill))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, labels[r][c])
    paint_lines(painter, grid)


def paint_padding(painter: QPainter, rect: QRectF) -> None:
    painter.fillRect(rect, PADDING)
    painter.fillRect(rect, QBrush(PADDING_HATCH, Qt.BrushStyle.BDiagPattern))


def paint_lines(painter: QPainter, grid: CellGrid) -> None:
    """Thin cell borders (only where cells are big enough for lines to help counting)."""
    if grid.cell < 5:
        painter.setPen(QPen(GRID_LINE, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(grid.rect)
        return
    painter.setPen(QPen(GRID_LINE, 1))
    for r in range(grid.rows + 1):
        y = grid.top + r * grid.cell
        painter.drawLine(QPointF(grid.left, y), QPointF(grid.left + grid.cols * grid.cell, y))
    for c in range(grid.cols + 1):
        x = grid.left + c * grid.cell
        painter.drawLine(QPointF(x, grid.top), QPointF(x, grid.top + grid.rows * grid.cell))


def outline_cells(
    painter: QPainter, grid: CellGrid, cells: Iterable[tuple[int, int]], colour: QColor, fill: QColor | None
) -> None:
    """A thick frame (and optional tint) around each of ``cells``: dilated windows keep their gaps visible."""
    width = max(2.5, grid.cell * 0.09)
    painter.setPen(QPen(colour, width))
    painter.setBrush(QBrush(fill) if fill is not None else Qt.BrushStyle.NoBrush)
    inset = width / 2
    for r, c in cells:
        painter.drawRect(grid.cell_rect(r, c).adjusted(inset, inset, -inset, -inset))


def paint_title(painter: QPainter, rect: QRectF, text: str, points: float = 15.0, bold: bool = True) -> None:
    """``text`` centred at the bottom of ``rect``, in a smaller size if that is what it takes to be whole
    (presenter mode's larger titles ran over the grid beside them and off the canvas)."""
    font = QFont(painter.font())
    font.setPointSizeF(presenter.points(points))
    font.setBold(bold)
    width = QFontMetricsF(font).horizontalAdvance(text)
    if width > rect.width() > 0:
        font.setPointSizeF(max(6.0, font.pointSizeF() * rect.width() / width))
    painter.setFont(font)
    painter.setPen(INK)
    painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, text)
