"""The cs231n picture of a network: each layer's output volume as a box, width, height and depth to scale.

Sizes are drawn on a logarithmic scale so that a 224 x 224 x 3 input and a 7 x 7 x 512 map are both visible,
and flat vectors are drawn as thin bars. The selected layer is outlined. Only the core's shapes are used.

A network such as VGG-16 is several screens wide: ``DiagramView`` scrolls it (to the selected layer when the
selection changes) or, with its "Show all" button, zooms it out until every box fits; a box's tooltip names
its layer and shape whatever the zoom.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPen, QPolygonF, QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QToolButton, QToolTip, QWidget

from cnnstudio.core.labels import layer_label
from cnnstudio.core.layer_rules import shape_text
from cnnstudio.core.project import Project
from cnnstudio.core.run_records import same_network
from cnnstudio.core.shapes import path_text
from cnnstudio.ui.design.icons import group_colour
from cnnstudio.ui.document import ProjectDocument

MAX_SIDE = 84.0
GAP = 26.0
MARGIN = 16.0
MIN_ZOOM = 0.15  # below this a box is a speck: the view scrolls rather than zoom further


def _scale(n: int, top: float = MAX_SIDE) -> float:
    """log scale: 1 -> 6 px, 1000 -> ``top``."""
    return 6.0 + (top - 6.0) * min(1.0, math.log10(max(n, 1)) / 3.0)


class VolumeDiagram(QWidget):
    layer_clicked = Signal(object)  # path

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        self._boxes: list[tuple[QRectF, tuple[int, ...] | None, tuple[int, ...]]] = []  # rect, path, shape
        self._cached: tuple[object, list] | None = None  # (report, volumes)
        self._zoom = 1.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(self.diagram_height())
        self.doc.changed.connect(self._on_changed)
        self.doc.selection_changed.connect(lambda _p: self.update())
        self.layer_clicked.connect(self.doc.select)

    def _on_changed(self, old: Project, new: Project) -> None:
        if same_network(old, new):
            return
        self._cached = None
        self.updateGeometry()
        self.update()

    def diagram_height(self) -> int:
        """The tallest box with its depth, and one line of label under it in the current font."""
        return int(MAX_SIDE * 1.6 + self.fontMetrics().height() + 34)

    def changeEvent(self, event: QEvent) -> None:
        """Presenter mode: the labels grow, and so do the slots and the height that hold them."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.setMinimumHeight(self.diagram_height())
            self.updateGeometry()

    # -- zoom -------------------------------------------------------------------------------------------
    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, zoom: float) -> None:
        """Draw at ``zoom`` times the natural size (1: every label readable; less: more boxes at once)."""
        zoom = min(1.0, max(MIN_ZOOM, zoom))
        if zoom != self._zoom:
            self._zoom = zoom
            self.updateGeometry()
            self.update()

    def natural_width(self) -> float:
        """The width of the whole row of volumes at zoom 1."""
        slots = self._slots()
        return slots[-1][4] + slots[-1][5] + MARGIN if slots else 40.0

    def box_rects(self) -> list[tuple[QRectF, tuple[int, ...] | None]]:
        """Where each volume is drawn now (widget coordinates) and its layer's path (None: the input)."""
        return [(rect, path) for rect, path, _shape in self._boxes]

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
        from cnnstudio.core.volumes import volumes

        return volumes(report)

    def _widths(self, shape: tuple[int, ...]) -> tuple[float, float, float]:
        if len(shape) == 3:
            c, h, w = shape
            return _scale(w), _scale(h), _scale(c, MAX_SIDE * 0.6)
        return 8.0, _scale(shape[0], MAX_SIDE * 1.3), 0.0

    def _slots(self) -> list[tuple[tuple[int, ...] | None, str, tuple[int, ...], str, float, float]]:
        """(path, kind, shape, label, left, width) of each volume along the row at zoom 1: a slot is as
        wide as its box or its label, whichever is wider, so "25088" under a thin bar is never cut to "508"."""
        metrics = self.fontMetrics()
        x, slots = MARGIN, []
        for path, kind, shape in self._volumes():
            front_w, _front_h, depth = self._widths(shape)
            label = shape_text(shape).replace(" x ", "×")
            width = max(front_w + depth * 0.5, metrics.horizontalAdvance(label) + 4.0)
            slots.append((path, kind, shape, label, x, width))
            x += width + GAP
        return slots

    def sizeHint(self) -> QSize:
        return QSize(int(self.natural_width() * self._zoom) + 1, self.diagram_height())

    def minimumSizeHint(self) -> QSize:
        """As wide as the drawing: a scroll area then scrolls instead of squeezing boxes out of sight."""
        return self.sizeHint()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        metrics = self.fontMetrics()
        label_height = metrics.height() + 4
        baseline = self.height() - label_height - 10.0
        zoom, self._boxes = self._zoom, []
        selected = self.doc.selected_path
        slots = self._slots()
        for i, (path, kind, shape, label, left, width) in enumerate(slots):
            front_w, front_h, depth = (size * zoom for size in self._widths(shape))
            offset = depth * 0.5
            x = (left + (width - self._widths(shape)[0] - self._widths(shape)[2] * 0.5) / 2) * zoom
            colour = QColor("#9aa5b1") if kind == "input" else group_colour(kind)
            front = QRectF(x, baseline - front_h, front_w, front_h)
            highlight = path is not None and bool(selected) and path == selected[:1]
            self._draw_box(painter, front, offset, colour, highlight=highlight, dashed=kind == "custom")
            room = (width + (GAP if i + 1 < len(slots) else 0)) * zoom  # up to the next slot
            if metrics.horizontalAdvance(label) <= room:  # zoomed out too far: the tooltip names it
                centre = (left + width / 2) * zoom
                painter.setPen(self.palette().text().color())
                painter.drawText(
                    QRectF(centre - room / 2, baseline + 4, room, label_height),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    label,
                )
            rect = QRectF(x, baseline - front_h - offset, front_w + offset, front_h + offset)
            self._boxes.append((rect, path, shape))
        painter.end()

    def _draw_box(
        self,
        painter: QPainter,
        front: QRectF,
        offset: float,
        colour: QColor,
        highlight: bool,
        dashed: bool = False,
    ) -> None:
        pen = QPen(QColor("#1f6feb") if highlight else colour.darker(150), 2.4 if highlight else 1.0)
        if dashed:  # a custom layer: grey and dashed, code kept as imported
            pen.setStyle(Qt.PenStyle.DashLine)
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

    def _box_at(self, point: QPointF) -> tuple[QRectF, tuple[int, ...] | None, tuple[int, ...]] | None:
        # A thin bar is hard to hit: its slot's whole height counts.
        return next((box for box in self._boxes if box[0].adjusted(-3, -200, 3, 0).contains(point)), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        box = self._box_at(event.position())
        if box is not None and box[1] is not None:
            self.layer_clicked.emit(box[1])
            return
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            box = self._box_at(QPointF(event.pos()))
            if box is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._describe(box[1], box[2]), self)
            return True
        return super().event(event)

    def _describe(self, path: tuple[int, ...] | None, shape: tuple[int, ...]) -> str:
        size = shape_text(shape)
        if path is None:
            return self.tr("Input: {0}").format(size)
        project = self.doc.project
        spec = project.layers[path[0]]
        text = f"{path_text(project.layers, path)}  {layer_label(spec)}  →  {size}"
        if spec.type == "custom":
            text += "\n" + self.tr("Custom layer: kept as imported, not editable here")
        return text


