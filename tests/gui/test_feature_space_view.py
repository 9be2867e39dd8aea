"""The Feature space tab (issue 16.2): a trained run's validation images as points by PCA or t-SNE,
coloured by class or by right and wrong; clicking a point shows that image's prediction and top-5."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from cnnstudio.training.trained_run import TrainedRun
from cnnstudio.ui.train.feature_space_view import FeatureSpaceView


@pytest.fixture(scope="module")
def trained(tiny_run):
    return tiny_run


@pytest.fixture
def view(qtbot, make_run_view):
    widget = make_run_view(FeatureSpaceView, (1000, 600))
    qtbot.waitUntil(lambda: widget.space is not None, timeout=30_000)
    return widget


def _scatter_items(view):
    return [item for item in view.plot.getPlotItem().items if hasattr(item, "points")]


def test_points_are_the_validation_images_coloured_by_class_or_by_right(qtbot, view, trained) -> None:
    _project, folder = trained
    run = TrainedRun(folder)
    labels = run.data().val_y.numpy()
    items = _scatter_items(view)
    assert sum(len(item.points()) for item in items) == len(labels)
    assert len(items) == 3  # one per class of the tiny set
    view.colouring.setCurrentIndex(1)
    with torch.no_grad():
        predicted = run.model()(run.data().whiten(run.data().val_x)).argmax(dim=1).numpy()
    right, wrong = _scatter_items(view)
    assert len(right.points()) == int((predicted == labels).sum()) and len(wrong.points()) == int(
        (predicted != labels).sum()
    )


def test_clicking_a_point_shows_its_image_and_top5(qtbot, view, trained) -> None:
    item = _scatter_items(view)[0]
    point = item.points()[0]
    row = int(point.data())
    scene = item.mapToScene(QPointF(point.pos()))
    where = view.plot.mapFromScene(scene)
    QTest.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: f"#{row}" in view.caption.text(), timeout=5_000)
    assert view.picture.rgb() is not None and len(view.scores.names()) == 3
    assert view.scores.names()[0] in view.caption.text().split("predicted ")[1]


def test_tsne_is_computed_in_the_background_and_cached(qtbot, view, trained) -> None:
    _project, folder = trained
    view.method.setCurrentIndex(1)
    assert view.space is None and view.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: view.space is not None, timeout=30_000)
    assert view.space.method == "tsne" and np.isfinite(view.space.points).all()
    assert any(p.name.startswith("features-") and "tsne" in p.name for p in (folder / "insight").iterdir())
