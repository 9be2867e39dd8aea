"""The pooling lab's numbers are torch's: max/avg/lp pooling of the clicked window and their gradients."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PySide6.QtCore import QPoint, Qt

from cnnstudio.core.project import default_project
from cnnstudio.training.build import build_model
from cnnstudio.training.probes import capture
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching.pool_lab import PoolingLab


@pytest.fixture
def lab(qtbot) -> PoolingLab:
    project = default_project()
    torch.manual_seed(0)
    snapshot = capture(build_model(project), torch.rand(3, 32, 32), project.layers)
    widget = PoolingLab(ProjectDocument(project), lambda: snapshot)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.doc.select((6,))  # the average pool after the second conv: a real 32x16x16 map
    widget.channel_box.setValue(5)
    return widget


def _click(qtbot, lab: PoolingLab, row: int, col: int) -> None:
    centre = lab.canvas.grid().centre(row, col)
    qtbot.mouseClick(lab.canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(centre.x()), int(centre.y())))


def _torch_results(window: torch.Tensor, p: int) -> dict[str, tuple[float, np.ndarray]]:
    size = window.shape[-1]
    out = {}
    for kind, pool in (
        ("maxpool2d", lambda t: F.max_pool2d(t, size)),
        ("avgpool2d", lambda t: F.avg_pool2d(t, size)),
        ("lppool2d", lambda t: F.lp_pool2d(t, p, size)),
    ):
        x = window.clone().requires_grad_(True)
        y = pool(x).sum()
        y.backward()
        out[kind] = (float(y.detach()), x.grad[0, 0].numpy())
    return out


@pytest.mark.parametrize("size", [2, 3])
def test_clicked_window_matches_torch_forward_and_backward(qtbot, lab: PoolingLab, size: int) -> None:
    lab.size_box.setValue(size)
    _click(qtbot, lab, 5, 7)
    assert lab.window_corner() == (5, 7)
    grid = lab.map_values()
    window = torch.from_numpy(grid[5 : 5 + size, 7 : 7 + size].copy())[None, None]
    assert float(window.max() - window.min()) > 0  # a window with a real winner
    results = lab.results()
    for kind, (value, grad) in _torch_results(window, 2).items():
        assert results[kind] == pytest.approx(value, rel=1e-9, abs=1e-12)
        np.testing.assert_allclose(lab.gradients[kind].values(), grad, rtol=1e-9, atol=1e-12)


def test_map_is_what_the_layer_received_and_winner_gets_all_gradient(qtbot, lab: PoolingLab) -> None:
    lab.doc.select((3,))  # the max pool: its probe record of the input
    lab.channel_box.setValue(2)
    received = next(p.input for p in lab._source().pooling if p.path == (3,))
    np.testing.assert_allclose(lab.map_values(), received[2, 8:24, 8:24])  # the centre 16x16 of 32x32
    _click(qtbot, lab, 0, 0)
    winner = lab.window().winner
    grads = lab.gradients["maxpool2d"].values()
    assert grads[winner] == 1.0 and grads.sum() == 1.0
    np.testing.assert_allclose(lab.gradients["avgpool2d"].values(), np.full((2, 2), 0.25))
    assert "32x32" in lab.note_label.text()


def test_window_near_the_edge_moves_inside_and_example_without_snapshot(qtbot) -> None:
    lab = PoolingLab(ProjectDocument(default_project()), lambda: None)
    qtbot.addWidget(lab)
    lab.size_box.setValue(3)
    lab.select_window(50, 50)
    assert lab.window_corner() == (9, 9)  # the 12x12 example image
    assert "Example image" in lab.note_label.text()
    # Hovering the last cell previews the window a click there selects (it drew a 1x1 frame before).
    lab.show()
    qtbot.waitExposed(lab)
    centre = lab.canvas.grid().centre(11, 11)
    qtbot.mouseMove(lab.canvas, QPoint(int(centre.x()), int(centre.y())))
    qtbot.waitUntil(lambda: lab.canvas.hover_window() is not None)
    assert lab.canvas.hover_window() == (9, 9, 11, 11)
    _click(qtbot, lab, 11, 11)
    assert lab.window_corner() == (9, 9)


def test_even_norm_powers_match_lp_pool2d(qtbot, lab: PoolingLab) -> None:
    lab.norm_box.setValue(4)
    lab.select_window(2, 3)
    window = torch.from_numpy(lab.map_values()[2:4, 3:5].copy())[None, None]
    value, grad = _torch_results(window, 4)["lppool2d"]
    assert lab.results()["lppool2d"] == pytest.approx(value, rel=1e-9, abs=1e-12)
    np.testing.assert_allclose(lab.gradients["lppool2d"].values(), grad, rtol=1e-9, atol=1e-12)


def test_the_lab_opens_on_the_first_pooling_layer_with_the_trained_maps(qtbot) -> None:
    """Before: it opened on "Example image" and said "train the model" although a run had just ended."""
    project = default_project()
    torch.manual_seed(0)
    snapshot = capture(build_model(project), torch.rand(3, 32, 32), project.layers)
    lab = PoolingLab(ProjectDocument(project), lambda: snapshot)
    qtbot.addWidget(lab)
    lab.show()
    qtbot.waitExposed(lab)
    assert lab.layer_box.currentData() == (3,)  # the max pool, with nothing selected in the editor
    assert "train the model" not in lab.note_label.text() and "received" in lab.note_label.text()
    lab.doc.set_field((4,), "out_channels", 24)  # an edit keeps the layer shown
    assert lab.layer_box.currentData() == (3,)
    lab.layer_box.activated.emit(0)  # the example image, picked by hand, stays picked
    lab.layer_box.setCurrentIndex(0)
    lab.doc.set_field((4,), "out_channels", 20)
    assert lab.layer_box.currentData() is None
    assert "choose a pooling layer" in lab.note_label.text()
