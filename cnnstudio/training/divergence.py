"""Noticing a run that diverges while it happens, before the loss becomes NaN (course 004: lower the lr).

A learning rate far too high makes the training loss climb (3 to 27 on VGG-16) for many minutes before it
overflows, if it ever does. The rule, on the loss readings the loop reports anyway (``BatchProgress``, each
the mean over the batches since the previous one):

- the start is the first reading of the run (of this session, when resumed), which the loop makes after
  its very first batch: the loss the network starts from, however many batches a later reading averages;
- the loss is *diverging* when the median of the last ``WINDOW`` readings is above
  ``max(FACTOR * start, start + MARGIN)``: far above where it started, relative to its own scale
  (cross-entropy, hinge and squared error start at very different values), with a floor for a run
  that starts near 0;
- it has *come back* when that median falls below halfway between the start and that line (after a lower
  learning rate, say): a gap, so that a loss hovering at the line does not switch the warning on and off.

A median, not a mean or the last reading: one noisy batch, however large, cannot move it, while a loss that
really keeps rising moves it within ``WINDOW // 2 + 1`` readings. Pure Python, so the rule is tested on
its own as well as on real runs.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from dataclasses import dataclass, field

FACTOR = 3.0
MARGIN = 1.0
WINDOW = 5


@dataclass
class DivergenceWatch:
    """Feed it every loss reading; ``add`` says when the state changes (True: diverging, False: back)."""

    factor: float = FACTOR
    margin: float = MARGIN
    start: float | None = None
    active: bool = False
    recent: deque[float] = field(default_factory=lambda: deque(maxlen=WINDOW))

    @property
    def limit(self) -> float:
        return math.inf if self.start is None else max(self.factor * self.start, self.start + self.margin)

    @property
    def back(self) -> float:
        """Below this the loss has come back (halfway between the start and ``limit``)."""
        return math.inf if self.start is None else (self.start + self.limit) / 2

    @property
    def level(self) -> float:
        """The recent loss the rule looks at (median of the last readings)."""
        return statistics.median(self.recent) if self.recent else math.nan

    def add(self, loss: float) -> bool | None:
        """Take one reading; True when the loss has just started diverging, False when it has just come
        back below the line, None when nothing changed (NaN readings are left to the loop, which ends)."""
        if not math.isfinite(loss):
            return None
        if self.start is None:
            self.start = loss
        self.recent.append(loss)
        if len(self.recent) < self.recent.maxlen:
            return None
        changed = self.level < self.back if self.active else self.level > self.limit
        if changed:
            self.active = not self.active
            return self.active
        return None
