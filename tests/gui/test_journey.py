"""The lesson journey of issue 12, walked through the window as a teacher walks it, in one test:

template -> edit -> train 2 epochs -> save -> close -> reopen (maps, results, teaching tools present) ->
insert a layer (no view shows old maps under a new name) -> redo by keyboard -> Chinese -> presenter mode.

Every step goes through what a user reaches: the template dialog, the inspector's spin box, the settings
panel, the Start button, File > Save as, closing the window, opening the file, a double click in the
palette, Ctrl+Z / Ctrl+Shift+Z, the language preference and a restart, F11. The truth each view is checked
against is the run's own network (the core's shapes) and what was measured before the window was closed.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from cnnstudio.core.layer_rules import shape_text
from cnnstudio.ui.template_dialog import TemplateDialog

TEMPLATE = "lenet5"  # 1x32x32 digits (built in), conv-pool-conv-pool-FC: two epochs take seconds


def click(widget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def keys(window, sequence: str) -> None:
    QTest.keySequence(window, QKeySequence(sequence))


def labelled_like_their_maps(page) -> int:
    """Every layer the activation view lists announces the shape of the maps it shows (checked: count)."""
    chooser, shown = page.activations.layer, page.views.shown
    for row in range(chooser.count()):
        chooser.setCurrentIndex(row)
        maps = shown.snapshot(page.probe.selected()).activations[chooser.current_path()]
        assert shape_text(maps.shape) in chooser.itemText(row), (chooser.itemText(row), maps.shape)
    return chooser.count()


def double_click_palette(window, kind: str) -> None:
    palette = window.design.palette_tree
    item = palette.item_for(kind)
    palette.scrollToItem(item)
    QApplication.processEvents()  # the page was just brought to the front: let it lay out
    point = palette.visualItemRect(item).center()
    QTest.mouseClick(palette.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTest.mouseDClick(palette.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


@pytest.fixture
def english_after(prefs):
    yield
    from cnnstudio.ui.i18n import install_language

    install_language(QApplication.instance(), "en")
    font = QApplication.instance().font()
    base = prefs.value("base_point_size", None, type=float)
    if base:
        font.setPointSizeF(base)
        QApplication.instance().setFont(font)


@pytest.mark.slow
def test_the_lesson_journey(make_window, qtbot, tmp_path, monkeypatch, prefs, english_after) -> None:
    # -- prepare at home: a template, an edit, two epochs ---------------------------------------------------
    window = make_window()
    monkeypatch.setattr(TemplateDialog, "exec", lambda self: self.choose(TEMPLATE) or True)
    window.template_action.trigger()
    doc = window.document
    assert doc.project.name.lower().startswith("lenet")
    window.design.tree.setFocus()
    doc.select((0,))
    window.design.inspector.editor("out_channels").box.setValue(8)  # the first conv: 6 -> 8 filters
    assert doc.project.layers[0].out_channels == 8
    page = window.training
    window.tabs.setCurrentWidget(page)
    page.settings_panel.editors[("training", "epochs")].setValue(2)
    with qtbot.waitSignal(page.run_finished, timeout=120_000):
        click(page.start_button)
    qtbot.waitUntil(lambda: not page.controller.is_running(), timeout=60_000)
    page.drain()
    assert page.views.note.text() == "Showing Run 1" and page.probe.slider.maximum() == 2
    page.activations.layer.select_path((0,))
    trained_maps = page.activations.grid.maps()
    assert trained_maps.shape == (8, 28, 28)
    confusion = page.results.confusion.copy()
    path = tmp_path / "lesson.cnnproj.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))
    window.save_as_action.trigger()
    assert path.is_file() and not doc.is_modified()
    window.close()

    # -- in class: reopen, everything is there without training ---------------------------------------------
    window = make_window()
    assert window.open_file(path)
    page, doc = window.training, window.document
    window.tabs.setCurrentWidget(page)
    assert page.views.note.text() == "Showing Run 1" and page.probe.slider.maximum() == 2
    page.activations.layer.select_path((0,))
    np.testing.assert_array_equal(page.activations.grid.maps(), trained_maps)
    assert labelled_like_their_maps(page) == len(doc.project.layers)
    page.tabs.setCurrentWidget(page.pooling)
    assert page.pooling.layer.count() == 2 and page.pooling.before.map_count() == 8
    page.tabs.setCurrentWidget(page.results_view)
    np.testing.assert_array_equal(page.results_view.results.confusion, confusion)
    assert page.results_view.confusion.rowCount() == 10 and page.results_view.examples.count() > 0
    window.tabs.setCurrentWidget(window.teaching)
    teach = window.teaching.content
    teach.tabs.setCurrentWidget(teach.saliency)
    teach.refresh()
    assert page.trained_model() is not None and teach.saliency.hint_label.text() == ""  # the trained model
    assert not teach.note.isVisible()

    # -- edit after training: insert a layer; no view shows the old maps under a new name --------------------
    window.tabs.setCurrentWidget(window.design)
    doc.select((0,))
    double_click_palette(window, "relu")  # a ReLU after the first conv
    assert len(doc.project.layers) == 13 and doc.project.layers[1].type == "relu"
    window.tabs.setCurrentWidget(page)
    page.tabs.setCurrentWidget(page.activations)
    assert "Run 1, made with an earlier network" in page.views.note.text()
    assert labelled_like_their_maps(page) == 12  # the run's own 12 layers, each with its own maps
    window.tabs.setCurrentWidget(window.teaching)
    assert teach.note.isVisible() and "earlier network" in teach.note.text()
    assert page.trained_model() is None and page.shown_snapshot() is None

    # -- undo and redo by keyboard ---------------------------------------------------------------------------
    window.tabs.setCurrentWidget(window.design)
    window.design.tree.setFocus()
    keys(window, "Ctrl+Z")
    assert len(doc.project.layers) == 12 and page.views.note.text() == "Showing Run 1"
    keys(window, "Ctrl+Shift+Z")
    assert len(doc.project.layers) == 13 and "earlier network" in page.views.note.text()
    keys(window, "Ctrl+Z")
    keys(window, "Ctrl+Y")
    assert len(doc.project.layers) == 13
    keys(window, "Ctrl+Z")  # back to the network of Run 1 for the class
    window.files.save()

    # -- Chinese: the preference, then a restart ------------------------------------------------------------
    prefs.setValue("language", "zh_CN")
    window.close()
    from cnnstudio.ui.i18n import install_saved_language

    assert install_saved_language(QApplication.instance(), prefs) == "zh_CN"
    window = make_window()
    assert window.open_file(path)
    page = window.training
    assert window.tabs.tabText(window.tabs.indexOf(page)) == "训练"
    window.tabs.setCurrentWidget(page)
    assert page.views.note.text().startswith("正在显示") and page.probe.slider.maximum() == 2
    assert page.activations.grid.map_count() == 8

    # -- presenter mode for the projector: F11 --------------------------------------------------------------
    window.activateWindow()  # as clicking into the window does
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    before = page.views.note.font().pointSizeF()
    keys(window, "F11")
    assert window.presenter_action.isChecked()
    qtbot.waitUntil(lambda: page.views.note.font().pointSizeF() > before * 1.2)  # the class can read it
    keys(window, "F11")
    qtbot.waitUntil(lambda: page.views.note.font().pointSizeF() == pytest.approx(before))
    QTest.mouseMove(window, QPoint(1, 1))
