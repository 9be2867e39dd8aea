"""Where a window run's time goes: what the GUI thread did at its late ticks, and what the processes cost.

``window_train.py --why`` uses it; nothing here runs in a plain benchmark run (timing every event costs).

- :class:`TracedApplication` times every event the GUI thread dispatches (``QApplication.notify``), so a
  late tick of the lateness probe can be blamed on the event (timer, queued signal, paint) that held the
  thread, with the Python function behind it; a late tick without a long event was a thread not scheduled
  (the GUI thread's CPU time over the gap says so).
- :class:`PipeCounter` counts the trainer's messages and their pickled bytes, by type.
- :func:`cpu_seconds` reads a process's user+system CPU time, to give each process's share of the cores.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

LONG_EVENT_MS = 4.0  # events shorter than this are not kept
PROFILED_MS = 12.0  # events longer than this keep their slowest functions (with ``profile``)


def _top(profiler: cProfile.Profile, count: int = 6) -> str:
    """The functions with the most cumulative time, outermost wrappers (notify, the slot) left out."""
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, _line, function), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():
        if "cnnstudio" in filename or "pyqtgraph" in filename or filename == "~":
            rows.append((cumulative, f"{Path(filename).stem}.{function}" if filename != "~" else function))
    rows.sort(reverse=True)
    return ", ".join(f"{name} {seconds * 1000:.0f}" for seconds, name in rows[:count])


@dataclass
class Dispatch:
    """One event the GUI thread handled that took a while."""

    start: float
    seconds: float
    what: str
    cpu: float = 0.0  # the GUI thread's CPU seconds in it: the rest of ``seconds`` it was not running
    inside: str = ""  # the Python functions that took most of it (cumulative), when profiled


def _name(receiver: QObject, event: QEvent) -> str:
    kind = event.type().name if hasattr(event.type(), "name") else str(event.type())
    owner = receiver.parent() if isinstance(receiver, QTimer) else None
    label = type(receiver).__name__ + (f"<{type(owner).__name__}>" if owner is not None else "")
    name = receiver.objectName()
    return f"{kind} -> {label}{'(' + name + ')' if name else ''}"


class TracedApplication(QApplication):
    """A QApplication that keeps every event dispatch longer than ``LONG_EVENT_MS`` (with its slowest
    Python function, when ``profile`` is on), and the GUI thread's CPU time at each probe tick."""

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.dispatches: list[Dispatch] = []
        self.depth = 0
        self.tracing = False
        self.profile = False  # cProfile every dispatch (slower still): the functions inside long ones

    def notify(self, receiver: QObject, event: QEvent) -> bool:
        if not self.tracing or self.depth:
            return super().notify(receiver, event)
        self.depth += 1
        profiler = cProfile.Profile() if self.profile else None
        start, cpu = time.perf_counter(), time.thread_time()
        if profiler is not None:
            profiler.enable()
        try:
            return super().notify(receiver, event)
        finally:
            if profiler is not None:
                profiler.disable()
            seconds = time.perf_counter() - start
            self.depth -= 1
            if seconds * 1000 >= LONG_EVENT_MS:
                inside = _top(profiler) if profiler is not None and seconds * 1000 >= PROFILED_MS else ""
                cpu = time.thread_time() - cpu
                self.dispatches.append(Dispatch(start, seconds, _name(receiver, event), cpu, inside))


@dataclass
class TickLog:
    """The probe's tick times and the GUI thread's CPU time at each (``time.thread_time``)."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def tick(self) -> None:
        self.wall.append(time.perf_counter())
        self.cpu.append(time.thread_time())


def worst_ticks(log: TickLog, dispatches: list[Dispatch], period_ms: float, count: int = 8) -> list[str]:
    """The ``count`` latest ticks, each with the long dispatches inside its gap and the thread's CPU time."""
    lines = []
    gaps = [(log.wall[i] - log.wall[i - 1], i) for i in range(1, len(log.wall))]
    for gap, i in sorted(gaps, reverse=True)[:count]:
        begin, end = log.wall[i - 1], log.wall[i]
        cpu_ms = (log.cpu[i] - log.cpu[i - 1]) * 1000
        inside = [d for d in dispatches if d.start < end and d.start + d.seconds > begin]
        what = (
            "; ".join(
                f"{d.what} {d.seconds * 1000:.1f} ms (CPU {d.cpu * 1000:.1f})"
                + (f" [{d.inside}]" if d.inside else "")
                for d in inside
            )
            or "no long event"
        )
        lines.append(
            f"  late {gap * 1000 - period_ms:6.1f} ms at +{begin - log.wall[0]:6.2f} s "
            f"(GUI thread CPU {cpu_ms:5.1f} ms): {what}"
        )
    return lines


