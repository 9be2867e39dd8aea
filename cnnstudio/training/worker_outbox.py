"""The trainer process's way up to the window: messages sent from a thread of their own, in order.

Why a thread: a pipe holds 64 KiB, and a probe snapshot is several times that (the default project's is
~440 KiB), so sending one on the training thread waited until the window had read it all. The window reads
on a thread that needs the window's GIL, which its redraws hold for milliseconds at a time: training
stood still while the window painted (3.9% of the trainer's samples sat in ``Connection.send`` under
py-spy, benchmarks/window_train.py). Here the training thread only queues the message; this thread pickles
and writes it, and its writes wait without the GIL, so training goes on.
"""

from __future__ import annotations

import queue
import threading
from multiprocessing.connection import Connection
from typing import Any

_CLOSE = object()
CLOSE_WAIT_S = 10.0  # at exit: time for the last messages to reach a window that still reads


class Outbox:
    """``send`` queues a message and returns at once; a thread writes them to ``connection`` in order.

    Once the window's end is gone (a write fails), ``send`` raises ``BrokenPipeError`` as the pipe itself
    would, so the trainer stops as it did when it wrote directly.
    """

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.broken = False
        self._thread = threading.Thread(target=self._write_all, name="events", daemon=True)
        self._thread.start()

    def send(self, message: Any) -> None:
        if self.broken:
            raise BrokenPipeError("the window's end of the pipe is closed")
        self._queue.put(message)

    def close(self, timeout: float = CLOSE_WAIT_S) -> None:
        """Write what is queued (waiting at most ``timeout``), then stop the thread."""
        self._queue.put(_CLOSE)
        self._thread.join(timeout)

    def _write_all(self) -> None:
        while (message := self._queue.get()) is not _CLOSE:
            if self.broken:
                continue  # nobody reads: drop it (the queue must still drain to reach _CLOSE)
            try:
                self._connection.send(message)
            except (OSError, ValueError):  # BrokenPipeError, or the connection closed
                self.broken = True
            except Exception as exc:  # it cannot be pickled: the window hears why instead of waiting
                self._queue_failure(exc)

    def _queue_failure(self, exc: Exception) -> None:
        from cnnstudio.training.worker_messages import Failed

        try:
            self._connection.send(Failed(f"a message could not be sent to the window: {exc}"[:400]))
        except (OSError, ValueError):
            self.broken = True
