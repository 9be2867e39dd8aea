"""What the Train page's insight tabs (Channels, Feature space) share: a computation on the shown run in
the background, only while the tab is shown, with progress, Cancel and a status line.

A hidden tab does no work (docs/architecture.md, "Hidden views do no work"): a new run, layer or setting
while hidden only marks the tab stale, and hiding it (another tab, another page, the window closing) stops
what it computes; it starts again when shown.

The epoch replay (Play) shows each epoch whole: the tab keeps the previous epoch's pictures while the next
is computed (same run and layer, so nothing is shown under another's name), says ``frame_shown`` once every
part of an epoch is drawn, and only then does the next epoch come, ``PLAY_STEP_MS`` later. Strings are translated in this class's own context
(``QCoreApplication.translate``): ``self.tr`` would look them up under the subclass's name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSlider, QWidget

from cnnstudio.ui.train.shown_run import ShownRun
from cnnstudio.ui.widgets.background_task import BackgroundTask

PLAY_STEP_MS = 700  # how long each epoch stays on screen while the replay plays (after it is computed)


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
        # The epoch slider: the weights kept after each epoch (small networks, ``epoch_weights``); its
        # right end is the run's best weights. Hidden for a run that kept none.
        self._epochs: list[int] = []
        self.epoch_slider = QSlider(Qt.Orientation.Horizontal)
        self.epoch_slider.setRange(0, 0)
        self.epoch_slider.setToolTip(_tr("Replay training: the same view with the weights after each epoch"))
        self.epoch_slider.valueChanged.connect(self._on_epoch_moved)
        self.epoch_label = QLabel(_tr("best weights"))
        self.epoch_row = QWidget()
        row = QHBoxLayout(self.epoch_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(_tr("Weights")))  # not "Epoch": the probe bar above has that slider
        row.addWidget(self.epoch_slider, 1)
        row.addWidget(self.epoch_label)
        self.play_button = QPushButton(_tr("Play"))
        self.play_button.setCheckable(True)
        self.play_button.setToolTip(
            _tr("Replay every kept epoch in turn, each computed (then cached) as it comes")
        )
        self.play_button.toggled.connect(self._on_play_toggled)
        row.addWidget(self.play_button)
        self.epoch_row.hide()
        self._step = QTimer(self)
        self._step.setSingleShot(True)
        self._step.setInterval(PLAY_STEP_MS)
        self._step.timeout.connect(self._next_epoch)

    # -- to be given by the tab -----------------------------------------------------------------------------
    def follow_network(self, shown: ShownRun | None) -> None:
        """List the layers of ``shown``'s own network (its layer chooser)."""

    def refresh(self) -> None:
        """Compute what the tab shows for the shown run (called only while the tab is visible)."""

    # -- shared ---------------------------------------------------------------------------------------------
    def set_run(self, shown: ShownRun | None) -> None:
        """Show ``shown`` (computed when this tab is next visible), at its best weights."""
        self.shown = shown
        self.play_button.setChecked(False)
        self._epochs = []
        self.epoch_slider.blockSignals(True)
        self.epoch_slider.setRange(0, 0)
        self.epoch_slider.blockSignals(False)
        self.follow_network(shown)
        self.start()

    def epoch(self) -> int | None:
        """The epoch whose weights are shown, or None for the best weights."""
        value = self.epoch_slider.value()
        return self._epochs[value] if value < len(self._epochs) else None

    def show_epoch(self, epoch: int | None) -> None:
        """Move the slider to ``epoch`` (None: the best weights); the view computes for it."""
        self._read_epochs()
        index = self._epochs.index(epoch) if epoch in self._epochs else len(self._epochs)
        self.epoch_slider.setValue(index)

    def _read_epochs(self) -> None:
        """The shown run's kept epochs (a live run keeps more as it trains); the slider keeps its place."""
        shown = self.shown
        if shown is None or shown.folder is None:
            epochs = []
        else:
            from cnnstudio.training.epoch_weights import kept_epochs

            epochs = kept_epochs(shown.folder)
        if epochs == self._epochs:
            return
        chosen = self.epoch()
        self._epochs = epochs
        self.epoch_slider.blockSignals(True)
        self.epoch_slider.setRange(0, len(epochs))
        self.epoch_slider.setValue(epochs.index(chosen) if chosen in epochs else len(epochs))
        self.epoch_slider.blockSignals(False)
        self.epoch_row.setVisible(bool(epochs))
        self._show_epoch_label()

    def _show_epoch_label(self) -> None:
        epoch = self.epoch()
        self.epoch_label.setText(
            _tr("best weights") if epoch is None else _tr("after epoch {0}").format(epoch)
        )

    def _on_epoch_moved(self, _value: int) -> None:
        self._show_epoch_label()
        self.start()

    def _on_play_toggled(self, playing: bool) -> None:
        self.play_button.setText(_tr("Pause") if playing else _tr("Play"))
        if not playing:
            self._step.stop()
            return
        if self.epoch() is None:  # at the best weights: start again from the first epoch
            self.epoch_slider.setValue(0)
        elif self._task is None or self._task.isFinished():
            self._step.start()

    def frame_shown(self) -> None:
        """Every part of the shown epoch is drawn: a playing replay moves on after a moment."""
        if self.play_button.isChecked():
            self._step.start()

    def _next_epoch(self) -> None:
        """The replay's next frame; after the last kept epoch it stops at the best weights."""
        if not self.play_button.isChecked():
            return
        if self.epoch_slider.value() + 1 >= self.epoch_slider.maximum():
            self.play_button.setChecked(False)
        self.epoch_slider.setValue(self.epoch_slider.value() + 1)

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
        self.play_button.setChecked(False)  # a hidden tab does no work, a replay included
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
        # A result queued just before another task replaced this one belongs to a view no longer shown.
        task.succeeded.connect(lambda result: self._task is task and done(result))
        task.failed.connect(lambda reason: self._task is task and self._on_task_failed(reason))
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
            self.play_button.setChecked(False)
            self.status.setText(_tr("Train the network (or choose a run) to look inside it."))
            return None
        from cnnstudio.training.trained_run import TrainedRun

        self._read_epochs()
        run = TrainedRun(shown.folder, self.epoch())
        if run.checkpoint_path() is None:
            self.play_button.setChecked(False)
            self.status.setText(
                _tr("{0} has no trained weights yet: they are kept at the end of its first epoch.").format(
                    shown.name
                )
            )
            return None
        return run

    def _on_task_failed(self, reason: str) -> None:
        self.play_button.setChecked(False)  # a replay would wait for an epoch that never comes
        self.status.setText(_tr("Could not look inside: {0}").format(reason))

    def _on_cancel_clicked(self) -> None:
        self.play_button.setChecked(False)
        if self._task is not None:
            self._task.cancel()
        self.cancel_button.setEnabled(False)
        self.status.setText(_tr("Cancelled."))
