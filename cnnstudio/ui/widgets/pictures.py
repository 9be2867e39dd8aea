"""Numpy pictures to Qt images and back, pixel-exact: the one converter every view uses (thumbnails of
filters, test images, probe images, the teaching tools' input pictures)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap


def to_rgb(image: np.ndarray) -> np.ndarray:
    """(H, W, 3) uint8 from a (C, H, W) or (H, W) picture with values in [0, 1].

    Grey pictures get three equal channels, and a map of any other channel count its channel mean; NaN
    is drawn black. The one rounding every picture of the program uses (nearest, ties to even).
    """
    values = np.clip(np.nan_to_num(np.asarray(image, dtype=np.float32)), 0.0, 1.0)
    if values.ndim == 2:
        values = values[None]
    if values.shape[0] == 1:
        values = np.repeat(values, 3, axis=0)
    elif values.shape[0] != 3:
        values = np.repeat(values.mean(axis=0, keepdims=True), 3, axis=0)
    return np.ascontiguousarray(np.rint(values.transpose(1, 2, 0) * 255).astype(np.uint8))


def rgb_qimage(rgb: np.ndarray) -> QImage:
    """A QImage that owns a copy of ``rgb`` (H, W, 3) uint8 (the numpy buffer may go away)."""
    data = np.ascontiguousarray(rgb, dtype=np.uint8)
    height, width, _ = data.shape
    return QImage(data.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def to_qimage(image: np.ndarray) -> QImage:
    """A (C, H, W) or (H, W) picture with values in [0, 1] as an RGB QImage (a copy)."""
    return rgb_qimage(to_rgb(image))


def to_pixmap(image: np.ndarray, side: int) -> QPixmap:
    """The picture scaled to ``side`` pixels (longest edge) without smoothing: pixels stay countable."""
    qimage = to_qimage(image)
    return QPixmap.fromImage(qimage).scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


def qimage_rgb(qimage: QImage) -> np.ndarray:
    """A QImage as (H, W, 3) uint8 RGB, alpha dropped (a copy: the image's buffer may go away)."""
    rgb = qimage.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height).reshape(height, stride)
    return data[:, : width * 3].reshape(height, width, 3).copy()


def from_qimage(qimage: QImage) -> np.ndarray:
    """An image file's QImage as (H, W, 3) float32 in [0, 1] (alpha dropped), for the probe picture."""
    return qimage_rgb(qimage).astype(np.float32) / 255.0


def normalise_filter(weights: np.ndarray) -> np.ndarray:
    """A filter's weights (C, kh, kw) spread over [0, 1] around grey, so sign and strength both show."""
    w = np.asarray(weights, dtype=np.float32)
    scale = float(np.abs(w).max()) or 1.0
    return 0.5 + 0.5 * w / scale
