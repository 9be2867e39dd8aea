"""The Design page driven as a user: drop, edit, see sizes and errors change, undo, move, duplicate, delete."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape
from cnnstudio.ui.design.network_tree import layer_mime
from cnnstudio.ui.theme import Tone, colour

Position = QAbstractItemView.DropIndicatorPosition


def test_drop_conv_from_palette_then_change_stride_and_see_sizes_below_change(window, qtbot) -> None:
    page, tree = window.design, window.design.tree
    palette_item = page.palette_tree.item_for("conv2d")
    data = page.palette_tree.mimeData([palette_item])
    target = tree.drop_target(tree.row((3,)), Position.BelowItem)  # after the max pool
    assert target == (4,)
    assert tree.drop(data, target)
    assert window.document.project.layers[4] == S.Conv2d(out_channels=16, kernel_size=3, padding=1)
    assert tree.row((4,)).text(1) == "16 x 16 x 16"
    assert tree.row((7,)).text(1) == "32 x 8 x 8"  # the average pool, two layers further down

    stride = page.inspector.editor("stride")
    assert window.document.selected_path == (4,)
    stride.h.setValue(2)
    assert window.document.project.layers[4].stride == 2
    assert tree.row((4,)).text(1) == "16 x 8 x 8"
    assert tree.row((7,)).text(1) == "32 x 4 x 4"
    assert "H = floor((16 + 2*1 - 1*(3-1) - 1) / 2) + 1 = 8" in page.inspector.formulas.text()


def test_impossible_kernel_turns_the_card_red_with_the_fix_and_undo_restores(window, qtbot) -> None:
    page, tree, doc = window.design, window.design.tree, window.document
    tree.setCurrentItem(tree.row((4,)))
    assert doc.selected_path == (4,)
    page.inspector.editor("kernel_size").h.setValue(25)
    notes = tree.note_texts((4,))
    assert notes and "does not fit in the input's height of 16" in notes[0]
    assert "Fix: set padding to at least 5, or kernel_size to at most 18." in notes[1]
    assert tree.row((4,)).foreground(0).color() == colour(Tone.ERROR)
    assert tree.row((6,)).text(1) == "not computed"
    assert "cannot work" in page.totals.text() and "layers[4]" in window.status.text()
    assert "Fix:" in page.totals.text() or "padding" in page.totals.text()  # why, and what to do
    assert "Fix:" in page.inspector.problem.text()
    assert window.undo_action.text() == "Undo Change Conv2d kernel_size"
    window.undo_action.trigger()
    assert doc.project.report.valid and tree.note_texts((4,)) == []
    assert tree.row((6,)).text(1) == "32 x 8 x 8"


def test_drop_into_residual_and_into_a_concat_branch(window) -> None:
    tree, doc = window.design.tree, window.document
    tree.drop(layer_mime("residual"), (4,))
    tree.drop(layer_mime("relu"), tree.drop_target(tree.row((4,)), Position.OnItem))
    assert doc.project.layers[4].layers[-1] == S.ReLU()
    tree.drop(layer_mime("concat"), (5,))
    branch_row = tree.row((5,)).child(1)
    assert branch_row.text(0) == "branch 1"
    tree.drop(layer_mime("maxpool2d"), tree.drop_target(branch_row, Position.OnItem))
    assert doc.project.layers[5].branches[1][-1] == S.MaxPool2d(kernel_size=2)
    assert "branch 1 gives 8x8 maps but branch 0 gives 16x16" in tree.note_texts((5,))[0]


def test_reorder_by_drag_duplicate_and_delete_with_the_keyboard(window, qtbot) -> None:
    tree, doc = window.design.tree, window.document
    before = doc.project.layers
    tree.drop(_move_mime((8,)), (7,))  # dropout before flatten
    assert doc.project.layers[7] == before[8] and doc.project.layers[8] == before[7]
    tree.setCurrentItem(tree.row((0,)))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert doc.project.layers[1] == before[0] and len(doc.project.layers) == len(before) + 1
    tree.setCurrentItem(tree.row((1,)))
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert len(doc.project.layers) == len(before)
    assert doc.undo_stack.count() == 3


def test_palette_double_click_inserts_after_the_selection(window) -> None:
    page, doc = window.design, window.document
    doc.select((1,))
    page.palette_tree.itemDoubleClicked.emit(page.palette_tree.item_for("dropout2d"), 0)
    assert doc.project.layers[2].type == "dropout2d" and doc.selected_path == (2,)


def test_input_size_edit_updates_every_layer(window) -> None:
    window.design.input_bar.boxes[1].setValue(64)
    window.design.input_bar.boxes[2].setValue(64)
    assert window.design.tree.row((6,)).text(1) == "32 x 16 x 16"


def test_pool_kind_switch_keeps_the_window(window) -> None:
    window.document.select((3,))
    window.design.inspector.pool_kind.setCurrentIndex(1)
    assert window.document.project.layers[3] == S.AvgPool2d(kernel_size=2)


def _move_mime(path):
    import json

    from PySide6.QtCore import QByteArray, QMimeData

    from cnnstudio.ui.design.network_tree import MOVE_MIME

    data = QMimeData()
    data.setData(MOVE_MIME, QByteArray(json.dumps(list(path)).encode()))
    return data


def test_template_dialog_generates_the_cs231n_pattern_from_its_numbers(qtbot) -> None:
    from cnnstudio.core import specs as S
    from cnnstudio.ui.template_dialog import TemplateDialog

    dialog = TemplateDialog()
    qtbot.addWidget(dialog)
    dialog.choose("lenet5")
    assert not dialog.arguments.isVisible() and dialog.project.name == "LeNet-5"
    dialog.choose("cs231n")
    dialog.show()
    assert dialog.arguments.isVisible()
    editors = dialog.argument_editors
    editors["n"].setValue(1)
    editors["m"].setValue(2)
    editors["k"].setValue(1)
    layers = dialog.project.layers
    convs = [spec for spec in layers if isinstance(spec, S.Conv2d)]
    linears = [spec for spec in layers if isinstance(spec, S.Linear)]
    assert len(convs) == 2 and len(linears) == 2  # N*M convs, K hidden FC + the output FC
    assert f"{dialog.project.report.total_params:,}" in dialog.detail.text()
    editors["m"].setValue(5)
    editors["input_size"].setValue(8)  # five 2x2 pools cannot fit in 8x8: the dialog says where it fails
    assert "layers[" in dialog.detail.text()


def test_toolbar_undo_keeps_a_short_label_and_the_menu_names_the_step(window) -> None:
    doc = window.document
    assert not window.undo_button.isEnabled()
    doc.set_field((0,), "kernel_size", 5)
    assert window.undo_button.isEnabled() and window.undo_button.text() == "Undo"
    assert window.undo_action.text() != "Undo" and window.undo_action.text().startswith("Undo")
    window.undo_button.trigger()
    assert doc.project.layers[0].kernel_size == 3
    assert window.redo_button.isEnabled()
    assert window.delete_action.shortcut().toString() == "Del"


def test_sizes_that_grow_wider_are_never_cut_off_and_red_rows_recover(window) -> None:
    tree, doc = window.design.tree, window.document
    metrics = tree.fontMetrics()

    def fits(path: tuple[int, ...], column: int) -> bool:
        return metrics.horizontalAdvance(tree.row(path).text(column)) < tree.columnWidth(column)

    assert doc.set_field((0,), "out_channels", 123456) is None  # far wider shape and parameter texts
    assert tree.row((0,)).text(1).startswith("123456 x") and fits((0,), 1) and fits((0,), 2)
    assert doc.set_field((0,), "kernel_size", 99) is None  # the row turns red ...
    assert tree.row((0,)).background(1).color() == colour(Tone.ERROR_FILL)
    doc.undo_stack.undo()  # ... and back to normal, its colours too, and the texts still fit
    assert tree.row((0,)).background(1).style() == Qt.BrushStyle.NoBrush
    assert fits((0,), 1) and fits((0,), 2)


def test_values_beyond_the_editors_usual_range_are_shown_as_they_are(window) -> None:
    """A file may hold 10,000 filters or a 2048-pixel input: the editors show them, never a clamped value
    that a later edit of a neighbouring box would write back."""
    page, doc = window.design, window.document
    doc.set_input(InputShape(200, 2048, 32))
    assert [box.value() for box in page.input_bar.boxes] == [200, 2048, 32]
    page.input_bar.boxes[2].setValue(33)  # the width; the channels and the height stay as they were
    assert doc.project.input == InputShape(200, 2048, 33)
    assert doc.set_field((4,), "out_channels", 12345) is None
    doc.select((4,))
    assert page.inspector.editor("out_channels").box.value() == 12345


def test_the_volume_diagram_gives_every_label_room_and_boxes_select_their_layer(window, qtbot) -> None:
    diagram, doc = window.design.diagram, window.document
    assert doc.set_field((4,), "out_channels", 12345) is None  # the flatten gives 790,080 values
    diagram.resize(diagram.sizeHint())
    diagram.repaint()
    slots = diagram._slots()
    metrics = diagram.fontMetrics()
    assert "790080" in [label for _path, _kind, _shape, label, _left, _width in slots]
    for (*_, label, left, width), (*_, next_left, _next_width) in pairwise(slots):
        assert metrics.horizontalAdvance(label) <= width and left + width < next_left  # whole, apart
    rect, path = diagram.box_rects()[3]
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert doc.selected_path == path


@pytest.mark.parametrize("show_all", [False, True], ids=["scroll", "show-all"])
def test_the_volume_diagram_of_vgg16_shows_every_layer(window, qtbot, show_all) -> None:
    """Seven boxes and no way to the rest, before: now every volume can be scrolled to, or all fit at once."""
    from cnnstudio.core.templates import make_template

    window.resize(1366, 740)
    window.document.replace_all(make_template("vgg16"), None)
    view, diagram = window.design.diagram_view, window.design.diagram
    view.fit_button.setChecked(show_all)
    QApplication.processEvents()
    diagram.repaint()
    boxes = diagram.box_rects()
    assert len(boxes) == len(diagram._volumes()) > 20  # the input and every layer that changes the shape
    viewport = view.viewport().rect()
    if show_all:
        assert all(
            viewport.contains(view.widget().mapTo(view.viewport(), r.toRect().topLeft())) for r, _ in boxes
        )
        assert all(
            viewport.contains(view.widget().mapTo(view.viewport(), r.toRect().bottomRight()))
            for r, _ in boxes
        )
    else:
        outside = [r for r, _ in boxes if not diagram.rect().contains(r.toRect())]
        assert not outside, (diagram.rect(), outside[:3], diagram.natural_width())  # reachable by scrolling
        assert view.horizontalScrollBar().maximum() > 0 and diagram.zoom() == 1.0
        last = boxes[-1][1]
        window.document.select(last)  # selecting a layer scrolls its volume into view
        rect = diagram.box_rects()[-1][0]
        shown = rect.translated(-view.horizontalScrollBar().value(), 0)
        assert viewport.contains(shown.toRect()), (shown, viewport)


def test_a_non_square_kernel_can_be_made_and_squared_again(window) -> None:
    page, doc = window.design, window.document
    doc.select((4,))
    kernel = page.inspector.editor("kernel_size")
    kernel.square.setChecked(False)  # the refresh after this edit used to tick it again
    assert not kernel.square.isChecked() and kernel.w.isVisibleTo(kernel)
    kernel.w.setValue(5)
    assert doc.project.layers[4].kernel_size == (3, 5)
    assert window.design.tree.row((4,)).text(1) == "32 x 16 x 14"
    kernel.square.setChecked(True)
    assert doc.project.layers[4].kernel_size == 3


def test_batchnorm_eps_is_shown_and_can_be_stepped(window) -> None:
    page, doc = window.design, window.document
    doc.select((1,))
    eps = page.inspector.editor("eps").box
    assert eps.value() == pytest.approx(1e-5) and eps.text() != "0.000"
    eps.stepUp()
    assert doc.project.layers[1].eps == pytest.approx(2e-5)


def test_delete_pressed_again_goes_on_deleting(window, qtbot) -> None:
    """Delete selects the layer that moved up into the gap, so a second Delete deletes it too."""
    tree, doc = window.design.tree, window.document
    before = doc.project.layers
    tree.setCurrentItem(tree.row((2,)))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert doc.project.layers == (*before[:2], *before[3:])
    # Before: the selection was cleared, and this second Delete did nothing.
    assert doc.selected_path == (2,) and tree.currentItem() is tree.row((2,))
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert doc.project.layers == (*before[:2], *before[4:])
    doc.select((len(doc.project.layers) - 1,))  # the last layer: its neighbour above is selected
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert doc.selected_path == (len(doc.project.layers) - 1,)


def test_an_edit_redraws_only_the_rows_it_changes_and_they_match_a_fresh_list(
    make_window, monkeypatch
) -> None:
    from cnnstudio.core.templates import make_template
    from cnnstudio.ui.design.network_tree import NetworkTree

    window = make_window(make_template("resnet18"), pages=False)
    tree, doc = window.design.tree, window.document
    filled: list[tuple[int, ...]] = []
    fill = tree._fill
    monkeypatch.setattr(tree, "_fill", lambda item, report: (filled.append(report.path), fill(item, report)))
    last = len(doc.project.layers) - 1

    doc.set_field((last,), "out_features", 7)  # the classifier: nothing before it changes
    assert filled == [(last,)]
    filled.clear()
    doc.set_field((0,), "out_channels", 48)  # the stem: the first block adapts, the other seven do not
    assert (0,) in filled and (5,) not in filled and len(filled) < len(list(doc.project.report.walk())) / 3

    fresh = NetworkTree(doc)  # the truth: a list built from scratch on the same project
    rows = [report.path for report in doc.project.report.walk()]
    assert [[tree.row(p).text(c) for c in range(4)] for p in rows] == [
        [fresh.row(p).text(c) for c in range(4)] for p in rows
    ]
    fresh.deleteLater()


def test_copy_a_layers_formulas_as_latex(window, qtbot) -> None:
    page = window.design
    window.document.select((0,))
    assert page.inspector.copy_latex.isVisible()
    qtbot.mouseClick(page.inspector.copy_latex, Qt.MouseButton.LeftButton)
    text = QApplication.clipboard().text()
    assert text.startswith("\\begin{align*}") and r"\left\lfloor \frac{32 + 2 \cdot 1" in text
    window.document.select(())
    assert not page.inspector.copy_latex.isVisible()
