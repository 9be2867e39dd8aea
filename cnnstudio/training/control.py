"""The control path into a running training loop: stop, pause, and what to change while paused.

One small object the loop reads before every batch, whoever drives it: the GUI's worker thread hands in
``threading`` flags (``RunControl()``), a child process gets the same flags made by a ``multiprocessing``
context (``RunControl.shared(context)``), whose ``Event`` has the same ``is_set``/``set``/``wait``. Nothing
here knows which: the loop only calls those three methods, so the run behaves the same on a thread and in
a process. Changes (``run_changes.RunChange``, plain data) go into ``changes``, a queue the loop empties
before its next batch: ``queue.SimpleQueue`` on a thread, the context's ``SimpleQueue`` across processes.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

PAUSE_POLL_S = 0.05  # how often a paused loop looks at its flags (stop still wakes it at once)


class Changes(Protocol):
    """``queue.SimpleQueue`` or a ``multiprocessing`` context's ``SimpleQueue``."""

    def put(self, item: Any) -> None: ...
    def get(self) -> Any: ...
    def empty(self) -> bool: ...


class Flag(Protocol):
    """``threading.Event`` or a ``multiprocessing`` context's ``Event``."""

    def is_set(self) -> bool: ...
    def set(self) -> None: ...
    def clear(self) -> None: ...
    def wait(self, timeout: float | None = None) -> bool: ...


class ChangeError(ValueError):
    """A change the run cannot take (a layer that is not a dropout, a learning rate <= 0...)."""


@dataclass(frozen=True, kw_only=True)
class RunChange:
    """Settings to change in a paused run (applied by ``run_changes.apply_change``); layers are named by
    their top-level index in the project's layer list."""

    lr: float | None = None  # the new learning rate (None: unchanged)
    dropout: tuple[tuple[int, float], ...] = ()  # (layer index, new rate) of Dropout / Dropout2d layers
    frozen: tuple[int, ...] | None = None  # the layers whose weights stop learning (None: unchanged)


@dataclass
class RunControl:
    """What an observer may ask of a running loop; every field is safe to touch from another thread."""

    stop: Flag = field(default_factory=threading.Event)  # end the run before the next batch
    pause: Flag = field(default_factory=threading.Event)  # hold before the next batch until cleared
    skip_test: Flag = field(default_factory=threading.Event)  # cut the final measurement short (or skip it)
    changes: Changes = field(default_factory=queue.SimpleQueue)  # RunChange values, applied before a batch

    @classmethod
    def shared(cls, context: Any) -> RunControl:
        """Flags that work across processes, made by ``context`` (``multiprocessing.get_context(...)``)."""
        return cls(
            stop=context.Event(),
            pause=context.Event(),
            skip_test=context.Event(),
            changes=context.SimpleQueue(),
        )

    def take_changes(self) -> list[Any]:
        """The changes sent since the last call, oldest first."""
        taken = []
        while not self.changes.empty():
            taken.append(self.changes.get())
        return taken

    def wait_while_paused(self) -> float:
        """Block while paused, waking at once on stop; returns the seconds spent waiting (0 when not)."""
        if not self.pause.is_set():
            return 0.0
        start = time.perf_counter()
        while self.pause.is_set() and not self.stop.is_set():
            self.stop.wait(PAUSE_POLL_S)
        return time.perf_counter() - start
