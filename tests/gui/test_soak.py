"""A short soak (issue 8.2): start/stop cycles in the real window leave no thread or process behind and no
Qt warning.

benchmarks/soak.py runs 100 cycles of the default project and also checks resident memory; memory is too
noisy for a test on a shared machine, so this shortened version checks threads and warnings only.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading

import pytest
from PySide6.QtCore import QThread, QtMsgType, qInstallMessageHandler

CYCLES = 8
BENIGN = ("propagateSizeHints",)  # the offscreen platform plugin's note about every top-level window


@pytest.fixture
def qt_warnings():
    """Qt warnings and errors raised during the test (debug/info messages and the offscreen note ignored)."""
    messages: list[str] = []

    def handle(kind, _context, message: str) -> None:
        if kind not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) and not any(b in message for b in BENIGN):
            messages.append(message)

    previous = qInstallMessageHandler(handle)
    yield messages
    qInstallMessageHandler(previous)


def running_qthreads() -> int:
    """QThreads still running among all live wrappers, parented or not (a run's thread has no parent)."""
    return sum(1 for o in gc.get_objects() if issubclass(type(o), QThread) and _running(o))


def _running(thread: QThread) -> bool:
    try:
        return thread.isRunning()
    except RuntimeError:  # the C++ object is gone: certainly not running
        return False


def python_threads() -> set[threading.Thread]:
    return set(threading.enumerate())


def os_threads() -> int:
    return len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else 0


def cycle(page, qtbot) -> bool:
    """Start, wait for the first batch on the progress bar (or the run's end), Stop; True if a batch came."""
    assert page.start(), page.blocker()
    qtbot.waitUntil(lambda: page.progress.value() > 0 or not page.controller.is_running(), timeout=30_000)
    seen = page.progress.value() > 0
    page.stop()
    assert not page.controller.is_running()
    assert page.start_button.isEnabled(), "Start must be available again after Stop"
    return seen


def settle(qtbot) -> None:
    """Let the finished thread objects' deferred deletion and the last queued events run."""
    from PySide6.QtWidgets import QApplication

    QApplication.sendPostedEvents(None, 0)
    qtbot.wait(50)


@pytest.fixture
def long_studio(make_window):
    """The window on a tiny project that trains long enough to be stopped mid-run even on a loaded machine:
    a two-epoch run could end, and its test measurement reset the bar, between two polls of the test."""
    from studio_fixtures import tiny_project

    win = make_window(tiny_project(epochs=200), file="tiny.cnnproj.json")
    win.tabs.setCurrentWidget(win.training)
    return win


def test_start_stop_cycles_leave_threads_at_baseline_and_raise_no_qt_warning(long_studio, qtbot, qt_warnings):
    page = long_studio.training
    cycle(page, qtbot)  # warm-up: the training process and its supervising thread start once
    settle(qtbot)
    python_before, os_before = python_threads(), os_threads()
    qthreads_before, processes_before = running_qthreads(), multiprocessing.active_children()
    assert qthreads_before == 1 and len(processes_before) == 1  # the worker, kept for the next run

    batches_seen = sum(cycle(page, qtbot) for _ in range(CYCLES))
    settle(qtbot)

    assert batches_seen >= 1, "no cycle reached a batch: Stop was never tested mid-run"
    assert running_qthreads() == qthreads_before
    assert multiprocessing.active_children() == processes_before, "each run reuses the same process"
    new_threads = python_threads() - python_before
    assert not new_threads, f"threads left behind: {sorted(t.name for t in new_threads)}"
    assert os_threads() <= os_before
    assert qt_warnings == []
    assert "Failed" not in page.status.text() and "could not run" not in page.status.text()
