"""The FC-to-conv panel proves equality on the model (difference < 1e-5) and maps class scores."""

from __future__ import annotations

import numpy as np
import torch
from PySide6.QtCore import QPoint, Qt

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project, default_project
from cnnstudio.training.build import build_model
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching.fc_conv_panel import FcToConvPanel, mosaic_of
from cnnstudio.ui.teaching.sources import Samples


def _panel(qtbot, project: Project, model=None, samples=None) -> FcToConvPanel:
    panel = FcToConvPanel(ProjectDocument(project), lambda: model, lambda: samples)
    qtbot.addWidget(panel)
    panel.resize(1200, 750)
    return panel


def test_untrained_model_proof_before_training(qtbot) -> None:
    panel = _panel(qtbot, default_project())
    assert "32x8x8" in panel.table_label.text()
    qtbot.mouseClick(panel.prove_button, Qt.MouseButton.LeftButton)
    assert panel.difference is not None and panel.difference < 1e-5
    assert f"{panel.difference:.2e}" in panel.result_label.text()
    assert "untrained" in panel.hint_label.text() and not panel.hint_label.isHidden()
    # 64x64 mosaic -> 16x16 map before the 8x8 kernel -> 9x9 windows, 6 classes, probabilities per cell
    scores = panel.score_map()
    assert scores.shape == (6, 9, 9)
    np.testing.assert_allclose(scores.sum(axis=0), 1.0, rtol=1e-5)


def test_trained_model_with_samples_and_the_window_of_a_score_cell(qtbot) -> None:
    project = default_project()
    torch.manual_seed(3)
    model = build_model(project).eval()
    images = torch.rand(8, 3, 32, 32).numpy()
    samples = Samples(images, np.arange(8) % 6, tuple("abcdef"), lambda im: torch.from_numpy(im) * 2 - 1)
    panel = _panel(qtbot, project, model, samples)
    panel.show()  # showing the panel runs the proof
    qtbot.waitExposed(panel)
    assert panel.difference is not None and panel.difference < 1e-5
    assert panel.hint_label.isHidden()
    assert [panel.class_box.itemText(i) for i in range(panel.class_box.count())] == list("abcdef")
    panel.class_box.setCurrentIndex(4)
    assert "'e'" in panel.map_label.text()
    centre = panel.score_canvas.grid().centre(2, 3)
    qtbot.mouseClick(
        panel.score_canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(centre.x()), int(centre.y()))
    )
    assert panel.mosaic_view.frame() == (8, 12, 39, 43)  # a 32x32 window, 4 pixels per score cell
    np.testing.assert_array_equal(mosaic_of(samples)[:, :32, 32:], images[1])
    # The network loses its head: the old score map goes, and clicking it does nothing (it raised before).
    panel.doc.push(project.replace(layers=project.layers[:7]), "cut the head")
    assert panel.score_map() is None and not panel.prove_button.isEnabled()
    blank = panel.score_canvas.grid().centre(0, 0)
    qtbot.mouseClick(
        panel.score_canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(blank.x()), int(blank.y()))
    )


def test_network_without_flatten_is_explained(qtbot) -> None:
    layers = (S.Conv2d(out_channels=4, kernel_size=3), S.AdaptiveAvgPool2d(output_size=1))
    panel = _panel(qtbot, Project(name="no head", input=InputShape(1, 8, 8), layers=layers))
    assert not panel.prove_button.isEnabled()
    assert "no flatten" in panel.table_label.text()
