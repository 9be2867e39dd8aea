"""Saliency and Grad-CAM panel: the overlaid map is torch's gradient map for the chosen image and class."""

from __future__ import annotations

import numpy as np
import torch

from cnnstudio.core.project import default_project
from cnnstudio.training.build import build_model
from cnnstudio.training.probes import grad_cam
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching.saliency_panel import SaliencyPanel
from cnnstudio.ui.widgets.heat_pictures import blend, heat_rgb
from cnnstudio.ui.widgets.pictures import to_rgb


def _setup(qtbot, trained: bool = True):
    project = default_project()
    torch.manual_seed(1)
    model = build_model(project).eval()
    images = torch.rand(5, 3, 32, 32).numpy()
    samples = (images, np.array([0, 1, 2, 3, 4]), ("circle", "ring", "square", "diamond", "plus", "star"),
               lambda im: torch.from_numpy(im) - 0.5)  # fmt: skip
    panel = SaliencyPanel(ProjectDocument(project), lambda: model if trained else None, lambda: samples)
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    return panel, model, images


def test_saliency_is_the_gradient_of_the_chosen_class(qtbot) -> None:
    panel, model, images = _setup(qtbot)
    panel.image_box.setValue(2)
    panel.class_box.setCurrentIndex(panel.class_box.findText("square"))
    assert panel.target_class() == 2
    x = (torch.from_numpy(images[2]) - 0.5)[None].requires_grad_(True)
    model(x)[0, 2].backward()
    expected = x.grad[0].abs().amax(dim=0)
    expected = ((expected - expected.min()) / (expected.max() - expected.min())).numpy()
    np.testing.assert_allclose(panel.heat(), expected, atol=1e-5)
    assert panel.hint_label.isHidden()
    assert "'square'" in panel.info_label.text()


def test_grad_cam_on_the_chosen_layer_and_overlay(qtbot) -> None:
    panel, model, images = _setup(qtbot)
    panel.method_box.setCurrentIndex(1)
    path = panel.layer_box.currentData()
    assert path == (5,)  # the last layer with feature maps that Grad-CAM suits: the second conv's ReLU
    x = torch.from_numpy(images[0]) - 0.5
    np.testing.assert_allclose(panel.heat(), grad_cam(model, x, None, path), atol=1e-6)
    panel.opacity_slider.setValue(100)
    np.testing.assert_array_equal(panel.overlay_view.rgb(), heat_rgb(panel.heat()))
    panel.opacity_slider.setValue(40)
    np.testing.assert_array_equal(panel.overlay_view.rgb(), blend(images[0], panel.heat(), 0.4))
    np.testing.assert_array_equal(panel.image_view.rgb(), to_rgb(images[0]))


def test_untrained_model_says_so(qtbot) -> None:
    panel, _, _ = _setup(qtbot, trained=False)
    assert "No trained model" in panel.hint_label.text() and not panel.hint_label.isHidden()
    assert panel.heat() is not None and panel.heat().shape == (32, 32)


def test_images_gone_says_how_to_get_them_and_forgets_the_old_one(qtbot) -> None:
    project = default_project()
    model = build_model(project).eval()
    images = torch.rand(3, 3, 32, 32).numpy()
    source = [(images, np.array([0, 1, 2]), ("a", "b", "c"), lambda im: torch.from_numpy(im))]
    panel = SaliencyPanel(ProjectDocument(project), lambda: model, lambda: source[0])
    qtbot.addWidget(panel)
    panel.show()
    assert panel.hint_label.isHidden() and "'a'" in panel.info_label.text()
    source[0] = None  # e.g. the run's data set no longer matches the network's input
    panel.refresh()
    assert not panel.hint_label.isHidden() and "Train page" in panel.hint_label.text()
    assert panel.info_label.text() == "" and panel.heat() is None
