"""One training run on a QThread: the engine's generator driven by a worker, its events handed to the GUI.

The worker builds the Trainer in the thread (loading a dataset and importing torch take seconds, which
the window must not feel), iterates the engine's events and emits each one as a queued signal. The GUI
side only appends them to a list; the page drains it on its redraw clock. Stopping sets the engine's stop
flag, which the loop checks before every batch, and then waits for the thread: nothing is ever killed.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
import threading
import weakref
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, QThread, Signal, Slot

STOP_WAIT_MS = 30_000  # a batch on a slow CPU can take a while; the loop checks the flag after each one


@dataclass
class RunRequest:
    """What the page asks for; the worker turns it into a TrainJob inside the thread."""

    project: Any  # cnnstudio.core.project.Project
    out_dir: Any = None  # Path of the run folder, or None
    probe_index: int = 0  # index into the validation split
    probe_picture: Any = None  # (H, W[, C]) float array in [0, 1] chosen from a file, or None


class TrainingWorker(QObject):
    """Lives in the training thread; every signal it emits crosses to the GUI thread queued."""

    event = Signal(object)
    ready = Signal(object)  # the Trainer, once built: its model and data are read only after the run
    results = Signal(object)  # RunResults, computed in this thread after the run
    failed = Signal(str)
    done = Signal()

    def __init__(
        self,
        request: RunRequest,
        stop: threading.Event,
        pause: threading.Event,
        skip_results: threading.Event,
    ) -> None:
        super().__init__()
        self.request, self.stop, self.pause, self.skip_results = request, stop, pause, skip_results

    @Slot()
    def run(self) -> None:
        try:
            self._train()
        except Exception as exc:  # whatever goes wrong, the window must hear it and live on
            self.failed.emit(_message(exc))
        finally:
            self.done.emit()

    def _train(self) -> None:
        from cnnstudio.core.errors import CoreError
        from cnnstudio.training.control import RunControl
        from cnnstudio.training.datasets import DatasetError
        from cnnstudio.training.engine import Trainer, TrainJob
        from cnnstudio.training.errors import TrainingError
        from cnnstudio.training.results import summarise
        from cnnstudio.training.trained_run import record_results

        request = self.request
        try:
            trainer = Trainer(TrainJob(request.project, _settings(request.project), out_dir=request.out_dir))
            _choose_probe(trainer, request)
        except (CoreError, DatasetError, TrainingError, OSError, ValueError) as exc:
            self.failed.emit(_message(exc))
            return
        self.ready.emit(trainer)
        finished = None
        for event in trainer.run(RunControl(stop=self.stop, pause=self.pause)):
            self.event.emit(event)
            finished = event
        if finished is not None and finished.reason != "failed" and not self.skip_results.is_set():
            if request.out_dir is None:
                self.results.emit(summarise(trainer.model, request.project.layers, trainer.data))
            else:  # kept in the run folder, so that a reopened project shows them too
                self.results.emit(
                    record_results(request.out_dir, trainer.model, request.project, trainer.data)
                )


def _settings(project: Any) -> Any:
    """The project's training settings, with the Preferences' torch threads where the project sets none."""
    from cnnstudio.core.training_settings import TrainingSettings
    from cnnstudio.ui.preferences import torch_threads

    settings = TrainingSettings.from_dict(project.training)
    threads = torch_threads(QSettings())
    if settings.threads is None and threads is not None:
        settings = replace(settings, threads=threads)
    return settings


def _choose_probe(trainer, request: RunRequest) -> None:
    """Point the engine's probe at the chosen validation image or picture (before ``run`` makes it)."""
    from cnnstudio.training.results import probe_input

    shape = request.project.input.shape
    image, label = probe_input(trainer.data, shape, request.probe_index, request.probe_picture)
    trainer.job.probe_image, trainer.job.probe_label = image, label


