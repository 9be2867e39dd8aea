"""One training run in a child process, supervised from the window: start, pause, stop, its events.

The run trains in a worker process (:mod:`cnnstudio.ui.train.worker_pool`): the engine there is the one
``cnnstudio train`` drives, on every core, and its events come back queued to the GUI thread, where this
object only appends them to a list; the page drains it on its redraw clock. Pause and stop are messages
the child applies before its next batch. Nothing here waits on the child except a stop that must (closing
the window): it waits for the batch in flight, and kills the child if that takes too long.

If the child dies (a crash, the system's out-of-memory killer), the run ends with a message naming what
happened; the project is unchanged (a run is recorded only when it finishes) and the next Start takes a
fresh process. After a run the worker is kept: it still holds the trained model and its data, so another
probe image is captured there (:meth:`RunController.capture`), in one forward pass, without torch here.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QThread, Signal

from cnnstudio.training.control import RunChange
from cnnstudio.training.events import Finished, Measuring
from cnnstudio.training.worker_messages import (
    Capture,
    Captured,
    Command,
    Ended,
    Failed,
    Hello,
    Job,
    JobDone,
    MapsSaved,
    Measured,
    Prepared,
    Results,
)
from cnnstudio.ui.train.worker_pool import Worker, busy_threads, pool

STOP_WAIT_S = 30.0  # a batch on a slow CPU can take a while; past this a closing window ends the child


@dataclass
class RunRequest:
    """What the page asks for; turned into a worker Job here, with the Preferences' thread count."""

    project: Any  # cnnstudio.core.project.Project
    out_dir: Path | None = None  # the run folder, or None
    probe_index: int = 0  # index into the validation split
    probe_picture: Any = None  # (H, W[, C]) float array in [0, 1] chosen from a file, or None


def running_threads() -> list[QThread]:
    """Threads supervising a run still in progress (the GUI tests' guard against leftover runs)."""
    return busy_threads()


