"""The Train page: settings, Start/Pause/Stop, progress, live curves, activation maps, pooling view, results.

This module is the page's behaviour: what blocks Start, the commands, the run's events and what is recorded
of it. Its widgets and where they go are `page_layout.py`'s; the progress bar, speed and status line say
what `run_readout.py` makes them say. It is longer than the house's ~400 lines because it is the one place a
run's life is followed from Start (a download first, when the set needs one) to its record in the project.

The engine runs in a child process (``RunController``); its events are queued to this thread, collected in a
list and handled on a ~30 Hz clock (``REDRAW_MS``), which also redraws the plots and maps: however fast
training reports, the window draws at most 30 times a second and stays responsive. Closing the window or
replacing the project stops the run through the window's ``about_to_close`` hook.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QMessageBox,
    QWidget,
)

from cnnstudio.core.dataset_size import needs_download
from cnnstudio.core.errors import CoreError
from cnnstudio.core.health import EpochHealth
from cnnstudio.core.readiness import start_problems
from cnnstudio.core.run_records import FINGERPRINT_KEY, NUMBER_KEY, network_fingerprint
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training.events import (
    BatchProgress,
    Diverging,
    EpochEnd,
    Finished,
    Measuring,
    ProbeSnapshot,
    RunStarted,
    SettingsChanged,
)
from cnnstudio.ui.camera.page_camera import PageCamera
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.problem_text import network_problem
from cnnstudio.ui.train.change_dialog import ChangeDialog, LiveSettings
from cnnstudio.ui.train.download_dialog import DownloadDialog
from cnnstudio.ui.train.pacing import Pacer
from cnnstudio.ui.train.page_layout import lay_out_page
from cnnstudio.ui.train.run_controller import RunController, RunRequest
from cnnstudio.ui.train.run_notices import (
    change_mark,
    changed_text,
    diverging_text,
)
from cnnstudio.ui.train.run_title import default_run_title
from cnnstudio.ui.train.shown_run import ShownRun

REDRAW_MS = 33


class TrainingPage(QWidget):
    run_finished = Signal(object)  # the Finished event
    buttons_changed = Signal()  # Start/Pause/Stop enabled states changed (the window's actions follow)

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        self.controller = RunController(self)
        self.run_id: str | None = None
        self.run_folder: Path | None = None
        self.live: ShownRun | None = None  # the run training now (also shown, unless another was picked)
        self._capturing: ShownRun | None = None  # the run whose model is capturing another probe image
        self.download: DownloadDialog | None = None  # the last download before a Start
        self._maps_dirty = False
        self._pacer = Pacer()
        self.running_settings = LiveSettings(lr=0.0)  # what the run trains with now (issue 15.8)
        self._readiness_shown = True  # the status line says whether Start can run (until a run starts)
        self._started_basis: tuple | None = None  # what the last run was started with (_run_basis)
        self._blocker: tuple[object, str, str] | None = None  # (project, settings problem, blocker) cache
        lay_out_page(self)
        self.camera = PageCamera(self)  # the live camera as the probe image (issue 16.5)
        self.budget.worker_source = self.controller.idle_worker
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.change_button.clicked.connect(self.change_settings)
        self.stop_button.clicked.connect(lambda: self.stop(wait=False))
        self.runs.run_chosen.connect(self.show_run)
        self.views.probe_changed.connect(self._on_probe_changed)
        self.views.shown_changed.connect(self._on_shown_changed)
        self.clock = QTimer(self)
        self.clock.setInterval(REDRAW_MS)
        self.clock.timeout.connect(self.drain)
        self.controller.failed.connect(self._on_failed)
        self.controller.results_ready.connect(self._on_results)
        self.controller.finished.connect(self._on_run_ended)
        self.controller.captured.connect(self._on_captured)
        document.changed.connect(self._on_document_changed)
        document.replaced.connect(self._on_project_replaced)
        self.settings_panel.problem_changed.connect(lambda _p: self._update_buttons())
        self._update_buttons()
        QTimer.singleShot(300, self._prewarm)

    # -- what blocks Start --------------------------------------------------------------------------------------
    def blocker(self) -> str:
        """Why training cannot start now, in words, or "" when it can: the network, the settings, then what
        the core checks at once without torch (classes, dataset folder, memory; ``core.readiness``)."""
        project, settings_problem = self.doc.project, self.settings_panel.problem()
        if self._blocker is not None and self._blocker[:2] == (project, settings_problem):
            return self._blocker[2]  # asked by the buttons, the Run menu and the status bar on every edit
        problem = network_problem(project)
        if problem:
            text = self.tr("The network cannot work: {0}").format(problem)
        elif settings_problem:
            text = settings_problem
        else:
            problems = start_problems(project, self.budget.current_budget())
            text = self.tr("Cannot start: {0}").format(translate_core(problems[0])) if problems else ""
        self._blocker = (project, settings_problem, text)
        return text

    def _on_document_changed(self) -> None:
        basis = _run_basis(self.doc.project)
        if not self.controller.is_running() and basis != self._started_basis:
            self._readiness_shown = True  # an edit after a run: the status line says what Start would do
        self._update_buttons()

    def _on_project_replaced(self) -> None:
        """Another project: the last one's bar, speed and run are not this one's (a run still training
        cannot be here: replacing the project stops it first, see ``may_close``)."""
        if self.controller.is_running():
            return
        self.live = None
        self.readout.clear()
        self._readiness_shown = True
        self._update_buttons()

    def _show_readiness(self, blocker: str) -> None:
        if self.controller.is_running() or not self._readiness_shown:
            return
        self.readout.ready(blocker)

    def _update_buttons(self) -> None:
        # While the finished run measures its test split the controls are free: Start skips that measurement.
        measuring = self.controller.is_measuring()
        training = self.controller.is_running() and not measuring
        blocker = self.blocker()
        self._show_readiness(blocker)
        self.start_button.setEnabled(not training and not blocker)
        self.start_button.setToolTip(blocker or self.tr("Train the network with these settings"))
        stoppable = training and not self.controller.is_stopping()
        self.pause_button.setEnabled(stoppable)
        self.pause_button.setText(self.tr("Resume") if self.controller.is_paused() else self.tr("Pause"))
        self.change_button.setEnabled(stoppable and self.controller.is_paused())
        self.stop_button.setText(self.tr("Skip test") if measuring else self.tr("Stop"))
        self.stop_button.setEnabled(stoppable or measuring)
        self.settings_panel.setEnabled(not training)
        self.buttons_changed.emit()

    # -- commands ---------------------------------------------------------------------------------------------
    def start(self) -> bool:
        self.controller.settle()  # the previous run's last events belong to it, not to the new one
        if self.controller.is_running() or self.blocker():
            return False
        if needs_download(self.doc.project.dataset):
            self._download_then_start()
            return False
        from cnnstudio.training.history import make_run_folder
        from cnnstudio.training.trained_run import record_network

        try:
            self.run_folder = make_run_folder(self.doc.runs_folder())
            record_network(self.run_folder, self.doc.project)
        except (OSError, CoreError) as exc:
            self._on_failed(self.tr("Cannot create the run folder: {0}").format(exc))
            return False
        self.run_id = self.run_folder.name
        self.run_number = len(self.doc.project.runs) + 1
        self.run_name = default_run_title(self.run_number)
        self.live = ShownRun(self.run_id, self.run_name, self.doc.project, self.run_folder, live=True)
        self.views.set_shown(self.live)
        self.runs.set_live_run(self.run_id, self.run_name)  # on the plots too, as the current run
        request = RunRequest(self.doc.project, self.run_folder, self.probe.index.value(), self.probe.picture)
        self._readiness_shown = False  # the run's own lines, until the network or its settings change
        self._started_basis = _run_basis(self.doc.project)
        lr = TrainingSettings.from_dict(self.doc.project.training).lr
        self.running_settings = LiveSettings.of(self.doc.project, lr)
        self.budget.set_training(True)
        self.readout.preparing()
        self.controller.start(request)
        self.clock.start()
        self._update_buttons()
        return True

    def _download_then_start(self) -> None:
        """Fetch the set's missing files in a dialog with progress and Cancel; Start again once they are
        there. A failure or a cancel says so on the status line and starts nothing."""
        if self.download is not None:
            self.download.deleteLater()  # the previous attempt's dialog
        self.download = DownloadDialog(self.doc.project.dataset, self)
        self.download.accepted.connect(self.start)
        self.download.rejected.connect(self._on_download_rejected)
        self.download.open()
        self.download.begin()

    def _on_download_rejected(self) -> None:
        dialog = self.download
        text = (
            self.tr("Download failed: {0}").format(dialog.error)
            if dialog.error
            else self.tr("Download cancelled")
        )
        self.readout.warn(text)

    def activity(self) -> str:
        """One line for the window's status bar while a run is going, "" otherwise."""
        if not self.controller.is_running():
            return ""
        if self.controller.is_paused():
            return self.tr("{0} is paused").format(self.run_name)
        return self.tr("Training {0}…").format(self.run_name)

    def toggle_pause(self) -> None:
        if self.controller.is_paused():
            self.controller.resume()
            self.status.setText(self.tr("Training…"))
        else:
            self.controller.pause()
            self.status.setText(self.tr("Paused: Resume continues from the same batch."))
        self._update_buttons()

    def change_settings(self) -> None:
        """Issue 15.8: ask the paused run's new settings; the run takes them when it resumes."""
        if not self.controller.is_paused():
            return
        dialog = ChangeDialog(self.doc.project, self.running_settings, self)
        change = dialog.change() if dialog.exec() == ChangeDialog.DialogCode.Accepted else None
        if change is not None:
            self.controller.change(change)
            self.status.setText(self.tr("The change is sent: the run takes it when it resumes."))

    def stop(self, wait: bool = True) -> None:
        """Stop the run after its current batch. The Stop button does not wait (the run still measures
        its results, which can take a moment); closing the window does, so no thread outlives it. While
        the results are measured, the same button skips that measurement."""
        if not wait and self.controller.is_measuring():
            self.controller.skip_measurement()
            self.stop_button.setEnabled(False)
            return
        if not wait and self.controller.is_running():
            self.controller.stop(wait=False)
            self.status.setText(self.tr("Stopping after this batch…"))
            self._update_buttons()  # Stop and Pause, and the Run menu's, are done with
            return
        self.controller.stop(wait=True)
        self.drain()
        self._update_buttons()

    def may_close(self) -> bool:
        """The window's close hook: a running training stops cleanly first, and its process is let go."""
        self.budget.cancel(by_user=False)
        self.camera.close()  # the camera is let go with the window
        if self.controller.is_running():
            self.stop(wait=True)
        self.controller.release()
        return True

    # -- the redraw clock -----------------------------------------------------------------------------------
    def drain(self) -> None:
        """Handle the events received since the last tick, then redraw what changed (while a run trains,
        the curves, the bar and the speed at most ~10 times a second: see ``pacing``)."""
        for event in self.controller.take_events():
            match event:
                case BatchProgress():
                    self.plots.append_batch(self.run_id, event.epoch_fraction, event.loss)
                    self.live.batches.append((event.epoch_fraction, event.loss))
                    self.readout.take_progress(event)
                    self.running_settings.lr = event.lr
                case EpochEnd():
                    self._on_epoch_end(event)
                case ProbeSnapshot():
                    self._on_probe_snapshot(event)
                case EpochHealth():
                    self.live.health.append(event)
                    if self.views.shown is self.live:
                        self.views.health.health_added()
                case RunStarted():
                    gpu_note = self._gpu_note() if event.device.startswith("cpu") else ""
                    self.readout.started(event, gpu_note)
                case Finished():
                    self._on_finished(event)
                case Measuring():
                    self.readout.measuring(event)
                    if event.done == 0:  # training is over: the controls come back now
                        self._update_buttons()
                case Diverging():
                    self.readout.warn(diverging_text(event), event.active)
                case SettingsChanged():
                    self.running_settings.take(event.record)
                    if not event.error:
                        self.plots.add_change(self.run_id, *change_mark(event.record))
                    self.readout.warn(changed_text(event), bool(event.error))
        if self._pacer.due(live=self.controller.is_running()):
            self.readout.show_progress()
            self.plots.redraw()
        if self._maps_dirty:
            self._show_maps()

    def _on_epoch_end(self, event: EpochEnd) -> None:
        self.plots.append_epoch(
            self.run_id, event.epoch, event.train_loss, event.train_accuracy,
            event.val_loss, event.val_accuracy, event.lr,
        )  # fmt: skip
        self.plots.set_best_epoch(self.run_id, event.best_epoch)

    def _on_probe_snapshot(self, event: ProbeSnapshot) -> None:
        self.live.latest = event
        self.live.store.add(event)
        if self.views.shown is self.live:
            self.views.snapshot_added()
            self._maps_dirty = True

    def _on_finished(self, event: Finished) -> None:
        self.readout.finished(event, self.run_folder)
        self._save_snapshots()
        self.doc.add_run(
            {
                "id": self.run_id, NUMBER_KEY: self.run_number, "folder": str(self.run_folder),
                FINGERPRINT_KEY: network_fingerprint(self.live.network),
            }
        )  # fmt: skip
        self.run_finished.emit(event)

    def _on_shown_changed(self, run_id: str | None) -> None:
        """The curves emphasise (and label the marks of) the run the views show, not another one."""
        if run_id in self.plots.run_ids():
            self.plots.set_current_run(run_id)
            self.plots.redraw()

    def _recorded(self, run_id: str) -> bool:
        return any(str(r.get("id")) == run_id for r in self.doc.project.runs)

    def show_run(self, run_id: str, folder: Path) -> bool:
        """Show a recorded run picked in the runs list: its maps, epochs, results (nothing while training)."""
        if self.controller.is_running() or (
            self.views.shown is not None and self.views.shown.run_id == run_id
        ):
            return False
        record = next((r for r in self.doc.project.runs if str(r.get("id")) == run_id), None)
        if record is None:
            return False
        if self.live is not None and self.live.run_id == run_id:
            self.views.set_shown(self.live)  # still in memory: no need to read it back
        else:
            self.views.show_record({**record, "folder": str(folder)})
        return True

    def _save_snapshots(self) -> None:
        """Keep what only the window received (the batch losses) in the run's folder, so that a reopened
        project shows the run as it was shown live; the trainer already wrote the run's maps there (before
        Finished): say so only if it could not."""
        from cnnstudio.training.batch_curve import save_batch_curve

        problem = self.controller.maps_problem
        if self.run_folder is not None and self.live is not None and self.live.batches:
            try:
                save_batch_curve(self.run_folder, self.live.batches)
            except (OSError, CoreError) as exc:  # a full disk: curves and weights are already written
                problem = problem or str(exc)
        if problem:
            self.status.setText(self.status.text() + self.tr(" (maps not saved: {0})").format(problem))

    def _show_maps(self) -> None:
        self._maps_dirty = False
        # While training, the tab not shown waits until it is (drawing it too cost up to 50 ms a snapshot).
        self.views.redraw(defer_hidden=self.controller.is_running())

    # -- run end, failures, results ---------------------------------------------------------------------------
    def _on_run_ended(self) -> None:
        self.drain()
        if self.live is not None:
            self.live.live = False
            self.live.samples = self.controller.samples
            if self.views.shown is self.live:
                self.views.snapshot_added()  # the slider's right end is the run's end now, not "live"
        if self.live is not None and not self._recorded(self.live.run_id):
            # Ended without a record (its process killed, or it failed to start): the runs list and the
            # curves have dropped it, so no view may go on showing it either.
            self.live = None
            self.readout.clear()
            self.views.show_newest()
        self._show_maps()  # every view, hidden ones included, shows the run's last snapshot
        self.clock.stop()
        self.runs.set_live_run(None)
        self.budget.set_training(False)
        self._update_buttons()

    def _on_failed(self, message: str) -> None:
        message = translate_core(message)  # the engine's and the loaders' words, in the window's language
        self.readout.warn(self.tr("Training could not run: {0}").format(message))
        QMessageBox.warning(self, self.tr("Training"), message)

    def _on_results(self, results) -> None:
        if self.live is not None:
            self.live.results = results
            if self.views.shown is self.live:
                self.views.show_results()

    def _on_probe_changed(self) -> None:
        """A new probe image: captured by a training process on the shown run's model (read from its
        folder), or used by the next run."""
        self.capture_probe()

    def capture_probe(self, picture=None, cam: bool = False) -> bool:
        """Capture the maps of ``picture`` (None: the probe bar's choice) on the shown finished run's model,
        with Grad-CAM when ``cam`` (the live camera); False when no finished run is shown."""
        shown = self.views.shown
        if shown is None or shown.live or shown.folder is None:
            return False
        self._capturing = shown
        chosen = self.probe.picture if picture is None else picture
        return self.controller.capture(self.probe.index.value(), chosen, shown.folder, cam)

    def _on_captured(self, snapshot) -> None:
        shown = self.views.shown
        if shown is not None and shown is self._capturing and not self.controller.is_running():
            shown.latest = snapshot
            # With the camera live (up to 15 of these a second) a tab not shown draws only once it is.
            self.views.redraw(defer_hidden=self.camera.is_live())

    # -- what the teaching tools read (the shown run, when it is the current network's) -----------------------
    def shown_snapshot(self):
        return self.views.teaching_snapshot()

    def trained_model(self):
        return self.views.teaching_model()

    def samples(self):
        return self.views.teaching_samples()

    def teaching_note(self) -> str:
        return self.views.teaching_note()

    # -- the shown run, as the tests and benchmarks read it -----------------------------------------------------
    @property
    def shown_run(self) -> str | None:
        return self.views.shown.run_id if self.views.shown is not None else None

    @property
    def store(self):
        return self.views.shown.store if self.views.shown is not None else None

    @property
    def results(self):
        return self.views.shown.results if self.views.shown is not None else None

    def best_checkpoint(self) -> Path | None:
        """The best.pt of the newest run of the network in the editor, for exporting trained weights (a run
        of the network before an edit has weights of other shapes: None then, and untrained weights)."""
        from cnnstudio.core.run_records import run_matches
        from cnnstudio.ui.train.runs_panel import run_folder

        for record in reversed(self.doc.project.runs):
            candidate = run_folder(self.doc, record) / "best.pt"
            if run_matches(record, self.doc.project) is not False and candidate.is_file():
                return candidate
        return None

    # -- devices ------------------------------------------------------------------------------------------------
    def _prewarm(self) -> None:
        """Start the training process now: it imports torch while the window is idle and names the devices
        (importing torch here, even on a thread, would hold the window's GIL for a second or two)."""
        from cnnstudio.ui.train.worker_pool import pool

        pool().devices_found.connect(self._on_devices_found)
        if pool().devices is not None:
            self._on_devices_found(pool().devices)
        self.controller.prewarm()

    def _on_devices_found(self, names: dict[str, str]) -> None:
        self.settings_panel.set_device_names(names)
        note = self._gpu_note()
        if note and not self.controller.is_running():
            self.status.setText(note)

    def _gpu_note(self) -> str:
        """Why this machine's NVIDIA GPU goes unused, or "" (see ``gpu_note``)."""
        from cnnstudio.ui.train.gpu_note import gpu_note
        from cnnstudio.ui.train.worker_pool import pool

        return gpu_note(pool().gpu_problem)


def _run_basis(project) -> tuple:
    """What a run depends on: an edit of any of it makes the status line say what Start would do now (a
    run recorded in the project, a rename, do not)."""
    return (project.layers, project.input, project.dataset, project.training)
