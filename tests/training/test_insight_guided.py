"""Guided backprop against captum's GuidedBackprop on the same model (issue 16.1), and activation
maximisation against what it promises: an input that excites the channel far more than where it started,
inside the pixels' range, the same every time."""

from __future__ import annotations

import threading
import warnings

import numpy as np
import pytest
import torch
from engine_fixtures import small_project

from cnnstudio.training.build import build_model
from cnnstudio.training.insight_guided import Maximiser, centre, gradient_picture, guided_backprop, maximise
from cnnstudio.training.insight_topk import find_map_layer, layer_output
from cnnstudio.training.insight_work import Cancelled, Work

captum_attr = pytest.importorskip("captum.attr")


class _UpTo(torch.nn.Module):
    """The model cut at a layer, as captum sees it: its output is the layer's maps."""

    def __init__(self, model: torch.nn.Module, path: tuple[int, ...]) -> None:
        super().__init__()
        self.model, self.path = model, path

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return layer_output(self.model, self.path, x)


@pytest.mark.parametrize("path", [(0,), (2,), (3,), (5,)])
def test_guided_backprop_equals_captums(path) -> None:
    torch.manual_seed(3)
    project = small_project()
    model = build_model(project).eval()
    layer = find_map_layer(project, path)
    image = torch.randn(1, 16, 16)
    with torch.no_grad():
        maps = layer_output(model, path, image[None])[0]
    for channel in (0, 1, layer.channels - 1):
        flat = int(maps[channel].flatten().argmax())  # the channel's strongest cell, as the view asks
        cell = divmod(flat, layer.map_hw[1])
        ours = guided_backprop(model, layer, image, channel, cell)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # captum warns that it sets hooks on the ReLUs
            theirs = captum_attr.GuidedBackprop(_UpTo(model, path)).attribute(
                image[None].clone(), target=(channel, *cell)
            )
        np.testing.assert_allclose(ours, theirs[0].detach().numpy(), rtol=1e-5, atol=1e-7)
        assert float(maps[channel].max()) <= 0 or not np.allclose(ours, 0)  # a firing cell has a signal


def test_guided_backprop_leaves_no_hooks_and_no_parameter_gradients() -> None:
    project = small_project()
    model = build_model(project).eval()
    guided_backprop(model, find_map_layer(project, (3,)), torch.randn(1, 16, 16), 0, (2, 2))
    assert all(p.grad is None for p in model.parameters())
    assert all(not m._backward_hooks and not m._forward_hooks for m in model.modules())


def test_gradient_picture_shows_each_pixels_strength_scaled_to_one() -> None:
    grad = np.array([[[0.0, 2.0], [-4.0, 1.0]], [[0.0, -2.0], [0.0, 1.0]]], np.float32)
    np.testing.assert_allclose(gradient_picture(grad), [[[0.0, 1.0], [1.0, 0.5]]])
    np.testing.assert_allclose(gradient_picture(np.zeros((3, 2, 2), np.float32)), np.zeros((1, 2, 2)))


def test_maximisation_excites_each_unit_more_than_random_pictures_do() -> None:
    torch.manual_seed(0)
    project = small_project()
    model = build_model(project).eval()
    layer = find_map_layer(project, (4,))  # the ReLU after the second conv
    row, col = centre(layer)
    mean, std = (0.4,), (0.2,)
    pictures = torch.rand(64, 1, 16, 16)  # random pictures in the pixels' range
    with torch.no_grad():
        random = layer_output(model, layer.path, (pictures - 0.4) / 0.2)[:, :, row, col]  # (64, C)
    settings = Maximiser(steps=60)
    for channel in range(layer.channels):
        picture, activation = maximise(model, layer, channel, (1, 16, 16), mean, std, settings)
        assert picture.shape == (1, 16, 16) and picture.min() >= 0.0 and picture.max() <= 1.0
        with torch.no_grad():
            x = torch.from_numpy((picture - 0.4) / 0.2)[None]
            again = float(layer_output(model, layer.path, x)[0, channel, row, col])
        assert again == pytest.approx(activation, rel=1e-4, abs=1e-5)  # the picture is what was measured
        assert activation > float(random[:, channel].mean())  # regularised, yet above a typical picture
    strongest = int(random.max(dim=0).values.argmax())
    _, activation = maximise(model, layer, strongest, (1, 16, 16), mean, std, settings)
    assert activation > float(random[:, strongest].max())  # and above every random picture there
    second, _ = maximise(model, layer, strongest, (1, 16, 16), mean, std, settings)
    again, _ = maximise(model, layer, strongest, (1, 16, 16), mean, std, settings)
    np.testing.assert_array_equal(second, again)  # seeded: the same picture every time


def test_maximisation_reports_progress_and_cancels() -> None:
    project = small_project()
    model = build_model(project).eval()
    layer = find_map_layer(project, (0,))
    seen: list[float] = []
    maximise(model, layer, 0, (1, 16, 16), (0.0,), (1.0,), Maximiser(steps=40), Work(seen.append))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        maximise(model, layer, 0, (1, 16, 16), (0.0,), (1.0,), Maximiser(steps=40), Work(cancel=cancel))
