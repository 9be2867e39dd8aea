"""What the Train page's insight tabs (Channels, Feature space) share: a computation on the shown run in
the background, only while the tab is shown, with progress, Cancel and a status line.

A hidden tab does no work (docs/architecture.md, "Hidden views do no work"): a new run, layer or setting
while hidden only marks the tab stale, and hiding it (another tab, another page, the window closing) stops
what it computes; it starts again when shown. Strings are translated in this class's own context
(``QCoreApplication.translate``): ``self.tr`` would look them up under the subclass's name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QWidget

from cnnstudio.ui.train.shown_run import ShownRun
from cnnstudio.ui.widgets.background_task import BackgroundTask


def _tr(text: str) -> str:
    return QCoreApplication.translate("InsightTab", text)


class InsightTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown: ShownRun | None = None
        self._task: BackgroundTask | None = None
        self._stale = True
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.cancel_button = QPushButton(_tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.status = QLabel()
        self.status.setWordWrap(True)

    # -- to be given by the tab -----------------------------------------------------------------------------
    def follow_network(self, shown: ShownRun | None) -> None:
        """List the layers of ``shown``'s own network (its layer chooser)."""

    def refresh(self) -> None:
        """Compute what the tab shows for the shown run (called only while the tab is visible)."""

    # -- shared ---------------------------------------------------------------------------------------------
    def set_run(self, shown: ShownRun | None) -> None:
        """Show ``shown`` (computed when this tab is next visible)."""
        self.shown = shown
        self.follow_network(shown)
        self.start()

    def start(self) -> None:
        """Refresh now if shown, else when shown next."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self.stop()
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.start()

    def hideEvent(self, event: QHideEvent) -> None:
        if self._task is not None and self._task.isRunning():
            self.stop()
            self._stale = True
        super().hideEvent(event)

    def stop(self) -> None:
        if self._task is not None:
            self._task.stop()
            self._task = None

    def run_task(self, compute: Callable[[Any], Any], done: Callable[[Any], None], message: str) -> None:
        """Run ``compute(work)`` in the background; ``done(result)`` on the GUI thread when it succeeds."""
        self.stop()
        self._task = task = BackgroundTask(compute, self)
        task.progressed.connect(lambda f: self.progress.setValue(round(100 * f)))
        task.succeeded.connect(done)
        task.failed.connect(
            lambda reason: self.status.setText(_tr("Could not look inside: {0}").format(reason))
        )
        task.finished.connect(lambda: self._task is task and self.cancel_button.setEnabled(False))
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.status.setText(message)
        task.start()

    def trained_run(self):
        """The shown run's folder, read afresh (a live run's best weights move on); None, with the reason
        on the status line, when there is no run or it has no weights yet."""
        shown = self.shown
        if shown is None or shown.folder is None or shown.network is None:
            self.status.setText(_tr("Train the network (or choose a run) to look inside it."))
            return None
        from cnnstudio.training.trained_run import TrainedRun

        run = TrainedRun(shown.folder)
        if run.checkpoint_path() is None:
            self.status.setText(
                _tr("{0} has no trained weights yet: they are kept at the end of its first epoch.").format(
                    shown.name
                )
            )
            return None
        return run

    def _on_cancel_clicked(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self.cancel_button.setEnabled(False)
        self.status.setText(_tr("Cancelled."))