def _release_memory() -> None:
    """Give the memory of the last run's model and data back to the system.

    The run is freed as soon as its last reference goes (its state holds only a proxy of the trainer), but
    glibc keeps much of a freed heap: +10% resident memory after 100 start/stop cycles without this, +1.6%
    with it (benchmarks/soak.py). Once per Start, which is slow anyway.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # not glibc (musl has no malloc_trim)
            ctypes.CDLL(None).malloc_trim(0)


def _message(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 400 else text[:400] + "…"


_THREADS: weakref.WeakSet[QThread] = weakref.WeakSet()


def running_threads() -> list[QThread]:
    """Training threads still running (they have no Qt parent, so ``findChildren`` cannot list them)."""
    return [thread for thread in list(_THREADS) if thread.isRunning()]


class TrainingRun(QObject):
    """The GUI thread's handle on one run: start, pause, resume, stop, and the events received so far."""

    trainer_ready = Signal(object)
    results_ready = Signal(object)
    failed = Signal(str)
    finished = Signal()  # the thread has ended (after a Finished event, a failure or a stop)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None
        self._stop = threading.Event()
        self._pause = threading.Event()
        self._skip_results = threading.Event()  # set by a stop that waits: nobody will look at them
        self._pending: list[object] = []
        self.trainer = None

    # -- control ----------------------------------------------------------------------------------------
    def start(self, request: RunRequest) -> None:
        self.settle()
        if self.is_running():
            raise RuntimeError("a run is already going; stop it first")
        for flag in (self._stop, self._pause, self._skip_results):
            flag.clear()
        self._pending.clear()
        if self.trainer is not None:
            self.trainer = None
            _release_memory()
        thread = QThread()
        thread.setObjectName("cnnstudio-training")
        _THREADS.add(thread)
        worker = TrainingWorker(request, self._stop, self._pause, self._skip_results)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.event.connect(self._on_event)
        worker.ready.connect(self._on_ready)
        worker.results.connect(self.results_ready)
        worker.failed.connect(self.failed)
        # Direct: the GUI thread may be blocked in wait() and could not run a queued quit.
        worker.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        # Bound to this thread: a late "finished" of an earlier run must never touch a newer one.
        thread.finished.connect(lambda: self._on_thread_finished(thread))
        self._thread, self._worker = thread, worker
        thread.start()

    def pause(self) -> None:
        self._pause.set()

    def resume(self) -> None:
        self._pause.clear()

    def is_paused(self) -> bool:
        return self._pause.is_set()

    def stop(self, wait: bool = True) -> bool:
        """Ask the loop to stop; with ``wait``, block until the thread ended. True when nothing runs.

        A waiting stop (closing the window or the project, ending the lab) also skips the results (test
        predictions, confusion matrix) that a run measures after its last batch: nobody will see them, and
        on a large test split they would keep the window from closing for seconds. The Stop button does
        not wait, and its run's results are shown as usual.
        """
        if wait:
            self._skip_results.set()
        self._stop.set()
        self._pause.clear()
        thread = self._thread
        if thread is None:
            return True
        if wait and thread.wait(STOP_WAIT_MS):
            self._on_thread_finished(thread)
        return not thread.isRunning()

    def settle(self) -> None:
        """Finish the bookkeeping of a run whose thread ended but whose "finished" signal is still queued
        (Start clicked the moment a run ends): its last events are delivered before anything new begins."""
        if self._thread is not None and not self._thread.isRunning():
            self._on_thread_finished(self._thread)

    def is_stopping(self) -> bool:
        """Asked to stop, and still finishing its batch."""
        return self.is_running() and self._stop.is_set()

    def is_running(self) -> bool:
        """True from Start until the run's bookkeeping is done: a thread that has just ended but whose
        "finished" is still queued still counts, so "not running" always means the buttons are back."""
        return self._thread is not None

    def take_events(self) -> list[object]:
        """Events received since the last call (the page's redraw clock drains them)."""
        events, self._pending = self._pending, []
        return events

    # -- slots ------------------------------------------------------------------------------------------
    def _on_event(self, event: object) -> None:
        self._pending.append(event)

    def _on_ready(self, trainer) -> None:
        self.trainer = trainer
        self.trainer_ready.emit(trainer)

    def _on_thread_finished(self, thread: QThread) -> None:
        """``thread`` has ended: deliver its last events, then let it go (once, whoever calls first)."""
        if thread is not self._thread or thread.isRunning():
            return
        self._thread = self._worker = None
        # Deliver the events the worker emitted before quitting, then let the thread object go.
        from PySide6.QtCore import QCoreApplication

        QCoreApplication.sendPostedEvents(self)
        thread.deleteLater()
        self.finished.emit()