class RunController(QObject):
    """The GUI thread's handle on the trainer process: it starts runs one at a time, pauses, resumes and stops
    the current one and keeps the events received from it so far (a run itself is what it trains, recorded
    in a run folder: docs/architecture.md, "Names")."""

    results_ready = Signal(object)  # RunResults
    failed = Signal(str)
    finished = Signal()  # the run is over: after Finished, a failure, a stop, or the end of its process
    captured = Signal(object)  # ProbeSnapshot answering capture()
    answered = Signal(object)  # every Captured answer, with its Grad-CAM or the reason it has no maps

    def __init__(self, parent: QObject | None = None, keep_worker: bool = True) -> None:
        super().__init__(parent)
        self._keep_worker = keep_worker  # keep the worker after a run, for probe captures
        self._worker: Worker | None = None
        self._running = False
        self._paused = False
        self._stopping = False
        self._measuring = False  # training is over; the final test measurement (skippable) goes on
        self._pending: list[object] = []
        self.request: RunRequest | None = None  # the last run's request (its project and folder)
        self.samples = None  # SampleImages of the last run's data, for the teaching tools
        self.finish: Finished | None = None
        self.maps_problem = ""  # why the trainer could not write the run's maps to its folder ("" if it did)

    # -- control ----------------------------------------------------------------------------------------
    def prewarm(self) -> None:
        """Have a worker import torch now, while the window is idle (the devices are named then too)."""
        if self._worker is None:
            pool().prewarm()

    def start(self, request: RunRequest) -> None:
        self.settle()
        if self.is_running():
            raise RuntimeError("a run is already going; stop it first")
        worker = self._worker if self._worker is not None and self._worker.is_alive() else None
        if worker is None:
            worker = self._take_worker()
        self._pending.clear()
        self._paused = self._stopping = self._measuring = False
        self.request, self.samples, self.finish = request, None, None
        self.maps_problem = ""
        project = with_data_folder(request.project)
        job = Job(project, run_settings(project), request.out_dir, request.probe_index,
                  request.probe_picture)  # fmt: skip
        worker.job_done.clear()
        worker.busy = self._running = True
        if not worker.process.send(job):  # it died between runs: the Ended message ends this run
            worker.process.kill()

    def pause(self) -> None:
        self._send(Command("pause"))
        self._paused = True

    def resume(self) -> None:
        self._send(Command("resume"))
        self._paused = False

    def change(self, change: RunChange) -> None:
        """Send settings to change (issue 15.8); the run applies them before its next batch, and answers
        with a SettingsChanged event. Meant for a paused run."""
        self._send(Command("change", change))

    def is_paused(self) -> bool:
        return self._running and self._paused

    def stop(self, wait: bool = True) -> bool:
        """Ask the run to stop after its batch; with ``wait``, block until it has. True when nothing runs.

        A waiting stop (closing the window or the project, ending the lab) also skips the results (test
        predictions, confusion matrix) a run measures after its last batch: nobody will see them. A child
        that does not finish its batch within ``STOP_WAIT_S`` is killed: a closing window never hangs.
        """
        if not self._running or self._worker is None:
            return True
        worker = self._worker
        if wait:
            self._send(Command("skip_results"))
        self._send(Command("stop"))
        self._stopping, self._paused = True, False
        if wait:
            if not worker.job_done.wait(STOP_WAIT_S):
                worker.process.kill()
                worker.job_done.wait(STOP_WAIT_S)
            worker.deliver()
        return not self._running

    def settle(self) -> None:
        """Deliver a finished run's last messages that are still queued (Start clicked the moment a run
        ends): they belong to it, not to the next. A run still measuring its test split is told to skip
        it first: a new Start does not wait for the old run's figures (one chunk of images at most)."""
        if self._worker is None or not self._running:
            return
        if self._measuring and not self._worker.job_done.is_set():
            self.skip_measurement()
            if not self._worker.job_done.wait(STOP_WAIT_S):
                self._worker.process.kill()
                self._worker.job_done.wait(STOP_WAIT_S)
        if self._worker is not None and self._worker.job_done.is_set():
            self._worker.deliver()

    def skip_measurement(self) -> None:
        """Skip (or cut short) the final measurement of the test split; the run then ends without results."""
        self._send(Command("skip_results"))

    def is_measuring(self) -> bool:
        """Training is over and the test split is being measured: the controls are free again."""
        return self._running and self._measuring

    def is_stopping(self) -> bool:
        """Asked to stop, and still finishing its batch."""
        return self._running and self._stopping

    def is_running(self) -> bool:
        """True from Start until the run's last message has been handled here."""
        return self._running

    def take_events(self) -> list[object]:
        """Events received since the last call (the page's redraw clock drains them)."""
        events, self._pending = self._pending, []
        return events

    def capture(
        self, probe_index: int, picture: Any = None, folder: Path | None = None, cam: bool = False
    ) -> bool:
        """Ask a worker for the probe maps of another image (``captured`` answers): through the model of
        the run recorded in ``folder`` (read there), or of the last run it trained (None); with ``cam``
        the answer carries Grad-CAM too (``answered``). False when no worker can take it now."""
        if self._running:
            return False
        if self._worker is None or not self._worker.is_alive():
            if folder is None:
                return False
            self._take_worker()
        return self._worker.process.send(Capture(probe_index, picture, folder, cam))

    def idle_worker(self) -> Worker | None:
        """A warm worker free for a dry run: this run's own after a run, else the pool's spare."""
        if self._running:
            return None
        if self._worker is not None and self._worker.is_alive():
            return self._worker
        pool().prewarm()
        return pool().spare

    def release(self) -> None:
        """Stop any run (waiting) and give the worker back: this run's window or lab is going away."""
        self.stop(wait=True)
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.message.disconnect(self._on_message)
            pool().give_back(worker)

    # -- the worker's messages --------------------------------------------------------------------------
    def _take_worker(self) -> Worker:
        if self._worker is not None:  # dead
            self._worker.message.disconnect(self._on_message)
        worker = self._worker = pool().take()
        worker.message.connect(self._on_message)
        return worker

    def _send(self, message: Command) -> None:
        if self._running and self._worker is not None:
            self._worker.process.send(message)

    def _on_message(self, message: object) -> None:
        if isinstance(message, Prepared):
            self.samples = message.samples
        elif isinstance(message, MapsSaved):
            self.maps_problem = message.problem
        elif isinstance(message, Results):
            self.results_ready.emit(message.results)
        elif isinstance(message, Failed):
            self.failed.emit(message.message)
        elif isinstance(message, Captured):
            self.answered.emit(message)
            if message.snapshot is not None:
                self.captured.emit(message.snapshot)
        elif isinstance(message, JobDone):
            self._end_run()
        elif isinstance(message, Ended):
            self._on_worker_ended(message)
        elif self._running and not isinstance(message, (Hello, Measured)):  # the engine's own events
            if isinstance(message, Finished):
                self.finish = message
            elif isinstance(message, Measuring):
                self._measuring = True
            self._pending.append(message)

    def _on_worker_ended(self, ended: Ended) -> None:
        if self._worker is not None:
            self._worker.message.disconnect(self._on_message)
            self._worker = None
        if self._running:
            self.failed.emit(_ended_text(ended))  # run's end: recorded nowhere, the project is untouched
            self._end_run()

    def _end_run(self) -> None:
        if not self._running:
            return
        self._running = self._stopping = self._paused = self._measuring = False
        worker = self._worker
        if worker is not None:
            worker.busy = False
            if not self._keep_worker:
                worker.message.disconnect(self._on_message)
                self._worker = None
                pool().give_back(worker)
        self.finished.emit()


def _ended_text(ended: Ended) -> str:
    """Why the training process is gone, for the person (a negative exit code is the killing signal)."""
    code = ended.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        if -code == signal.SIGKILL:
            return QCoreApplication.translate(
                "RunController",
                "The training process was killed ({0}): the system may have run out of memory. "
                "The project is unchanged; Start tries again.",
            ).format(name)
        return QCoreApplication.translate(
            "RunController",
            "The training process was killed ({0}). The project is unchanged; Start tries again.",
        ).format(name)
    return QCoreApplication.translate(
        "RunController",
        "The training process stopped unexpectedly (exit code {0}). The project is unchanged; Start tries again.",
    ).format(code)


def run_settings(project: Any) -> Any:
    """The project's training settings, with the Preferences' torch threads where the project sets none."""
    from cnnstudio.core.training_settings import TrainingSettings
    from cnnstudio.ui.preferences import torch_threads

    settings = TrainingSettings.from_dict(project.training)
    threads = torch_threads(QSettings())
    if settings.threads is None and threads is not None:
        settings = replace(settings, threads=threads)
    return settings


def with_data_folder(project: Any) -> Any:
    """The project with its dataset folder written out: the Preferences' folder is this process's setting
    (``core.data_folder``), and a training process started before it changed must read the same one."""
    from cnnstudio.core.dataset_catalog import TORCHVISION
    from cnnstudio.core.dataset_size import dataset_name, folder_root

    dataset = project.dataset
    root = dataset.get("root")
    if dataset_name(dataset) not in TORCHVISION or (isinstance(root, str) and root.strip()):
        return project
    return project.replace(dataset={**dataset, "root": str(folder_root(dataset))})
