"""The pages beyond Design, added to the window in one place, with their menus and close hooks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cnnstudio.ui.window import MainWindow


def _tr(text: str) -> str:
    """The window's own translation context: these menus and tabs belong to the main window."""
    return QCoreApplication.translate("MainWindow", text)


def add_pages(window: MainWindow) -> None:
    """Add the Train and Teach pages, the Run and Export menus, and the Train page's close hook."""
    from cnnstudio.ui.train.training_page import TrainingPage

    page = TrainingPage(window.document)
    window.training = page
    window.start_blocker = page.blocker
    index = window.add_page(page, _tr("Train"))
    window.about_to_close.append(page.may_close)
    _add_run_menu(window, page, index)
    _add_teach_page(window, page)
    from cnnstudio.ui.export_actions import ExportActions

    window.exports = ExportActions(window, page.best_checkpoint)
    window.file_menu.insertMenu(window.quit_action, window.exports.menu)
    from cnnstudio.ui.lessons.student_mode import StudentMode

    window.lessons = StudentMode(window)  # File > Lessons: student mode and the teacher's lesson tools
    window.file_menu.insertSeparator(window.quit_action)


def _add_run_menu(window: MainWindow, page, index: int) -> None:
    def start() -> None:
        window.tabs.setCurrentIndex(index)
        page.start()

    start_action = window._action(_tr("&Start training"), start, QKeySequence("Ctrl+R"))
    pause_action = window._action(_tr("&Pause or resume"), page.toggle_pause, QKeySequence("Ctrl+P"))
    stop_action = window._action(_tr("S&top training"), lambda: page.stop(wait=False), QKeySequence("Ctrl+."))
    window.start_action, window.pause_action, window.stop_action = start_action, pause_action, stop_action

    def sync() -> None:
        start_action.setEnabled(page.start_button.isEnabled())
        start_action.setToolTip(page.start_button.toolTip())
        pause_action.setEnabled(page.pause_button.isEnabled())
        stop_action.setEnabled(page.stop_button.isEnabled())
        window.set_activity(page.activity())

    page.buttons_changed.connect(sync)
    sync()
    menu = window.add_menu(_tr("&Run"))
    menu.addActions([start_action, pause_action, stop_action])
    window.toolbar.addSeparator()
    window.toolbar.addActions([start_action, stop_action])


class LazyPage(QWidget):
    """A page whose content is built the first time it is shown.

    The teaching tools need torch, which takes seconds to import; building them on first use keeps the
    window's start-up free of it (benchmarks/startup_time.py).
    """

    def __init__(self, build: Callable[[], QWidget]) -> None:
        super().__init__()
        self._build = build
        self.content: QWidget | None = None
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)

    def ensure_built(self) -> QWidget:
        if self.content is None:
            self.content = self._build()
            self.layout().addWidget(self.content)
        return self.content

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_built()
        super().showEvent(event)

    def refresh(self) -> None:
        if self.content is not None:
            self.content.refresh()


def _add_teach_page(window: MainWindow, training) -> None:
    def build() -> QWidget:
        from cnnstudio.ui.teaching.teaching_page import TeachingPage

        return TeachingPage(
            window.document, training.shown_snapshot, training.trained_model, training.samples,
            training.teaching_note,
        )  # fmt: skip

    teach = LazyPage(build)
    window.teaching = teach
    window.add_page(teach, _tr("Teach"))
    training.controller.finished.connect(teach.refresh)
    # The overfitting lab trains too: its thread must end before the window closes (only once built).
    window.about_to_close.append(lambda: teach.content is None or teach.content.may_close())
