"""What a teacher met walking the features together (session 3's journey under Xvfb, 1366x768): each test
drives the window as that teacher did and fails on what they saw.

- the trainer killed mid-run (the out-of-memory killer): the views kept showing the dead run, which the runs
  list and the curves had already dropped, and the bar and the speed label still said "epoch 2 · 12%,
  1:29 left";
- another project opened after a run: its Train page still showed the old run's bar and time left;
- the epoch slider's right end said "live" for a finished run, and for one reopened the next day.
"""

from __future__ import annotations

import os
import signal

from studio_fixtures import tiny_project, train_in_window

from cnnstudio.core.project_file import save
from cnnstudio.ui.train.run_title import run_title


def kill_the_trainer(page, qtbot) -> None:
    """Kill the training process as the out-of-memory killer does, once the run shows its first maps."""
    qtbot.waitUntil(lambda: page.views.shown is page.live and page.live.latest is not None, timeout=60_000)
    os.kill(page.controller._worker.process.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: not page.controller.is_running(), timeout=30_000)


def test_a_killed_run_leaves_no_view_showing_it(studio, qtbot, message_boxes) -> None:
    page, doc = studio.training, studio.document
    train_in_window(qtbot, studio)  # Run 1, recorded
    assert page.probe.position.text() == "end of run"
    doc.set_training({**doc.project.training, "epochs": 200})
    assert page.start()
    assert page.probe.position.text() == "live"
    kill_the_trainer(page, qtbot)

    assert [run_title(r) for r in doc.project.runs] == ["Run 1"]  # the killed run is recorded nowhere...
    assert page.plots.run_ids() == [doc.project.runs[0]["id"]]
    assert page.shown_run == doc.project.runs[0]["id"]  # ...so no view shows it: the newest run again
    assert page.views.note.text() == "Showing Run 1"
    assert page.probe.position.text() == "end of run"
    # The bar and the speed say nothing of the dead run (its last "time left" is a promise no one keeps).
    assert page.progress.text() == ""
    assert page.speed.text() == ""
    assert "killed (SIGKILL)" in page.status.text()


def test_another_project_opened_after_a_run_starts_with_a_clean_readout(studio, qtbot, tmp_path) -> None:
    page = studio.training
    train_in_window(qtbot, studio)
    assert page.speed.text() and page.progress.value() > 0
    other = tmp_path / "other.cnnproj.json"
    save(tiny_project(epochs=1).replace(name="Other"), other)

    assert studio.open_file(other)

    assert page.progress.text() == "" and page.speed.text() == ""
    assert page.status.text() == "Ready to train"


def test_a_reopened_run_ends_at_its_end_not_live(studio, qtbot, make_window) -> None:
    train_in_window(qtbot, studio)
    studio.files.save()
    window = make_window()
    assert window.open_file(studio.document.path)
    window.tabs.setCurrentWidget(window.training)
    probe = window.training.probe
    assert probe.position.text() == "end of run"
    probe.slider.setValue(0)
    assert probe.position.text() == "epoch 1"


def test_a_reopened_run_has_its_batch_curve_back(studio, qtbot, make_window) -> None:
    """Reopened the next day, the loss plot had lost its thin line of batch losses (only the epoch points
    were kept), and with it the part of a stopped run's last epoch."""
    import numpy as np

    page = studio.training
    train_in_window(qtbot, studio)
    run_id = studio.document.project.runs[0]["id"]
    live = page.plots.curve(run_id, "batch_loss")
    assert len(live.xData) >= 3  # at least the first batch and each epoch's last (more when it is slow)
    studio.files.save()
    window = make_window()
    assert window.open_file(studio.document.path)
    window.tabs.setCurrentWidget(window.training)
    window.training.plots.redraw()
    reopened = window.training.plots.curve(run_id, "batch_loss")
    np.testing.assert_allclose(reopened.xData, live.xData)
    np.testing.assert_allclose(reopened.yData, live.yData)


def test_the_curves_emphasise_the_run_the_views_show(studio, qtbot, make_window) -> None:
    """Reopened with three runs, the views showed the newest while the curves emphasised (and labelled the
    best epoch of) the first; picking a run in the list changed the views only."""
    page, doc = studio.training, studio.document
    for _ in range(2):
        train_in_window(qtbot, studio)
    first, newest = (r["id"] for r in doc.project.runs)
    assert page.plots.current_run() == newest == page.shown_run
    studio.files.save()
    window = make_window()
    assert window.open_file(doc.path)
    window.tabs.setCurrentWidget(window.training)
    reopened = window.training
    assert reopened.shown_run == newest and reopened.plots.current_run() == newest
    assert reopened.show_run(first, doc.runs_folder() / first)  # what picking it in the runs list does
    assert reopened.shown_run == first and reopened.plots.current_run() == first


def test_a_renamed_run_is_named_so_above_its_maps(studio, qtbot) -> None:
    """Renamed in the runs list (double-click), the line above the maps kept the old name."""
    page, doc = studio.training, studio.document
    train_in_window(qtbot, studio)
    doc.rename_run(doc.project.runs[0]["id"], "Before the lesson")
    assert page.views.note.text() == "Showing Before the lesson"


def test_export_after_an_edit_does_not_take_an_earlier_networks_weights(
    studio, qtbot, message_boxes, tmp_path
) -> None:
    """File > Export after an edit took the newest run's weights although that run trained the network
    before the edit; it exports the weights of a run of this network (named), or untrained ones."""
    from cnnstudio.core import specs as S

    doc = studio.document
    train_in_window(qtbot, studio)
    doc.insert_layer((2,), S.Conv2d(out_channels=4, kernel_size=3, padding=1))
    written = studio.exports.export("pytorch", str(tmp_path / "edited"))
    assert written, message_boxes.shown[-1]
    assert message_boxes.shown[-1][1] == "Exported" and "untrained weights" in message_boxes.shown[-1][2]
    doc.undo_stack.undo()  # the network of Run 1 again
    assert studio.exports.export("pytorch", str(tmp_path / "trained"))
    assert "trained weights from Run 1" in message_boxes.shown[-1][2]
