"""MetricPlots: appends are buffered until redraw, runs are managed as a user would, histories load."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from cnnstudio.ui.widgets.metric_plots import SERIES, MetricPlots


@pytest.fixture
def plots(qtbot) -> MetricPlots:
    widget = MetricPlots()
    qtbot.addWidget(widget)
    widget.resize(640, 560)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def data_of(plots: MetricPlots, run_id: str, series: str) -> tuple[np.ndarray, np.ndarray]:
    x, y = plots.curve(run_id, series).getData()
    return (np.array([]), np.array([])) if x is None else (np.asarray(x), np.asarray(y))


# --------------------------------------------------------------------------------------------- buffering
def test_batch_points_appear_only_after_redraw(plots: MetricPlots) -> None:
    plots.add_run("r1", "first")
    for step in range(1, 11):
        plots.append_batch("r1", step / 10, 2.0 / step)
    assert data_of(plots, "r1", "batch_loss")[0].size == 0
    assert plots.redraw() is True
    x, y = data_of(plots, "r1", "batch_loss")
    np.testing.assert_allclose(x, np.arange(1, 11) / 10)
    np.testing.assert_allclose(y, 2.0 / np.arange(1, 11))


def test_epoch_points_fill_each_series_and_missing_values_are_nan(plots: MetricPlots) -> None:
    plots.add_run("r1", "first")
    plots.append_epoch("r1", 1, 0.9, 0.6, 1.0, 0.55, 0.01)
    plots.append_epoch("r1", 2, 0.5, 0.8, None, None, None)
    plots.redraw()
    expected = {
        "train_loss": [0.9, 0.5],
        "train_accuracy": [0.6, 0.8],
        "val_loss": [1.0, math.nan],
        "val_accuracy": [0.55, math.nan],
    }
    for series, values in expected.items():
        x, y = data_of(plots, "r1", series)
        np.testing.assert_allclose(x, [1, 2])
        np.testing.assert_allclose(y, values)
    assert plots.curve("r1", "lr").xData.tolist() == [1.0, 2.0]


def test_redraw_counts_only_calls_that_pushed_data(plots: MetricPlots) -> None:
    plots.add_run("r1", "first")
    assert plots.redraw() is False and plots.redraw_count == 0
    plots.append_batch("r1", 0.1, 1.0)
    plots.append_batch("r1", 0.2, 0.9)
    plots.redraw()
    assert plots.redraw() is False
    assert plots.redraw_count == 1


def test_many_appends_grow_the_buffer_without_losing_points(plots: MetricPlots) -> None:
    plots.add_run("r1", "first")
    xs = np.linspace(0, 20, 5000)
    for i, x in enumerate(xs):
        plots.append_batch("r1", x, float(i))
        if i % 700 == 0:
            plots.redraw()  # earlier views must stay valid while the buffer grows
    plots.redraw()
    curve = plots.curve("r1", "batch_loss")
    np.testing.assert_allclose(curve.xData, xs)
    np.testing.assert_allclose(curve.yData, np.arange(5000))


def test_appending_to_an_unknown_run_says_so(plots: MetricPlots) -> None:
    with pytest.raises(KeyError, match="add_run"):
        plots.append_batch("nope", 0.1, 1.0)


# --------------------------------------------------------------------------------------------- runs
def test_runs_get_distinct_colours_and_legend_entries(plots: MetricPlots) -> None:
    for i in range(3):
        plots.add_run(f"r{i}", f"run {i}")
    assert plots.run_ids() == ["r0", "r1", "r2"]
    assert len({plots.run_colour(r).name() for r in plots.run_ids()}) == 3
    assert plots.legend().texts() == ["train", "validation", "batches", "run 0", "run 1", "run 2"]
    with pytest.raises(ValueError):
        plots.add_run("r0", "again")


def test_rename_changes_the_legend(plots: MetricPlots) -> None:
    plots.add_run("r1", "first")
    plots.rename_run("r1", "Adam, lr 1e-3")
    assert plots.run_name("r1") == "Adam, lr 1e-3"
    assert plots.legend().entry("r1").text() == "Adam, lr 1e-3"


def test_remove_takes_items_away_and_frees_the_colour(plots: MetricPlots) -> None:
    plots.add_run("r1", "first")
    plots.add_run("r2", "second")
    colour = plots.run_colour("r1").name()
    items = [plots.curve("r1", s) for s in SERIES] + [plots.best_line("r1")]
    plots.remove_run("r1")
    assert plots.run_ids() == ["r2"]
    assert all(item.scene() is None for item in items)
    assert "first" not in plots.legend().texts()
    plots.add_run("r3", "third")
    assert plots.run_colour("r3").name() == colour
    with pytest.raises(KeyError):
        plots.remove_run("r1")


def test_hiding_a_run_hides_all_its_curves_and_is_signalled(plots: MetricPlots, qtbot) -> None:
    plots.add_run("r1", "first")
    with qtbot.waitSignal(plots.run_visibility_changed) as blocker:
        plots.set_run_visible("r1", False)
    assert blocker.args == ["r1", False]
    assert not any(plots.curve("r1", s).isVisible() for s in SERIES)
    plots.set_run_visible("r1", True)
    assert all(plots.curve("r1", s).isVisible() for s in SERIES)


def test_clicking_a_runs_legend_sample_toggles_the_whole_run(plots: MetricPlots, qtbot) -> None:
    plots.add_run("r1", "first")
    entry = plots.legend().entry("r1")
    with qtbot.waitSignal(plots.run_visibility_changed) as blocker:
        qtbot.mouseClick(entry, Qt.MouseButton.LeftButton)
    assert blocker.args == ["r1", False]
    assert not plots.curve("r1", "val_accuracy").isVisible()
    assert not entry.isChecked()
    plots.set_run_visible("r1", True)  # shown again from elsewhere (the runs list): the entry follows
    assert entry.isChecked()
    qtbot.mouseClick(plots.legend().entry("train"), Qt.MouseButton.LeftButton)  # a key is not a toggle
    assert plots.is_run_visible("r1") and not plots.legend().entry("train").isChecked()


def test_the_current_run_is_drawn_on_top_and_the_others_fade(plots: MetricPlots) -> None:
    plots.add_run("old", "old")
    plots.add_run("new", "new")
    assert plots.current_run() == "new"
    old, new = plots.curve("old", "train_loss"), plots.curve("new", "train_loss")
    assert new.zValue() > old.zValue() and new.opacity() > old.opacity()
    plots.set_current_run("old")
    assert old.zValue() > new.zValue()
    plots.remove_run("old")
    assert plots.current_run() == "new"


# --------------------------------------------------------------------------------------------- history
def test_set_history_replaces_a_runs_data(plots: MetricPlots) -> None:
    plots.add_run("r1", "loaded")
    plots.append_epoch("r1", 1, 9.0, 0.1)
    plots.set_history(
        "r1",
        {
            "epoch": [1, 2, 3],
            "train_loss": [1.0, 0.7, 0.5],
            "train_acc": [0.5, 0.7, 0.8],
            "val_loss": [1.1, 0.8, None],
            "val_accuracy": [0.45, 0.65, 0.7],
            "lr": [0.1, 0.1, 0.01],
            "batch_epoch": [0.5, 1.0, 1.5],
            "batch_loss": [1.2, 1.0, 0.8],
            "seconds": [3.0, 3.1, 2.9],  # other keys are ignored
        },
    )
    plots.redraw()
    np.testing.assert_allclose(data_of(plots, "r1", "train_loss")[1], [1.0, 0.7, 0.5])
    np.testing.assert_allclose(data_of(plots, "r1", "train_accuracy")[1], [0.5, 0.7, 0.8])
    np.testing.assert_allclose(data_of(plots, "r1", "val_loss")[1], [1.1, 0.8, math.nan])
    np.testing.assert_allclose(data_of(plots, "r1", "batch_loss")[0], [0.5, 1.0, 1.5])


def test_set_history_takes_epoch_records_and_numbers_epochs_itself(plots: MetricPlots) -> None:
    plots.add_run("r1", "loaded")
    records = [
        {"event": "epoch", "train_loss": 1.0, "train_accuracy": 0.5},
        {"event": "epoch", "train_loss": 0.8, "train_accuracy": 0.6},
    ]
    plots.set_history("r1", records)
    plots.redraw()
    x, y = data_of(plots, "r1", "train_accuracy")
    np.testing.assert_allclose(x, [1, 2])
    np.testing.assert_allclose(y, [0.5, 0.6])


def test_set_history_reads_a_stored_run_record(plots: MetricPlots) -> None:
    """The shape of ``RunHistory.to_dict()``: plural ``epochs``, scalars and nested settings beside."""
    plots.add_run("r1", "stored")
    record = {
        "format": "cnnstudio-run",
        "epochs": [1, 2],
        "train_loss": [1.0, 0.6],
        "train_accuracy": [0.5, 0.75],
        "val_loss": [1.2, 0.9],
        "val_accuracy": [0.4, 0.7],
        "lr": [0.01, 0.01],
        "seconds": [2.0, 2.1],
        "best_epoch": 2,
        "finish_reason": "completed",
        "settings": {"optimizer": "adam"},
        "class_names": ["circle", "square"],
    }
    plots.set_history("r1", record)
    plots.redraw()
    x, y = data_of(plots, "r1", "val_accuracy")
    np.testing.assert_allclose(x, [1, 2])
    np.testing.assert_allclose(y, [0.4, 0.7])
    assert plots.best_line("r1").isVisible() and plots.best_line("r1").value() == 2


def test_set_history_refuses_ragged_columns(plots: MetricPlots) -> None:
    plots.add_run("r1", "loaded")
    with pytest.raises(ValueError, match="train_loss"):
        plots.set_history("r1", {"epoch": [1, 2, 3], "train_loss": [1.0, 0.9]})


# --------------------------------------------------------------------------------------------- best epoch
def test_best_epoch_line_moves_shows_its_epoch_and_hides(plots: MetricPlots) -> None:
    plots.add_run("r1", "first")
    line = plots.best_line("r1")
    assert not line.isVisible()
    plots.set_best_epoch("r1", 6)
    assert line.isVisible() and line.value() == 6
    assert "6" in line.label.toPlainText()
    plots.set_best_epoch("r1", 4)
    assert "4" in line.label.toPlainText()
    plots.set_run_visible("r1", False)
    assert not line.isVisible()
    plots.set_run_visible("r1", True)
    plots.set_best_epoch("r1", None)
    assert not line.isVisible()


def test_plots_have_labelled_axes_and_a_shared_epoch_axis(plots: MetricPlots) -> None:
    assert plots.plot("loss").getAxis("left").labelText == "loss"
    assert plots.plot("accuracy").getAxis("left").labelText == "accuracy"
    assert plots.plot("lr").getAxis("bottom").labelText == "epoch"
    plots.plot("loss").setXRange(2, 5, padding=0)
    assert plots.plot("accuracy").viewRange()[0] == pytest.approx([2, 5])


def test_horizontal_layout_without_learning_rate(qtbot) -> None:
    widget = MetricPlots(show_lr=False, orientation=Qt.Orientation.Horizontal)
    qtbot.addWidget(widget)
    widget.add_run("r1", "first")
    widget.append_epoch("r1", 1, 1.0, 0.5, lr=0.1)
    widget.redraw()
    with pytest.raises(KeyError):
        widget.plot("lr")
    assert widget.curve("r1", "lr").getViewBox() is None  # not drawn on the loss axis by mistake
    assert widget.curve("r1", "train_loss").getViewBox() is widget.plot("loss").getViewBox()


def test_the_learning_rate_axis_labels_few_round_values(plots: MetricPlots) -> None:
    plots.add_run("r1", "cosine")
    epochs = 30
    for epoch in range(1, epochs + 1):  # cosine from 3e-3 down to 1e-5
        lr = 1e-5 + 0.5 * (3e-3 - 1e-5) * (1 + math.cos(math.pi * epoch / epochs))
        plots.append_epoch("r1", epoch, 1.0, 0.5, 1.0, 0.5, lr)
    plots.redraw()
    plot = plots.plot("lr")
    plot.enableAutoRange()
    low, high = plot.viewRange()[1]
    axis = plot.getAxis("left")
    values = [v for _spacing, level in axis.tickValues(low, high, 300) for v in level]
    labels = axis.tickStrings(values, 1.0, 1.0)
    # Before: every step of each decade, "0.009 0.008 0.007 ..." overprinted. Now decades only.
    assert labels == ["10⁻⁵", "0.0001", "0.001"]


def test_a_single_epochs_learning_rate_is_visible(plots: MetricPlots) -> None:
    plots.add_run("r1", "one epoch")
    plots.append_epoch("r1", 1, 1.0, 0.5, 1.0, 0.5, 0.003)
    plots.redraw()
    curve = plots.curve("r1", "lr")
    assert curve.opts["symbol"] == "o" and len(curve.scatter.data) == 1  # a dot, where a line has no length


def test_a_narrow_learning_rate_range_gets_distinct_two_digit_labels(plots: MetricPlots) -> None:
    plots.add_run("r1", "two epochs of cosine")
    plots.append_epoch("r1", 1, 1.0, 0.5, 1.0, 0.5, 0.003)
    plots.append_epoch("r1", 2, 1.0, 0.5, 1.0, 0.5, 0.0025)
    plots.redraw()
    plot = plots.plot("lr")
    plot.enableAutoRange()
    axis = plot.getAxis("left")
    values = [v for _spacing, level in axis.tickValues(*plot.viewRange()[1], 300) for v in level]
    labels = axis.tickStrings(values, 1.0, 1.0)
    # Before: one label ("0.003") for the whole axis. Now round values a step apart, none repeated.
    assert len(labels) >= 2 and len(set(labels)) == len(labels)
    assert all(0.002 <= float(label) <= 0.0035 for label in labels), labels


# --------------------------------------------------------------------------------------------- change marks
def test_a_paused_change_is_marked_on_every_plot_and_follows_its_run(plots: MetricPlots) -> None:
    """Issue 15.8: where a paused run's settings changed, each plot shows a line labelled with the change."""
    plots.add_run("r1", "first")
    plots.add_run("r2", "second", current=False)
    plots.add_change("r1", 1.5, "lr → 0.001", "Changed at epoch 1.50: learning rate 0.05 → 0.001")
    assert plots.changes("r1") == [(1.5, "lr → 0.001")] and plots.changes("r2") == []
    lines = [
        item for item in plots.plot("accuracy").items if getattr(item, "value", None) and item.value() == 1.5
    ]
    assert len(lines) == 1  # unlabelled there; the loss plot carries the label
    for name in ("loss", "accuracy", "lr"):
        marks = [line for key, line in plots._drawn_run("r1").change_lines if key == name]
        assert len(marks) == 1 and marks[0] in plots.plot(name).items and marks[0].value() == 1.5
    loss_mark = next(line for key, line in plots._drawn_run("r1").change_lines if key == "loss")
    assert loss_mark.toolTip().startswith("Changed at epoch 1.50")
    assert loss_mark.pen.color().name() == plots.run_colour("r1").name()

    plots.set_run_visible("r1", False)
    assert not loss_mark.isVisible()
    plots.set_run_visible("r1", True)
    assert loss_mark.isVisible()

    plots.set_changes("r1", [(0.5, "frozen: 1", ""), (2.25, "dropout → 0.50", "")])  # a reopened history
    assert plots.changes("r1") == [(0.5, "frozen: 1"), (2.25, "dropout → 0.50")]
    assert loss_mark not in plots.plot("loss").items
    plots.remove_run("r1")
    assert not any(
        getattr(item, "value", None) and item.value() in (0.5, 2.25) for item in plots.plot("lr").items
    )


