"""The Train page driven as a user: settings, Start disabled by a bad layer, a real run filling the curves,
maps and pooling view, results, pause/stop, a failing dataset, and closing the window mid-run."""

from __future__ import annotations

import dataclasses

import numpy as np
from PySide6.QtCore import Qt
from studio_fixtures import tiny_project

from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.ui.train import settings_fields as fields


def run_to_end(qtbot, page, timeout: int = 60_000) -> None:
    with qtbot.waitSignal(page.run_finished, timeout=timeout):
        pass


def test_one_epoch_fills_curves_maps_pooling_and_results(studio, qtbot) -> None:
    page = studio.training
    studio.start_action.trigger()  # the toolbar's Start
    assert page.controller.is_running()
    assert not page.start_button.isEnabled() and page.stop_button.isEnabled()
    run_to_end(qtbot, page)
    qtbot.waitUntil(lambda: not page.controller.is_running())
    page.drain()
    # a finished run's bar is full where it says "done" (it stopped where the last measuring report was)
    assert page.progress.format() == "done" and page.progress.value() == page.progress.maximum()
    run_id = page.run_id
    loss = page.plots.curve(run_id, "batch_loss").getData()[1]
    assert loss is not None and len(loss) >= 1 and np.isfinite(loss).all()
    val_acc = page.plots.curve(run_id, "val_accuracy").getData()[1]
    assert len(val_acc) == 2  # one point per epoch
    # activation maps of the first conv layer: 4 channels of 16x16, not all zero
    page.activations.layer.select_path((0,))
    assert page.activations.grid.map_count() == 4
    assert np.abs(page.activations.grid.maps()).sum() > 0
    # pooling view: the max pool's 4 maps of 16x16 entering, 8x8 leaving, winners marked
    page.tabs.setCurrentWidget(page.pooling)
    page.pooling.layer.select_path((2,))
    assert page.pooling.before.maps().shape == (4, 16, 16)
    assert page.pooling.after.maps().shape == (4, 8, 8)
    mask = page.pooling.before.highlight()
    assert mask is not None and mask.reshape(4, -1).sum(axis=1).tolist() == [64] * 4
    # results: confusion matrix over the test split, predictions listed
    qtbot.waitUntil(lambda: page.results is not None)
    assert page.results_view.confusion.rowCount() == 3
    assert page.results_view.examples.count() == min(48, len(page.results.labels))
    # the run is recorded in the project, its history and maps beside it
    assert [r["id"] for r in studio.document.project.runs] == [run_id]
    assert (page.run_folder / "history.json").is_file()
    assert (page.run_folder / "probe_maps.npz").is_file()
    assert page.probe.slider.maximum() == 2  # two epochs to scrub, plus live


def test_average_and_max_compare_on_the_same_input(studio, qtbot) -> None:
    page = studio.training
    page.start()
    run_to_end(qtbot, page)
    qtbot.waitUntil(lambda: not page.controller.is_running())
    view = page.pooling
    view.layer.select_path((2,))  # the max pool
    own = view.after.maps().copy()
    view.mode.button(2).click()  # "average"
    import torch.nn.functional as tf

    x = view.current().input
    expected = tf.avg_pool2d(__import__("torch").from_numpy(x)[None], 2)[0].numpy()
    np.testing.assert_allclose(view.after.maps(), expected, rtol=1e-5, atol=1e-6)
    assert view.before.highlight() is None  # winners belong to max pooling only
    view.mode.button(1).click()  # "max" is the layer's own
    np.testing.assert_array_equal(view.after.maps(), own)


def test_epoch_slider_shows_an_earlier_epoch(studio, qtbot) -> None:
    page = studio.training
    page.start()
    run_to_end(qtbot, page)
    qtbot.waitUntil(lambda: not page.controller.is_running())
    page.activations.layer.select_path((0,))
    latest = page.activations.grid.maps().copy()
    page.probe.slider.setValue(0)
    assert page.probe.position.text() == "epoch 1"
    first = page.store[0].activations[(0,)]
    np.testing.assert_array_equal(page.activations.grid.maps(), first)
    assert not np.array_equal(first, latest)


def test_an_impossible_layer_disables_start_with_the_reason(studio) -> None:
    page, doc = studio.training, studio.document
    assert page.start_button.isEnabled()
    doc.set_field((0,), "kernel_size", 40)  # larger than the 16x16 input, even padded
    assert not page.start_button.isEnabled()
    assert "layers[0]" in page.start_button.toolTip()
    assert not studio.start_action.isEnabled()
    doc.undo_stack.undo()
    assert page.start_button.isEnabled()


