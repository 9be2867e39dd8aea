"""The pooling lab's pictures: the map to click on, and the small grids of gradient shares.

The receptive-field view reuses the clickable map for a layer's output (a window of 1x1 is one cell).

The map is painted (not an image item) so that the cell a student clicks is exactly the cell whose number
they read, at any zoom; the hover frame previews the window before the click.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cnnstudio.core.window_math import window_at
from cnnstudio.ui.teaching import cells as C

MARGIN = 12.0


class PoolMapCanvas(QWidget):
    """A map with the chosen window framed in amber and max pooling's winner in crimson."""

    cell_clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values = np.zeros((1, 1))
        self._window: tuple[int, int, int, int] | None = None  # top, left, bottom, right (inclusive)
        self._winner: tuple[int, int] | None = None
        self._hover: tuple[int, int] | None = None
        self._size = (2, 2)
        self._colours: Callable[[float], QColor] | None = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 320)

    def sizeHint(self) -> QSize:
        return QSize(560, 560)

    def set_map(self, values: np.ndarray, colours: Callable[[float], QColor] | None = None) -> None:
        """Show ``values`` (H, W); ``colours`` overrides the value scale (a map with no numbers yet)."""
        self._values = values
        self._colours = colours
        self.update()

    def set_window(
        self, window: tuple[int, int, int, int] | None, winner: tuple[int, int] | None, size: tuple[int, int]
    ) -> None:
        self._window, self._winner, self._size = window, winner, size
        self.update()

    def hover_window(self) -> tuple[int, int, int, int] | None:
        """The dashed preview under the mouse: the same window a click on that cell selects."""
        if self._hover is None:
            return None
        return window_at(*self._hover, self._size, self._values.shape)

    def grid(self) -> C.CellGrid:
        box = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        rows, cols = self._values.shape
        return C.CellGrid.fit(box, rows, cols, 64.0)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.grid().hit(event.position())
        if event.button() == Qt.MouseButton.LeftButton and cell is not None:
            self.cell_clicked.emit(*cell)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.grid().hit(event.position())
        if cell != self._hover:
            self._hover = cell
            self.update()

    def leaveEvent(self, _event: object) -> None:
        self._hover = None
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(self.rect(), QColor(255, 255, 255))
        grid = self.grid()
        C.paint_values(painter, grid, self._values, colours=self._colours)
        if self._hover is not None:  # the window a click here would select
            painter.setPen(QPen(C.WINDOW, 2.0, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(grid.span_rect(*self.hover_window()))
        if self._window is not None:
            rect = grid.span_rect(*self._window)
            painter.setPen(QPen(C.WINDOW, max(3.0, grid.cell * 0.1)))
            painter.setBrush(C.WINDOW_FILL)
            painter.drawRect(rect)
        if self._winner is not None:
            C.outline_cells(painter, grid, [self._winner], C.WINNER, None)
        painter.end()


class GradientGrid(QWidget):
    """The gradient each window cell receives when the pooled output's gradient is 1, shaded green."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values = np.zeros((0, 0))
        self._winner: tuple[int, int] | None = None
        self.setMinimumSize(150, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(220, 220)

    def set_values(self, values: np.ndarray | None, winner: tuple[int, int] | None = None) -> None:
        self._values = np.zeros((0, 0)) if values is None else values
        self._winner = winner
        self.update()

    def values(self) -> np.ndarray:
        return self._values

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self._values.size:
            rows, cols = self._values.shape
            grid = C.CellGrid.fit(QRectF(self.rect()).adjusted(6, 6, -6, -6), rows, cols, 60.0)
            top = max(float(np.max(self._values)), 1e-12)

            def green(v: float) -> QColor:
                t = min(max(v / top, 0.0), 1.0)
                return QColor(
                    int(255 + (C.GRADIENT.red() - 255) * t),
                    int(255 + (C.GRADIENT.green() - 255) * t),
                    int(255 + (C.GRADIENT.blue() - 255) * t),
                )

            C.paint_values(painter, grid, self._values, colours=green)
            if self._winner is not None:
                C.outline_cells(painter, grid, [self._winner], C.WINNER, None)
        painter.end()
