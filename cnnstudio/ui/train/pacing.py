"""Keeping the window's share of the CPU small while a run trains: what is redrawn how often, and labels
whose text changes without re-laying out the page.

Measured on the default project (2 cores, the window offscreen): the GUI used 16.5% of a core while a run
trained, time the training process could have used. The speed label alone cost 3.8 ms an update, because a
label whose size may change re-lays out the whole page when its text does; the curves cost 2.5 ms a redraw.
With a fixed-size label and the curves, bar and speed refreshed at most ~10 times a second it is 8.6%.
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QLabel

LIVE_REFRESH_S = 0.08  # at most every 3rd tick of a 33 ms redraw clock: about 10 refreshes a second


class Pacer:
    """True at most every ``period`` seconds while live; always true otherwise (a run's end is drawn at once)."""

    def __init__(self, period: float = LIVE_REFRESH_S) -> None:
        self.period = period
        self.last = 0.0

    def due(self, live: bool) -> bool:
        now = time.monotonic()
        if live and now - self.last < self.period:
            return False
        self.last = now
        return True


def fix_width(label: QLabel, widest: str) -> None:
    """Give ``label`` a fixed size that fits ``widest``: its text changes then never re-lay out its parents."""
    label.setFixedSize(label.fontMetrics().horizontalAdvance(widest) + 8, label.sizeHint().height())
