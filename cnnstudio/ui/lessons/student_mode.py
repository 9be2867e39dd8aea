"""Lessons in the window: the File > Lessons menu, student mode, and hiding the answers a lesson hides.

Opening a lesson (a file, or one of the ready lessons that ship in ``cnnstudio/resources/lessons``) puts
its project in the window as a new, unsaved project and docks the lesson panel beside the pages. Answers
the lesson hides are taken out of the Design page while the lesson is open: the output-size and
activation columns and the diagram ("shapes"), the parameter column ("params"), and the inspector's size,
formula and course-note lines and the totals line (either). Leaving the lesson (or opening another
project) shows them again. The teacher's items are here too: make a lesson from the open project, and
collect a folder of results.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMessageBox

from cnnstudio.core.lesson import SUFFIX, Lesson, LessonError, load_lesson
from cnnstudio.core.run_records import same_network
from cnnstudio.ui.lessons.lesson_panel import LessonPanel

DOCK_WIDTH = 340
READY_FOLDER = Path(__file__).resolve().parents[2] / "resources" / "lessons"


def _tr(text: str) -> str:
    return QCoreApplication.translate("StudentMode", text)


def ready_lessons() -> list[tuple[Path, Lesson]]:
    """The lessons that ship with the program, in file-name order (unreadable ones are left out)."""
    found = []
    for path in sorted(READY_FOLDER.glob(f"*{SUFFIX}")):
        try:
            found.append((path, load_lesson(path)))
        except LessonError:
            continue
    return found


class StudentMode:
    """The lesson menu's actions and the docked panel of the open lesson (at most one)."""

    def __init__(self, window) -> None:
        self.window = window
        self.panel: LessonPanel | None = None
        self._base = None  # the lesson's project as opened: any other project with a fresh history ends it
        self._veiled = False
        self.dock: QDockWidget | None = None
        self._build_menu()
        window.document.file_state_changed.connect(self._on_file_state_changed)

    def _build_menu(self) -> None:
        w = self.window
        menu = self.menu = w.file_menu.addMenu(_tr("&Lessons"))
        w.file_menu.insertMenu(w.quit_action, menu)
        menu.addAction(w._action(_tr("Open lesson..."), self._on_open_clicked))
        ready = menu.addMenu(_tr("Ready lessons"))
        language = self._language()
        for path, lesson in ready_lessons():
            ready.addAction(lesson.title_in(language), lambda p=path: self.open_lesson(p))
        self.leave_action = w._action(_tr("Leave the lesson"), self.leave)
        self.leave_action.setEnabled(False)
        menu.addAction(self.leave_action)
        menu.addSeparator()
        menu.addAction(w._action(_tr("Make a lesson from this project..."), self._on_make_clicked))
        menu.addAction(w._action(_tr("Collect results..."), self._on_collect_clicked))

    def _language(self) -> str:
        from cnnstudio.ui import i18n

        return i18n.current_language()

    # -- student mode -----------------------------------------------------------------------------------------
    def open_lesson(self, path: str | Path) -> bool:
        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            QMessageBox.critical(self.window, _tr("Cannot open the lesson"), str(exc))
            return False
        if not self.window.files.may_discard():
            return False
        self.leave()
        self.window.document.replace_all(lesson.project, None)
        self._base = self.window.document.project
        self.panel = LessonPanel(self.window.document, lesson, self._language())
        self.dock = QDockWidget(_tr("Lesson"), self.window)
        self.dock.setObjectName("lesson_dock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.show()
        # the Design page keeps most of the width: the panel is text a student reads, not a workspace
        self.window.resizeDocks([self.dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        training = getattr(self.window, "training", None)
        if training is not None:
            training.run_finished.connect(self._on_run_finished)
        self._hide_answers(lesson.hidden)
        self.leave_action.setEnabled(True)
        return True

    def leave(self) -> None:
        if self.panel is None:
            return
        training = getattr(self.window, "training", None)
        if training is not None:
            training.run_finished.disconnect(self._on_run_finished)
        self._hide_answers(())
        self.panel.closed = True
        self.window.removeDockWidget(self.dock)
        self.dock.deleteLater()
        self.panel = self.dock = None
        self.leave_action.setEnabled(False)

    def _on_run_finished(self, event) -> None:
        if self.panel is not None and event.reason in ("completed", "early_stopped"):
            self.panel.record_run(event.test_accuracy)

    def _on_file_state_changed(self) -> None:
        """Another project was opened or made (its undo history starts afresh, and it is not the lesson's
        project with runs added): the lesson ends. Saving the student's work keeps the lesson open."""
        doc = self.window.document
        if self.panel is None or doc.undo_stack.count() or self._base is None:
            return
        base, now = self._base, doc.project
        if not same_network(base, now) or base.dataset != now.dataset or base.training != now.training:
            self.leave()

    # -- hidden answers ---------------------------------------------------------------------------------------
    def _hide_answers(self, hidden) -> None:
        design = self.window.design
        shapes, params = "shapes" in hidden, "params" in hidden
        design.tree.setColumnHidden(1, shapes)
        design.tree.setColumnHidden(2, shapes)
        design.tree.setColumnHidden(3, params)
        design.diagram_view.setVisible(not shapes)
        veil = shapes or params
        design.totals.setVisible(not veil)
        inspector = design.inspector
        for label in (inspector.shapes, inspector.formulas, inspector.course_notes):
            label.setVisible(not veil and bool(label.text()))
        if veil != self._veiled:
            signals = (self.window.document.changed, self.window.document.selection_changed)
            for signal in signals:
                (signal.connect if veil else signal.disconnect)(self._keep_veiled)
            self._veiled = veil

    def _keep_veiled(self, *_args) -> None:
        """The inspector shows its lines again when it refreshes: hide them after it (connected later)."""
        inspector = self.window.design.inspector
        for label in (inspector.shapes, inspector.formulas, inspector.course_notes):
            label.setVisible(False)

    # -- the teacher's items ----------------------------------------------------------------------------------
    def _on_open_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, _tr("Open lesson"), "", _tr("Lessons (*.cnnlesson.json)")
        )
        if path:
            self.open_lesson(path)

    def _on_make_clicked(self) -> None:
        from cnnstudio.ui.lessons.lesson_dialog import LessonDialog

        LessonDialog(self.window.document.project, self.window).exec()

    def _on_collect_clicked(self) -> None:
        from cnnstudio.ui.lessons.results_dialog import ResultsDialog

        ResultsDialog(self.window).exec()
