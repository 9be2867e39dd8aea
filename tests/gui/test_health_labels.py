"""The Training health charts' layer labels fit the room each layer has: on a 1366 x 768 screen in presenter
mode, nine layers' names overprinted each other; now they are whole, shortened or numbers (thinned), never
touching, and hovering a layer's column shows its full name. The chart itself stays in sight: its long
title no longer widens it past its pane (which hid the last layers), and the page scrolls rather than
squeezing the charts under their axes. Measured on what pyqtgraph draws (the label
rectangles of the axis's last paint), in English and in Chinese."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QMouseEvent
from PySide6.QtWidgets import QApplication
from studio_fixtures import tiny_project, train_tiny_run

from cnnstudio.core import specs as S
from cnnstudio.core.health import HEALTH_FILE, HealthRecord
from cnnstudio.ui import i18n
from cnnstudio.ui.train.health_plots import LABEL_GAP_PX, fitted_labels
from cnnstudio.ui.train.shown_run import ShownRun

WEIGHTED = 9  # layers with weights, each a column of the charts


@pytest.fixture(scope="module")
def deep_run(tmp_path_factory):
    layers = (S.Flatten(), *[x for _ in range(WEIGHTED - 1) for x in (S.Linear(out_features=8), S.ReLU())],
              S.Linear(out_features=3))  # fmt: skip
    folder = tmp_path_factory.mktemp("deep")
    project = train_tiny_run(folder, tiny_project(epochs=1).replace(layers=layers))
    return project, folder


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qapp):
    assert i18n.install_language(qapp, request.param)
    yield request.param
    i18n.install_language(qapp, "en")


def _shown_health(window, deep_run):
    project, folder = deep_run
    page = window.training
    view = page.views.health
    page.tabs.setCurrentWidget(view)
    view.set_run(
        ShownRun("r", "Run 1", project, folder, health=HealthRecord.load(folder / HEALTH_FILE).epochs)
    )
    for _ in range(3):
        QApplication.processEvents()
    return view


def test_presenter_mode_on_a_1366_screen_labels_never_touch(language, deep_run, make_window, qtbot) -> None:
    window = make_window(tiny_project(), size=(1366, 768))
    window.tabs.setCurrentWidget(window.training)
    window.presenter_action.trigger()
    try:
        view = _shown_health(window, deep_run)
        for plot in (view.flow, view.ratio):
            axis = plot.layer_axis
            plot.grab()  # paints the chart: the axis measures and places its labels
            names = axis.names
            assert len(names) == WEIGHTED
            drawn = sorted(axis.drawn, key=lambda label: label.left)
            assert drawn, "some labels are drawn"
            for before, after in itertools.pairwise(drawn):
                assert after.left - before.right >= 1, f"{before.text!r} touches {after.text!r}"
            width = axis.boundingRect().width()
            # the whole chart is in sight: its title does not widen it, the page gives it its height
            assert (
                axis.geometry().right() <= plot.width() + 1
                and plot.plotItem.geometry().width() <= plot.width() + 1
            )
            assert plot.height() >= plot.minimumHeight()
            left = plot.getAxis("left")  # its upright title fits along it, not cut at both ends
            assert left.label.boundingRect().width() <= left.geometry().height()
            assert all(label.left >= 0 and label.right <= width for label in drawn)
            metrics = QFontMetricsF(axis.style["tickFont"])
            whole = sum(metrics.horizontalAdvance(name) + LABEL_GAP_PX for name in names)
            assert whole > width, "the whole names would not fit: this is the case that overlapped"
            numbers = {name.split(" ")[0]: name for name in names}
            for label in drawn:  # a number, or a name cut short from the end
                assert label.text in numbers or any(
                    label.text.endswith("…") and name.startswith(label.text[:-1]) for name in names
                ), label.text
            # the full name under the pointer, for every column, by real mouse moves
            box = plot.plotItem.vb
            for i, _name in enumerate(names):
                scene = box.mapViewToScene(
                    QPointF(i, box.viewRange()[1][0] + 0.5 * (box.viewRange()[1][1] - box.viewRange()[1][0]))
                )
                at = plot.mapFromScene(scene)
                move = QMouseEvent(
                    QEvent.Type.MouseMove, QPointF(at), QPointF(plot.viewport().mapToGlobal(at)),
                    Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                )  # fmt: skip
                qtbot.wait(40)  # pyqtgraph passes on at most one pointer move per ~1/60 s
                QApplication.sendEvent(plot.viewport(), move)  # the pointer over the column
                layer = view.epochs()[-1].layers[i]
                full = view.layer_name(layer.path, layer.type)
                qtbot.waitUntil(lambda plot=plot, full=full: plot.toolTip() == full)
    finally:
        window.presenter_action.trigger()


def test_a_wide_chart_keeps_the_whole_names(deep_run, make_window) -> None:
    window = make_window(tiny_project(), size=(1900, 1000))
    view = _shown_health(window, deep_run)
    view.flow.grab()
    assert [label.text for label in view.flow.layer_axis.drawn] == view.flow.layer_axis.names


def test_fitted_labels_shorten_then_number_then_thin() -> None:
    metrics = QFontMetricsF(QFont())
    names = [f"{i} Conv2d" for i in range(10)]
    whole = max(metrics.horizontalAdvance(n) for n in names) + LABEL_GAP_PX
    assert fitted_labels(names, whole, metrics) == names
    short = fitted_labels(names, whole - 1, metrics)
    assert all(s.endswith("…") and n.startswith(s[:-1]) for s, n in zip(short, names))
    digit = metrics.horizontalAdvance("0") + LABEL_GAP_PX
    assert fitted_labels(names, digit, metrics) == [str(i) for i in range(10)]
    thinned = fitted_labels(names, digit / 2.5, metrics)
    assert thinned == ["0", "", "", "3", "", "", "6", "", "", "9"]
