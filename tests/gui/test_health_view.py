"""The Training health tab (issue 16.3): filled live by a window run, back whole in a reopened project, and
its warnings, charts, histograms and table say what the run's health.json holds."""

from __future__ import annotations

import numpy as np
import pytest
from studio_fixtures import tiny_project, train_in_window, train_tiny_run

from cnnstudio.core import specs as S
from cnnstudio.core.health import HEALTH_FILE, HealthRecord
from cnnstudio.ui.train.health_view import HealthView
from cnnstudio.ui.train.shown_run import ShownRun


def _recorded(folder) -> list:
    return HealthRecord.load(folder / HEALTH_FILE).epochs


def test_a_window_run_fills_the_tab_live_and_a_reopened_project_shows_it_again(studio, make_window, qtbot):
    page = studio.training
    view = page.views.health
    page.tabs.setCurrentWidget(view)
    train_in_window(qtbot, studio)
    folder = page.views.shown.folder
    assert view.epochs() == _recorded(folder) and len(view.epochs()) == 2  # the events, as kept on disk
    assert view.epoch.count() == 2 and view.epoch.currentIndex() == 1  # it follows the newest epoch
    layers = view.epochs()[-1].layers
    assert view.table.rowCount() == len(layers) + len(view.epochs()[-1].relus)
    assert len(view.flow.curves) == 2 and view.flow.layer_axis.names[0].endswith("Conv2d")
    shown_text = view.warnings.text()

    path = studio.document.path
    studio.document.save()
    studio.close()
    window = make_window(pages=True, file=None)
    assert window.open_file(path)
    window.tabs.setCurrentWidget(window.training)
    again = window.training.views.health
    window.training.tabs.setCurrentWidget(again)
    assert again.epochs() == _recorded(folder) and again.warnings.text() == shown_text
    assert again.table.rowCount() == view.table.rowCount()


@pytest.fixture(scope="module")
def exploded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lr10")
    return train_tiny_run(folder, tiny_project(epochs=2, optimizer="sgd", lr=10.0)), folder


@pytest.fixture(scope="module")
def sigmoid(tmp_path_factory):
    deep = (S.Flatten(), *[x for _ in range(6) for x in (S.Linear(out_features=32), S.Sigmoid())],
            S.Linear(out_features=3))  # fmt: skip
    folder = tmp_path_factory.mktemp("sigmoid")
    return train_tiny_run(
        folder, tiny_project(epochs=1, optimizer="sgd", lr=0.1).replace(layers=deep)
    ), folder


def _view(qtbot, run) -> HealthView:
    project, folder = run
    view = HealthView()
    qtbot.addWidget(view)
    view.resize(1100, 650)
    view.show()
    view.set_run(ShownRun("r", "Run 1", project, folder, health=_recorded(folder)))
    return view


def test_learning_rate_10_says_the_gradients_explode(qtbot, exploded) -> None:
    view = _view(qtbot, exploded)
    assert "exploding" in view.warnings.text() or "exploded" in view.warnings.text()
    view.epoch.setCurrentIndex(0)
    assert view.warnings.text().startswith("⚠") and "Lower the learning rate" in view.warnings.text()


def test_a_deep_sigmoid_net_says_its_gradients_vanish(qtbot, sigmoid) -> None:
    view = _view(qtbot, sigmoid)
    text = view.warnings.text()
    assert "times smaller than those of layer 13 (Linear): they vanish" in text
    # the gradient-flow line climbs from the layers near the input to the output's by over three decades
    _x, y = view.flow.curves[0].getData()
    assert y[-1] - min(y[:3]) > 3  # log10 on the chart's axis


def test_histograms_follow_the_chosen_layer_and_epoch(qtbot, exploded) -> None:
    view = _view(qtbot, exploded)
    epochs = _recorded(exploded[1])
    for epoch in (0, 1):
        view.epoch.setCurrentIndex(epoch)
        for row in range(view.layer.count()):
            view.layer.setCurrentIndex(row)
            layer = epochs[epoch].layer(view.layer.currentData())
            heights = view.weights.bars.opts["height"]
            np.testing.assert_array_equal(heights, layer.weights.counts)
            np.testing.assert_array_equal(view.gradients.bars.opts["height"], layer.gradients.counts)
            assert f"epoch {epochs[epoch].epoch}" in view.weights.plotItem.titleLabel.text


def test_no_run_and_a_run_without_health_say_so(qtbot, tmp_path) -> None:
    view = HealthView()
    qtbot.addWidget(view)
    view.show()
    view.set_run(None)
    assert "Train the network" in view.warnings.text()
    view.set_run(ShownRun("r", "Run 7", tiny_project(), tmp_path))
    assert "Run 7 was recorded without training health" in view.warnings.text() and view.table.rowCount() == 0


def test_the_tab_fills_while_the_run_trains(make_window, qtbot) -> None:
    window = make_window(tiny_project(epochs=30), file="long.cnnproj.json")
    window.tabs.setCurrentWidget(window.training)
    page = window.training
    view = page.views.health
    page.tabs.setCurrentWidget(view)
    assert page.start(), page.blocker()
    assert "appears at the end of the first epoch" in view.warnings.text()
    qtbot.waitUntil(lambda: len(view.epochs()) >= 1, timeout=60_000)
    assert page.controller.is_running() and view.epoch.count() == len(view.epochs())  # live, not read back
    assert view.table.rowCount() > 0 and view.flow.curves[0].getData()[1] is not None
    page.stop(wait=True)
