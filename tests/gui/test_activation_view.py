"""The activation tool driven as a user would: functions switched on and off, the trained network's layer
chosen, and the histogram and saturated share it shows (torch's numbers, by an independent forward pass)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from cnnstudio.core import specs as S
from cnnstudio.core.project import default_project
from cnnstudio.training.build import build_model
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching.activation_view import ActivationView
from cnnstudio.ui.teaching.sources import Samples

LAYERS = (
    S.Conv2d(out_channels=4, kernel_size=3, padding=1),
    S.Tanh(),
    S.MaxPool2d(kernel_size=2),
    S.Flatten(),
    S.Linear(out_features=10),
)


@pytest.fixture
def trained():
    project = default_project().with_layers(LAYERS)
    torch.manual_seed(0)
    model = build_model(project).eval()
    with torch.no_grad():
        model[0].weight.mul_(6)  # a network whose tanh saturates
    images = np.random.default_rng(0).random((20, *project.input.shape), dtype=np.float32)
    samples = Samples(images, np.zeros(20, dtype=int), tuple("abcdefghij"), lambda im: torch.from_numpy(im))
    return project, model, samples


def test_functions_and_the_networks_saturation(qtbot, trained) -> None:
    project, model, samples = trained
    view = ActivationView(ProjectDocument(project), lambda: model, lambda: samples)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    _x, dy = view._derivative_curves["sigmoid"].getData()
    assert dy.max() == pytest.approx(0.25, abs=1e-4)
    assert "Sigmoid: largest derivative 0.25" in view.peaks_label.text()
    view.function_boxes["sigmoid"].click()
    assert not view._derivative_curves["sigmoid"].isVisible()
    assert "Sigmoid:" not in view.peaks_label.text()
    # the tanh layer of the trained model, measured on the 20 images
    assert view.layer_box.current_path() == (1,)
    with torch.no_grad():
        received = model[0](torch.from_numpy(samples.images)).double()
    slope = 1 - torch.tanh(received) ** 2
    share = float((slope < 0.1).double().mean())
    found = view.layer_inputs()
    assert found.count == received.numel() and found.saturated_share == pytest.approx(share)
    assert f"{share:.1%}" in view.saturation_label.text() and "20 images" in view.saturation_label.text()
    _bars_x, bars_y = view._bars.getData()
    assert bars_y.sum() == received.numel()
    assert all(region.isVisible() for region in view._regions)
    assert not view.hint_label.isVisible()
    assert view.overview_label.text().endswith(f"Tanh: {share:.1%}")


def test_before_training_it_says_so(qtbot, trained) -> None:
    project, _, samples = trained
    view = ActivationView(ProjectDocument(project), lambda: None, lambda: samples)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    assert "untrained" in view.hint_label.text() and view.layer_inputs() is not None
    empty = ActivationView(ProjectDocument(project), lambda: None, lambda: None)
    qtbot.addWidget(empty)
    empty.show()
    qtbot.waitExposed(empty)
    assert "Train page" in empty.hint_label.text() and empty.layer_inputs() is None
