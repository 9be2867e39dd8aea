"""Soak: many start/stop cycles of training in the real window leave nothing behind (issue 8.2).

One cycle is what an impatient user does: Start, wait for the first batch to show on the progress bar
(or a few seconds), Stop. After 100 cycles of the default project in the real window (offscreen):

- the thread count is back at its baseline (OS threads of the process, Python threads, running QThreads),
- Qt printed no warning (a message handler counts them; the offscreen plugin's "propagateSizeHints" note
  is not a warning about us),
- resident memory grew by less than 10%.

The baseline is taken after two warm-up cycles (memory: the median of the next five), when torch, the data
set code and torch's own worker threads, which live as long as the process, are loaded. Each cycle adds a
run to the project and its curves to the plots, as it does for a user; that is part of what is measured (the
plots draw the newest eight runs: older ones leave the plots, and their items, for the runs list).
Run: ``python benchmarks/soak.py [cycles]`` (headless by default).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CNNSTUDIO_NO_AUTOSAVE_PROMPT", "1")

from _report import report
from _studio import spin, studio_window, wait_for_start_up
from PySide6.QtCore import QThread, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

CYCLES = 100
WARMUP = 2
FIRST_BATCH_S = 10.0
GOAL_RSS_PERCENT = 10.0
SAMPLES = 5  # cycles whose median resident memory is compared, at the start and at the end
BENIGN = ("propagateSizeHints",)  # the offscreen platform plugin's note on every top-level window


class QtWarnings:
    """Qt's warnings and errors, collected by a message handler (debug and info messages are ignored)."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self._previous = qInstallMessageHandler(self._handle)

    def _handle(self, kind: QtMsgType, _context, message: str) -> None:
        if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) or any(b in message for b in BENIGN):
            return
        self.messages.append(message)

    def close(self) -> None:
        qInstallMessageHandler(self._previous)


def rss_kib() -> int:
    """Resident memory of this process in KiB, from /proc (no psutil needed)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def thread_counts() -> dict[str, int]:
    """OS threads of the process, Python threads, and QThreads still running among the live wrappers."""
    import gc

    qthreads = sum(1 for o in gc.get_objects() if issubclass(type(o), QThread) and _running(o))
    return {
        "os": len(os.listdir("/proc/self/task")),
        "python": threading.active_count(),
        "qthreads": qthreads,
    }


def _running(thread: QThread) -> bool:
    try:
        return thread.isRunning()
    except RuntimeError:  # its C++ object is already deleted
        return False


def cycle(page) -> bool:
    """Start, wait for the first batch (or FIRST_BATCH_S), stop. True if a batch was seen."""
    if not page.start():
        raise RuntimeError(f"cannot start: {page.blocker() or 'already running'}")
    spin(
        FIRST_BATCH_S, until=lambda: page.progress.value() > 0 or not page.controller.is_running(), poll_ms=20
    )
    seen = page.progress.value() > 0
    page.stop()
    return seen


def settle(app: QApplication) -> None:
    """Let deferred deletions and the events of the last stop run, so counts reflect steady state."""
    for _ in range(3):
        app.sendPostedEvents(None, 0)  # DeferredDelete of finished QThreads
        spin(0.05)


def main() -> int:
    cycles = int(sys.argv[1]) if len(sys.argv) > 1 else CYCLES
    app = QApplication.instance() or QApplication(sys.argv)
    warnings = QtWarnings()
    with tempfile.TemporaryDirectory(prefix="cnnstudio-soak-") as tmp:
        window = studio_window(Path(tmp))
        window.tabs.setCurrentWidget(window.training)
        page = window.training
        wait_for_start_up()
        for _ in range(WARMUP):
            cycle(page)
        settle(app)
        threads_before = thread_counts()
        started, batches_seen, rss = time.perf_counter(), 0, []
        for i in range(cycles):
            batches_seen += cycle(page)
            rss.append(rss_kib())
            if (i + 1) % 10 == 0:
                print(
                    f"  cycle {i + 1:3d}: rss {rss[-1] / 1024:7.1f} MiB, threads {thread_counts()}",
                    flush=True,
                )
        settle(app)
        threads_after = thread_counts()
        # One reading swings by up to ~90 MiB from cycle to cycle (the allocator, the last run's buffers), so
        # growth compares the median of the first cycles with the median of the last ones.
        rss_before, rss_after = statistics.median(rss[:SAMPLES]), statistics.median(rss[-SAMPLES:])
        seconds = time.perf_counter() - started
        window.document.save()  # the runs made it unsaved; closing must not ask
        window.close()
        settle(app)
    warnings.close()

    growth = 100.0 * (rss_after - rss_before) / rss_before
    print(f"Soak: {cycles} start/stop cycles of the default project in the real window, {seconds:.0f} s")
    print(f"  a batch arrived before Stop in {batches_seen} of {cycles} cycles")
    print(f"  threads before {threads_before}, after {threads_after}")
    print(
        f"  resident memory (median of {SAMPLES} cycles) {rss_before / 1024:.1f} MiB -> {rss_after / 1024:.1f} MiB"
        f" ({growth:+.1f}%); highest reading {max(rss) / 1024:.1f} MiB"
    )
    print(f"  Qt warnings: {len(warnings.messages)}")
    for message in sorted(set(warnings.messages))[:10]:
        print(f"    {message}")
    threads_ok = threads_after == threads_before
    memory_ok = growth < GOAL_RSS_PERCENT
    report(
        "threads after the cycles (OS threads)",
        threads_after["os"],
        "threads",
        "= baseline",
        threads_ok,
        f"{threads_before['os']} OS, {threads_before['python']} Python, {threads_before['qthreads']} QThreads",
    )
    report("Qt warnings", len(warnings.messages), "", "0", not warnings.messages)
    report(
        "resident memory growth",
        growth,
        "%",
        f"< {GOAL_RSS_PERCENT:.0f}%",
        memory_ok,
        f"{rss_before / 1024:.0f} MiB after {WARMUP} warm-up cycles, median of the next {SAMPLES}",
        rss_after / rss_before,
    )
    ok = threads_ok and memory_ok and not warnings.messages
    print(
        f"goal: threads at baseline, no Qt warning, memory < +{GOAL_RSS_PERCENT:.0f}%: {'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
