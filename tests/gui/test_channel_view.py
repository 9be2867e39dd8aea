"""The Channels tab (issue 16.1): a trained run's layer overview, then a clicked channel's top patches,
their guided backprop and the maximised input, computed in the background with progress and Cancel."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from studio_fixtures import tiny_project

from cnnstudio.training.insight_store import run_top_k
from cnnstudio.training.trained_run import TrainedRun
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.train.channel_view import ChannelView, K


@pytest.fixture(scope="module")
def trained(tiny_run):
    return tiny_run


@pytest.fixture
def view(qtbot, make_run_view):
    widget = make_run_view(ChannelView, (1100, 800))
    return widget


def _click(qtbot, listing, row: int) -> None:
    rect = listing.visualItemRect(listing.item(row))
    QTest.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_overview_has_a_tile_per_channel_and_a_click_shows_that_channel(qtbot, view, trained) -> None:
    _project, folder = trained
    qtbot.waitUntil(lambda: view.overview.count() == 4, timeout=20_000)  # the first conv's 4 channels
    qtbot.waitUntil(lambda: view.patches.count() == K, timeout=20_000)  # channel 0, chosen at once
    _click(qtbot, view.overview, 2)
    qtbot.waitUntil(lambda: view.detail.title() == "Channel 2" and view.guided.count() == K
                    and not view.cancel_button.isEnabled(), timeout=20_000)  # fmt: skip
    qtbot.waitUntil(lambda: view.patches.count() == K, timeout=20_000)
    run = TrainedRun(folder)
    expected = run_top_k(run, (0,), K)  # from the cache the view wrote: the same ranking
    names, labels = run.class_names(), run.data().val_y.numpy()
    captions = [view.patches.item(r).text().rsplit(" ", 1) for r in range(K)]
    assert [c[0] for c in captions] == [names[labels[i]] for i in expected.images[2]]
    np.testing.assert_allclose([float(c[1]) for c in captions], expected.scores[2], atol=0.051)
    assert not view.maximised.pixmap().isNull() and "channel 2" in view.maximised_note.text()
    assert view.progress.value() == 100


def test_a_deeper_layer_is_ranked_when_chosen(qtbot, view) -> None:
    qtbot.waitUntil(lambda: view.overview.count() == 4, timeout=20_000)
    view.chooser.select_path((3,))
    qtbot.waitUntil(lambda: view.overview.count() == 6, timeout=20_000)
    assert "6 channels" in view.about.text() and "8×8" in view.about.text()


def test_cancel_stops_the_work_and_hiding_the_tab_leaves_no_thread(qtbot, view, monkeypatch) -> None:
    qtbot.waitUntil(lambda: view.overview.count() == 4, timeout=20_000)
    qtbot.waitUntil(lambda: not view.cancel_button.isEnabled(), timeout=20_000)
    release = threading.Event()

    def slow(run, result, channel, split, work):
        while not release.wait(0.01):
            work.step(0.5)

    monkeypatch.setattr("cnnstudio.training.insight_channel.channel_pictures", slow)
    _click(qtbot, view.overview, 1)
    qtbot.waitUntil(lambda: view.progress.value() == 50, timeout=5_000)
    QTest.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view._task.isRunning(), timeout=5_000)
    assert view.status.text() == "Cancelled." and not view.cancel_button.isEnabled()
    _click(qtbot, view.overview, 3)
    qtbot.waitUntil(lambda: view._task.isRunning(), timeout=5_000)
    view.hide()
    assert not view._task or not view._task.isRunning()


def test_without_a_run_it_says_what_to_do(qtbot) -> None:
    widget = ChannelView(ProjectDocument(tiny_project()))
    qtbot.addWidget(widget)
    widget.show()
    widget.set_run(None)
    assert "Train the network" in widget.status.text() and widget._task is None
