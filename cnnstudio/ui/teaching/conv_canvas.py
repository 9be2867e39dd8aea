"""The animator's picture: padded input, kernel and products, and the output growing cell by cell.

Painted with QPainter rather than built from widgets because the whole point is the geometry: the window's
cells (with the gaps of a dilated kernel) must line up with the numbers under them at any size, and a
projector needs crisp lines and large digits, which a pixmap scaled up would blur.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cnnstudio.ui import presenter
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.teaching import cells as C
from cnnstudio.ui.teaching.conv_plan import AnimationPlan

MARGIN = 14.0
TITLE_H = 34.0
FORMULA_H = 86.0
OPERATOR_W = 70.0  # room for the big operator signs between the grids


def _px(size: float) -> float:
    """A room for text, grown with presenter mode's fonts (the sizes above are for its normal size)."""
    return size * presenter.scale()


class ConvCanvas(QWidget):
    """Shows one step of an :class:`AnimationPlan`; knows nothing about layers or snapshots."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plan: AnimationPlan | None = None
        self._hint = ""
        self._step = 0
        self._index = 0  # which of the walk's channels is drawn
        self._titles = (self.tr("Input (zero-padded)"), self.tr("Kernel"), self.tr("Window × kernel"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(640, 360)

    def sizeHint(self) -> QSize:
        return QSize(1100, 560)

    # -- state -----------------------------------------------------------------------------------------
    def set_plan(self, plan: AnimationPlan | None, hint: str = "") -> None:
        self._plan, self._hint = plan, hint
        self._step = min(self._step, plan.steps - 1) if plan is not None else 0
        self._index = min(self._index, len(plan.channels) - 1) if plan is not None else 0
        self.update()

    def set_step(self, k: int) -> None:
        self._step = k
        self.update()

    def set_drawn_channel(self, index: int) -> None:
        self._index = index
        self.update()

    @property
    def plan(self) -> AnimationPlan | None:
        return self._plan

    # -- what is on screen (the tests read these) ------------------------------------------------------------
    def highlighted_cells(self) -> list[tuple[int, int]]:
        """Padded-input cells inside the current window, on the drawn channel."""
        if self._plan is None:
            return []
        return self._plan.window_cells(self._step, self._index)

    def current_output_cell(self) -> tuple[int, int] | None:
        if self._plan is None:
            return None
        step = self._plan.walk.steps[self._step]
        return step.out_row, step.out_col

    def shown_output(self) -> np.ndarray:
        """The output grid as drawn: values of the steps done so far, NaN where the window has not been yet."""
        if self._plan is None:
            return np.zeros((0, 0))
        grid = np.full(self._plan.walk.out_shape, np.nan)
        for k in range(self._step + 1):
            step = self._plan.walk.steps[k]
            grid[step.out_row, step.out_col] = self._plan.value(k)
        return grid

    def formula_text(self) -> str:
        if self._plan is None:
            return ""
        row, col = self.current_output_cell() or (0, 0)
        return translate_core(f"out[{row}, {col}] = {self._plan.formula(self._step)}")

    # -- geometry ------------------------------------------------------------------------------------------
    def _layout(self) -> tuple[C.CellGrid, C.CellGrid, C.CellGrid, C.CellGrid]:
        """Input, kernel, products (or the pooled window) and output grids for the current size.

        Input and output share one cell size, so that a stride of 2 visibly halves the map.
        """
        assert self._plan is not None
        plan = self._plan
        w, h = float(self.width()), float(self.height())
        body = QRectF(
            MARGIN, MARGIN + _px(TITLE_H), w - 2 * MARGIN, h - 2 * MARGIN - _px(TITLE_H + FORMULA_H)
        )
        rows, cols = len(plan.walk.padded[0]), len(plan.walk.padded[0][0])
        out_rows, out_cols = plan.walk.out_shape
        kh, kw = plan.kernel_hw
        mid_w = min(max(kw * 56.0, 150.0), body.width() * 0.2)
        gap = _px(OPERATOR_W)
        cell = min(
            (body.width() - mid_w - 2 * gap) / (cols + out_cols), body.height() / max(rows, out_rows), 60.0
        )
        input_box = QRectF(body.left(), body.top(), cols * cell, body.height())
        mid_box = QRectF(input_box.right() + gap, body.top(), mid_w, body.height())
        out_box = QRectF(
            mid_box.right() + gap, body.top(), body.right() - mid_box.right() - gap, body.height()
        )
        half = (mid_box.height() - _px(TITLE_H)) / 2
        top_box = QRectF(mid_box.left(), mid_box.top(), mid_box.width(), half)
        low_box = QRectF(mid_box.left(), mid_box.top() + half + _px(TITLE_H), mid_box.width(), half)
        return (
            C.CellGrid.fit(input_box, rows, cols, cell),
            C.CellGrid.fit(top_box, kh, kw, 56.0),
            C.CellGrid.fit(low_box, kh, kw, 56.0),
            C.CellGrid.fit(out_box, out_rows, out_cols, cell),
        )

    # -- painting ------------------------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(self.rect(), QColor(255, 255, 255))
        if self._plan is None:
            self._paint_hint(painter)
        else:
            self._paint_plan(painter, self._plan)
        painter.end()

    def _paint_hint(self, painter: QPainter) -> None:
        font = QFont(self.font())
        font.setPointSizeF(presenter.points(18))
        painter.setFont(font)
        painter.setPen(QColor(90, 90, 90))
        box = QRectF(self.rect()).adjusted(40, 40, -40, -40)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._hint)

    def _paint_plan(self, painter: QPainter, plan: AnimationPlan) -> None:
        grid_in, grid_top, grid_low, grid_out = self._layout()
        self._paint_input(painter, plan, grid_in)
        if plan.is_pool:
            self._paint_pool_window(painter, plan, grid_top, grid_low)
        else:
            self._paint_kernel(painter, plan, grid_top, grid_low)
        self._paint_output(painter, plan, grid_out)
        self._paint_operators(painter, grid_in, grid_top, grid_out, "→" if plan.is_pool else "∗")
        self._paint_formula(painter)

    def _title(self, painter: QPainter, grid: C.CellGrid, text: str) -> None:
        # As wide as the grid and half the gaps beside it: wider ran into the operator signs, and the
        # input's title off the canvas's left edge.
        half_gap = _px(OPERATOR_W) / 2 - 4
        left = max(MARGIN / 2, grid.left - half_gap)
        right = min(self.width() - MARGIN / 2, grid.rect.right() + half_gap)
        rect = QRectF(left, grid.top - _px(TITLE_H) - 4, right - left, _px(TITLE_H))
        C.paint_title(painter, rect, text)

    def _paint_input(self, painter: QPainter, plan: AnimationPlan, grid: C.CellGrid) -> None:
        values = plan.padded(self._index)
        real = values[np.isfinite(values)]
        colours = C.value_colours(real if real.size else values)
        C.paint_values(painter, grid, values, padding=plan.walk.is_padding, colours=colours)
        cells = self.highlighted_cells()
        C.outline_cells(painter, grid, cells, C.WINDOW, C.WINDOW_FILL)
        if len(cells) > 1:  # the window's whole span, dashed: a dilated kernel's gaps stand out inside it
            rows, cols = [r for r, _ in cells], [c for _, c in cells]
            pen = QPen(C.WINDOW, 2.0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(grid.span_rect(min(rows), min(cols), max(rows), max(cols)))
        channel = plan.channels[self._index]
        title = self._titles[0] + "  " + self.tr("channel {0}").format(channel)
        self._title(painter, grid, title)

    def _paint_kernel(self, painter: QPainter, plan: AnimationPlan, top: C.CellGrid, low: C.CellGrid) -> None:
        kernel = plan.kernel(self._index)
        C.paint_values(painter, top, kernel)
        self._title(painter, top, self._titles[1])
        products = plan.products(self._step, self._index)
        C.paint_values(painter, low, products)
        _frame(painter, low)
        self._title(painter, low, self._titles[2])

    def _paint_pool_window(
        self, painter: QPainter, plan: AnimationPlan, top: C.CellGrid, low: C.CellGrid
    ) -> None:
        values = plan.window_values(self._step)
        real = values[np.isfinite(values)]
        colours = C.value_colours(real if real.size else np.zeros(1))
        grid = C.CellGrid.fit(top.rect.united(low.rect), top.rows, top.cols, 64.0)
        C.paint_values(painter, grid, values, colours=colours)
        _frame(painter, grid)
        if plan.kind == "maxpool2d":
            C.outline_cells(painter, grid, [plan.pools[self._step].winner], C.WINNER, None)
        names = {
            "maxpool2d": self.tr("Window: max"),
            "avgpool2d": self.tr("Window: average"),
            "lppool2d": self.tr("Window: L{0} norm").format(f"{plan.pools[0].norm_type:g}"),
        }
        self._title(painter, grid, names[plan.kind])

    def _paint_output(self, painter: QPainter, plan: AnimationPlan, grid: C.CellGrid) -> None:
        shown = self.shown_output()
        full = plan.output()
        colours = C.value_colours(full[np.isfinite(full)] if np.isfinite(full).any() else np.zeros(1))
        C.paint_values(painter, grid, shown, colours=colours, blank=lambda r, c: math.isnan(shown[r, c]))
        cell = self.current_output_cell()
        if cell is not None:
            C.outline_cells(painter, grid, [cell], C.WINDOW, C.WINDOW_FILL)
        rows, cols = plan.walk.out_shape
        self._title(painter, grid, self.tr("Output {0}x{1}").format(rows, cols))

    def _paint_operators(
        self, painter: QPainter, grid_in: C.CellGrid, grid_mid: C.CellGrid, grid_out: C.CellGrid, op: str
    ) -> None:
        font = QFont(self.font())
        font.setPointSizeF(presenter.points(30))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(110, 110, 110))
        y = grid_in.rect.center().y()
        left_gap = QRectF(grid_in.rect.right(), y - 30, grid_mid.rect.left() - grid_in.rect.right(), 60)
        right_gap = QRectF(grid_mid.rect.right(), y - 30, grid_out.rect.left() - grid_mid.rect.right(), 60)
        painter.drawText(left_gap, Qt.AlignmentFlag.AlignCenter, op)
        painter.drawText(right_gap, Qt.AlignmentFlag.AlignCenter, "=")

    def _paint_formula(self, painter: QPainter) -> None:
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(presenter.points(15))
        painter.setFont(font)
        painter.setPen(C.INK)
        formula_h = _px(FORMULA_H)
        box = QRectF(MARGIN, self.height() - MARGIN - formula_h + 8, self.width() - 2 * MARGIN, formula_h - 8)
        painter.fillRect(box, QColor(255, 244, 224))
        painter.drawText(
            box.adjusted(10, 4, -10, -4),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
            self.formula_text(),
        )


def _frame(painter: QPainter, grid: C.CellGrid) -> None:
    """An amber frame: this small grid is the current window, seen up close."""
    painter.setPen(QPen(C.WINDOW, 4.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(grid.rect.adjusted(-2, -2, 2, 2))
