"""The child side of the window's trainer (:mod:`cnnstudio.training.worker_process`): train jobs in turn.

Two threads. The main one imports torch, names the devices (the :class:`Hello`), then trains each job with
the engine exactly as ``cnnstudio train`` does, sending every event up the pipe as it comes. A listener
thread turns the window's commands into the engine's stop and pause flags at once, mid-epoch included;
jobs and captures wait in a queue for the main thread. The last finished run (its model and data) is kept
until the next job, so that choosing another probe image after a run costs one forward pass here.

If the window goes away (its end of the pipe closes), the listener stops the run after its batch: the
run's history and best weights are still written, and the child exits.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import queue
import signal
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from cnnstudio.training.worker_messages import (
    Capture,
    Captured,
    Command,
    Failed,
    Hello,
    Job,
    JobDone,
    MapsSaved,
    Measure,
    Measured,
    Prepared,
    Results,
)
from cnnstudio.training.worker_outbox import Outbox


class Controls:
    """The flags the engine checks before every batch, set by the listener thread."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.pause = threading.Event()
        self.skip_results = threading.Event()
        self.changes: queue.SimpleQueue[Any] = queue.SimpleQueue()  # run_changes.RunChange, sent while paused
        self.stop_measure = threading.Event()  # a dry run (Measure) ends after its current step

    def reset(self) -> None:
        for flag in (self.stop, self.pause, self.skip_results):
            flag.clear()
        while not self.changes.empty():
            self.changes.get()

    def apply(self, command: Command) -> None:
        if command.name == "pause":
            self.pause.set()
        elif command.name == "resume":
            self.pause.clear()
        elif command.name == "stop":
            self.stop.set()
            self.pause.clear()
        elif command.name == "skip_results":
            self.skip_results.set()
        elif command.name == "change":
            self.changes.put(command.value)
        elif command.name == "stop_measure":
            self.stop_measure.set()


# OpenMP threads that find no work spin before they sleep; torch's libgomp spins for up to ~300,000 pauses
# (milliseconds). Beside a window (and a student's other programs) a spinning thread holds a core its
# partner, preempted, needs: under load a 2-thread run went 3-10x slower than with a short spin, whose cost
# alone is within noise. Read by libgomp when torch loads, which is below; the user's own setting wins.
SPIN_COUNT = "10000"


def main(commands: Connection, events: Connection) -> None:
    """The child's whole life: hello, then jobs and captures until told to quit or orphaned."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the window's terminal is the window's to handle
    if "OMP_WAIT_POLICY" not in os.environ:
        os.environ.setdefault("GOMP_SPINCOUNT", SPIN_COUNT)
    controls = Controls()
    work: queue.Queue[Job | Capture | Command | Measure | None] = queue.Queue()
    threading.Thread(target=_listen, args=(commands, controls, work), name="commands", daemon=True).start()
    from cnnstudio.training.device import available_devices, gpu_problem

    outbox = Outbox(events)
    try:
        outbox.send(Hello(available_devices(), os.getpid(), gpu_problem()))
        last = None
        while (item := work.get()) is not None:
            if isinstance(item, (Job, Command)):  # a job or "forget"
                last = None  # the previous run's model and data go before the next are made
                _release_memory()
                last = run_job(item, outbox, controls) if isinstance(item, Job) else None
            elif isinstance(item, Measure):
                outbox.send(measure(item, controls.stop_measure))
            else:
                outbox.send(capture(last, item))
    except (BrokenPipeError, ConnectionResetError):  # the window is gone: nobody to tell
        pass
    finally:
        outbox.close()


def _listen(commands: Connection, controls: Controls, work: queue.Queue) -> None:
    while True:
        try:
            message = commands.recv()
        except (EOFError, OSError):
            message = Command("quit")  # the window closed its end, or died
        if isinstance(message, Command) and message.name == "quit":
            controls.skip_results.set()
            controls.stop.set()
            work.put(None)
            return
        if isinstance(message, Command) and message.name != "forget":
            controls.apply(message)
            continue
        if isinstance(message, Job):
            controls.stop_measure.set()  # a run goes first: a dry run waiting or going gives way
            controls.reset()  # here, in order: a Stop sent after this Job still counts for it
        elif isinstance(message, Measure):
            controls.stop_measure.clear()
        work.put(message)


def run_job(job: Job, events: Outbox, controls: Controls) -> Any:
    """Prepare and train one job, sending everything up; returns the Trainer (None if it never started).

    The epoch-end maps are kept here too and written to the run folder before Finished goes up: compressing
    them took the window's thread 30-100 ms at the run's end (its longest stall, benchmarks/window_train.py).
    """
    from cnnstudio.training.control import RunControl
    from cnnstudio.training.engine import Trainer, TrainJob
    from cnnstudio.training.events import Finished, ProbeSnapshot
    from cnnstudio.training.results import probe_input, sample_images
    from cnnstudio.training.snapshot_store import SnapshotStore

    try:
        trainer = Trainer(TrainJob(job.project, job.settings, out_dir=job.out_dir, reserve_gui_core=False))
        shape = job.project.input.shape
        image, label = probe_input(trainer.data, shape, job.probe_index, job.probe_picture)
        trainer.job.probe_image, trainer.job.probe_label = image, label
        events.send(Prepared(trainer.device_name, sample_images(trainer.data)))
    except Exception as exc:  # a bad dataset, network or setting, or anything else: the window hears it
        events.send(Failed(_message(exc)))
        events.send(JobDone())
        return None
    finished = None
    try:
        control = RunControl(
            stop=controls.stop,
            pause=controls.pause,
            skip_test=controls.skip_results,
            changes=controls.changes,
        )
        maps = SnapshotStore()
        for event in trainer.run(control):
            if isinstance(event, ProbeSnapshot):
                maps.add(event)
            elif isinstance(event, Finished):
                events.send(MapsSaved(save_maps(maps, job.out_dir)))
            events.send(event)
            finished = event
        if (
            job.results
            and getattr(finished, "reason", "failed") != "failed"
            and not controls.skip_results.is_set()
        ):
            events.send(Results(_measure_results(job, trainer, finished.measured)))
    except (BrokenPipeError, ConnectionResetError):
        raise
    except Exception as exc:
        events.send(Failed(_message(exc)))
    events.send(JobDone())
    return trainer


def save_maps(maps: Any, folder: Path | None) -> str:
    """Write the run's kept epoch-end maps (a ``SnapshotStore``) to its folder; why not, or "" when done."""
    if folder is None or not len(maps):
        return ""
    from cnnstudio.core.errors import ProjectSaveError

    try:
        maps.save(folder)
    except (OSError, ProjectSaveError) as exc:  # a full disk: the run's curves and weights are written
        return str(exc)
    return ""


