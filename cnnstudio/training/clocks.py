"""Two small clocks of the training loop: when to report, and how long training (not pausing) took."""

from __future__ import annotations

import time


class Clock:
    """True at most ``hz`` times a second: events follow wall time, not batch counts."""

    def __init__(self, hz: float) -> None:
        self.period = 1.0 / hz
        self.next = time.perf_counter() + self.period

    def due(self, now: float) -> bool:
        if now < self.next:
            return False
        self.next = now + self.period
        return True


class Stopwatch:
    """Training time of the run and of the current epoch, the time spent paused left out of both."""

    def __init__(self) -> None:
        self.run_start = self.epoch_start = time.perf_counter()

    def new_epoch(self) -> None:
        self.epoch_start = time.perf_counter()

    def exclude(self, seconds: float) -> None:
        self.run_start += seconds
        self.epoch_start += seconds

    def epoch_seconds(self) -> float:
        return time.perf_counter() - self.epoch_start

    def run_seconds(self) -> float:
        return time.perf_counter() - self.run_start
