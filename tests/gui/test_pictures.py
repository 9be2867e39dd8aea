"""The one numpy -> Qt picture converter: the pixels Qt holds are the numbers the array had."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor

from cnnstudio.ui.widgets.pictures import from_qimage, to_qimage, to_rgb


def pixel(image, x: int, y: int) -> tuple[int, int, int]:
    colour = QColor(image.pixel(x, y))
    return colour.red(), colour.green(), colour.blue()


def test_colour_picture_round_trips_through_qimage_exactly() -> None:
    rng = np.random.default_rng(0)
    levels = rng.integers(0, 256, size=(3, 5, 7))
    image = to_qimage(levels / 255.0)
    assert (image.width(), image.height()) == (7, 5)
    np.testing.assert_array_equal(from_qimage(image) * 255, levels.transpose(1, 2, 0))
    assert pixel(image, 6, 4) == tuple(int(v) for v in levels[:, 4, 6])


def test_grey_maps_and_many_channels_become_grey_pixels() -> None:
    grey = np.array([[0.0, 0.25], [1.0, 2.0]])  # 2.0 is clipped to white
    assert pixel(to_qimage(grey), 1, 0) == (64, 64, 64)  # 63.75 rounds to 64
    assert pixel(to_qimage(grey[None]), 1, 1) == (255, 255, 255)
    sixteen = np.stack([np.full((2, 2), k / 15) for k in range(16)])
    assert to_rgb(sixteen)[0, 0].tolist() == [128, 128, 128]  # the mean of 0..1 is 0.5: 127.5 rounds to even


def test_nan_is_drawn_black_not_as_garbage() -> None:
    assert to_rgb(np.array([[np.nan, 1.0]]))[0].tolist() == [[0, 0, 0], [255, 255, 255]]
