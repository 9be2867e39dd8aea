"""The overfitting lab: train two set-ups on a small subset and overlay their train and validation curves.

A small training set is learned by heart: training accuracy climbs towards 100% while validation accuracy
stalls and the validation loss turns upwards. Seeing that gap, and how one regulariser narrows it, is the
lesson. Variant A is the user's project with regularisation off, variant B the same with one change; both
are made by :mod:`cnnstudio.core.lab_variants`, run one after the other on the same ``RunController`` (one
training thread at a time, as on the Train page) with early stopping off, so the curves continue past the
epoch early stopping would keep, which is marked instead. Runs are written to a temporary folder owned by
this widget and removed with it: the lab never adds to the project's runs.

The lab's words (variant B's names, the summary table) are `lab_text.py`'s.

Events are drained on a ~30 Hz clock, as on the Train page; the window's close hook calls
:meth:`OverfittingLab.may_close`, which stops a running lab and waits for its thread.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core.errors import CoreError
from cnnstudio.core.lab_variants import (
    DEFAULT_EPOCHS,
    DEFAULT_SUBSET,
    PRESETS,
    EpochPoint,
    LabSummary,
    baseline,
    summarise,
    variant,
)
from cnnstudio.core.project import Project
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training.events import BatchProgress, EpochEnd, Finished, RunStarted
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.problem_text import network_problem, run_ending
from cnnstudio.ui.teaching.lab_text import preset_text, summary_table
from cnnstudio.ui.theme import Tone, set_text_colour
from cnnstudio.ui.train.run_controller import RunController, RunRequest
from cnnstudio.ui.widgets.metric_plots import MetricPlots

REDRAW_MS = 33
RUN_IDS = ("A", "B")
EPOCH_SERIES = ("train_loss", "val_loss", "train_accuracy", "val_accuracy")
_STEPS_PER_EPOCH = 100  # progress-bar resolution: a run of E epochs spans E * 100 steps
_B_LABEL_POSITION = 0.84  # MetricPlots hangs a best-epoch label from 0.97 of the height; B hangs lower


class OverfittingLab(QWidget):
    """Subset, epochs and variant B; Start lab / Stop; both runs' curves overlaid; the gaps in words."""

    lab_finished = Signal()  # both runs done, or the lab stopped or failed

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        self.controller = RunController(self, keep_worker=False)  # no probe captures after a lab run
        self._queue: list[tuple[str, Project]] = []
        self._current: str | None = None
        self._points: dict[str, list[EpochPoint]] = {}
        self._reasons: dict[str, str] = {}
        self._folders: dict[str, Path] = {}
        self._patience = 5
        self._epochs = DEFAULT_EPOCHS
        self._labs = 0
        self._temp: tempfile.TemporaryDirectory | None = None
        self._build()
        self.clock = QTimer(self)
        self.clock.setInterval(REDRAW_MS)
        self.clock.timeout.connect(self.drain)
        self.controller.failed.connect(self._on_run_failed)
        self.controller.finished.connect(self._on_thread_ended)
        document.changed.connect(self._update_buttons)
        self._update_buttons()

    # -- layout -----------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.subset_box = QSpinBox()
        self.subset_box.setRange(20, 1_000_000)
        self.subset_box.setSingleStep(100)
        self.subset_box.setValue(DEFAULT_SUBSET)
        self.subset_box.setToolTip(
            self.tr("Training images: a small set is learned by heart, so the gap shows")
        )
        self.epochs_box = QSpinBox()
        self.epochs_box.setRange(1, 500)
        self.epochs_box.setValue(DEFAULT_EPOCHS)
        self.variant_box = QComboBox()
        for key in PRESETS:
            self.variant_box.addItem(preset_text(key)[0], key)
        self.start_button = QPushButton(self.tr("Start lab"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.progress = QProgressBar()
        controls = QHBoxLayout()
        for text, widget in (
            (self.tr("Training images:"), self.subset_box),
            (self.tr("Epochs:"), self.epochs_box),
            (self.tr("Variant B:"), self.variant_box),
        ):
            controls.addWidget(QLabel(text))
            controls.addWidget(widget)
        controls.addWidget(self.start_button)
        controls.addWidget(self.stop_button)
        controls.addWidget(self.progress, 1)
        intro = QLabel(
            self.tr(
                "A is your network and settings with every regulariser off (dropout p=0, no L1/L2 or weight "
                "decay, no augmentation); B is the same with one change. Solid lines are training, dashed "
                "lines validation. Early stopping is off in both, so the curves go on past the epoch it "
                "would keep (the lowest validation loss, dotted line)."
            )
        )
        intro.setWordWrap(True)
        self.status = QLabel(self.tr("Ready: choose variant B and press Start lab."))
        self.status.setWordWrap(True)
        self.plots = MetricPlots(show_lr=False, orientation=Qt.Orientation.Horizontal)
        self._hide_batch_key()
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(intro)
        layout.addWidget(self.status)
        layout.addWidget(self.plots, 1)
        layout.addWidget(self.summary)

    def _hide_batch_key(self) -> None:
        """The lab draws epochs only, so the plots' "batches" key would name a line that is never there."""
        self.plots.legend().remove("batches")

    # -- commands ---------------------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self.controller.is_running() or bool(self._queue)

    def blocker(self) -> str:
        """Why the lab cannot start now, in words, or "" when it can."""
        problem = network_problem(self.doc.project)
        return self.tr("The network cannot work: {0}").format(problem) if problem else ""

    def start(self) -> bool:
        """Make A and B from the current project and train A; B follows when A's thread has ended."""
        if self.is_running():
            return False
        blocker = self.blocker()
        preset = self.variant_box.currentData()
        try:
            if blocker:
                raise CoreError(blocker)
            a = baseline(self.doc.project, self.subset_box.value(), self.epochs_box.value())
            b = variant(a, preset)
            self._patience = _patience(self.doc.project)
        except CoreError as exc:
            self._say(self.tr("The lab cannot start: {0}").format(exc), error=True)
            return False
        try:
            folder = self._new_lab_folder()
        except OSError as exc:
            self._say(self.tr("Cannot create a temporary folder: {0}").format(exc), error=True)
            return False
        self._epochs = self.epochs_box.value()
        self._folders = {run_id: folder / run_id for run_id in RUN_IDS}
        self._points = {run_id: [] for run_id in RUN_IDS}
        self._reasons = {}
        self.plots.clear()
        self.plots.add_run("A", self.tr("A: no regularisation"), current=True)
        self.plots.add_run("B", preset_text(preset)[1], current=False)
        self._unfade()
        # The two best epochs are often a step apart: B's label sits lower so the two never overlap.
        self.plots.best_line("B").label.setPosition(_B_LABEL_POSITION)
        self.progress.setRange(0, 2 * self._epochs * _STEPS_PER_EPOCH)
        self.progress.setValue(0)
        self._queue = [("A", a), ("B", b)]
        self._show_summary()
        self.clock.start()
        self._start_next()
        return True

    def stop(self) -> None:
        """Stop the lab: B will not start, and a running run ends after its current batch."""
        was_running, between_runs = self.is_running(), not self.controller.is_running()
        self._queue.clear()
        self.controller.stop(wait=True)  # its thread's end calls _on_thread_ended, which ends the lab
        if was_running and between_runs:  # A done, B not started yet: no thread will end
            self._end_lab()
        if was_running:
            self._say(self.tr("Stopped."))
        self._update_buttons()

    def may_close(self) -> bool:
        """The window's close hook: a running lab stops cleanly (its process finishes the batch) first."""
        if self.is_running():
            self.stop()
        self.controller.release()
        return True

    # -- what the lab measured (the summary, the tests) ------------------------------------------------------
    def points(self, run_id: str) -> list[EpochPoint]:
        return list(self._points.get(run_id, ()))

    def summary_of(self, run_id: str) -> LabSummary | None:
        return summarise(self._points.get(run_id, []), self._patience)

    def finish_reason(self, run_id: str) -> str | None:
        return self._reasons.get(run_id)

    def run_folder(self, run_id: str) -> Path | None:
        return self._folders.get(run_id)

    # -- the sequence -------------------------------------------------------------------------------------
    def _new_lab_folder(self) -> Path:
        """A fresh folder for this lab's two runs inside the widget's temporary folder; the last lab's goes."""
        if self._temp is None:
            temp = tempfile.TemporaryDirectory(prefix="cnnstudio-lab-")
            # The lambda holds the folder object, not the widget, which is half gone when destroyed fires.
            self.destroyed.connect(lambda *_args, t=temp: t.cleanup())
            self._temp = temp
        for old in self._folders.values():
            shutil.rmtree(old.parent, ignore_errors=True)
        self._labs += 1
        folder = Path(self._temp.name) / f"lab-{self._labs}"
        folder.mkdir()
        return folder

    def _start_next(self) -> None:
        if not self._queue or self.controller.is_running():
            self._update_buttons()
            return
        run_id, project = self._queue.pop(0)
        self._current = run_id
        self._folders[run_id].mkdir(exist_ok=True)
        self.plots.set_current_run(run_id)  # the one training is drawn on top
        self._unfade()
        self._say(self.tr("Preparing {0}…").format(self.plots.run_name(run_id)))
        self.controller.start(RunRequest(project, self._folders[run_id]))
        self._update_buttons()

    def _unfade(self) -> None:
        """Both runs are compared, so neither is faded (MetricPlots fades every run but the current one)."""
        for run_id in self.plots.run_ids():
            for series in EPOCH_SERIES:
                self.plots.curve(run_id, series).setOpacity(1.0)

    def _on_thread_ended(self) -> None:
        self.drain()
        if self._queue:
            QTimer.singleShot(0, self._start_next)  # after RunController has finished tidying its thread
            return
        if len(self._reasons) == len(RUN_IDS) and all(r == "completed" for r in self._reasons.values()):
            self._say(self.tr("Done: compare the gaps below."))
        self._end_lab()

    def _end_lab(self) -> None:
        self.clock.stop()
        self._current = None
        self._update_buttons()
        self.lab_finished.emit()

    def _on_run_failed(self, message: str) -> None:
        self._queue.clear()
        self._say(self.tr("The lab could not run: {0}").format(translate_core(message)), error=True)

    def _update_buttons(self) -> None:
        running = self.is_running()
        blocker = self.blocker()
        self.start_button.setEnabled(not running and not blocker)
        self.start_button.setToolTip(blocker or self.tr("Train A, then B, on the subset"))
        self.stop_button.setEnabled(running)
        for box in (self.subset_box, self.epochs_box, self.variant_box):
            box.setEnabled(not running)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        set_text_colour(self.status, Tone.ERROR if error else None)

    # -- the redraw clock ---------------------------------------------------------------------------------
    def drain(self) -> None:
        """Handle the events received since the last tick, then redraw what changed."""
        for event in self.controller.take_events():
            run_id = self._current
            if run_id is None:
                continue
            match event:
                case BatchProgress():
                    self._on_batch(run_id, event)
                case EpochEnd():
                    self._on_epoch(run_id, event)
                case RunStarted():
                    self._on_run_started(run_id, event)
                case Finished():
                    self._on_finished(run_id, event)
        self.plots.redraw()

    def _on_run_started(self, run_id: str, event: RunStarted) -> None:
        self._say(
            self.tr("Training {0} on {1}: {2:,} images, {3} epochs").format(
                self.plots.run_name(run_id), event.device, event.train_images, event.epochs
            )
        )

    def _on_batch(self, run_id: str, event: BatchProgress) -> None:
        done = RUN_IDS.index(run_id) * self._epochs + event.epoch_fraction
        self.progress.setValue(round(done * _STEPS_PER_EPOCH))

    def _on_epoch(self, run_id: str, event: EpochEnd) -> None:
        point = EpochPoint(
            event.epoch, event.train_loss, event.train_accuracy, event.val_loss, event.val_accuracy
        )
        self._points[run_id].append(point)
        self.plots.append_epoch(run_id, *(getattr(point, name) for name in EpochPoint.__dataclass_fields__))
        summary = self.summary_of(run_id)
        self.plots.set_best_epoch(run_id, summary.best_epoch if summary is not None else None)
        self.progress.setValue((RUN_IDS.index(run_id) * self._epochs + event.epoch) * _STEPS_PER_EPOCH)
        self._show_summary()

    def _on_finished(self, run_id: str, event: Finished) -> None:
        self._reasons[run_id] = event.reason
        if event.reason in ("diverged", "failed"):
            self._queue.clear()
            detail = f": {event.message}" if event.message else ""
            name = self.plots.run_name(run_id)
            self._say(self.tr("{0} ended: {1}{2}").format(name, run_ending(event.reason), detail), error=True)

    def _show_summary(self) -> None:
        summaries = {run_id: self.summary_of(run_id) for run_id in self.plots.run_ids()}
        self.summary.setText(summary_table(self.plots, summaries, self._points, self._patience))


def _patience(project: Project) -> int:
    return TrainingSettings.from_dict(project.training).patience
