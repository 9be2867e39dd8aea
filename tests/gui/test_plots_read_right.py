"""The curves read right at the sizes a class sees them: measured geometry, not settings.

Each test draws the plots the way the Train page does (horizontal, three plots) at the size they get on a
1366 x 768 screen, or smaller, and checks what is on screen: the epoch axis's ticks and title, the legend
against every data point, the best-epoch label against its plot, the learning-rate title against its tick
labels, in the normal font and in presenter mode's.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from cnnstudio.ui.widgets.metric_plots import MetricPlots
from cnnstudio.ui.widgets.plot_items import inside_anchor

# The curves panel of the Train page on a 1366 x 768 screen measured about 770 x 250 pixels.
SMALL = (770, 250)


@pytest.fixture
def train_page_plots(qtbot) -> MetricPlots:
    widget = MetricPlots(orientation=Qt.Orientation.Horizontal)
    qtbot.addWidget(widget)
    widget.resize(*SMALL)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def presenter_font(qapp):
    """The application font made 1.6 times larger, as presenter mode does, and restored afterwards."""
    original = qapp.font()
    font = qapp.font()
    font.setPointSizeF(original.pointSizeF() * 1.6)
    qapp.setFont(font)
    yield font
    qapp.setFont(original)


def settle(plots: MetricPlots) -> None:
    """Redraw, then paint twice: pyqtgraph sizes axes to the tick labels it has just drawn."""
    plots.redraw()
    for _ in range(3):
        QApplication.processEvents()
        plots.grab()


def two_epochs(plots: MetricPlots, run_id: str = "r1", name: str = "Run 1", lrs=(0.003, 0.0025)) -> None:
    """What the default project shows after two epochs: batch losses, epoch points, a best epoch."""
    plots.add_run(run_id, name)
    for step in range(1, 201):
        plots.append_batch(run_id, step / 100, 1.8 - step * 0.005)
    plots.append_epoch(run_id, 1, 1.4, 0.40, 0.95, 0.61, lrs[0])
    plots.append_epoch(run_id, 2, 0.75, 0.70, 0.55, 0.81, lrs[1])
    plots.set_best_epoch(run_id, 2)


def scene_rect_in(plots: MetricPlots, item) -> QRectF:
    """``item``'s bounding rectangle in ``plots``' coordinates (a graphics item inside the canvas)."""
    canvas = plots._canvas
    polygon = canvas.mapFromScene(item.sceneBoundingRect())
    return QRectF(polygon.boundingRect()).translated(QPointF(canvas.mapTo(plots, canvas.rect().topLeft())))


def data_points(plots: MetricPlots, run_id: str) -> list[QPointF]:
    """Every drawn point of the run, in ``plots``' coordinates."""
    points = []
    for series in ("batch_loss", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "lr"):
        curve = plots.curve(run_id, series)
        x, y = curve.getData()
        if x is None:
            continue
        view = curve.getViewBox()
        for px, py in zip(x, y):
            if np.isfinite(py):
                scene = view.mapViewToScene(QPointF(float(px), float(py)))
                points.append(QPointF(plots._canvas.mapFromScene(scene)) + QPointF(plots._canvas.pos()))
    return points


# --------------------------------------------------------------------------------------------- epoch axis
def test_the_first_epoch_is_shown_in_decimals_of_an_epoch(train_page_plots: MetricPlots) -> None:
    plots = train_page_plots
    plots.add_run("r1", "Run 1")
    for step in range(1, 9):  # the first eight batches of 125: epoch 0.008 at most
        plots.append_batch("r1", step / 1000, 1.8)
    settle(plots)
    axis = plots.plot("loss").getAxis("bottom")
    # Before: "epoch (x0.001)" with ticks 100, 200, 800.
    assert axis.label.toPlainText().strip() == "epoch"
    low, high = plots.plot("loss").viewRange()[0]
    assert low == pytest.approx(0, abs=1e-9) and high >= 1.0  # the epoch the batches belong to
    values = [v for _spacing, level in axis.tickValues(low, high, 300) for v in level]
    labels = axis.tickStrings(values, axis.scale, 1)
    assert labels and all(0 <= float(label) <= 1 for label in labels), labels


# --------------------------------------------------------------------------------------------- legend
@pytest.mark.parametrize("runs", [1, 6])
def test_the_legend_covers_no_data_point(train_page_plots: MetricPlots, runs: int) -> None:
    plots = train_page_plots
    for i in range(runs):
        two_epochs(plots, f"r{i}", f"Run {i + 1} with a longer name")
    settle(plots)
    legend = plots.legend().geometry()
    assert legend.isValid() and plots.rect().contains(legend)
    for i in range(runs):
        points = data_points(plots, f"r{i}")
        assert len(points) > 200
        inside = [p for p in points if legend.contains(p.toPoint())]
        # Before: the legend sat in the accuracy plot, over the epoch-1 points.
        assert not inside, inside[:3]
    for name in ("loss", "accuracy", "lr"):  # nor any part of a plot
        view = scene_rect_in(plots, plots.plot(name).getViewBox())
        assert not QRectF(legend).intersects(view), name


