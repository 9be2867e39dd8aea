"""Epoch replay (issue 16.1/16.2): a small network's run keeps its weights after every epoch, and the
Channels and Feature space tabs' epoch slider shows each epoch's own result, computed from those weights."""

from __future__ import annotations

import numpy as np
import pytest

from cnnstudio.training.build import build_model
from cnnstudio.training.checkpoint import load_checkpoint
from cnnstudio.training.epoch_weights import epoch_path
from cnnstudio.training.insight_features import align, run_feature_space
from cnnstudio.training.insight_topk import find_map_layer, top_k
from cnnstudio.training.trained_run import TrainedRun
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.train.channel_view import ChannelView
from cnnstudio.ui.train.feature_space_view import FeatureSpaceView
from cnnstudio.ui.train.shown_run import ShownRun


@pytest.fixture(scope="module")
def two_epochs(tmp_path_factory):
    from studio_fixtures import tiny_project, train_tiny_run

    folder = tmp_path_factory.mktemp("replay")
    return train_tiny_run(folder, tiny_project(epochs=2)), folder


def _tiles_from_weights(project, folder, epoch, path):
    """Top-k of layer ``path`` computed directly from epoch ``epoch``'s weights file (no cache, no view)."""
    model = build_model(project)
    model.load_state_dict(load_checkpoint(epoch_path(folder, epoch))["model"])
    data = TrainedRun(folder).data()
    return top_k(model.eval(), find_map_layer(project, path), data.val_x, 9, whiten=data.whiten)


def _showing(qtbot, view_class, two_epochs):
    """An insight tab shown on the two-epoch run, at its best weights."""
    project, folder = two_epochs
    view = view_class(ProjectDocument(project))
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    view.set_run(ShownRun("r1", "Run 1", project, folder))
    return view


def test_channel_tiles_of_epoch_k_are_those_of_its_weights(qtbot, two_epochs) -> None:
    project, folder = two_epochs
    view = _showing(qtbot, ChannelView, two_epochs)
    assert view.epoch_row.isVisible() and view.epoch_label.text() == "best weights"
    results = {}
    for epoch in (1, 2):
        view.show_epoch(epoch)
        assert view.epoch_label.text() == f"after epoch {epoch}"
        qtbot.waitUntil(lambda: view.layer_result is not None, timeout=60_000)
        results[epoch] = view.layer_result
        expected = _tiles_from_weights(project, folder, epoch, view.chooser.current_path())
        np.testing.assert_allclose(view.layer_result.scores, expected.scores, rtol=1e-5)
        np.testing.assert_array_equal(view.layer_result.images, expected.images)
        assert list((folder / "insight").glob(f"topk-*-epoch{epoch}.npz"))  # cached apart
    assert not np.allclose(results[1].scores, results[2].scores)
    view.stop()


def test_feature_space_follows_the_epoch_slider(qtbot, two_epochs) -> None:
    _project, folder = two_epochs
    view = _showing(qtbot, FeatureSpaceView, two_epochs)
    points = {}
    for epoch in (1, 2):
        view.show_epoch(epoch)
        qtbot.waitUntil(lambda: view.space is not None or "Could not" in view.status.text(), timeout=60_000)
        assert view.space is not None, view.status.text()
        points[epoch] = view.space.points.copy()
    assert points[1].shape == points[2].shape and not np.allclose(points[1], points[2])
    path = view.chooser.current_path()
    raw = run_feature_space(TrainedRun(folder, epoch=2), path, "pca")  # epoch 2's own picture (cached)
    np.testing.assert_allclose(points[2], align(raw.points, points[1]), atol=1e-4)  # turned onto epoch 1
    assert len(list((folder / "insight").glob("features-*-epoch*.npz"))) == 2
    view.stop()


def test_play_replays_every_epoch_then_stops_at_the_best_weights(qtbot, two_epochs) -> None:
    view = _showing(qtbot, ChannelView, two_epochs)
    qtbot.waitUntil(lambda: view.layer_result is not None, timeout=60_000)
    seen = []
    view.epoch_slider.valueChanged.connect(lambda _v: seen.append(view.epoch()))
    view.play_button.click()
    assert view.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: not view.play_button.isChecked(), timeout=120_000)
    assert seen == [1, 2, None] and view.epoch_label.text() == "best weights"
    assert view.play_button.text() == "Play"
    view.stop()


def test_play_shows_each_epoch_whole_and_never_a_blank_view(qtbot, two_epochs) -> None:
    """Under Xvfb on a busy 2-core machine each epoch's tiles were wiped the moment it came, the chosen
    channel's patches were cancelled at every step, and the replay showed an empty tab throughout."""
    from PySide6.QtCore import QTimer

    view = _showing(qtbot, ChannelView, two_epochs)
    qtbot.waitUntil(lambda: view.layer_result is not None, timeout=60_000)
    view.overview.setCurrentRow(2)  # the teacher picks a channel, then plays
    qtbot.waitUntil(lambda: view.patches.count() > 0 and view.detail.title() == "Channel 2", timeout=60_000)
    samples = []
    watch = QTimer()
    watch.timeout.connect(
        lambda: samples.append(
            (view.epoch(), view.overview.count(), view.patches.count(), view.detail.title())
        )
    )
    watch.start(20)
    view.play_button.click()
    qtbot.waitUntil(lambda: not view.play_button.isChecked(), timeout=120_000)
    qtbot.waitUntil(lambda: view._task is None or view._task.isFinished(), timeout=60_000)
    watch.stop()
    assert samples and all(tiles > 0 for _e, tiles, _p, _t in samples)  # never a blank tab
    assert {title for *_rest, title in samples} == {"Channel 2"}  # the chosen channel throughout
    for epoch in (1, 2):  # each epoch's frame was shown whole: tiles and the channel's top patches
        assert any(e == epoch and patches > 0 for e, _tiles, patches, _t in samples), epoch
    view.stop()