def test_only_one_runs_marks_are_labelled_so_labels_never_stack(plots: MetricPlots) -> None:
    """Three runs of a lesson on one loss plot: their "best epoch" and "lr -> 0.0003" labels sat on top of
    each other at 1366x768 (the journey's screenshots). The current run's marks are labelled; the others
    keep their lines, unlabelled."""

    def labelled(run_id: str) -> list[bool]:
        best = plots.best_line(run_id).label.isVisible()
        changes = [
            line.label.isVisible() for key, line in plots._drawn_run(run_id).change_lines if key == "loss"
        ]
        return [best, *changes]

    for k, run in enumerate(("r1", "r2", "r3"), start=1):
        plots.add_run(run, f"Run {k}", current=False)  # as a reopened project's runs are added
        plots.set_best_epoch(run, 2 + k)
        plots.add_change(run, 1.5, "lr → 0.0003")
    assert plots.current_run() == "r1"
    assert labelled("r1") == [True, True] and labelled("r2") == labelled("r3") == [False, False]
    plots.set_current_run("r3")
    assert labelled("r3") == [True, True] and labelled("r1") == labelled("r2") == [False, False]
    assert plots.best_line("r2").isVisible()  # the mark itself stays
    plots.remove_run("r3")
    assert plots.current_run() == "r2" and labelled("r2") == [True, True] and labelled("r1") == [False, False]
