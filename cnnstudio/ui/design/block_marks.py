"""What the volume diagram draws for blocks: a collapsed block is its box with a stack of outlines behind it
(the layers it holds), a "+" corner that expands it and "×N" when it stands for N same blocks in a row; an
expanded block's layers sit under a bracket with a "−" that collapses it. Shapes and signs, not colour
alone, so that they read on a projector and for colour-blind users."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from cnnstudio.core.volumes import Volume

STACK = 6.0  # how far the outlines behind a collapsed block reach, at zoom 1
BADGE = 12.0  # the side of a "+" / "−" square
BRACKET_TOP = 30.0  # under the view's buttons
BRACKET_STEP = 14.0
GAP_HALF = 13.0  # half the gap between two slots (volume_diagram.GAP)  # a nested block's bracket sits under its parent's


def badge_rect(box_top_left: QPointF) -> QRectF:
    """Where a collapsed block's "+" is drawn: just above its box's top left corner."""
    return QRectF(box_top_left.x(), box_top_left.y() - BADGE - 3, BADGE, BADGE)


def draw_stack(painter: QPainter, front: QRectF, offset: float, colour: QColor, zoom: float) -> None:
    painter.setPen(QPen(colour.darker(150), 1.0))
    painter.setBrush(colour.lighter(130))
    for k in (2, 1):
        shift = STACK / 2 * k * zoom
        painter.drawRect(front.translated(shift + offset, -shift - offset))


def draw_badge(painter: QPainter, box_top_left: QPointF, count: int, widget: QWidget, room: float) -> None:
    """The "+" over a collapsed block, and "×N" beside it when it fits in ``room`` (pixels up to the next
    slot; zoomed far out the tooltip says it)."""
    rect = badge_rect(box_top_left)
    _sign(painter, rect, widget, plus=True)
    font = painter.font()
    font.setBold(True)
    text = f"×{count}"
    if count > 1 and BADGE + 3 + QFontMetricsF(font).horizontalAdvance(text) <= room:
        painter.setPen(widget.palette().text().color())
        painter.setFont(font)
        painter.drawText(
            QRectF(rect.right() + 3, rect.top() - 4, 80, rect.height() + 8),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )
        font.setBold(False)
        painter.setFont(font)


def _sign(painter: QPainter, rect: QRectF, widget: QWidget, plus: bool) -> None:
    """A "+" or "−" in a square, drawn as lines (readable whatever the font)."""
    text = widget.palette().text().color()
    painter.setPen(QPen(text, 1.2))
    painter.setBrush(widget.palette().base())
    painter.drawRoundedRect(rect, 2, 2)
    centre, arm = rect.center(), rect.width() * 0.3
    painter.setPen(QPen(text, 1.8))
    painter.drawLine(centre - QPointF(arm, 0), centre + QPointF(arm, 0))
    if plus:
        painter.drawLine(centre - QPointF(0, arm), centre + QPointF(0, arm))


def draw_brackets(
    painter: QPainter, slots: Sequence[tuple[Volume, str, float, float]], zoom: float, widget: QWidget
) -> list[tuple[QRectF, tuple[int, ...]]]:
    """A bracket over the slots of each expanded block (nested ones lower); returns where each was drawn
    (the area a click collapses) with its block's path."""
    spans: dict[tuple[int, ...], list] = {}  # path -> [left, right, level, where each further branch starts]
    for volume, _label, left, width in slots:
        for level, path in enumerate(volume.within):
            span = spans.setdefault(path, [left, left + width, level, [], None])
            branch = volume.path[len(path)] if volume.path and len(volume.path) > len(path) else None
            if branch is not None and span[4] is not None and branch != span[4]:
                span[3].append(left)
            span[0], span[1] = min(span[0], left), max(span[1], left + width)
            span[4] = branch if branch is not None else span[4]
    drawn = []
    pen = QPen(widget.palette().text().color(), 1.5)
    for path, (left, right, level, branch_starts, _last) in spans.items():
        y = BRACKET_TOP + BADGE / 2 + level * BRACKET_STEP
        x1, x2 = left * zoom, right * zoom
        painter.setPen(pen)
        painter.drawLine(QPointF(x1 + BADGE, y), QPointF(x2, y))
        painter.drawLine(QPointF(x2, y), QPointF(x2, y + 6))
        for start in branch_starts:  # a concat's next branch: a tick between its slots
            x = (start - GAP_HALF) * zoom
            painter.drawLine(QPointF(x, y - 5), QPointF(x, y + 6))
        _sign(painter, QRectF(x1, y - BADGE / 2, BADGE, BADGE), widget, plus=False)
        drawn.append((QRectF(x1 - 2, y - BADGE / 2 - 2, x2 - x1 + 4, BADGE + 4), path))
    return drawn