def test_settings_edit_the_project_undoably_and_bad_values_block_start(studio) -> None:
    page, doc = studio.training, studio.document
    epochs = page.settings_panel.editors[("training", "epochs")]
    epochs.setValue(7)
    assert doc.project.training["epochs"] == 7
    optimizer = page.settings_panel.editors[("training", "optimizer")]
    optimizer.setCurrentIndex(optimizer.findData("sgd"))
    assert doc.project.training["optimizer"] == "sgd"
    assert page.settings_panel.editors[("training", "momentum")].isVisibleTo(page)  # SGD shows momentum
    rotate = page.settings_panel.editors[("augmentation", "rotate")]
    rotate.setChecked(True)
    assert doc.project.dataset["augmentation"]["rotate"] is True
    doc.undo_stack.undo()
    assert "augmentation" not in doc.project.dataset or not doc.project.dataset["augmentation"].get("rotate")
    doc.push(doc.project.replace(training={**doc.project.training, "lr": -1}), "bad lr")
    assert "training.lr" in page.settings_panel.problem()
    assert not page.start_button.isEnabled()
    assert page.settings_panel.editors[("training", "lr")].value() == -1  # shown as it is, not clamped to 0


def test_field_defaults_agree_with_the_engine() -> None:
    from cnnstudio.training.datasets import AugmentSettings
    from cnnstudio.training.datasets.splits import SplitSettings

    defaults = {
        "training": TrainingSettings(),
        "augmentation": AugmentSettings(),
        "dataset": SplitSettings(),
    }
    for field in fields.FIELDS:
        source = defaults[field.section]
        if field.key in {f.name for f in dataclasses.fields(source)} and field.key != "limit":
            value = getattr(source, field.key)
            if value is not None:
                assert field.default == value, field.key


def test_pause_resume_and_stop(studio, qtbot) -> None:
    page = studio.training
    studio.document.set_training({**studio.document.project.training, "epochs": 50})
    assert studio.status.text().startswith("Ready to train")
    page.start()
    # While it trains, the runs list shows it (not yet renameable) and the status bar says so.
    live = page.runs.list.item(page.runs.list.count() - 1)
    assert live.text() == "Run 1 (training…)" and not live.flags() & Qt.ItemFlag.ItemIsEditable
    assert studio.status.text() == "Training Run 1…"
    qtbot.waitUntil(lambda: page.progress.value() > 0, timeout=60_000)
    page.pause_button.click()
    assert page.pause_button.text() == "Resume" and studio.status.text() == "Run 1 is paused"
    page.runs.list.setCurrentItem(live)
    assert not page.runs.remove_button.isEnabled()  # a running run cannot be removed from the list
    page.runs.remove_button.click()
    assert page.runs.list.count() == 1 and studio.document.project.runs == ()
    page.pause_button.click()
    with qtbot.waitSignal(page.controller.finished, timeout=30_000):
        page.stop_button.click()  # returns at once; the run ends after its batch
        assert not page.pause_button.isEnabled() and not studio.pause_action.isEnabled()  # stopping
        assert not page.stop_button.isEnabled() and not studio.stop_action.isEnabled()
    assert not page.controller.is_running()
    page.drain()
    assert "Stopped" in page.status.text()
    assert page.start_button.isEnabled()
    assert studio.status.text().startswith("Ready to train")
    assert [page.runs.list.item(i).text() for i in range(page.runs.list.count())] == ["Run 1"]


def test_a_missing_dataset_folder_is_reported_and_nothing_is_lost(
    studio, qtbot, message_boxes, tmp_path
) -> None:
    """Known at once, without torch: Start, its tooltip, the page and the status bar say why (issue 12.4)."""
    page, doc = studio.training, studio.document
    missing = tmp_path / "no-such-folder"
    doc.set_dataset({"name": "mnist", "root": str(missing)})
    before = doc.project
    assert not page.start_button.isEnabled() and not page.start()
    why = f"Cannot start: MNIST is not in {missing} (4 files missing, such as MNIST/raw/train-images-idx3-ubyte)"
    for text in (page.status.text(), page.start_button.toolTip(), studio.status.text()):
        assert text.startswith(why)
    assert message_boxes.titles() == [] and not page.controller.is_running()
    assert doc.project == before
    doc.set_dataset({"name": "mnist", "root": str(tmp_path), "download": True})  # it will come: classes next
    assert page.status.text() == (
        "Cannot start: the last layer gives 3 outputs but the dataset 'mnist' has 10 classes: "
        "set the last linear layer's out_features to 10"
    )
    doc.set_dataset({"name": "shapes", "num_classes": 3})
    assert page.start_button.isEnabled() and page.status.text() == "Ready to train"
    assert studio.status.text().startswith("Ready to train")


def test_stop_button_keeps_the_results_and_closing_skips_them(studio, qtbot) -> None:
    """The Stop button's run still measures its test results; a close does not make the user wait for them."""
    page = studio.training
    measured: list[object] = []
    page.controller.results_ready.connect(measured.append)
    studio.document.set_training({**studio.document.project.training, "epochs": 50})
    page.start()
    qtbot.waitUntil(lambda: page.progress.value() > 0, timeout=60_000)
    with qtbot.waitSignal(page.controller.finished, timeout=30_000):
        page.stop_button.click()
    assert len(measured) == 1 and page.results is measured[0]  # shown on the Results tab
    page.start()
    qtbot.waitUntil(lambda: page.progress.value() > 0, timeout=60_000)
    assert page.may_close() and not page.controller.is_running()
    qtbot.wait(200)  # anything still on its way would arrive now
    assert len(measured) == 1  # the close measured nothing more


