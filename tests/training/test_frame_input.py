"""Camera frames become the network's input by plain arithmetic, checked against torch's own operations."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnstudio.training.datasets import convert
from cnnstudio.training.frame_input import (
    LUMA,
    area_resize,
    capture_picture,
    centre_crop,
    frame_to_input,
)


def _frame(rows: int, cols: int, channels: int = 3, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (rows, cols, channels), dtype=np.uint8)


@pytest.mark.parametrize(
    ("rows", "cols", "height", "width"), [(480, 640, 28, 28), (37, 53, 10, 7), (5, 5, 9, 9)]
)
def test_area_resize_is_adaptive_average_pooling(rows, cols, height, width):
    image = _frame(rows, cols).astype(np.float32) / 255
    ours = area_resize(image, height, width)
    torch_result = F.adaptive_avg_pool2d(torch.from_numpy(image).permute(2, 0, 1)[None], (height, width))
    assert ours.shape == (height, width, 3)
    np.testing.assert_allclose(ours, torch_result[0].permute(1, 2, 0).numpy(), atol=1e-5)


def test_centre_crop_keeps_the_input_aspect_and_the_middle():
    frame = _frame(480, 640)
    square = centre_crop(frame, 32, 32)
    assert square.shape[:2] == (480, 480)
    np.testing.assert_array_equal(square, frame[:, 80:560])
    tall = centre_crop(frame, 64, 16)  # 4:1 portrait from a landscape frame: full height, a quarter of it
    assert tall.shape[:2] == (480, 120)


def test_grey_and_colour_follow_the_datasets_conversion():
    assert LUMA == convert.LUMA
    frame = _frame(60, 80)
    grey = frame_to_input(frame, (1, 12, 12))
    crop = torch.from_numpy(centre_crop(frame, 12, 12).astype(np.float32) / 255).permute(2, 0, 1)[None]
    expected = F.adaptive_avg_pool2d(convert.match_channels(crop, 1), (12, 12))[0].permute(1, 2, 0).numpy()
    assert grey.shape == (12, 12, 1) and grey.dtype == np.float32
    np.testing.assert_allclose(grey, expected, atol=1e-5)
    colour = frame_to_input(frame[..., 0], (3, 12, 12))  # a grey camera in front of a colour network
    assert colour.shape == (12, 12, 3)
    np.testing.assert_array_equal(colour[..., 0], colour[..., 2])


def test_alpha_is_dropped_and_values_stay_in_range():
    frame = _frame(40, 40, channels=4)
    picture = frame_to_input(frame, (3, 8, 8))
    np.testing.assert_allclose(picture, frame_to_input(frame[..., :3], (3, 8, 8)))
    assert picture.min() >= 0.0 and picture.max() <= 1.0


def test_capture_picture_is_the_crop_shrunk_to_a_small_side():
    frame = _frame(480, 640)
    picture = capture_picture(frame, (1, 28, 28))
    assert picture.shape == (256, 256, 3) and picture.dtype == np.uint8
    small = capture_picture(frame[:100, :100], (1, 28, 28))
    np.testing.assert_array_equal(small, frame[:100, :100])
