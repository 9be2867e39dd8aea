"""Numpy pictures to Qt pixmaps and back, pixel-exact: thumbnails of filters, test images and probe images."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap


def to_qimage(image: np.ndarray) -> QImage:
    """A (C, H, W) or (H, W) picture with values in [0, 1] (C = 1 or 3) as an RGB QImage (a copy)."""
    array = np.asarray(image, dtype=np.float32)
    if array.ndim == 3 and array.shape[0] in (1, 3):
        array = array.transpose(1, 2, 0)
    if array.ndim == 2:
        array = array[..., None]
    if array.shape[2] == 1:
        array = np.repeat(array, 3, axis=2)
    rgb = np.ascontiguousarray((np.clip(array[..., :3], 0, 1) * 255 + 0.5).astype(np.uint8))
    height, width, _ = rgb.shape
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def to_pixmap(image: np.ndarray, side: int) -> QPixmap:
    """The picture scaled to ``side`` pixels (longest edge) without smoothing: pixels stay countable."""
    qimage = to_qimage(image)
    return QPixmap.fromImage(qimage).scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


def from_qimage(qimage: QImage) -> np.ndarray:
    """An image file's QImage as (H, W, 3) float32 in [0, 1] (alpha dropped), for the probe picture."""
    rgb = qimage.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height).reshape(height, stride)
    return data[:, : width * 3].reshape(height, width, 3).astype(np.float32) / 255.0


def normalise_filter(weights: np.ndarray) -> np.ndarray:
    """A filter's weights (C, kh, kw) spread over [0, 1] around grey, so sign and strength both show."""
    w = np.asarray(weights, dtype=np.float32)
    scale = float(np.abs(w).max()) or 1.0
    return 0.5 + 0.5 * w / scale