def test_closing_the_window_mid_run_stops_it_cleanly(qtbot, make_window, qtlog) -> None:
    win = make_window(tiny_project(epochs=200), file="long.cnnproj.json", size=None)
    page = win.training
    page.start()  # first run: stopped, then a second one that the close must stop
    qtbot.waitUntil(lambda: page.progress.value() > 0, timeout=60_000)
    page.stop()
    page.start()
    qtbot.waitUntil(lambda: page.progress.value() > 0, timeout=60_000)
    assert page.controller.is_running()
    win.document.mark_clean()
    assert win.close()
    assert not page.controller.is_running()
    warnings = [r.message for r in qtlog.records if r.type.name in ("QtWarningMsg", "QtCriticalMsg")]
    assert [w for w in warnings if "propagateSizeHints" not in w] == []
    win.deleteLater()


def test_window_starts_without_torch() -> None:
    """The window (with its Train page) is built before torch is imported: start-up stays fast."""
    import subprocess
    import sys

    code = (
        "import sys; from cnnstudio.ui.app import create_application, build_window;"
        "app = create_application(['x']); w = build_window(); w.show(); app.processEvents();"
        "print('torch' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr


def test_run_names_follow_the_runs_list(studio, qtbot) -> None:
    page, doc = studio.training, studio.document
    page.start()
    run_to_end(qtbot, page)
    qtbot.waitUntil(lambda: not page.controller.is_running())
    item = page.runs.list.item(0)
    item.setText("baseline")
    assert doc.project.runs[0]["name"] == "baseline"
    assert page.plots.run_name(page.run_id) == "baseline"
    page.runs.list.item(0).setCheckState(Qt.CheckState.Unchecked)  # the list was rebuilt by the rename
    assert not page.plots.is_run_visible(page.run_id)
    page.runs.list.setCurrentRow(0)
    assert page.runs.remove_button.isEnabled()
    page.runs.remove_button.click()
    assert doc.project.runs == ()
    assert not page.runs.remove_button.isEnabled()  # nothing left to remove


def test_an_earlier_run_can_be_replayed_from_the_runs_list(studio, qtbot) -> None:
    page, doc = studio.training, studio.document
    for seed in (0, 1):  # the same seed would give the very same maps (runs are reproducible)
        doc.set_training({**doc.project.training, "seed": seed})
        page.start()
        run_to_end(qtbot, page)
        qtbot.waitUntil(lambda: not page.controller.is_running())
    first, second = (r["id"] for r in doc.project.runs)
    assert page.shown_run == second
    second_maps = page.store[0].activations[(0,)].copy()
    page.runs.list.setCurrentRow(0)  # the first run
    assert page.shown_run == first and page.probe.slider.maximum() == 2
    page.probe.slider.setValue(0)
    page.activations.layer.select_path((0,))
    shown = page.activations.grid.maps()
    assert shown.shape == second_maps.shape and not np.array_equal(shown, second_maps)
    assert "img/s on average" in page.speed.text()


def test_file_open_mid_run_stops_the_run_first_and_a_cancel_stops_nothing(
    studio, qtbot, tmp_path, monkeypatch
) -> None:
    from cnnstudio.core.project_file import save

    other = tmp_path / "other.cnnproj.json"
    save(tiny_project(), other)
    page, doc = studio.training, studio.document
    doc.set_training({**doc.project.training, "epochs": 50})
    page.start()
    qtbot.waitUntil(lambda: page.progress.value() > 0, timeout=60_000)
    monkeypatch.setattr(studio.files, "ask_open_path", lambda: "")
    studio.open_action.trigger()  # the dialog cancelled: the run goes on
    assert page.controller.is_running()
    monkeypatch.setattr(studio.files, "ask_open_path", lambda: str(other))
    monkeypatch.setattr(studio.files, "may_discard", lambda: True)
    studio.open_action.trigger()
    assert not page.controller.is_running() and doc.path == other
    page.drain()
    assert doc.project.runs == ()  # the stopped run stayed with the project it trained


def test_a_failure_at_start_goes_once_another_data_set_is_chosen(
    studio, qtbot, message_boxes, tmp_path
) -> None:
    """Issue 12.8: the old data set's error stayed on the Train page after switching to shapes."""
    page, doc = studio.training, studio.document
    root = tmp_path / "pictures"
    for name in ("a", "b", "c"):
        (root / name).mkdir(parents=True)  # three classes, and not one picture in them
    doc.set_dataset({"name": "folder", "root": str(root)})
    assert page.start_button.isEnabled(), page.blocker()
    with qtbot.waitSignal(page.controller.finished, timeout=60_000):
        page.start()
    failed = page.status.text()
    assert "could not run" in failed and message_boxes.titles() == ["Training"]
    doc.set_dataset({"name": "shapes", "num_classes": 3})
    assert page.status.text() == "Ready to train" and page.start_button.isEnabled()
