"""Exercises: answers checked by the core's inference, worked answers shown, the teacher's range obeyed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cnnstudio.core import specs as S
from cnnstudio.core.exercises import InvalidLayerQuestion, OutputSizeQuestion
from cnnstudio.ui.teaching.exercises_panel import ExercisesPanel


def _panel(qtbot) -> ExercisesPanel:
    panel = ExercisesPanel()
    qtbot.addWidget(panel)
    panel.show()
    return panel


def _answer(qtbot, panel: ExercisesPanel, shape: tuple[int, ...], params: int) -> None:
    panel.channels_answer.setValue(shape[0])
    panel.height_answer.setValue(shape[1])
    panel.width_answer.setValue(shape[2])
    panel.params_answer.setValue(params)
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)


def test_right_and_wrong_output_size_answers(qtbot) -> None:
    panel = _panel(qtbot)
    question = panel.question
    assert isinstance(question, OutputSizeQuestion)
    _answer(qtbot, panel, question.answer, question.report.params)
    assert panel.feedback_label.text().startswith("✔")
    _answer(qtbot, panel, question.answer, question.report.params)  # checking again scores nothing more
    assert panel.score_label.text() == "1 of 1 right"
    panel.new_question()
    question = panel.question
    c, h, w = question.answer
    _answer(qtbot, panel, (c, h + 1, w), question.report.params)
    assert panel.feedback_label.text().startswith("✘") and "not" in panel.feedback_label.text()
    assert panel.score_label.text() == "1 of 2 right"
    qtbot.mouseClick(panel.explain_button, Qt.MouseButton.LeftButton)
    assert "(W - F + 2P)/S + 1" in panel.explanation_label.text()
    panel.new_question()  # the worked answer first, then the right answer: feedback, but no point
    qtbot.mouseClick(panel.explain_button, Qt.MouseButton.LeftButton)
    _answer(qtbot, panel, panel.question.answer, panel.question.report.params)
    assert panel.feedback_label.text().startswith("✔") and panel.score_label.text() == "1 of 3 right"


def test_teacher_range_shapes_the_questions(qtbot) -> None:
    panel = _panel(qtbot)
    panel.min_size_box.setValue(10)
    panel.max_size_box.setValue(10)
    panel.kernels_edit.setText("3")
    panel.pooling_box.setChecked(False)
    panel.max_stride_box.setValue(1)
    for _ in range(5):
        qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
        question = panel.question
        assert question.input_shape[1:] == (10, 10)
        assert isinstance(question.layer, S.Conv2d) and question.layer.kernel_size == 3
        assert question.layer.stride == 1


def test_inconsistent_range_is_reported_not_raised(qtbot) -> None:
    panel = _panel(qtbot)
    panel.min_size_box.setValue(40)
    panel.max_size_box.setValue(20)
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert panel.question is None and not panel.check_button.isEnabled()
    assert "min_size" in panel.feedback_label.text()


def test_same_sheet_number_gives_the_same_questions(qtbot) -> None:
    first, second = _panel(qtbot), _panel(qtbot)
    for panel in (first, second):
        panel.seed_box.setValue(42)
    prompts = [(first.question.prompt, second.question.prompt)]
    first.new_question()
    second.new_question()
    prompts.append((first.question.prompt, second.question.prompt))
    assert all(a == b for a, b in prompts) and prompts[0][0] != prompts[1][0]


def test_find_the_invalid_layer(qtbot) -> None:
    panel = _panel(qtbot)
    panel.mode_box.setCurrentIndex(1)
    question = panel.question
    assert isinstance(question, InvalidLayerQuestion)
    assert panel.layer_list.count() == len(question.layers)
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    assert "Click the layer" in panel.feedback_label.text()
    panel.layer_list.setCurrentRow(question.answer)
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    assert panel.feedback_label.text().startswith("✔")
    panel.explain()
    assert "cannot work" in panel.explanation_label.text()
