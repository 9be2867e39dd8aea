"""Pictures as pixels a class can count, and heat maps laid over them (teaching tools and insight views).

The receptive-field view, the FC-to-conv panel and the saliency panel all show the network's input image,
so the heat maps and the sharp-pixel view live here once (the numpy -> Qt conversion is ui/widgets/pictures).
Images are always drawn nearest-neighbour: a receptive field's border must fall on pixel edges, not in a blur.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cnnstudio.ui.widgets import colormaps
from cnnstudio.ui.widgets.pictures import rgb_qimage, to_rgb

HEAT_COLORMAP = "inferno"


def heat_rgb(heat: np.ndarray) -> np.ndarray:
    """(H, W, 3) uint8 colours of a (H, W) heat map in [0, 1] (inferno: dark is cold, yellow is hot)."""
    levels = np.array([[0.0, 1.0]])
    return colormaps.apply_colormap(np.asarray(heat, dtype=np.float32)[None], levels, HEAT_COLORMAP)[0]


def blend(image: np.ndarray, heat: np.ndarray, opacity: float) -> np.ndarray:
    """The image with the heat map laid over it at ``opacity`` (0: only the image, 1: only the heat)."""
    base = to_rgb(image).astype(np.float32)
    top = heat_rgb(heat).astype(np.float32)
    return np.rint(base * (1 - opacity) + top * opacity).astype(np.uint8)


class PixelView(QWidget):
    """An RGB picture scaled up with square, sharp pixels, optionally framing a rectangle of pixels."""

    def __init__(self, parent: QWidget | None = None, minimum: int = 220) -> None:
        super().__init__(parent)
        self._image = QImage()
        self._rgb: np.ndarray | None = None
        self._shape = (0, 0)
        self._frame: tuple[int, int, int, int] | None = None
        self._marks: list[tuple[int, int, int, int, QColor]] = []
        self.setMinimumSize(minimum, minimum)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(420, 420)

    def set_rgb(self, rgb: np.ndarray | None) -> None:
        self._rgb = rgb
        self._image = QImage() if rgb is None else rgb_qimage(rgb)
        self._shape = (0, 0) if rgb is None else (rgb.shape[0], rgb.shape[1])
        self.update()

    def set_frame(self, frame: tuple[int, int, int, int] | None) -> None:
        """Frame pixels ``(top, left, bottom, right)`` inclusive (the receptive field), or none."""
        self._frame = frame
        self.update()

    def rgb(self) -> np.ndarray | None:
        """The picture shown, (H, W, 3) uint8."""
        return self._rgb

    def frame(self) -> tuple[int, int, int, int] | None:
        return self._frame

    def set_marks(self, marks: list[tuple[int, int, int, int, QColor]]) -> None:
        """Thin coloured frames around pixel rectangles (the FC panel's quadrants)."""
        self._marks = marks
        self.update()

    def picture_rect(self) -> QRectF:
        """Where the picture lies on the widget (largest whole-pixel fit, centred)."""
        h, w = self._shape
        if not h or not w:
            return QRectF()
        scale = max(1, int(min((self.width() - 8) / w, (self.height() - 8) / h)))
        left, top = (self.width() - w * scale) / 2, (self.height() - h * scale) / 2
        return QRectF(left, top, w * scale, h * scale)

    def pixel_rect(self, top: int, left: int, bottom: int, right: int) -> QRectF:
        area = self.picture_rect()
        scale = area.width() / max(self._shape[1], 1)
        return QRectF(
            area.left() + left * scale,
            area.top() + top * scale,
            (right - left + 1) * scale,
            (bottom - top + 1) * scale,
        )

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(255, 255, 255))
        if not self._image.isNull():
            painter.drawImage(self.picture_rect(), self._image)
            for top, left, bottom, right, colour in self._marks:
                painter.setPen(QPen(colour, 2.0))
                painter.drawRect(self.pixel_rect(top, left, bottom, right))
            if self._frame is not None:
                painter.setPen(QPen(QColor(255, 163, 26), 3.0))
                painter.setBrush(QColor(255, 163, 26, 60))
                painter.drawRect(self.pixel_rect(*self._frame))
                painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.end()
