"""The volume diagram's blocks collapse to one box and expand again, by real clicks, the context menu and
the view's "Expand all" / "Collapse all"; the figure export draws the state the Design page shows."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.core.test_volumes import project as blocks_project

SVG = "{http://www.w3.org/2000/svg}"


def _diagram(make_window):
    window = make_window(blocks_project(), pages=False)
    diagram = window.design.diagram
    QApplication.processEvents()
    diagram.repaint()
    return window, diagram


def _box(diagram, path):
    return next((rect, volume) for rect, volume in diagram.boxes() if volume.path == path)


def _drawn(diagram) -> list:
    diagram.repaint()
    return [(v.path, v.count, v.block) for _rect, v in diagram.boxes()]


def test_double_click_expands_a_run_of_blocks_and_its_bracket_collapses_one(make_window, qtbot) -> None:
    window, diagram = _diagram(make_window)
    assert _drawn(diagram)[2] == ((1,), 3, True)  # three same residual blocks: one box, "×3"
    rect, _volume = _box(diagram, (1,))
    qtbot.mouseDClick(diagram, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert diagram.expanded() == {(1,), (3,), (5,)}
    drawn = _drawn(diagram)
    assert [path for path, _n, _b in drawn[2:8]] == [
        (1, 0, 0),
        (1, 0, 2),
        (3, 0, 0),
        (3, 0, 2),
        (5, 0, 0),
        (5, 0, 2),
    ]
    assert len(diagram.bracket_rects()) == 3
    bracket = next(r for r, path in diagram.bracket_rects() if path == (3,))
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=bracket.center().toPoint())
    assert diagram.expanded() == {(1,), (5,)}
    assert ((3,), 1, True) in _drawn(diagram)
    assert window.document.selected_path != (3,)  # a bracket click collapses, it does not select


def test_a_click_on_a_box_selects_and_on_its_plus_expands(make_window, qtbot) -> None:
    window, diagram = _diagram(make_window)
    rect, _volume = _box(diagram, (7,))
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert window.document.selected_path == (7,) and diagram.expanded() == frozenset()
    plus = rect.topLeft() + QPoint(6, -9)  # the "+" square just above the box's top left corner
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=plus.toPoint())
    assert diagram.expanded() == {(7,)}
    assert [path for path, _n, _b in _drawn(diagram)[4:7]] == [(7, 0, 0), (7, 1, 0), (7,)]


def test_expand_all_and_collapse_all_buttons(make_window, qtbot) -> None:
    window, diagram = _diagram(make_window)
    view = window.design.diagram_view
    assert view.expand_button.isEnabled() and not view.collapse_button.isEnabled()
    qtbot.mouseClick(view.expand_button, Qt.MouseButton.LeftButton)
    assert diagram.expanded() == {(1,), (3,), (5,), (7,)}
    assert len(_drawn(diagram)) == 14 and not any(block for _p, _n, block in _drawn(diagram))
    assert not view.expand_button.isEnabled() and view.collapse_button.isEnabled()
    qtbot.mouseClick(view.collapse_button, Qt.MouseButton.LeftButton)
    assert diagram.expanded() == frozenset() and len(_drawn(diagram)) == 7


def test_the_context_menu_expands_and_collapses(make_window) -> None:
    """The menu a right click opens (``contextMenuEvent`` shows ``context_menu``'s menu at the pointer)."""
    _window, diagram = _diagram(make_window)

    def choose(path, text: str) -> list[str]:
        diagram.repaint()
        rect, _volume = _box(diagram, path)
        menu = diagram.context_menu(rect.center())
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        next(a for a in menu.actions() if a.text() == text).trigger()
        return texts

    assert choose((7,), "Expand block") == ["Expand block", "Expand all blocks", "Collapse all blocks"]
    assert diagram.expanded() == {(7,)}
    assert choose((7, 1, 0), "Collapse block") == [
        "Collapse block",
        "Expand all blocks",
        "Collapse all blocks",
    ]
    assert diagram.expanded() == frozenset()
    choose((0,), "Expand all blocks")
    assert diagram.expanded() == {(1,), (3,), (5,), (7,)}


def test_an_edit_that_removes_an_expanded_block_forgets_it(make_window) -> None:
    window, diagram = _diagram(make_window)
    diagram.set_expanded({(7,)})
    window.document.remove_layer((7,))
    assert diagram.expanded() == frozenset()


def test_the_figure_follows_the_collapsed_state(make_window, tmp_path) -> None:
    window, diagram = _diagram(make_window)
    labels = lambda name: [t.text.strip() for t in ET.parse(tmp_path / name).getroot().iter(f"{SVG}text")]  # noqa: E731
    assert window.export_figure(str(tmp_path / "collapsed.svg"))
    assert labels("collapsed.svg") == ["3×8×8", "8×8×8", "×3", "8×8×8", "8×4×4", "8×4×4", "128", "3"]
    diagram.expand_all()
    assert window.export_figure(str(tmp_path / "expanded.svg"))
    assert "×3" not in labels("expanded.svg")
    sizes = [t for t in labels("expanded.svg") if t != "×3"]
    assert len(sizes) == 14  # every inner layer's volume has its size under it
    assert window.export_figure(str(tmp_path / "expanded.tex"))
    assert (tmp_path / "expanded.tex").read_text().count("rectangle") == 14
