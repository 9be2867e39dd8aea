"""Lessons driven as a class uses them: the teacher makes a lesson from a project, a student opens it from
the File menu, edits (a locked field is taken back), checks the goal, writes a signed result, and the
teacher collects the folder into a table and a CSV."""

from __future__ import annotations

import csv
import json

import pytest
from PySide6.QtCore import Qt

from cnnstudio.core import specs as S
from cnnstudio.core.lesson import load_lesson, signature_valid
from cnnstudio.core.project import InputShape
from cnnstudio.training.events import Finished
from cnnstudio.ui.lessons.lesson_dialog import LessonDialog
from cnnstudio.ui.lessons.results_dialog import ResultsDialog
from cnnstudio.ui.lessons.student_mode import READY_FOLDER, StudentMode


def _menu_action(menu, text):
    for action in menu.actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no {text!r} in {[a.text() for a in menu.actions()]}")


@pytest.fixture
def lesson_file(make_window, qtbot, tmp_path):
    """The teacher's lesson: output 32x8x8 with shapes hidden, input and dataset locked."""
    teacher = make_window(pages=False)
    dialog = LessonDialog(teacher.document.project, teacher)
    qtbot.addWidget(dialog)
    dialog.title.setText("Make it 32x8x8")
    dialog.task.setPlainText("Change the layers so that the output is 32x8x8.")
    dialog.accuracy_on.setChecked(False)
    dialog.shape_on.setChecked(True)
    dialog.shape.setText("32x8x8")
    dialog.hide_shapes.setChecked(True)
    path = tmp_path / "shape.cnnlesson.json"
    assert dialog.save_to(path)
    return path


