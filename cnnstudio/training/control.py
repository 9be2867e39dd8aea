"""The control path into a running training loop: stop, pause, and (later) what to change while paused.

One small object the loop reads before every batch, whoever drives it: the GUI's worker thread hands in
``threading`` flags (``RunControl()``), a child process gets the same flags made by a ``multiprocessing``
context (``RunControl.shared(context)``), whose ``Event`` has the same ``is_set``/``set``/``wait``. Nothing
here knows which: the loop only calls those three methods, so the run behaves the same on a thread and in
a process.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

PAUSE_POLL_S = 0.05  # how often a paused loop looks at its flags (stop still wakes it at once)


class Flag(Protocol):
    """``threading.Event`` or a ``multiprocessing`` context's ``Event``."""

    def is_set(self) -> bool: ...
    def set(self) -> None: ...
    def clear(self) -> None: ...
    def wait(self, timeout: float | None = None) -> bool: ...


@dataclass
class RunControl:
    """What an observer may ask of a running loop; every field is safe to touch from another thread."""

    stop: Flag = field(default_factory=threading.Event)  # end the run before the next batch
    pause: Flag = field(default_factory=threading.Event)  # hold before the next batch until cleared
    skip_test: Flag = field(default_factory=threading.Event)  # cut the final measurement short (or skip it)

    @classmethod
    def shared(cls, context: Any) -> RunControl:
        """Flags that work across processes, made by ``context`` (``multiprocessing.get_context(...)``)."""
        return cls(stop=context.Event(), pause=context.Event(), skip_test=context.Event())

    def wait_while_paused(self) -> float:
        """Block while paused, waking at once on stop; returns the seconds spent waiting (0 when not)."""
        if not self.pause.is_set():
            return 0.0
        start = time.perf_counter()
        while self.pause.is_set() and not self.stop.is_set():
            self.stop.wait(PAUSE_POLL_S)
        return time.perf_counter() - start
