"""What the GUI benchmarks share: the real window in a private folder, an event-loop spin, a paint counter.

The window is built as ``cnnstudio.ui.app.build_window`` builds it, on a project saved in ``folder`` with its
own settings file and autosave folder, so a benchmark never reads or writes the user's files (runs are
written beside the project).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QTimer
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
    """Wait for the work the window starts after it shows: its training process imports torch and names the
    devices (in another process, but on this machine's cores), so that measurements see the steady state a
    user works in."""
    from cnnstudio.ui.train.worker_pool import pool

    spin(timeout_s, until=lambda: pool().devices is not None)


def wait_for_dry_run(page, timeout_s: float = 120.0) -> None:
    """Wait until the Train page's budget has timed its dry run (a few training steps in the warm trainer
    process, started a moment after the page shows): a measurement must not share the cores with it."""
    budget = page.budget
    spin(timeout_s, until=lambda: not budget.timer.isActive() and not budget.is_measuring())


class LatenessProbe:
    """A 10 ms precise timer that records how late each tick came (ms beyond the interval).

    Lateness is the time between two ticks beyond the 10 ms asked for: a slot that blocks the GUI thread for
    80 ms shows up as one tick 70 ms late, whatever caused it (a redraw, a queued-event storm, the GIL).
    """

    PERIOD_MS = 10

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(self.PERIOD_MS)
        self.timer.timeout.connect(self._on_tick)
        self.lateness: list[float] = []
        self._last = 0.0

    def start(self) -> None:
        self.lateness = []
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> np.ndarray:
        self.timer.stop()
        return np.asarray(self.lateness, dtype=np.float64)

    def _on_tick(self) -> None:
        now = time.perf_counter()
        self.lateness.append(max(0.0, (now - self._last) * 1000.0 - self.PERIOD_MS))
        self._last = now
