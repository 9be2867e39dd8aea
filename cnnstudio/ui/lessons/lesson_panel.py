"""Student mode's panel: the lesson's task, its goal and how far the student is, and the result file.

The panel is docked beside the pages while a lesson is open. The goal's conditions on the network itself
(parameters, output size) are checked on every edit unless the lesson hides those answers, in which case
only "Check goal" says whether they are met, never the number; accuracies come from the last run, and only
count while the network is still the one that run trained (its fingerprint). Edits to locked fields are
taken back at once (an undo) with a message naming the lock. "Write result file..." saves the signed
result (core.lesson.make_result) under the student's name.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core.errors import ProjectSaveError
from cnnstudio.core.lesson import (
    ConditionResult,
    Lesson,
    check_goal,
    goal_met,
    locked_changes,
    make_result,
    network_figures,
    result_file_name,
    save_result,
)
from cnnstudio.core.project import Project
from cnnstudio.core.run_records import network_fingerprint
from cnnstudio.ui import presenter
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.lessons.lesson_text import condition_text, lock_text, state_text
from cnnstudio.ui.theme import Tone, set_text_colour


class LessonPanel(QWidget):
    """Title, task, goal rows, the student's name, Check goal and Write result file."""

    result_written = Signal(str)  # the result file's path

    def __init__(
        self, document: ProjectDocument, lesson: Lesson, language: str = "en", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.doc = document
        self.lesson = lesson
        self._run_figures: tuple[str, dict[str, Any]] | None = (
            None  # (network fingerprint, the run's figures)
        )
        self.closed = False  # the lesson was left: nothing more is taken back
        self._checked = False  # hidden answers are judged only after Check goal, until the next edit
        self.title = QLabel(lesson.title_in(language))
        presenter.keep_font(self.title, 1.3, bold=True)  # grows with presenter mode, as the inspector's
        self.title.setWordWrap(True)
        self.task = QLabel(lesson.task_in(language))
        self.task.setWordWrap(True)
        self.goal_box = QGroupBox(self.tr("Goal"))
        goal_layout = QVBoxLayout(self.goal_box)
        self.goal_rows = [QLabel() for _ in lesson.goal]
        for row in self.goal_rows:
            row.setWordWrap(True)
            goal_layout.addWidget(row)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        goal_layout.addWidget(self.verdict)
        self.locks = QLabel()
        self.locks.setWordWrap(True)
        set_text_colour(self.locks, Tone.MUTED)
        self.student = QLineEdit()
        self.student.setPlaceholderText(self.tr("your name"))
        self.check_button = QPushButton(self.tr("Check goal"))
        self.check_button.clicked.connect(self.check)
        self.write_button = QPushButton(self.tr("Write result file..."))
        self.write_button.clicked.connect(self._on_write_clicked)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Student:"), self.student)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.write_button)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.task, self.goal_box, self.locks):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)
        if lesson.locked:
            self.locks.setText(
                self.tr("Locked by the lesson: {0}").format(", ".join(lock_text(k) for k in lesson.locked))
            )
        document.changed.connect(self._on_document_changed)
        self._show(self.results())

    # -- figures and the goal ---------------------------------------------------------------------------------
    def figures(self) -> dict[str, Any]:
        """The network's own figures, and the last run's when it trained this very network."""
        figures = network_figures(self.doc.project)
        if self._run_figures is not None and self._run_figures[0] == network_fingerprint(self.doc.project):
            figures = {**self._run_figures[1], **figures}
        return figures

    def results(self) -> list[ConditionResult]:
        return check_goal(self.lesson.goal, self.figures())

    def record_run(self, test_accuracy: float | None, project: Project | None = None) -> None:
        """A run finished (``project``: the network it trained, the document's by default)."""
        trained = self.doc.project if project is None else project
        figures = {} if test_accuracy is None else {"test_accuracy": float(test_accuracy)}
        self._run_figures = (network_fingerprint(trained), figures)
        self.check()

    def check(self) -> bool:
        """Judge the goal now (the Check goal button, and after each run); True when it is met."""
        self._checked = True
        results = self.results()
        self._show(results)
        return goal_met(results)

    def _show(self, results: list[ConditionResult]) -> None:
        hidden = set(self.lesson.hidden)
        for row, result in zip(self.goal_rows, results):
            metric = result.condition.metric
            secret = (metric == "output_shape" and "shapes" in hidden) or (
                metric == "params" and "params" in hidden
            )
            judged = result if self._checked or not secret else None
            row.setText(condition_text(result.condition) + "   " + state_text(judged, show_value=not secret))
            colour = (
                None if judged is None or judged.met is None else (Tone.SUCCESS if judged.met else Tone.ERROR)
            )
            set_text_colour(row, colour)
        if self._checked and goal_met(results):
            self.verdict.setText(self.tr("Goal met. Write your result file and hand it in."))
            set_text_colour(self.verdict, Tone.SUCCESS, bold=True)
        else:
            self.verdict.setText("")

    def _on_document_changed(self, old: Project, new: Project) -> None:
        broken = locked_changes(self.lesson, new)
        if broken and not locked_changes(self.lesson, old):
            # taken back once the push that made the edit has finished (inside it, the stack is mid-change)
            QTimer.singleShot(0, self._take_back)
            self.say(
                self.tr("Locked by the lesson: {0}. The change was taken back.").format(
                    ", ".join(lock_text(k) for k in broken)
                ),
                error=True,
            )
            return
        self._checked = False
        self._show(self.results())

    def _take_back(self) -> None:
        if (
            not self.closed
            and locked_changes(self.lesson, self.doc.project)
            and self.doc.undo_stack.canUndo()
        ):
            self.doc.undo_stack.undo()

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_text_colour(self.message, Tone.ERROR if error else None)

    # -- the result file ----------------------------------------------------------------------------------------
    def write_result(self, path: str | Path) -> dict[str, Any] | None:
        """Save the signed result to ``path``; None (and a message) when the name is missing or saving fails."""
        name = self.student.text().strip()
        if not name:
            self.say(self.tr("Type your name first."), error=True)
            self.student.setFocus()
            return None
        shown = self._run_figures
        figures = shown[1] if shown and shown[0] == network_fingerprint(self.doc.project) else {}
        written = datetime.now(timezone.utc).isoformat(timespec="seconds")
        result = make_result(self.lesson, name, self.doc.project, figures, written)
        try:
            save_result(result, path)
        except ProjectSaveError as exc:  # the message names the file and why; nothing was half written
            self.say(str(exc), error=True)
            return None
        self.check()
        self.say(self.tr("Result written to {0}").format(str(path)))
        self.result_written.emit(str(path))
        return result

    def _on_write_clicked(self) -> None:
        if not self.student.text().strip():
            self.write_result("")
            return
        folder = self.doc.path.parent if self.doc.path is not None else Path.home()
        suggested = str(folder / result_file_name(self.student.text(), self.lesson))
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Write result file"), suggested, self.tr("Lesson results (*.cnnresult.json)")
        )
        if path:
            self.write_result(path)
