"""The window's trainer in a child process: the parent's handle on it.

Why a process and not a thread: a training thread shares the GUI's interpreter, so every stretch of Python
between its torch ops, and the seconds of importing torch and preparing the data, hold the GIL the window
needs to redraw; and to keep the window smooth the thread had to leave a core idle. A child process gets
every core, the window keeps its own GIL (lateness p99 <= 16 ms while training, benchmarks/window_train.py),
and a crash or an out-of-memory kill of the trainer ends that process, not the window or the project.

How: ``multiprocessing`` with the *spawn* start method (never fork a Qt program: the child would inherit
the GUI's threads' locks in whatever state they were). The child is started ahead of need (``prewarm``):
it imports torch and the engine while the window is idle, names the devices, then waits; one child trains
runs one after another and keeps the last finished run for probe captures until the next one starts.
This module imports neither torch nor Qt: the window uses it without paying for torch, and the child's
side lives in :mod:`cnnstudio.training.worker_main`.

Two one-way pipes carry the messages of :mod:`cnnstudio.training.worker_messages`: jobs and commands down,
the engine's own event objects up, as they are. A probe snapshot is a few arrays, pickled once; at the
engine's rate (2 a second) a pipe carries it in well under a frame.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from multiprocessing.connection import wait
from typing import Any

from cnnstudio.training.worker_messages import Capture, Command, Ended, Job

QUIT_WAIT_S = 5.0  # a child asked to quit between batches exits at once; past this it is killed


class TrainerProcess:
    """A spawned child that trains jobs; ``receive`` is for one reader thread, ``send`` for anyone."""

    def __init__(self) -> None:
        from cnnstudio.training import worker_main

        context = multiprocessing.get_context("spawn")
        down_read, self._down = context.Pipe(duplex=False)
        self._up, up_write = context.Pipe(duplex=False)
        # Not a daemon: a daemon may not start processes, and streamed image folders use DataLoader workers.
        self.process = context.Process(
            target=worker_main.main, args=(down_read, up_write), name="cnnstudio-trainer", daemon=False
        )
        self.process.start()
        down_read.close()  # the child's ends: closed here, so the child's death reads as end-of-file
        up_write.close()
        self._ended: Ended | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def is_alive(self) -> bool:
        return self._ended is None and self.process.is_alive()

    def send(self, message: Job | Command | Capture) -> bool:
        """Send a message down; False when the child is gone (its end of the pipe closed)."""
        try:
            self._down.send(message)
            return True
        except (OSError, ValueError):  # BrokenPipeError, or our end already closed
            return False

    def receive(self) -> Any:
        """The next message from the child, blocking; :class:`Ended` (then always) once it is gone.

        Waits on the pipe and on the process itself: a killed child whose pipe is still held open by a
        process it started (a DataLoader worker) is seen to end all the same.
        """
        if self._ended is not None:
            return self._ended
        while True:
            ready = wait([self._up, self.process.sentinel])
            if self._up in ready:
                try:
                    return self._up.recv()
                except (EOFError, OSError):
                    break
            elif not self._up.poll():
                break
        self.process.join(QUIT_WAIT_S)
        self._ended = Ended(self.process.exitcode)
        return self._ended

    def quit(self, timeout: float = QUIT_WAIT_S) -> None:
        """Ask the child to exit and wait for it; kill it if it does not (a batch that never ends)."""
        if self.process.exitcode is None:
            self.send(Command("quit"))
            self.process.join(timeout)
        if self.process.exitcode is None:
            self.kill()
            self.process.join(timeout)
        self._down.close()

    def kill(self) -> None:
        """End the child at once (SIGKILL): what an out-of-memory killer does; tests use it too."""
        if self.process.exitcode is None and self.process.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGKILL)
