"""Small vector icons for the layer groups, drawn with QPainter so no image files are needed."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from cnnstudio.core.layer_catalog import CATALOG

GROUP_COLOURS = {
    "Convolution": "#3b6fb6",
    "Pooling": "#2e8b57",
    "Upsampling": "#16869c",
    "Normalisation & regularisation": "#8e44ad",
    "Activations": "#d35400",
    "Dense": "#5d6d7e",
    "Blocks": "#b7950b",
    "Imported": "#8a8f98",  # custom layers: grey, kept as imported and not editable
}


def group_colour(kind: str) -> QColor:
    return QColor(GROUP_COLOURS.get(CATALOG[kind].group, "#666666"))


@cache
def layer_icon(kind: str, size: int = 20) -> QIcon:
    """A glyph for the layer's group in the group's colour: grid, funnel, widening funnel, bell, curve, bars,
    branches."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = group_colour(kind)
    painter.setPen(QPen(colour, 1.6))
    painter.setBrush(colour.lighter(170))
    group = CATALOG[kind].group
    r = QRectF(2, 2, size - 4, size - 4)
    if group == "Convolution":
        painter.drawRect(r)
        third = r.width() / 3
        for k in (1, 2):
            painter.drawLine(
                QPointF(r.left() + k * third, r.top()), QPointF(r.left() + k * third, r.bottom())
            )
            painter.drawLine(QPointF(r.left(), r.top() + k * third), QPointF(r.right(), r.top() + k * third))
    elif group == "Pooling":
        path = QPainterPath(QPointF(r.left(), r.top()))
        path.lineTo(r.right(), r.top())
        path.lineTo(r.center().x() + 2, r.bottom())
        path.lineTo(r.center().x() - 2, r.bottom())
        path.closeSubpath()
        painter.drawPath(path)
    elif group == "Upsampling":  # pooling's funnel upside down: the map grows
        path = QPainterPath(QPointF(r.center().x() - 2, r.top()))
        path.lineTo(r.center().x() + 2, r.top())
        path.lineTo(r.right(), r.bottom())
        path.lineTo(r.left(), r.bottom())
        path.closeSubpath()
        painter.drawPath(path)
    elif group == "Activations":
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(QPointF(r.left(), r.bottom() - 2))
        path.lineTo(r.center().x(), r.bottom() - 2)
        path.lineTo(r.right(), r.top())
        painter.drawPath(path)
    elif group == "Dense":
        for k in range(3):
            x = r.left() + k * r.width() / 3 + 1
            painter.drawRect(QRectF(x, r.top() + (2 - k) * 3, r.width() / 3 - 2, r.height() - (2 - k) * 3))
    elif group == "Blocks":
        painter.drawRoundedRect(r, 3, 3)
        painter.drawLine(QPointF(r.left() + 3, r.center().y()), QPointF(r.right() - 3, r.center().y()))
    elif group == "Imported":  # a dashed box: code kept as it came
        pen = QPen(colour, 1.6, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(r)
    else:
        painter.drawEllipse(r)
    painter.end()
    return QIcon(pixmap)
