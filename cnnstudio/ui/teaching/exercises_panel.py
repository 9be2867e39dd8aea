"""Exercises: "predict the output size" and "find the invalid layer", made from the core's formulas.

Questions, checking and worked answers all come from ``cnnstudio.core.exercises`` (the same inference the
editor uses), so this panel only collects the teacher's number range and the student's answer. A sheet is
a seed: the same seed and range give every student the same questions in the same order.
"""

from __future__ import annotations

import random

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core.exercises import (
    ExerciseRange,
    InvalidLayerQuestion,
    OutputSizeQuestion,
    invalid_layer_question,
    output_size_question,
)
from cnnstudio.ui.core_text import layer_text, translate_core
from cnnstudio.ui.teaching import cells as C
from cnnstudio.ui.theme import Tone, set_text_colour, set_themed_style


def _spin(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box


class ExercisesPanel(QWidget):
    """The teacher's range on the left, one question with its answer fields and feedback on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question: OutputSizeQuestion | InvalidLayerQuestion | None = None
        self._rng = random.Random(0)
        self._asked = self._right = 0
        self._scored = self._revealed = False  # this question: counted in the score; its answer shown
        C.enlarge_font(self)
        self._build()
        self.new_question()

    # -- building --------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.mode_box = QComboBox()
        self.mode_box.addItems([self.tr("Predict the output size"), self.tr("Find the invalid layer")])
        self.mode_box.currentIndexChanged.connect(self._on_mode_changed)
        self.new_button = QPushButton(self.tr("New question"))
        self.new_button.clicked.connect(self.new_question)
        self.prompt_label = QLabel()
        self.prompt_label.setWordWrap(True)
        C.enlarge_font(self.prompt_label, C.TEACHING_POINT_SIZE * 1.2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._size_page())
        self.stack.addWidget(self._invalid_page())
        self.stack.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._show_page(0)
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.clicked.connect(self.check)
        self.explain_button = QPushButton(self.tr("Show the worked answer"))
        self.explain_button.clicked.connect(self.explain)
        self.feedback_label, self.explanation_label, self.score_label = QLabel(), QLabel(), QLabel()
        self.feedback_label.setWordWrap(True)
        self.explanation_label.setWordWrap(True)
        set_themed_style(
            self.explanation_label, "font-family: monospace; background: {note_fill}; padding: 8px;"
        )
        buttons = QHBoxLayout()
        for widget in (self.check_button, self.explain_button, self.new_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.score_label)
        right = QVBoxLayout()
        mode_row = QHBoxLayout()
        mode_row.addWidget(QLabel(self.tr("Exercise:")))
        mode_row.addWidget(self.mode_box)
        mode_row.addStretch(1)
        right.addLayout(mode_row)
        right.addWidget(self.prompt_label)
        right.addWidget(self.stack)
        right.addLayout(buttons)
        right.addWidget(self.feedback_label)
        right.addWidget(self.explanation_label)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self._range_box(), 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(right, 1)

    def _range_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Teacher: number range"))
        form = QFormLayout(box)
        self.min_size_box, self.max_size_box = _spin(1, 512, 5), _spin(1, 512, 64)
        self.kernels_edit = QLineEdit("1, 2, 3, 5, 7")
        self.max_stride_box, self.max_padding_box = _spin(1, 8, 3), _spin(0, 8, 3)
        self.dilation_box = QCheckBox(self.tr("Dilated kernels"))
        self.pooling_box = QCheckBox(self.tr("Pooling layers"))
        self.pooling_box.setChecked(True)
        self.seed_box = _spin(0, 999_999, 0)
        self.seed_box.valueChanged.connect(self._on_seed_changed)
        form.addRow(self.tr("Smallest input side:"), self.min_size_box)
        form.addRow(self.tr("Largest input side:"), self.max_size_box)
        form.addRow(self.tr("Kernel sizes:"), self.kernels_edit)
        form.addRow(self.tr("Largest stride:"), self.max_stride_box)
        form.addRow(self.tr("Largest padding:"), self.max_padding_box)
        form.addRow(self.dilation_box)
        form.addRow(self.pooling_box)
        form.addRow(self.tr("Sheet number (seed):"), self.seed_box)
        return box

    def _size_page(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        self.channels_answer, self.height_answer, self.width_answer = (_spin(0, 4096, 0) for _ in range(3))
        self.params_answer = _spin(-1, 10_000_000, -1)
        self.params_answer.setSpecialValueText(self.tr("(skip)"))
        for text, widget in (
            (self.tr("C:"), self.channels_answer),
            (self.tr("H:"), self.height_answer),
            (self.tr("W:"), self.width_answer),
            (self.tr("Parameters:"), self.params_answer),
        ):
            row.addWidget(QLabel(text))
            row.addWidget(widget)
        row.addStretch(1)
        return page

    def _invalid_page(self) -> QWidget:
        self.layer_list = QListWidget()
        return self.layer_list

    # -- public ----------------------------------------------------------------------------------------------
    def ranges(self) -> ExerciseRange:
        """The teacher's range; ``ValueError`` (shown in the feedback line) when it is inconsistent."""
        try:
            kernels = tuple(int(part) for part in self.kernels_edit.text().replace(",", " ").split())
        except ValueError:
            raise ValueError(self.tr("kernel sizes must be whole numbers separated by commas")) from None
        return ExerciseRange(
            min_size=self.min_size_box.value(),
            max_size=self.max_size_box.value(),
            kernels=kernels,
            max_stride=self.max_stride_box.value(),
            max_padding=self.max_padding_box.value(),
            allow_dilation=self.dilation_box.isChecked(),
            allow_pooling=self.pooling_box.isChecked(),
        )

    def new_question(self) -> None:
        self._scored = self._revealed = False
        self.feedback_label.clear()
        self.explanation_label.clear()
        self.explanation_label.setVisible(False)
        try:
            ranges = self.ranges()
            if self.mode_box.currentIndex() == 0:
                self.question = output_size_question(self._rng, ranges)
            else:
                self.question = invalid_layer_question(self._rng, ranges)
        except ValueError as exc:
            self.question = None
            self._feedback(False, str(exc))
        self._show_question()

    def check(self) -> None:
        question = self.question
        if question is None:
            return
        if isinstance(question, OutputSizeQuestion):
            shape = (self.channels_answer.value(), self.height_answer.value(), self.width_answer.value())
            params = self.params_answer.value()
            feedback = question.check(shape, None if params < 0 else params)
        else:
            row = self.layer_list.currentRow()
            if row < 0:
                self._feedback(False, self.tr("Click the layer you think fails first."))
                return
            feedback = question.check(row)
        if not self._scored:  # a question counts once: its first check, and not as right after the answer
            self._scored = True
            self._asked += 1
            self._right += int(feedback.correct and not self._revealed)
        self._feedback(feedback.correct, feedback.message)
        self.score_label.setText(self.tr("{0} of {1} right").format(self._right, self._asked))

    def explain(self) -> None:
        if self.question is not None:
            self._revealed = True
            self.explanation_label.setText("\n".join(map(translate_core, self.question.explanation)))
            self.explanation_label.setVisible(True)

    # -- slots and helpers -----------------------------------------------------------------------------------
    def _on_mode_changed(self, index: int) -> None:
        self._show_page(index)
        self.new_question()

    def _show_page(self, index: int) -> None:
        """Only the shown page counts for the stack's height: the answer row must not float in the layer
        list's space."""
        for k in range(self.stack.count()):
            vertical = QSizePolicy.Policy.Preferred if k == index else QSizePolicy.Policy.Ignored
            self.stack.widget(k).setSizePolicy(QSizePolicy.Policy.Preferred, vertical)
        self.stack.setCurrentIndex(index)
        self.stack.adjustSize()

    def _on_seed_changed(self, seed: int) -> None:
        """A new sheet: the same seed gives the same questions, so the class works on one sheet together."""
        self._rng = random.Random(seed)
        self._asked = self._right = 0
        self.score_label.clear()
        self.new_question()

    def _show_question(self) -> None:
        question = self.question
        self.check_button.setEnabled(question is not None)
        self.explain_button.setEnabled(question is not None)
        self.prompt_label.setText("" if question is None else translate_core(question.prompt))
        self.layer_list.clear()
        if isinstance(question, InvalidLayerQuestion):
            self.layer_list.addItems([f"{i}: {layer_text(spec)}" for i, spec in enumerate(question.layers)])

    def _feedback(self, correct: bool, message: str) -> None:
        set_text_colour(self.feedback_label, Tone.SUCCESS if correct else Tone.ERROR)
        self.feedback_label.setText(("✔ " if correct else "✘ ") + translate_core(message))
