"""Confusion-matrix drill-down (issue 16.4): a clicked cell opens exactly the test images it counts, each
with Grad-CAM, and the chosen one's top-5; the truth is the model's own predictions, made here again."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from cnnstudio.training.insight_drill import SHOWN, cell_images
from cnnstudio.training.trained_run import TrainedRun
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.train.run_views import RunViews
from cnnstudio.ui.train.shown_run import load_shown_run


@pytest.fixture(scope="module")
def trained(tiny_run):
    return tiny_run


def _truth(folder):
    """Every test image's (true, predicted) class from a plain forward pass of the run's model."""
    run = TrainedRun(folder)
    data = run.data()
    with torch.no_grad():
        predicted = run.model()(data.whiten(data.test_x)).argmax(dim=1).numpy()
    return data.test_y.numpy(), predicted


def test_each_cell_holds_exactly_the_test_images_it_counts(trained) -> None:
    _project, folder = trained
    labels, predicted = _truth(folder)
    run = TrainedRun(folder)
    confusion = run.results().confusion
    seen = []
    for t in range(confusion.shape[0]):
        for p in range(confusion.shape[1]):
            cell = cell_images(run, t, p)
            expected = np.flatnonzero((labels == t) & (predicted == p))
            np.testing.assert_array_equal(cell.indices, expected)
            assert len(cell.indices) == confusion[t, p]
            shown = expected[:SHOWN]
            np.testing.assert_allclose(cell.images, run.data().test_x[shown].numpy() / 255.0, atol=1e-6)
            assert (
                cell.cams.shape == (len(shown), 16, 16) and (cell.cams >= 0).all() and (cell.cams <= 1).all()
            )
            assert all(cell.top_k(r)[0][0] == p for r in range(len(shown)))
            seen.extend(cell.indices)
    assert sorted(seen) == list(range(len(labels)))  # every test image in exactly one cell


def test_clicking_a_cell_opens_its_images_with_top5(qtbot, trained) -> None:
    project, folder = trained
    views = RunViews(ProjectDocument(project))
    qtbot.addWidget(views)
    views.resize(1100, 700)
    views.show()
    views.set_shown(load_shown_run({"id": "r1", "name": "Run 1"}, folder, project))
    views.tabs.setCurrentWidget(views.results_view)
    table = views.results_view.confusion
    confusion = views.shown.results.confusion
    t = int(np.argmax(confusion.diagonal()))
    rect = table.visualRect(table.model().index(t, t))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = views.drill
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.images.count() == min(SHOWN, confusion[t, t]), timeout=20_000)
    labels, predicted = _truth(folder)
    expected = np.flatnonzero((labels == t) & (predicted == t))[:SHOWN]
    assert [dialog.images.item(r).text() for r in range(dialog.images.count())] == [f"#{i}" for i in expected]
    assert str(int(confusion[t, t])) in dialog.summary.text()
    assert len(dialog.scores.names()) == min(5, confusion.shape[0])
    assert dialog.picture.rgb() is not None
    dialog.close()
    qtbot.waitUntil(lambda: not dialog.task.isRunning(), timeout=5_000)
