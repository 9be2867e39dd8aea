"""The teacher's "Make a lesson from this project": title, task, goal, locks and hidden answers, saved as a
lesson file (core.lesson, docs/file-format.md) with a fresh signing key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core.errors import ProjectSaveError
from cnnstudio.core.lesson import SUFFIX, Condition, Lesson, network_figures, save_lesson
from cnnstudio.core.project import Project
from cnnstudio.ui.lessons.lesson_text import lock_text

LOCKS = ("input", "dataset", "training", "layers")


class LessonDialog(QDialog):
    """Fill in the lesson; Save... writes it."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle(self.tr("Make a lesson from this project"))
        self.title = QLineEdit(project.name)
        self.task = QPlainTextEdit()
        self.task.setPlaceholderText(self.tr("What the student should do, in your words."))
        figures = network_figures(project)
        self.accuracy_on, self.accuracy = QCheckBox(self.tr("test accuracy at least")), QDoubleSpinBox()
        self.accuracy.setRange(0, 100)
        self.accuracy.setSuffix(" %")
        self.accuracy.setValue(90)
        self.params_on, self.params = QCheckBox(self.tr("parameters at most")), QSpinBox()
        self.params.setRange(1, 2_000_000_000)
        self.params.setGroupSeparatorShown(True)
        self.params.setValue(50_000)
        self.shape_on, self.shape = QCheckBox(self.tr("output size exactly")), QLineEdit()
        shape = figures["output_shape"] or [32, 8, 8]
        self.shape.setText("x".join(str(v) for v in shape))
        goal = QGridLayout()
        for row, (box, editor) in enumerate(
            ((self.accuracy_on, self.accuracy), (self.params_on, self.params), (self.shape_on, self.shape))
        ):
            goal.addWidget(box, row, 0)
            goal.addWidget(editor, row, 1)
        self.accuracy_on.setChecked(True)
        goal_box = QGroupBox(self.tr("Goal"))
        goal_box.setLayout(goal)
        self.lock_boxes = {key: QCheckBox(lock_text(key)) for key in LOCKS}
        for key in ("input", "dataset"):
            self.lock_boxes[key].setChecked(True)
        locks = QHBoxLayout()
        for box in self.lock_boxes.values():
            locks.addWidget(box)
        lock_box = QGroupBox(self.tr("The student may not change"))
        lock_box.setLayout(locks)
        self.hide_shapes = QCheckBox(self.tr("output sizes"))
        self.hide_params = QCheckBox(self.tr("parameter counts"))
        hide = QHBoxLayout()
        hide.addWidget(self.hide_shapes)
        hide.addWidget(self.hide_params)
        hide_box = QGroupBox(self.tr("Hide the answers"))
        hide_box.setLayout(hide)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Title:"), self.title)
        form.addRow(self.tr("Task:"), self.task)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in (goal_box, lock_box, hide_box, self.message, buttons):
            layout.addWidget(widget)

    def lesson(self) -> Lesson | None:
        """The lesson as filled in, or None (and a message) when something is missing or malformed."""
        title, task = self.title.text().strip(), self.task.toPlainText().strip()
        if not title or not task:
            self.message.setText(self.tr("Give the lesson a title and a task."))
            return None
        goal = []
        if self.accuracy_on.isChecked():
            goal.append(Condition("test_accuracy", ">=", round(self.accuracy.value() / 100, 6)))
        if self.params_on.isChecked():
            goal.append(Condition("params", "<=", self.params.value()))
        if self.shape_on.isChecked():
            parts = self.shape.text().replace("×", "x").split("x")
            if not all(p.strip().isdigit() and int(p) > 0 for p in parts):
                self.message.setText(self.tr("Write the output size as sizes joined by x, such as 32x8x8."))
                return None
            goal.append(Condition("output_shape", "==", [int(p) for p in parts]))
        if not goal:
            self.message.setText(self.tr("Choose at least one goal."))
            return None
        hidden = tuple(
            n for n, box in (("shapes", self.hide_shapes), ("params", self.hide_params)) if box.isChecked()
        )
        locked = tuple(key for key, box in self.lock_boxes.items() if box.isChecked())
        return Lesson(title, task, self.project, tuple(goal), locked, hidden)

    def save_to(self, path: str | Path) -> bool:
        lesson = self.lesson()
        if lesson is None:
            return False
        try:
            save_lesson(lesson, path)
        except ProjectSaveError as exc:
            self.message.setText(str(exc))
            return False
        return True

    def _on_save_clicked(self) -> None:
        if self.lesson() is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save lesson"),
            self.title.text().strip() + SUFFIX,
            self.tr("Lessons (*.cnnlesson.json)"),
        )
        if path and self.save_to(path):
            self.accept()
