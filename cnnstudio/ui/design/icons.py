"""Small vector icons for the layer groups, drawn with QPainter so no image files are needed.

Each group has a glyph in its colour (grid, funnel, widening funnel, circle, curve, bars, framed bar); a
layer that does something its group's glyph would misstate draws its own in the same colour and frame:
channel shuffle's crossing lines inside the block frame.
"""

from __future__ import annotations

from collections.abc import Callable
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


def _grid(painter: QPainter, r: QRectF) -> None:
    painter.drawRect(r)
    third = r.width() / 3
    for k in (1, 2):
        painter.drawLine(QPointF(r.left() + k * third, r.top()), QPointF(r.left() + k * third, r.bottom()))
        painter.drawLine(QPointF(r.left(), r.top() + k * third), QPointF(r.right(), r.top() + k * third))


def _path(painter: QPainter, points: list[QPointF], closed: bool = True) -> None:
    path = QPainterPath(points[0])
    for point in points[1:]:
        path.lineTo(point)
    if closed:
        path.closeSubpath()
    painter.drawPath(path)


def _funnel(painter: QPainter, r: QRectF) -> None:
    x = r.center().x()
    _path(painter, [r.topLeft(), r.topRight(), QPointF(x + 2, r.bottom()), QPointF(x - 2, r.bottom())])


def _widening(painter: QPainter, r: QRectF) -> None:  # pooling's funnel upside down: the map grows
    x = r.center().x()
    _path(painter, [QPointF(x - 2, r.top()), QPointF(x + 2, r.top()), r.bottomRight(), r.bottomLeft()])


def _curve(painter: QPainter, r: QRectF) -> None:
    painter.setBrush(Qt.BrushStyle.NoBrush)
    points = [QPointF(r.left(), r.bottom() - 2), QPointF(r.center().x(), r.bottom() - 2), r.topRight()]
    _path(painter, points, closed=False)


def _bars(painter: QPainter, r: QRectF) -> None:
    for k in range(3):
        x = r.left() + k * r.width() / 3 + 1
        painter.drawRect(QRectF(x, r.top() + (2 - k) * 3, r.width() / 3 - 2, r.height() - (2 - k) * 3))


def _block(painter: QPainter, r: QRectF) -> None:
    painter.drawRoundedRect(r, 3, 3)
    painter.drawLine(QPointF(r.left() + 3, r.center().y()), QPointF(r.right() - 3, r.center().y()))


def _shuffle(painter: QPainter, r: QRectF) -> None:
    """The block frame with two rows of channels crossing over: the groups' channels interleave."""
    painter.drawRoundedRect(r, 3, 3)
    upper, lower = r.top() + r.height() / 3, r.bottom() - r.height() / 3
    left, right = r.left() + 3, r.right() - 3
    painter.drawLine(QPointF(left, upper), QPointF(right, lower))
    painter.drawLine(QPointF(left, lower), QPointF(right, upper))


def _dashed(painter: QPainter, r: QRectF) -> None:  # an imported operation: code kept as it came
    painter.setPen(QPen(painter.pen().color(), 1.6, Qt.PenStyle.DashLine))
    painter.drawRect(r)


Glyph = Callable[[QPainter, QRectF], None]
GROUP_GLYPHS: dict[str, Glyph] = {
    "Convolution": _grid,
    "Pooling": _funnel,
    "Upsampling": _widening,
    "Normalisation & regularisation": lambda painter, r: painter.drawEllipse(r),
    "Activations": _curve,
    "Dense": _bars,
    "Blocks": _block,
    "Imported": _dashed,
}
OWN_GLYPHS: dict[str, Glyph] = {"channelshuffle": _shuffle}


def glyph(kind: str) -> Glyph:
    """The layer's own glyph, else its group's."""
    return OWN_GLYPHS.get(kind) or GROUP_GLYPHS[CATALOG[kind].group]


@cache
def layer_icon(kind: str, size: int = 20) -> QIcon:
    """The layer's glyph in its group's colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = group_colour(kind)
    painter.setPen(QPen(colour, 1.6))
    painter.setBrush(colour.lighter(170))
    glyph(kind)(painter, QRectF(2, 2, size - 4, size - 4))
    painter.end()
    return QIcon(pixmap)