def test_a_lesson_from_teacher_to_student_and_back(make_window, qtbot, tmp_path, lesson_file, message_boxes):
    lesson = load_lesson(lesson_file)
    assert lesson.locked == ("input", "dataset") and lesson.hidden == ("shapes",)
    win = make_window(pages=False)
    mode = StudentMode(win)
    assert mode.open_lesson(lesson_file)
    panel = mode.panel
    assert panel.title.text() == "Make it 32x8x8" and mode.dock.isVisible()
    design = win.design
    assert design.tree.isColumnHidden(1) and not design.tree.isColumnHidden(3)
    assert not design.diagram_view.isVisible() and not design.totals.isVisible()
    assert "hidden" in panel.goal_rows[0].text()  # the size is not given away
    # a locked field: the input size is taken back
    win.document.set_input(InputShape(1, 28, 28))
    qtbot.waitUntil(lambda: win.document.project.input == InputShape(3, 32, 32), timeout=2000)
    assert "input size" in panel.message.text()
    # the student's solution: first conv 32 filters, then cut the network after the second pool... of 3x32x32:
    layers = (
        S.Conv2d(out_channels=32, kernel_size=3, padding=1),
        S.ReLU(),
        S.MaxPool2d(kernel_size=2),
        S.MaxPool2d(kernel_size=2),
    )
    win.document.push(win.document.project.with_layers(layers), "solution")
    assert "hidden" in panel.goal_rows[0].text()
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    assert "✓" in panel.goal_rows[0].text() and "32x8x8" not in panel.goal_rows[0].text().split("   ")[1]
    assert "Goal met" in panel.verdict.text()
    assert panel.write_result(tmp_path / "x.cnnresult.json") is None and "name" in panel.message.text()
    panel.student.setText("Li Wei")
    assert panel.write_result(tmp_path / "missing" / "li.cnnresult.json") is None
    assert "does not exist" in panel.message.text()
    (tmp_path / "results").mkdir()
    result = panel.write_result(tmp_path / "results" / "li.cnnresult.json")
    assert result is not None and result["goal_met"] and signature_valid(result, lesson.key)
    assert result["figures"]["output_shape"] == [32, 8, 8]
    # the teacher collects
    dialog = ResultsDialog(win)
    qtbot.addWidget(dialog)
    assert dialog.set_lesson(lesson_file)
    dialog.set_folder(tmp_path / "results")
    assert dialog.table.rowCount() == 1
    texts = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert texts[0] == "Li Wei" and "32x8x8" in texts and "valid" in texts and "yes" in texts
    assert dialog.save_csv(tmp_path / "class.csv")
    rows = list(csv.DictReader((tmp_path / "class.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0]["student"] == "Li Wei" and rows[0]["goal_met"] == "yes" and rows[0]["signature"] == "valid"
    # leaving the lesson shows the answers again
    _menu_action(mode.menu, "Leave the lesson").trigger()
    assert mode.panel is None and not design.tree.isColumnHidden(1) and design.totals.isVisible()


def test_a_run_counts_only_for_the_network_it_trained(make_window, qtbot):
    win = make_window(pages=False)
    mode = StudentMode(win)
    assert mode.open_lesson(READY_FOLDER / "03-relu-not-sigmoid.cnnlesson.json")
    panel = mode.panel
    assert "train once" in panel.goal_rows[0].text()
    mode._on_run_finished(Finished(reason="completed", test_accuracy=0.95))
    assert "✓" in panel.goal_rows[0].text() and "95.0%" in panel.goal_rows[0].text()
    layers = tuple(S.ReLU() if isinstance(s, S.Sigmoid) else s for s in win.document.project.layers)
    win.document.push(win.document.project.with_layers(layers), "relu")
    assert "train once" in panel.goal_rows[0].text()  # that run trained the sigmoid network
    # the training settings are locked in this lesson
    win.document.set_training({**win.document.project.training, "lr": 0.5})
    qtbot.waitUntil(lambda: win.document.project.training["lr"] == 0.05, timeout=2000)


def test_every_ready_lesson_opens(make_window):
    win = make_window(pages=False)
    mode = StudentMode(win)
    actions = mode.menu.actions()  # held: PySide6 < 6.11 kills a menu's wrapper with its action's
    ready = actions[1].menu()
    assert len(ready.actions()) >= 3
    for action in ready.actions():
        action.trigger()
        assert mode.panel is not None and mode.panel.title.text() == action.text()
    json.loads((READY_FOLDER / "01-output-size.cnnlesson.json").read_text(encoding="utf-8"))


def test_lessons_read_chinese(qapp, make_window, qtbot, tmp_path, lesson_file):
    """The panel (of a ready lesson, whose title and task come in Chinese), the lesson maker and the results
    table in the Chinese window: no English words outside the walk test's allow-list."""
    from visible_text import english_words, visible_texts

    from cnnstudio.ui import i18n

    assert i18n.install_language(qapp, "zh_CN")
    try:
        win = make_window(pages=False)
        mode = StudentMode(win)
        assert mode.open_lesson(READY_FOLDER / "02-alexnet-conv1.cnnlesson.json")
        mode.panel.check()
        maker = LessonDialog(win.document.project, win)
        qtbot.addWidget(maker)
        maker.show()
        results = ResultsDialog(win)
        qtbot.addWidget(results)
        assert results.set_lesson(lesson_file)
        results.show()
        assert any("检查目标" in seen.text for seen in visible_texts(mode.dock))
        assert any("AlexNet 的第一层" in seen.text for seen in visible_texts(mode.dock))
        assert any("练习文件" in seen.text for seen in visible_texts(results))
        found = {}
        actions = mode.menu.actions()  # held: PySide6 < 6.11 kills a menu's wrapper with its action's
        for root in (mode.dock, maker, results, *(a.menu() for a in actions if a.menu())):
            for seen in visible_texts(root):
                words = english_words(seen.text)
                if words:
                    found[seen.text] = words
        found.update(
            {a.text(): english_words(a.text()) for a in mode.menu.actions() if english_words(a.text())}
        )
        # the teacher's own title stays as typed ("Make it 32x8x8"), as a project name does
        found.pop("Make it 32x8x8", None)
        assert not found, found
    finally:
        i18n.install_language(qapp, "en")


def test_a_real_run_is_judged_when_it_finishes(make_window, qtbot, tmp_path):
    """Student mode on the real window: Start trains the lesson's project; the run's test accuracy is what
    the goal row shows (the Train page's own figure), and the result file carries it."""
    from studio_fixtures import tiny_project

    from cnnstudio.core.lesson import Condition, Lesson, save_lesson

    path = tmp_path / "tiny.cnnlesson.json"
    save_lesson(
        Lesson(
            "Tiny", "Train it once.", tiny_project(), (Condition("test_accuracy", ">=", 0.0),), ("dataset",)
        ),
        path,
    )
    win = make_window()
    assert win.lessons.open_lesson(path)
    panel, page = win.lessons.panel, win.training
    assert "train once" in panel.goal_rows[0].text()
    win.tabs.setCurrentWidget(page)
    with qtbot.waitSignal(page.run_finished, timeout=120_000) as finished:
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.controller.is_running(), timeout=60_000)
    accuracy = finished.args[0].test_accuracy
    assert accuracy is not None
    assert f"{accuracy:.1%}" in panel.goal_rows[0].text() and "✓" in panel.goal_rows[0].text()
    panel.student.setText("Ana")
    result = panel.write_result(tmp_path / "ana.cnnresult.json")
    assert result["figures"]["test_accuracy"] == pytest.approx(accuracy) and result["goal_met"]


def test_opening_another_project_ends_the_lesson(make_window):
    from cnnstudio.core.project import default_project

    win = make_window(pages=False)
    mode = StudentMode(win)
    assert mode.open_lesson(READY_FOLDER / "01-output-size.cnnlesson.json")
    win.document.add_run({"id": "r1", "name": "Run 1", "folder": "x"})  # a run keeps the lesson open
    assert mode.panel is not None
    win.document.replace_all(default_project(), None)
    assert mode.panel is None and not win.design.tree.isColumnHidden(1)
