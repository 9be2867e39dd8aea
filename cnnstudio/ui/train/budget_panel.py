"""The Train page's budget: what the run will need in memory and time, known before Start.

A line under Start/Pause/Stop reads "Memory 206 MB of 21.8 GB · Time about 0:53 (0:05 per epoch)"; Details
opens the parts (parameters, gradients, optimiser state, weight copies, activations forward and backward,
evaluation, dataset: `budget_details.py`), and a warning says what to change when the run would not fit, would leave the computer
short of memory, or would take more than an hour.

The memory figures are the core's arithmetic (``core.budget``), recomputed when the document changes (only
while the page is shown: the Design page's edits must stay within a frame). The time comes from a dry run
(``training.dry_run.measure_step``) in the warm training process (where the run will train, with its
threads and device, and without torch in the window), started a moment after the page is shown or the
network, batch size, optimiser or device change; cancellable, never while a run trains. Epochs and the
dataset's size only change the arithmetic, not the measurement.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core.budget import MemoryBudget, memory_budget, settings_or_default, size_text
from cnnstudio.core.errors import CoreError
from cnnstudio.core.labels import duration_text
from cnnstudio.core.machine_memory import available_ram
from cnnstudio.core.readiness import memory_problem, memory_warning, time_warning
from cnnstudio.core.run_time import StepTiming, TimeEstimate, estimate_time
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.theme import Tone, set_themed_text, toned_span
from cnnstudio.ui.train.budget_details import BudgetDetails

WATCH_MS = 1000
MEASURE_DELAY_MS = 800  # after the last change: a spin box being turned measures once, at the end


class TimingKey(NamedTuple):
    """What the time per batch depends on: the network, its input, the batch and the optimiser, where."""

    layers: tuple
    input: Any
    batch_size: int
    optimizer: str
    momentum: float
    device: str
    threads: int | None
    memory_format: str


def timing_key(project, settings: TrainingSettings) -> TimingKey:
    return TimingKey(
        project.layers, project.input, settings.batch_size, settings.optimizer, settings.effective_momentum,
        settings.device, settings.threads, settings.memory_format,
    )  # fmt: skip


class BudgetPanel(QWidget):
    """The budget line, its details and warning, and the dry run's Measure/Cancel button."""

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        self.budget: MemoryBudget | None = None
        self.estimate: TimeEstimate | None = None
        self.auto_measure = True
        self.training = False  # set by the page: no dry run while a run trains
        self._shown_project = None
        self._timing: StepTiming | None = None
        self._timing_key: TimingKey | None = None
        self._failure: tuple[TimingKey, str] | None = None  # (key, why the dry run could not run)
        self._cancelled_key: TimingKey | None = None
        self._inflight: tuple[TimingKey, Any] | None = None  # (what, the Worker measuring it)
        self._listening: set = set()  # workers whose messages reach _on_worker_message
        self.worker_source: Callable[[], Any] | None = None  # the page's idle warm worker (or None)
        self._device_memory: tuple[str, int] | None = None  # (settings.device, bytes) from the last dry run
        self._build()
        self.timer = QTimer(self, singleShot=True, interval=MEASURE_DELAY_MS)
        self.timer.timeout.connect(self._measure_if_stale)
        self.watch = QTimer(self, interval=WATCH_MS)  # a dry run whose process died answers nothing
        self.watch.timeout.connect(self._check_worker)
        document.changed.connect(self._on_document_changed)

    # -- layout -----------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.headline = QLabel(wordWrap=True)
        self.details_button = QToolButton(text=self.tr("Details"), checkable=True)
        self.details_button.toggled.connect(self._on_details_toggled)
        # A click on the button while the popup is open only closes it (Qt would replay it and reopen it)
        self.details_button.setAttribute(Qt.WidgetAttribute.WA_NoMouseReplay)
        self.measure_button = QPushButton(self.tr("Measure time"))
        self.measure_button.setToolTip(self.tr("Time a few training steps on the chosen device (a dry run)"))
        self.measure_button.clicked.connect(self._on_measure_clicked)
        self.warning = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.warning.hide()
        self.details = BudgetDetails(self)  # a popup: open inline it squeezed the curves at 1366x768
        self.details.closed.connect(lambda: self.details_button.setChecked(False))
        self.details.hide()
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.headline, 1)
        line.addWidget(self.measure_button)
        line.addWidget(self.details_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addWidget(self.warning)

    # -- the figures -----------------------------------------------------------------------------------------
    def settings(self) -> TrainingSettings:
        return settings_or_default(self.doc.project.training)

    def current_budget(self) -> MemoryBudget | None:
        """The budget of the document's project now (None for a network that cannot work)."""
        project = self.doc.project
        if project is not self._shown_project:
            self._shown_project = project
            self.budget = (
                memory_budget(project, self.settings(), self._available()) if project.report.valid else None
            )
            self.estimate = self._estimate()
        return self.budget

    def _available(self) -> int | None:
        device = self.settings().device
        if self._device_memory is not None and self._device_memory[0] == device:
            return self._device_memory[1]
        return available_ram()

    def _estimate(self) -> TimeEstimate | None:
        budget = self.budget
        if budget is None or budget.images is None or self._timing is None:
            return None
        if self._timing_key != timing_key(self.doc.project, self.settings()):
            return None
        s = self.settings()
        return estimate_time(self._timing, s.batch_size, s.epochs, budget.images)

    def refresh(self) -> None:
        budget = self.current_budget()
        if budget is None:
            self.headline.setText(self.tr("Memory and time: once the network can work"))
            self.warning.hide()
            self.details.hide()
            self.measure_button.setEnabled(False)
            return
        self.headline.setText(self._headline(budget))
        self.details.show_budget(budget, self.estimate)
        # While a run trains, the headline alone: the curves and maps need the room
        self.details_button.setEnabled(not self.training)
        if self.training:
            self.details_button.setChecked(False)
        self._show_warning(budget)
        if self.training:
            self.warning.hide()
        self.measure_button.setEnabled(not self.training)
        self.measure_button.setText(self.tr("Cancel") if self.is_measuring() else self.tr("Measure time"))

    def _headline(self, budget: MemoryBudget) -> str:
        if budget.available is None:
            memory = self.tr("Memory about {0}").format(size_text(budget.total))
        else:
            memory = self.tr("Memory about {0} of {1} free").format(
                size_text(budget.total), size_text(budget.available)
            )
        if self.is_measuring():
            time = self.tr("Time: measuring…")
        elif self.estimate is not None:
            time = self.tr("Time about {0} ({1} per epoch)").format(
                duration_text(self.estimate.run_seconds), duration_text(self.estimate.epoch_seconds)
            )
        elif self._failure is not None and self._failure[0] == self._key():
            time = self.tr("Time: not measured ({0})").format(translate_core(self._failure[1]))
        else:
            time = self.tr("Time: not measured yet")
        return f"{memory} · {time}"

    def _show_warning(self, budget: MemoryBudget) -> None:
        """Red when the run cannot fit (Start is off), amber for a tight fit and a run of over an hour."""
        error = memory_problem(budget)
        notes = [w for w in (memory_warning(budget), time_warning(self.estimate)) if w]
        lines = [(Tone.ERROR, self.tr("Will not fit: {0}").format(translate_core(error)))] if error else []
        lines += [(Tone.WARNING, self.tr("Note: {0}").format(translate_core(note))) for note in notes]
        self.warning.setVisible(bool(lines))
        # themed: a scheme switch re-colours the lines at once, not at the next budget update
        set_themed_text(
            self.warning, "<br>".join(toned_span(tone, html.escape(text)) for tone, text in lines)
        )

    # -- changes -----------------------------------------------------------------------------------------------
    def _on_document_changed(self) -> None:
        self._drop_outdated()
        if self.isVisible():
            self.refresh()
            self._schedule()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.refresh()
        self._schedule()

    def _on_details_toggled(self, on: bool) -> None:
        if not (on and self.budget is not None and not self.training):
            self.details.hide()
            return
        self.details.adjustSize()
        button = self.details_button
        corner = button.mapToGlobal(QPoint(button.width(), button.height()))
        self.details.move(corner - QPoint(self.details.width(), 0))  # under the button, right-aligned
        self.details.show()

    def set_training(self, training: bool) -> None:
        """The page's run started or ended: no dry run meanwhile (it would share the CPU with the run)."""
        self.training = training
        if training:
            self.cancel(by_user=False)
        self.refresh()
        if not training:
            self._schedule()

    # -- the dry run -------------------------------------------------------------------------------------------
    def is_measuring(self) -> bool:
        return self._inflight is not None

    def _schedule(self) -> None:
        if self.auto_measure and not self.training:
            self.timer.start()

    def _key(self) -> TimingKey:
        return timing_key(self.doc.project, self.settings())

    def _stale(self) -> bool:
        """A dry run is due: the network can train and nothing was measured, failed or cancelled for it."""
        report = self.doc.project.report
        done = (self._timing_key, self._failure[0] if self._failure else None, self._cancelled_key)
        return report.valid and report.total_params > 0 and self._key() not in done

    def _measure_if_stale(self) -> None:
        if self.isVisible() and not self.training and not self.is_measuring() and self._stale():
            self.start_measuring()

    def _on_measure_clicked(self) -> None:
        if self.is_measuring():
            self.cancel()
        else:
            self._failure = None
            self.start_measuring()

    def start_measuring(self) -> bool:
        """Ask the warm training process for a dry run; its answer arrives as a ``Measured`` message."""
        from cnnstudio.training.worker_messages import Measure
        from cnnstudio.ui.train.run_controller import run_settings

        project = self.doc.project
        if (
            self.training
            or self.is_measuring()
            or not project.report.valid
            or not project.report.total_params
        ):
            return False
        worker = self.worker_source() if self.worker_source is not None else None
        if worker is None or not worker.is_alive():
            return False
        try:
            settings = run_settings(project)
        except CoreError:  # the settings panel says why
            return False
        key = self._key()
        if worker not in self._listening:
            worker.message.connect(self._on_worker_message)
            self._listening.add(worker)
        if not worker.process.send(Measure(project, settings, key)):
            return False
        self._inflight = (key, worker)
        self.watch.start()
        self.refresh()
        return True

    def _check_worker(self) -> None:
        if self._inflight is None:
            self.watch.stop()
        elif not self._inflight[1].is_alive():  # killed, or out of memory: measure again later
            self._inflight = None
            self.watch.stop()
            self.refresh()

    def cancel(self, by_user: bool = True) -> None:
        """Stop the dry run after its current step; one the user cancelled is not restarted by itself."""
        if self._inflight is None:
            return
        from cnnstudio.training.worker_messages import Command

        key, worker = self._inflight
        worker.process.send(Command("stop_measure"))
        self._inflight = None
        if by_user:
            self._cancelled_key = key
        self.refresh()

    def _drop_outdated(self) -> None:
        """The network or settings changed under a dry run: it measures something that no longer exists."""
        if self._inflight is not None and self._inflight[0] != self._key():
            self.cancel(by_user=False)

    def _on_worker_message(self, message: object) -> None:
        from cnnstudio.training.worker_messages import Ended, Measured

        if isinstance(message, Ended):
            worker = self.sender()
            self._listening.discard(worker)
            if self._inflight is not None and self._inflight[1] is worker:
                self._inflight = None
                self.refresh()
            return
        if not isinstance(message, Measured):
            return
        key = message.key
        if self._inflight is not None and self._inflight[0] == key:
            self._inflight = None
        if message.memory is not None:
            self._device_memory = (key.device, message.memory)
        if message.timing is not None:
            self._timing, self._timing_key = message.timing, key
        elif message.failure:
            self._failure = (key, message.failure)
        self._shown_project = None  # recompute with the measured time and the device's memory
        self.refresh()
        self._schedule()
