"""The cs231n picture of a network: each layer's output volume as a box, width, height and depth to scale.

Sizes are drawn on a logarithmic scale so that a 224 x 224 x 3 input and a 7 x 7 x 512 map are both visible,
and flat vectors are drawn as thin bars. The selected layer is outlined. Only the core's shapes are used.

A network such as VGG-16 is several screens wide: ``DiagramView`` scrolls it (to the selected layer when the
selection changes) or, with its "Show all" button, zooms it out until every box fits; a box's tooltip names
its layer and shape whatever the zoom.

A block (residual, concat) is one box until it is expanded (double-click, its "+" corner, or the context
menu); an expanded block's layers are drawn under a bracket whose "−" collapses it again, and identical
blocks in a row are one box marked "×N" (``core.volumes``). The figure export draws the same state.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QHelpEvent, QMouseEvent, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolTip, QWidget

from cnnstudio.core.edits import get_at
from cnnstudio.core.labels import layer_label
from cnnstudio.core.layer_rules import shape_text
from cnnstudio.core.project import Project
from cnnstudio.core.run_records import same_network
from cnnstudio.core.shapes import path_text
from cnnstudio.core.volumes import Volume, block_paths, volumes
from cnnstudio.ui.design import block_marks
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
    expanded_changed = Signal()

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        self._boxes: list[tuple[QRectF, Volume]] = []  # where each volume was drawn last
        self._brackets: list[tuple[QRectF, tuple[int, ...]]] = []  # an expanded block's bracket, its path
        self._cached: tuple[object, frozenset, list[Volume]] | None = None  # (report, expanded, volumes)
        self._expanded: frozenset[tuple[int, ...]] = frozenset()
        self._slots_cache: tuple[tuple, list, list] | None = None  # size hints and paints ask many times
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
        blocks = set(block_paths(new)) if self._expanded else set()  # an expanded block may have gone
        if not self._expanded <= blocks:
            self._expanded = self._expanded & blocks
            self.expanded_changed.emit()
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

    # -- blocks -----------------------------------------------------------------------------------------
    def expanded(self) -> frozenset[tuple[int, ...]]:
        """The paths of the blocks drawn layer by layer; every other block is one box."""
        return self._expanded

    def set_expanded(self, paths) -> None:
        paths = frozenset(paths) & set(block_paths(self.doc.project))
        if paths != self._expanded:
            self._expanded = paths
            self._cached = None
            self.updateGeometry()
            self.update()
            self.expanded_changed.emit()

    def expand_all(self) -> None:
        self.set_expanded(block_paths(self.doc.project))

    def collapse_all(self) -> None:
        self.set_expanded(())

    def toggle(self, volume: Volume) -> None:
        """Expand a collapsed box (every block it stands for) or collapse the block a bracket belongs to."""
        if volume.block:
            self.set_expanded(self._expanded | set(volume.paths))
        elif volume.path is not None:
            self.set_expanded(self._expanded - {volume.path})

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
        return slots[-1][2] + slots[-1][3] + MARGIN if slots else 40.0

    def box_rects(self) -> list[tuple[QRectF, tuple[int, ...] | None]]:
        """Where each volume is drawn now (widget coordinates) and its layer's path (None: the input)."""
        return [(rect, volume.path) for rect, volume in self._boxes]

    def boxes(self) -> list[tuple[QRectF, Volume]]:
        """Where each volume is drawn now, with what it stands for (a block, a count of same blocks)."""
        return list(self._boxes)

    def bracket_rects(self) -> list[tuple[QRectF, tuple[int, ...]]]:
        """Where each expanded block's bracket is drawn now (a click there collapses it), and its path."""
        return list(self._brackets)

    def _volumes(self) -> list[Volume]:
        """The boxes to draw (core.volumes), cached per project value and expanded set: size hints and
        paints ask for them many times per edit."""
        report = self.doc.project.report
        if self._cached is not None and self._cached[0] is report and self._cached[1] == self._expanded:
            return self._cached[2]
        drawn = volumes(self.doc.project, self._expanded)
        self._cached = (report, self._expanded, drawn)
        return drawn

    def _widths(self, shape: tuple[int, ...]) -> tuple[float, float, float]:
        if len(shape) == 3:
            c, h, w = shape
            return _scale(w), _scale(h), _scale(c, MAX_SIDE * 0.6)
        return 8.0, _scale(shape[0], MAX_SIDE * 1.3), 0.0

    def _slots(self) -> list[tuple[Volume, str, float, float]]:
        """(volume, label, left, width) of each volume along the row at zoom 1: a slot is as wide as its
        box or its label, whichever is wider, so "25088" under a thin bar is never cut to "508"."""
        drawn = self._volumes()
        key = (id(drawn), self.font().key())
        if self._slots_cache is not None and self._slots_cache[0] == key:
            return self._slots_cache[1]
        metrics = self.fontMetrics()
        x, slots = MARGIN, []
        for volume in drawn:
            front_w, _front_h, depth = self._widths(volume.shape)
            label = shape_text(volume.shape).replace(" x ", "×")
            width = max(front_w + depth * 0.5 + block_marks.STACK, metrics.horizontalAdvance(label) + 4.0)
            slots.append((volume, label, x, width))
            x += width + GAP
        self._slots_cache = (key, slots, drawn)  # drawn: kept alive, so that its id is not reused
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
        selected = self.doc.selected_path or ()
        slots = self._slots()
        for i, (volume, label, left, width) in enumerate(slots):
            natural_w, natural_h, natural_d = self._widths(volume.shape)
            front_w, front_h, offset = natural_w * zoom, natural_h * zoom, natural_d * zoom * 0.5
            x = (left + (width - natural_w - natural_d * 0.5) / 2) * zoom
            colour = QColor("#9aa5b1") if volume.kind == "input" else group_colour(volume.kind)
            front = QRectF(x, baseline - front_h, front_w, front_h)
            highlight = any(selected[: len(p)] == p for p in (volume.paths or (volume.path,)) if p)
            if volume.block:  # the layers it holds, as a stack of outlines behind it
                block_marks.draw_stack(painter, front, offset, colour, zoom)
            self._draw_box(
                painter, front, offset, colour, highlight=highlight, dashed=volume.kind == "custom"
            )
            room = (width + (GAP if i + 1 < len(slots) else 0)) * zoom  # up to the next slot
            if volume.block:
                corner = front.topLeft() - QPointF(0, offset)
                block_marks.draw_badge(painter, corner, volume.count, self, room - (x - left * zoom))
            if metrics.horizontalAdvance(label) <= room:  # zoomed out too far: the tooltip names it
                centre = (left + width / 2) * zoom
                painter.setPen(self.palette().text().color())
                painter.drawText(
                    QRectF(centre - room / 2, baseline + 4, room, label_height),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    label,
                )
            rect = QRectF(x, baseline - front_h - offset, front_w + offset, front_h + offset)
            self._boxes.append((rect, volume))
        self._brackets = block_marks.draw_brackets(painter, slots, zoom, self)
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

    def _box_at(self, point: QPointF) -> Volume | None:
        # A thin bar is hard to hit: its slot's whole height counts.
        return next((v for rect, v in self._boxes if rect.adjusted(-3, -200, 3, 0).contains(point)), None)

    def _bracket_at(self, point: QPointF) -> tuple[int, ...] | None:
        return next((path for rect, path in self._brackets if rect.contains(point)), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A bracket collapses its block; a box's "+" corner expands it; elsewhere a box selects its layer."""
        point = event.position()
        bracket = self._bracket_at(point)
        if bracket is not None and event.button() == Qt.MouseButton.LeftButton:
            self.set_expanded(self._expanded - {bracket})
            return
        volume = self._box_at(point)
        if volume is not None and event.button() == Qt.MouseButton.LeftButton:
            if volume.block and self._badge_hit(volume, point):
                self.toggle(volume)
            elif volume.path is not None:
                self.layer_clicked.emit(volume.path)
            return
        super().mousePressEvent(event)

    def _badge_hit(self, volume: Volume, point: QPointF) -> bool:
        rect = next(r for r, v in self._boxes if v is volume)
        return block_marks.badge_rect(rect.topLeft()).adjusted(-3, -3, 3, 3).contains(point)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        volume = self._box_at(event.position())
        if volume is not None and volume.block:
            self.toggle(volume)
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(QPointF(event.pos()))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def context_menu(self, point: QPointF) -> QMenu:
        """Expand the block under ``point`` or collapse the one it is in; expand or collapse them all."""
        volume, bracket = self._box_at(point), self._bracket_at(point)
        menu = QMenu(self)
        if volume is not None and volume.block:
            menu.addAction(self.tr("Expand block"), lambda: self.toggle(volume))
        inside = bracket or (volume.within[-1] if volume is not None and volume.within else None)
        if inside is not None:
            menu.addAction(self.tr("Collapse block"), lambda: self.set_expanded(self._expanded - {inside}))
        if menu.actions():
            menu.addSeparator()
        has_blocks = bool(block_paths(self.doc.project))
        menu.addAction(self.tr("Expand all blocks"), self.expand_all).setEnabled(has_blocks)
        menu.addAction(self.tr("Collapse all blocks"), self.collapse_all).setEnabled(bool(self._expanded))
        return menu

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            point = QPointF(event.pos())
            bracket, volume = self._bracket_at(point), self._box_at(point)
            if bracket is not None:
                text = self._describe_block(bracket) + "\n" + self.tr("Click to collapse the block")
                QToolTip.showText(event.globalPos(), text, self)
            elif volume is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._describe(volume), self)
            return True
        return super().event(event)

    def _describe(self, volume: Volume) -> str:
        size = shape_text(volume.shape)
        if volume.path is None:
            return self.tr("Input: {0}").format(size)
        if not volume.block:
            text = f"{self._describe_block(volume.path)}  →  {size}"
            if volume.kind == "custom":
                text += "\n" + self.tr("Custom layer: kept as imported, not editable here")
            return text
        first = self._describe_block(volume.path)
        if volume.count > 1:
            last = path_text(self.doc.project.layers, volume.paths[-1])
            first = self.tr("{0} same blocks: {1} … {2}").format(volume.count, first, last)
        return f"{first}  →  {size}\n" + self.tr("Double-click or click + to show its layers")

    def _describe_block(self, path: tuple[int, ...]) -> str:
        """The path and label of a layer (a block or not): ``layers[4]  Residual``."""
        layers = self.doc.project.layers
        return f"{path_text(layers, path)}  {layer_label(get_at(layers, path))}"