def test_the_legend_shows_every_entry_in_a_narrow_panel(train_page_plots: MetricPlots) -> None:
    """Runs that do not fit one row wrap to the next: none is cut off or pushed out of the widget."""
    plots = train_page_plots
    plots.resize(360, 300)
    for i in range(6):
        plots.add_run(f"r{i}", f"Run {i + 1}")
    settle(plots)
    for text in plots.legend().texts():
        entry = next(
            e for e in plots.legend().findChildren(type(plots.legend().entry("r0"))) if e.text() == text
        )
        assert entry.isVisible() and plots.legend().rect().contains(entry.geometry()), text


# --------------------------------------------------------------------------------------------- best epoch
@pytest.mark.parametrize("width", [SMALL[0], 420])
@pytest.mark.parametrize(("epochs", "best"), [(2, 1), (2, 2), (1, 1), (10, 1), (10, 10), (10, 5)])
def test_the_best_epoch_label_is_never_clipped(train_page_plots, width, epochs, best) -> None:
    plots = train_page_plots
    plots.resize(width, SMALL[1])
    plots.add_run("r1", "Run 1")
    for epoch in range(1, epochs + 1):
        plots.append_epoch("r1", epoch, 1 / epoch, 1 - 0.5 / epoch, 1.2 / epoch, 0.9 - 0.4 / epoch, 0.001)
    plots.set_best_epoch("r1", best)
    settle(plots)
    label = plots.best_line("r1").label
    # The long wording where it fits beside the line, the short one in a narrow plot.
    assert label.isVisible() and label.toPlainText() in (f"best epoch {best}", f"best {best}")
    if width == SMALL[0]:
        assert label.toPlainText() == f"best epoch {best}"
    view = scene_rect_in(plots, plots.plot("loss").getViewBox())
    text = scene_rect_in(plots, label)
    # Before: "best epoch 1" was drawn left of its line and cut to "h 1" by the plot's left edge.
    assert view.contains(text), (view, text)


def test_inside_anchor_prefers_a_side_and_pushes_when_neither_fits() -> None:
    assert inside_anchor(80, room_left=20, room_right=200) == 0.0  # right of the line
    assert inside_anchor(80, room_left=200, room_right=20) == 1.0  # left of it
    anchor = inside_anchor(80, room_left=50, room_right=50)  # neither: straddle, both ends inside
    assert 80 * anchor <= 50 and 80 * (1 - anchor) <= 50


# --------------------------------------------------------------------------------------------- axis titles
def tick_text_rects(axis) -> list[QRectF]:
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [QRectF(rect) for rect, _flags, _text in specs[2]]


def title_rect(axis) -> QRectF:
    """The title's text (without the text item's own margin) in the axis's coordinates."""
    margin = axis.label.document().documentMargin()
    rect = axis.label.boundingRect().adjusted(margin, margin, -margin, -margin)
    return axis.label.mapRectToParent(rect)


@pytest.mark.parametrize(
    "lrs",
    [(0.003, 0.0025), (0.0028, 0.0026), (0.1, 1e-5), (3e-3, 2.9e-3)],
    ids=["narrow", "tiny", "wide", "flat"],
)
def test_axis_titles_never_overlap_their_tick_labels(train_page_plots, lrs) -> None:
    plots = train_page_plots
    two_epochs(plots, lrs=lrs)
    settle(plots)
    for name in ("loss", "accuracy", "lr"):
        axis = plots.plot(name).getAxis("left")
        title, ticks = title_rect(axis), tick_text_rects(axis)
        assert ticks, name
        # Before: a fixed 54-pixel axis put "learning rate" on top of "0.0028".
        overlapping = [t for t in ticks if t.intersects(title)]
        assert not overlapping, (name, title, overlapping)
        assert all(t.left() >= 0 for t in ticks), name


# --------------------------------------------------------------------------------------------- presenter
def test_presenter_mode_enlarges_the_plots_text(train_page_plots, presenter_font) -> None:
    plots = train_page_plots
    two_epochs(plots)
    settle(plots)
    size = presenter_font.pointSizeF()
    for name in ("loss", "accuracy", "lr"):
        for side in ("left", "bottom"):
            axis = plots.plot(name).getAxis(side)
            assert axis.style["tickFont"].pointSizeF() == pytest.approx(size), (name, side)
            assert axis.label.font().pointSizeF() == pytest.approx(size), (name, side)
        axis = plots.plot(name).getAxis("left")
        assert not [t for t in tick_text_rects(axis) if t.intersects(title_rect(axis))], name
    assert plots.best_line("r1").label.textItem.font().pointSizeF() == pytest.approx(size)
    assert plots.legend().entry("r1").font().pointSizeF() == pytest.approx(size)
    view = scene_rect_in(plots, plots.plot("loss").getViewBox())
    assert view.contains(scene_rect_in(plots, plots.best_line("r1").label))