def measure(request: Measure, stop: threading.Event) -> Measured:
    """The budget's dry run here, where the run will train (its threads, its device), or why it cannot."""
    from cnnstudio.training.device import resolve_device
    from cnnstudio.training.dry_run import device_memory, measure_step

    memory = None
    try:
        memory = device_memory(resolve_device(request.settings.device))
        timing = measure_step(request.project, request.settings, stop, reserve_gui_core=False)
    except Exception as exc:  # too little memory, a missing device: the window says it
        return Measured(request.key, None, _message(exc), memory)
    return Measured(request.key, timing, "", memory)


def _measure_results(job: Job, trainer: Any, measured: Any) -> Any:
    """The run's results, kept in its folder too (``results.npz``) so that a reopened project shows them.
    ``measured``: the engine's final measurement (confusion matrix, predictions), so no second pass."""
    from cnnstudio.training.results import summarise
    from cnnstudio.training.trained_run import record_results

    if job.out_dir is None:
        return summarise(trainer.model, job.project.layers, trainer.data, measured)
    return record_results(job.out_dir, trainer.model, job.project, trainer.data, measured)


_recorded: list[Any] = []  # the TrainedRun last captured from (its model and dataset stay loaded)


def capture(trainer: Any, request: Capture) -> Captured:
    """The probe maps of another image through the last run's model, or through the model recorded in
    ``request.folder`` (a run of a reopened project), or why there are none."""
    last_folder = getattr(getattr(trainer, "job", None), "out_dir", None)
    if request.folder is not None and (last_folder is None or Path(last_folder) != Path(request.folder)):
        return _capture_recorded(request)
    if trainer is None:
        return Captured(None, "no finished run to capture")
    from cnnstudio.training.probes import capture as capture_maps
    from cnnstudio.training.results import probe_input

    try:
        project, data = trainer.project, trainer.data
        image, label = probe_input(data, project.input.shape, request.probe_index, request.probe_picture)
        snapshot = capture_maps(
            trainer.model, image, project.layers, label=label,
            epoch=float(trainer.state.epoch), mean=data.mean, std=data.std,
        )  # fmt: skip
        cam = _cam(request, trainer.model, image, project, snapshot)
    except Exception as exc:
        return Captured(None, _message(exc))
    return Captured(snapshot, cam=cam)


def _cam(request: Capture, model: Any, image: Any, project: Any, snapshot: Any) -> Any:
    """Grad-CAM of the captured image for its predicted class, when the request asks for it."""
    if not request.cam or snapshot is None:
        return None
    from cnnstudio.training.probe_cam import probe_cam

    return probe_cam(model, image, project, snapshot.probabilities)


def _capture_recorded(request: Capture) -> Captured:
    from cnnstudio.training.trained_run import TrainedRun

    if not _recorded or _recorded[0].folder != Path(request.folder):
        _recorded[:] = [TrainedRun(request.folder)]
    run = _recorded[0]
    try:
        snapshot = run.capture_probe(request.probe_index, request.probe_picture)
        image = run.probe_input(request.probe_index, request.probe_picture)[0] if snapshot else None
        cam = _cam(request, run.model(), image, run.network(), snapshot)
    except Exception as exc:  # a damaged folder, a dataset that is gone: the window shows the message
        return Captured(None, _message(exc))
    return Captured(snapshot, "" if snapshot is not None else "the run kept no weights", cam)


def _release_memory() -> None:
    """Give the memory of the last run's model and data back to the system.

    glibc keeps much of a freed heap: +10% resident memory after 100 runs without this, +1.6% with it
    (benchmarks/soak.py). Once per job, which is slow anyway.
    """
    import gc

    gc.collect()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # not glibc (musl has no malloc_trim)
            ctypes.CDLL(None).malloc_trim(0)


def _message(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 400 else text[:400] + "…"
