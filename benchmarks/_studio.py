"""What the GUI benchmarks share: the real window in a private folder, an event-loop spin, a paint counter.

The window is built as ``cnnstudio.ui.app.build_window`` builds it, on a project saved in ``folder`` with its
own settings file and autosave folder, so a benchmark never reads or writes the user's files (runs are
written beside the project).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer
from PySide6.QtWidgets import QWidget

from cnnstudio.core.project import Project, default_project


class PaintCounter(QObject):
    """Counts paint events of a widget, so every timed frame is known to have been painted."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def spin(seconds: float, until: Callable[[], bool] | None = None, poll_ms: int = 50) -> float:
    """Run the event loop for ``seconds``, or until ``until()`` is true; return the time it ran."""
    loop = QEventLoop()
    start = time.perf_counter()
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(int(seconds * 1000))
    if until is not None:
        check = QTimer()
        check.timeout.connect(lambda: until() and loop.quit())
        check.start(poll_ms)
    loop.exec()
    return time.perf_counter() - start


def studio_window(folder: Path, project: Project | None = None, size: tuple[int, int] = (1400, 900)):
    """The main window with its pages on ``project`` (default: the default project), saved in ``folder``."""
    import cnnstudio.ui.file_actions as file_actions
    from cnnstudio.core.project_file import save
    from cnnstudio.ui.document import ProjectDocument
    from cnnstudio.ui.pages import add_pages
    from cnnstudio.ui.window import MainWindow

    file_actions.autosave_folder = lambda: folder / "autosave"
    path = folder / "project.cnnproj.json"
    save(project or default_project(), path)
    document = ProjectDocument()
    document.open(path)
    window = MainWindow(document, QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    add_pages(window)
    window.resize(*size)
    window.show()
    return window


def wait_for_start_up(timeout_s: float = 60.0) -> None:
    """Wait for the work the window starts after it shows (naming the devices imports torch in a thread,
    holding the GIL for a second or two), so that measurements see the steady state a user works in."""
    spin(timeout_s, until=lambda: not any(t.name == "cnnstudio-devices" for t in threading.enumerate()))
