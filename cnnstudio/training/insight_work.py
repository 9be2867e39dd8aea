"""How a long look inside a network reports its progress and is stopped: one small object, no Qt.

The insight computations (top-k patches, guided backprop, activation maximisation) run for seconds on a
background thread in the window, and in the foreground for ``cnnstudio inspect``. Both hand in a
:class:`Work`; the computation calls :meth:`Work.step` between batches, which reports the fraction done and
raises :class:`Cancelled` once the caller asked it to stop, so a Cancel takes effect within one batch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field


class Cancelled(Exception):
    """The caller asked the computation to stop; nothing it made is kept."""


def _ignore(_fraction: float) -> None:
    pass


@dataclass
class Work:
    progress: Callable[[float], None] = _ignore  # called with the fraction done, 0..1
    cancel: threading.Event = field(default_factory=threading.Event)

    def step(self, fraction: float) -> None:
        """Report ``fraction`` done, or raise :class:`Cancelled` when asked to stop."""
        if self.cancel.is_set():
            raise Cancelled
        self.progress(min(1.0, max(0.0, fraction)))
