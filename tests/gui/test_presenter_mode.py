"""Presenter mode (F11) enlarges every text a class reads, on every page, and gives it all back.

Measured on the real window: the size of the font each widget draws its text in, before and after F11,
for every label, button, field, tab, header and list item of the Design, Train and Teach pages (the layer
table, formulas, totals line, inspector, the teaching tools...), plus the map titles and plot axes that
pyqtgraph draws.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QTabBar,
    QTableWidget,
    QTreeWidget,
    QWidget,
)

from cnnstudio.ui import presenter
from cnnstudio.ui.preferences import DEFAULT_PRESENTER_SCALE
from cnnstudio.ui.widgets.feature_grid import FeatureMapGrid
from cnnstudio.ui.widgets.metric_plots import MetricPlots

TEXT_WIDGETS = (
    QLabel,
    QAbstractButton,
    QComboBox,
    QAbstractSpinBox,
    QLineEdit,
    QTabBar,
    QGroupBox,
    QHeaderView,
)


def size_of(font: QFont) -> float:
    return font.pointSizeF() if font.pointSizeF() > 0 else font.pixelSize() * 0.75


def text_sizes(window: QWidget) -> dict[tuple, float]:
    """The point size of every text in the window, keyed by where it is (a text may change meanwhile: the
    device list is named in the background) and what it said."""
    sizes: dict[tuple, float] = {}
    for widget in window.findChildren(QWidget):
        name = (type(widget).__name__, id(widget))
        if isinstance(widget, TEXT_WIDGETS) and _text(widget):
            sizes[(*name, _text(widget))] = size_of(widget.font())
        if isinstance(widget, QAbstractItemView):
            for index, (item, text) in enumerate(_items(widget)):
                sizes[(*name, index, text)] = size_of(item.resolve(widget.font()))
    for plots in window.findChildren(MetricPlots):
        for key in ("loss", "accuracy"):
            axis = plots.plot(key).getAxis("left")
            sizes[("axis ticks", id(plots), key)] = size_of(axis.style["tickFont"])
            sizes[("axis title", id(plots), key)] = size_of(axis.label.font())
    for grid in window.findChildren(FeatureMapGrid):
        for i, label in enumerate(grid._labels):
            sizes[("map title", id(grid), i)] = size_of(label.font())
    return sizes


def _same(key: tuple, sizes: dict[tuple, float]) -> tuple:
    """``key`` in ``sizes``, or the key of the same widget or item whose text changed since."""
    return key if key in sizes else next(k for k in sizes if k[:-1] == key[:-1])


def _text(widget: QWidget) -> str:
    if isinstance(widget, QGroupBox):
        return widget.title()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QAbstractSpinBox | QLineEdit):
        return widget.text() if isinstance(widget, QLineEdit) else widget.text() or "0"
    if isinstance(widget, QTabBar):
        return widget.tabText(0)
    if isinstance(widget, QHeaderView):
        return "header"
    return widget.text() if hasattr(widget, "text") else ""


def _items(view: QAbstractItemView):
    if isinstance(view, QTreeWidget):
        stack = [view.topLevelItem(i) for i in range(view.topLevelItemCount())]
        while stack:
            item = stack.pop()
            stack += [item.child(i) for i in range(item.childCount())]
            yield item.font(0), item.text(0)
    elif isinstance(view, QListWidget):
        for row in range(view.count()):
            yield view.item(row).font(), view.item(row).text()
    elif isinstance(view, QTableWidget):
        for row in range(view.rowCount()):
            for col in range(view.columnCount()):
                if view.item(row, col) is not None:
                    yield view.item(row, col).font(), view.item(row, col).text()


@pytest.fixture
def every_page(make_window, qtbot):
    """The window with all its pages built: the Teach page's tools, a map grid with maps and titles."""
    window = make_window()
    window.tabs.setCurrentWidget(window.teaching)
    teach = window.teaching.ensure_built()
    for index in range(teach.tabs.count()):
        teach.tabs.setCurrentIndex(index)
        QApplication.processEvents()
    window.training.activations.grid.set_maps(np.random.default_rng(0).random((4, 8, 8), dtype=np.float32))
    window.tabs.setCurrentWidget(window.design)
    window.design.tree.setCurrentItem(window.design.tree.topLevelItem(0))  # the inspector's form and formulas
    QApplication.processEvents()
    yield window
    if window.presenter_action.isChecked():
        window.presenter_action.trigger()


def test_f11_enlarges_every_text_and_gives_it_back(every_page, qtbot) -> None:
    window = every_page
    before = text_sizes(window)
    assert len(before) > 300  # the layer table, settings, teaching tools...: all counted
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.presenter_action.isChecked() and presenter.scale() == DEFAULT_PRESENTER_SCALE
    QApplication.processEvents()
    during = text_sizes(window)
    # Before: labels with a style sheet (the totals line, grey captions, status lines), fonts of a size of
    # their own (the inspector's title and formulas, the teaching tools' text), map titles, plot axes.
    unchanged = [k for k in before if during[_same(k, during)] < before[k] * (DEFAULT_PRESENTER_SCALE - 0.1)]
    assert not unchanged, f"{len(unchanged)} texts not enlarged: {unchanged[:15]}"
    qtbot.keyClick(window, Qt.Key.Key_F11)
    QApplication.processEvents()
    after = text_sizes(window)
    changed = [k for k in before if abs(after[_same(k, after)] - before[k]) > 0.05]
    assert not changed, f"{len(changed)} texts not back to their size: {changed[:15]}"


def test_the_layer_table_columns_widen_with_presenter_mode(every_page, qtbot) -> None:
    """The output column fitted "16 x 32 x 32" in the normal font; enlarged, it must not read "16 x 3…"."""
    tree = every_page.design.tree
    every_page.presenter_action.trigger()
    QApplication.processEvents()
    metrics = tree.fontMetrics()
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        for column in (1, 2):
            assert metrics.horizontalAdvance(item.text(column)) <= tree.columnWidth(column), item.text(column)