def test_leaving_presenter_mode_shrinks_the_axes_again(train_page_plots, qapp) -> None:
    plots = train_page_plots
    two_epochs(plots)
    settle(plots)
    before = plots.plot("lr").getAxis("left").width()
    original = qapp.font()
    big = qapp.font()
    big.setPointSizeF(original.pointSizeF() * 2)
    qapp.setFont(big)
    settle(plots)
    grown = plots.plot("lr").getAxis("left").width()
    qapp.setFont(original)
    settle(plots)
    assert grown > before * 1.3
    assert plots.plot("lr").getAxis("left").width() == pytest.approx(before, abs=math.ceil(before * 0.1))


# --------------------------------------------------------------------------------------------- runs list
def test_the_legend_follows_the_runs_list(qtbot, tmp_path) -> None:
    """A finished run stays until the project changes: New from template leaves no "Run 1" behind."""
    from cnnstudio.core.project import default_project
    from cnnstudio.core.templates import make_template
    from cnnstudio.ui.document import ProjectDocument
    from cnnstudio.ui.train.runs_panel import RunsPanel

    document = ProjectDocument(default_project())
    plots = MetricPlots(orientation=Qt.Orientation.Horizontal)
    panel = RunsPanel(document, plots)
    qtbot.addWidget(plots)
    qtbot.addWidget(panel)
    plots.add_run("run-1", "Run 1", current=True)  # as the Train page starts a run
    panel.set_live_run("run-1", "Run 1")
    assert plots.legend().texts()[-1] == "Run 1"
    document.add_run({"id": "run-1", "name": "Run 1", "folder": str(tmp_path)})  # it ends and is recorded
    panel.set_live_run(None)
    assert plots.run_ids() == ["run-1"]
    plots.legend().entry("run-1").click()  # hidden from the legend: unticked in the list too
    assert panel.list.item(0).checkState() == Qt.CheckState.Unchecked
    document.replace_all(make_template("lenet5"), None)  # File > New from template
    # Before: the current run was kept, and the legend still said "Run 1" beside an empty list.
    assert plots.run_ids() == [] and panel.list.count() == 0
    assert "Run 1" not in plots.legend().texts()


def test_axis_titles_are_whole_in_a_short_panel_in_presenter_mode(train_page_plots, presenter_font) -> None:
    """Squeezed by presenter mode's larger text on a 768-pixel screen, the plots kept 60 pixels of height
    and "learning rate", written upwards, lost both ends; now the plots keep the height their titles need."""
    plots = train_page_plots
    two_epochs(plots)
    plots.resize(SMALL[0], 120)
    settle(plots)
    for name in ("loss", "accuracy", "lr"):
        axis = plots.plot(name).getAxis("left")
        title, bounds = title_rect(axis), axis.boundingRect()
        assert bounds.top() <= title.top() and title.bottom() <= bounds.bottom(), name


def test_empty_plots_forget_the_previous_projects_ranges(train_page_plots, qtbot, tmp_path) -> None:
    """After opening a project without runs, the plots showed the last project's 30 epochs and its loss
    scale, zoom included, with nothing in them: they start over as a new window's plots do."""
    from cnnstudio.core.project import default_project
    from cnnstudio.ui.document import ProjectDocument
    from cnnstudio.ui.train.runs_panel import RunsPanel

    plots = train_page_plots
    fresh = {name: plots.plot(name).getViewBox().viewRange() for name in ("loss", "accuracy", "lr")}
    document = ProjectDocument(default_project())
    panel = RunsPanel(document, plots)
    qtbot.addWidget(panel)
    plots.add_run("run-1", "Run 1")
    for epoch in range(1, 31):
        plots.append_epoch("run-1", epoch, 9.0 / epoch, 0.1, 8.0 / epoch, 0.2, 0.1 / epoch)
    document.add_run({"id": "run-1", "number": 1, "folder": str(tmp_path)})
    settle(plots)
    plots.plot("loss").getViewBox().scaleBy((0.5, 0.5))  # the user zoomed in
    settle(plots)
    assert plots.plot("loss").getViewBox().viewRange()[0][1] > 10
    document.replace_all(default_project(), None)  # File > Open of a project without runs
    settle(plots)
    assert plots.run_ids() == []
    for name, (x_range, y_range) in fresh.items():
        shown = plots.plot(name).getViewBox().viewRange()
        assert shown[0] == pytest.approx(x_range) and shown[1] == pytest.approx(y_range), name
    plots.add_run("run-2", "Run 1")  # and the next run's data is fitted again, not the old zoom
    plots.append_epoch("run-2", 1, 2.0, 0.5, 1.5, 0.6, 0.01)
    plots.append_epoch("run-2", 2, 1.0, 0.7, 1.2, 0.7, 0.01)
    settle(plots)
    x_range, y_range = plots.plot("loss").getViewBox().viewRange()
    assert x_range[1] < 5 and y_range[0] <= 1.0 and y_range[1] >= 2.0
