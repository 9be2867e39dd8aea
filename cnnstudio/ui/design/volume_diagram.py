"""The cs231n picture of a network: each layer's output volume as a box, width, height and depth to scale.

Sizes are drawn on a logarithmic scale so that a 224 x 224 x 3 input and a 7 x 7 x 512 map are both visible,
and flat vectors are drawn as thin bars. The selected layer is outlined. Only the core's shapes are used.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from cnnstudio.core.layer_rules import shape_text
from cnnstudio.core.project import Project
from cnnstudio.core.run_records import same_network
from cnnstudio.ui.design.icons import group_colour
from cnnstudio.ui.document import ProjectDocument

MAX_SIDE = 84.0
GAP = 26.0


def _scale(n: int, top: float = MAX_SIDE) -> float:
    """log scale: 1 -> 6 px, 1000 -> ``top``."""
    return 6.0 + (top - 6.0) * min(1.0, math.log10(max(n, 1)) / 3.0)


class VolumeDiagram(QWidget):
    layer_clicked = Signal(object)  # path

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        self._boxes: list[tuple[QRectF, tuple[int, ...]]] = []
        self._cached: tuple[object, list] | None = None  # (report, volumes)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(int(MAX_SIDE * 1.6 + 50))
        self.doc.changed.connect(self._on_changed)
        self.doc.selection_changed.connect(lambda _p: self.update())
        self.layer_clicked.connect(self.doc.select)

    def _on_changed(self, old: Project, new: Project) -> None:
        if same_network(old, new):
            return
        self._cached = None
        self.updateGeometry()
        self.update()

    def _volumes(self) -> list[tuple[tuple[int, ...] | None, str, tuple[int, ...]]]:
        """(path, kind, shape) for the input and every top-level layer that changes the shape (cached
        per project value: size hints and paints ask for it many times per edit)."""
        report = self.doc.project.report
        if self._cached is not None and self._cached[0] is report:
            return self._cached[1]
        volumes = self._compute_volumes(report)
        self._cached = (report, volumes)
        return volumes

    @staticmethod
    def _compute_volumes(report) -> list[tuple[tuple[int, ...] | None, str, tuple[int, ...]]]:
        out: list[tuple[tuple[int, ...] | None, str, tuple[int, ...]]] = [(None, "input", report.input_shape)]
        previous = report.input_shape
        for layer in report.layers:
            if layer.output_shape is None:
                break
            if layer.output_shape != previous or layer.type in ("conv2d", "linear"):
                out.append((layer.path, layer.type, layer.output_shape))
            previous = layer.output_shape
        return out

    def _widths(self, shape: tuple[int, ...]) -> tuple[float, float, float]:
        if len(shape) == 3:
            c, h, w = shape
            return _scale(w), _scale(h), _scale(c, MAX_SIDE * 0.6)
        return 8.0, _scale(shape[0], MAX_SIDE * 1.3), 0.0

    def _slots(self) -> list[tuple[tuple[int, ...] | None, str, tuple[int, ...], float, float]]:
        """(path, kind, shape, label, left, width) of each volume along the row: a slot is as wide as its
        box or its label, whichever is wider, so "25088" under a thin bar is never cut to "508"."""
        metrics = self.fontMetrics()
        x, slots = 16.0, []
        for path, kind, shape in self._volumes():
            front_w, _front_h, depth = self._widths(shape)
            label = shape_text(shape).replace(" x ", "×")
            width = max(front_w + depth * 0.5, metrics.horizontalAdvance(label) + 4.0)
            slots.append((path, kind, shape, label, x, width))
            x += width + GAP
        return slots

    def sizeHint(self) -> QSize:
        slots = self._slots()
        width = slots[-1][4] + slots[-1][5] + 16 if slots else 40
        return QSize(int(width), int(MAX_SIDE * 1.6 + 50))

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        baseline = self.height() - 34.0
        self._boxes = []
        selected = self.doc.selected_path
        for path, kind, shape, label, left, width in self._slots():
            front_w, front_h, depth = self._widths(shape)
            offset = depth * 0.5
            x = left + (width - front_w - offset) / 2  # the box centred over its label
            colour = QColor("#9aa5b1") if kind == "input" else group_colour(kind)
            front = QRectF(x, baseline - front_h, front_w, front_h)
            highlight = path is not None and bool(selected) and path == selected[:1]
            self._draw_box(painter, front, offset, colour, highlight=highlight)
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(left, baseline + 4, width, 28),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                label,
            )
            self._boxes.append(
                (QRectF(x, baseline - front_h - offset, front_w + offset, front_h + offset), path)
            )
        painter.end()

    def _draw_box(
        self, painter: QPainter, front: QRectF, offset: float, colour: QColor, highlight: bool
    ) -> None:
        pen = QPen(QColor("#1f6feb") if highlight else colour.darker(150), 2.4 if highlight else 1.0)
        painter.setPen(pen)
        top = QPolygonF(
            [
                front.topLeft(),
                front.topLeft() + QPointF(offset, -offset),
                front.topRight() + QPointF(offset, -offset),
                front.topRight(),
            ]
        )
        side = QPolygonF(
            [
                front.topRight(),
                front.topRight() + QPointF(offset, -offset),
                front.bottomRight() + QPointF(offset, -offset),
                front.bottomRight(),
            ]
        )
        for polygon, shade in ((top, 120), (side, 140)):
            painter.setBrush(colour.lighter(shade))
            painter.drawPolygon(polygon)  # fills and outlines in one call
        painter.setBrush(colour.lighter(105))
        painter.drawRect(front)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for rect, path in self._boxes:
            if rect.contains(event.position()) and path is not None:
                self.layer_clicked.emit(path)
                return
        super().mousePressEvent(event)
