"""The window's training processes: each supervised by a QThread, one kept warm ahead of need.

A :class:`Worker` is one :class:`~cnnstudio.training.worker_process.TrainerProcess` with the QThread that
reads its pipe: the thread blocks on the pipe (without the GIL), unpickles each message and emits it,
queued, to the GUI thread, so the window itself never waits on the child. When the child ends, killed or
not, the thread emits :class:`Ended` and finishes.

The pool keeps one idle worker (the *spare*). It is started a moment after the window shows, imports torch
and names the devices while the window is idle, so that Start does not wait for torch; a run takes the
spare, and a worker given back becomes the spare again (or quits when there already is one). At exit the
pool ends every worker it knows of, before ``multiprocessing`` would wait for them.
"""

from __future__ import annotations

import atexit
import multiprocessing.util  # noqa: F401 (its exit handler must be registered before ours, see the end)
import threading

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from cnnstudio.training.worker_messages import Command, Ended, Hello, JobDone
from cnnstudio.training.worker_process import TrainerProcess

QUIT_WAIT_MS = 10_000


class _Supervisor(QObject):
    """Lives in the worker's thread: reads every message of the child and emits it (queued)."""

    message = Signal(object)
    done = Signal()

    def __init__(self, process: TrainerProcess, job_done: threading.Event) -> None:
        super().__init__()
        self.process, self.job_done = process, job_done

    @Slot()
    def run(self) -> None:
        while True:
            message = self.process.receive()
            self.message.emit(message)
            if isinstance(message, (JobDone, Ended)):
                self.job_done.set()  # after the emit (which posts it): a waiting stop then delivers it
            if isinstance(message, Ended):
                break
        self.done.emit()


class Worker(QObject):
    """A trainer process and its supervising thread, owned by the GUI thread."""

    message = Signal(object)  # every message of the child, Ended last

    def __init__(self) -> None:
        super().__init__()
        self.process = TrainerProcess()
        self.job_done = threading.Event()  # set when a job's last message (or Ended) has been read
        self.busy = False  # a job is in progress (set by the run that sent it)
        self.devices: dict[str, str] | None = None
        self.ended: Ended | None = None
        self.thread = QThread()
        self.thread.setObjectName("cnnstudio-trainer")
        self._supervisor = _Supervisor(self.process, self.job_done)
        self._supervisor.moveToThread(self.thread)
        self.thread.started.connect(self._supervisor.run)
        self._supervisor.message.connect(self._on_message)
        # Direct: the GUI thread may be blocked in wait() and could not run a queued quit.
        self._supervisor.done.connect(self.thread.quit, Qt.ConnectionType.DirectConnection)
        _LIVE.add(self)  # kept until its thread has finished: a QThread must never be freed while it runs
        self.thread.start()

    def is_alive(self) -> bool:
        return self.ended is None and self.process.is_alive()

    def deliver(self) -> None:
        """Hand over the messages already read but still queued for the GUI thread (after a wait)."""
        if QCoreApplication.instance() is not None:
            QCoreApplication.sendPostedEvents(self)

    def quit(self, wait: bool = True) -> None:
        """End the child (asked, then killed if need be) and its thread; without ``wait``, in the background."""
        if not wait:
            self.process.send(Command("quit"))
            return
        self.process.quit()
        self.thread.wait(QUIT_WAIT_MS)
        self.deliver()

    def _on_message(self, message: object) -> None:
        if isinstance(message, Hello):
            self.devices = message.devices
            _POOL.note_devices(message.devices, message.gpu_problem)
        elif isinstance(message, Ended):
            self.ended = message
            self.busy = False
            self.thread.wait()  # it finishes right after this message
        self.message.emit(message)
        if isinstance(message, Ended):
            _LIVE.discard(self)


class WorkerPool(QObject):
    """Hands out warm workers and takes them back; names the devices once a worker has."""

    devices_found = Signal(object)  # {"auto": "cpu (2 cores)", ...}

    def __init__(self) -> None:
        super().__init__()
        self.spare: Worker | None = None
        self.devices: dict[str, str] | None = None
        self.gpu_problem = None  # gpu_presence.GpuProblem when an NVIDIA GPU here is unusable by torch

    def prewarm(self) -> None:
        """Start the spare now, if there is none, so that the next Start finds torch imported."""
        if self.spare is None or not self.spare.is_alive():
            self.spare = Worker()

    def take(self) -> Worker:
        """A worker for a run: the spare (warm, or warming) or a new one."""
        self.prewarm()
        worker, self.spare = self.spare, None
        assert worker is not None
        return worker

    def give_back(self, worker: Worker) -> None:
        """A worker a run no longer needs: the spare again, or ended when there is one (or it is busy)."""
        if not worker.is_alive():
            return
        if self.spare is None and not worker.busy:
            worker.process.send(Command("forget"))
            self.spare = worker
        else:
            worker.quit(wait=False)

    def note_devices(self, devices: dict[str, str], gpu_problem=None) -> None:
        self.gpu_problem = gpu_problem
        if devices != self.devices:
            self.devices = devices
            self.devices_found.emit(devices)

    def shutdown(self) -> None:
        """End every worker still running (the program is closing): none may outlive the window."""
        self.spare = None
        for worker in list(_LIVE):
            worker.quit(wait=True)


_LIVE: set[Worker] = set()
_POOL = WorkerPool()


def pool() -> WorkerPool:
    return _POOL


def busy_threads() -> list[QThread]:
    """Supervising threads of workers in the middle of a job (an idle warm worker is not a leftover run)."""
    return [w.thread for w in list(_LIVE) if w.busy and w.thread.isRunning()]


# Registered after multiprocessing's own exit handler, so it runs first: that handler waits for every
# non-daemon child, and an idle worker waits for the window: without this the program would never exit.
atexit.register(_POOL.shutdown)