class DiagramView(QScrollArea):
    """The volume diagram in a scroll area, with a "Show all" button that zooms it to fit the width."""

    def __init__(self, diagram: VolumeDiagram, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.setWidget(diagram)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.fit_button = QToolButton(self)
        self.fit_button.setText(self.tr("Show all"))
        self.fit_button.setCheckable(True)
        self.fit_button.setAutoRaise(True)
        self.fit_button.setToolTip(
            self.tr("Zoom out until every layer's volume fits; unticked, scroll along the network")
        )
        self.fit_button.toggled.connect(lambda _on: self._fit())
        diagram.doc.changed.connect(self._fit)
        diagram.doc.selection_changed.connect(self._on_selection_changed)
        self.setMinimumHeight(diagram.diagram_height() + self.horizontalScrollBar().sizeHint().height() + 4)

    def fits(self) -> bool:
        return self.fit_button.isChecked()

    def _fit(self) -> None:
        width = self.viewport().width() - 2
        natural = self.diagram.natural_width()
        self.diagram.set_zoom(width / natural if self.fits() and natural > width else 1.0)

    def _on_selection_changed(self, path) -> None:
        """Scroll the selected layer's volume into view (after the repaint that places it); a layer that
        keeps its input's shape (a ReLU) has no box of its own: the volume it passes on is shown."""
        if not path:
            return
        self.diagram.repaint()
        shown = [(rect, box) for rect, box in self.diagram.box_rects() if (box or (-1,))[0] <= path[0]]
        if shown:
            centre = shown[-1][0].center().toPoint()
            self.ensureVisible(centre.x(), centre.y(), int(shown[-1][0].width() / 2) + 40, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
        hint = self.fit_button.sizeHint()
        self.fit_button.setGeometry(
            self.viewport().width() - hint.width() - 2, 2, hint.width(), hint.height()
        )
        self.fit_button.raise_()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.setMinimumHeight(
                self.diagram.diagram_height() + self.horizontalScrollBar().sizeHint().height() + 4
            )