class PipeCounter:
    """Counts the messages the GUI process reads from its trainers, and their pickled bytes, by type."""

    def __init__(self) -> None:
        from multiprocessing.connection import Connection

        self.messages: Counter[str] = Counter()
        self.bytes: Counter[str] = Counter()
        self._connection = Connection
        self._recv = Connection.recv
        counter = self

        def recv(conn):  # what Connection.recv does, with the size of the buffer kept
            from multiprocessing.reduction import ForkingPickler

            buffer = conn._recv_bytes()
            message = ForkingPickler.loads(buffer.getbuffer())
            name = type(message).__name__
            counter.messages[name] += 1
            counter.bytes[name] += buffer.getbuffer().nbytes
            return message

        Connection.recv = recv

    def reset(self) -> None:
        self.messages.clear()
        self.bytes.clear()

    def lines(self, seconds: float) -> list[str]:
        return [
            f"  {name:<16} {self.messages[name] / seconds:7.1f}/s  {self.bytes[name] / seconds / 1024:8.1f} KiB/s"
            for name in sorted(self.messages, key=lambda n: -self.bytes[n])
        ]

    def close(self) -> None:
        self._connection.recv = self._recv


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU seconds of a process (this one when None), its threads included."""
    if pid is None:
        times = os.times()
        return times.user + times.system
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class RunTrace:
    """Everything ``--why`` measures about one window run at a time: ``begin`` at Start, ``end`` after."""

    def __init__(self, argv: list[str]) -> None:
        self.app = TracedApplication(argv)
        self.pipe = PipeCounter()
        self.log = TickLog()
        self._connected = None

    def begin(self, page, probe) -> None:
        from cnnstudio.ui.train.worker_pool import pool

        worker = page.controller._worker or pool().spare
        self.child = worker.process.pid if worker is not None else None
        self.pipe.reset()
        self.log = TickLog()
        if self._connected is not probe:
            probe.timer.timeout.connect(lambda: self.log.tick())
            self._connected = probe
        self.app.dispatches = []
        self.app.tracing = True
        self.wall = time.perf_counter()
        self.gui_cpu, self.child_cpu = cpu_seconds(), cpu_seconds(self.child) if self.child else 0.0

    def end(self, probe) -> None:
        wall = time.perf_counter() - self.wall
        self.app.tracing = False
        gui = cpu_seconds() - self.gui_cpu
        child = cpu_seconds(self.child) - self.child_cpu if self.child else float("nan")
        print(f"  why: {wall:.1f} s; CPU: window process {gui:.1f} s ({gui / wall:.0%} of a core), "
              f"trainer {child:.1f} s ({child / wall:.0%} of a core), cores {os.cpu_count()}")  # fmt: skip
        print("  messages from the trainer:")
        for line in self.pipe.lines(wall):
            print(line)
        kinds: Counter[str] = Counter()
        spent: Counter[str] = Counter()
        for d in self.app.dispatches:
            kinds[d.what] += 1
            spent[d.what] += d.seconds
        print(f"  GUI-thread events over {LONG_EVENT_MS:.0f} ms (count, total ms, per second of the run):")
        for what, total in spent.most_common(8):
            print(f"    {what:<60} {kinds[what]:5d} {total * 1000:8.1f} ms  {total / wall:6.1%}")
        print("  latest ticks:")
        for line in worst_ticks(self.log, self.app.dispatches, probe.PERIOD_MS):
            print(line)
