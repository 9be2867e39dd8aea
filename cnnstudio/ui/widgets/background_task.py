"""One long computation off the GUI thread, with progress and Cancel: the insight views' worker.

The computation is a plain function of a :class:`~cnnstudio.training.insight_work.Work` (no Qt), run by a
QThread. Its progress, result and failure come back as queued signals, so slots run on the GUI thread.
Cancel sets the Work's flag: the computation stops at its next step and nothing is emitted. A task is
waited for when its owner closes (``stop``), so no thread outlives its window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal

from cnnstudio.training.insight_work import Cancelled, Work


class BackgroundTask(QThread):
    progressed = Signal(float)  # fraction done, 0..1
    succeeded = Signal(object)  # the computation's result
    failed = Signal(str)  # a one-line reason

    def __init__(self, compute: Callable[[Work], Any], parent: Any = None) -> None:
        super().__init__(parent)
        self.compute = compute
        self.work = Work(progress=self.progressed.emit)
        self.setObjectName("cnnstudio-insight")

    def run(self) -> None:
        try:
            result = self.compute(self.work)
        except Cancelled:
            return
        except Exception as exc:  # shown to the user in one line, never a crash of the window
            if not self.work.cancel.is_set():
                self.failed.emit(str(exc) or type(exc).__name__)
            return
        if not self.work.cancel.is_set():
            self.succeeded.emit(result)

    def cancel(self) -> None:
        self.work.cancel.set()

    def stop(self) -> None:
        """Cancel and wait for the thread to end (the window is closing, or another task replaces it)."""
        self.cancel()
        self.wait()
