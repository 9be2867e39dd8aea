"""The convolution animator's output cells are torch's: F.conv2d and F.max_pool2d on the same map."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PySide6.QtCore import Qt

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project, default_project
from cnnstudio.training.build import build_model, module_at
from cnnstudio.training.probes import capture
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching.conv_animator import ConvolutionAnimator
from cnnstudio.ui.teaching.sources import EXAMPLE_IMAGE, illustrative_kernel, model_weights


def _animator(qtbot, project: Project, snapshot=None, model=None) -> ConvolutionAnimator:
    doc = ProjectDocument(project)
    animator = ConvolutionAnimator(doc, lambda: snapshot, model_weights(lambda: model))
    qtbot.addWidget(animator)
    animator.resize(1200, 700)
    animator.show()
    return animator


def _small_project(**conv) -> Project:
    layers = (S.Conv2d(out_channels=4, kernel_size=3, **conv), S.ReLU(), S.MaxPool2d(kernel_size=2))
    return Project(name="small", input=InputShape(2, 12, 12), layers=layers)


def test_example_cells_match_conv2d_as_the_window_walks(qtbot) -> None:
    animator = _animator(qtbot, default_project())
    animator.doc.select((0,))
    for _ in range(5):
        qtbot.mouseClick(animator.next_button, Qt.MouseButton.LeftButton)
    x = torch.from_numpy(EXAMPLE_IMAGE)[None].double()
    w = torch.from_numpy(illustrative_kernel(3, 3))[None, None].double()
    expected = F.conv2d(x, w, padding=1)[0, 0].numpy()
    shown = animator.canvas.shown_output()
    assert animator.step == 5 and np.isnan(shown).sum() == shown.size - 6
    filled = ~np.isnan(shown)
    np.testing.assert_allclose(shown[filled], expected[filled], atol=1e-12)
    animator.slider.setValue(animator.slider.maximum())
    np.testing.assert_allclose(animator.canvas.shown_output(), expected, atol=1e-12)


@pytest.mark.parametrize("conv", [{"stride": 2, "padding": 1}, {"padding": 2, "dilation": 2}])
def test_trained_filter_gives_the_layers_own_output(qtbot, conv) -> None:
    project = _small_project(**conv)
    torch.manual_seed(0)
    model = build_model(project)
    image = torch.rand(2, 12, 12)
    snapshot = capture(model, image, project.layers)
    animator = _animator(qtbot, project, snapshot, model)
    animator.doc.select((0,))
    animator.filter_box.setValue(2)
    animator.set_step(animator.plan.steps - 1)
    layer = module_at(model, (0,))
    with torch.no_grad():
        expected = F.conv2d(
            image[None], layer.weight, layer.bias, layer.stride, layer.padding, layer.dilation
        )
    np.testing.assert_allclose(animator.canvas.shown_output(), expected[0, 2].numpy(), atol=1e-5)
    np.testing.assert_allclose(animator.canvas.shown_output(), snapshot.activations[(0,)][2], atol=1e-5)
    assert animator.plan.channels == (0, 1)  # the filter reads both input channels


def test_dilated_window_keeps_its_gaps_and_1x1_covers_one_cell(qtbot) -> None:
    animator = _animator(qtbot, _small_project(dilation=3))
    animator.doc.select((0,))
    rows = sorted({r for r, _ in animator.canvas.highlighted_cells()})
    assert rows == [0, 3, 6]
    one = Project(name="1x1", input=InputShape(1, 8, 8), layers=(S.Conv2d(out_channels=2, kernel_size=1),))
    animator.doc.replace_all(one, None)
    animator.doc.select((0,))
    animator.set_step(13)  # the example image is 12 wide: step 13 is row 1, column 1
    assert animator.canvas.highlighted_cells() == [(1, 1)]
    assert animator.canvas.current_output_cell() == (1, 1)


def test_pooling_layer_animates_max_pool2d(qtbot) -> None:
    animator = _animator(qtbot, default_project())
    animator.doc.select((3,))
    animator.set_step(animator.plan.steps - 1)
    expected = F.max_pool2d(torch.from_numpy(EXAMPLE_IMAGE)[None].double(), 2)[0, 0].numpy()
    np.testing.assert_allclose(animator.canvas.shown_output(), expected)
    assert "max(" in animator.canvas.formula_text()


def test_play_advances_and_pause_stops(qtbot) -> None:
    animator = _animator(qtbot, default_project())
    animator.doc.select((0,))
    animator.speed_box.setCurrentIndex(animator.speed_box.count() - 1)
    qtbot.mouseClick(animator.play_button, Qt.MouseButton.LeftButton)
    assert animator.is_playing()
    qtbot.waitUntil(lambda: animator.step >= 2, timeout=3000)
    qtbot.mouseClick(animator.play_button, Qt.MouseButton.LeftButton)
    assert not animator.is_playing()


def test_the_play_and_pause_buttons_show_what_they_do(qtbot) -> None:
    """An icon from the style and a word: "⏸ Pause" showed an empty box (no installed font has the sign)."""
    animator = _animator(qtbot, default_project())
    animator.doc.select((0,))
    buttons = (animator.previous_button, animator.play_button, animator.next_button)
    for state in ("stopped", "playing"):
        if state == "playing":
            qtbot.mouseClick(animator.play_button, Qt.MouseButton.LeftButton)
            assert animator.play_button.text() == "Pause"
        for button in buttons:
            assert not button.icon().isNull(), (state, button.text())
            assert not [ch for ch in button.text() if unicodedata.category(ch) == "So"], button.text()
    animator.pause()
    assert animator.play_button.text() == "Play"


def test_follows_selection_and_keeps_last_layer_on_other_layers(qtbot) -> None:
    animator = _animator(qtbot, default_project())
    animator.doc.select((4,))
    assert animator.layer_box.currentData() == (4,)
    animator.doc.select((5,))  # a ReLU: nothing to animate, the conv stays
    assert animator.layer_box.currentData() == (4,)
    assert "kernel 3" in animator.fields_label.text()
