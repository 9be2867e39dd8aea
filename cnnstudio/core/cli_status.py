"""Exit statuses of the ``cnnstudio`` subcommands (docs/cli.md) and their failures.

Here, not in ``cnnstudio.cli``, because the train and export subcommands live in ``cnnstudio.training`` and
must not import the command above them; the core imports in milliseconds.

How a script tells the failures apart: by the status alone. 1 is a file or setting that cannot be used,
2 a network that cannot work (docs/cli.md keeps 2 for ``summary``), 3 a diverged run, 64 a command line that
argparse refuses (``EX_USAGE`` of sysexits.h; argparse's own 2 would be mistaken for an invalid network),
130 Ctrl-C (128 + SIGINT, what a shell reports). With ``--json`` every failure is also a JSON object on
stdout, ``{"event": "error", "status": ..., "message": ...}``, except the invalid network of ``summary``,
which keeps its ``{"valid": false, ...}`` object.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cnnstudio.core.values import printable

EXIT_OK, EXIT_UNREADABLE, EXIT_INVALID, EXIT_DIVERGED = 0, 1, 2, 3
EXIT_USAGE, EXIT_INTERRUPTED = 64, 130


def fail(message: str, status: int, *, as_json: bool = False) -> int:
    """Say what went wrong on one line of stderr, prefixed like every message of the command (and, with
    ``--json``, as an error event on stdout); return ``status`` for the subcommand to exit with."""
    line = printable(message)
    if as_json:
        sys.stdout.write(json.dumps({"event": "error", "status": status, "message": line}) + "\n")
        sys.stdout.flush()
    print(f"cnnstudio: {line}", file=sys.stderr)
    return status


def warn(message: str) -> None:
    """A problem that does not stop the command (an unknown key in the project), on stderr."""
    print(f"cnnstudio: warning: {printable(message)}", file=sys.stderr)


def warn_unknown_keys(file: str, project: Any) -> None:
    """One warning per key of the project this version does not know (issue 18.4); the file still works."""
    from cnnstudio.core.unknown_keys import unknown_keys

    for key in unknown_keys(project):
        warn(f"{file}: {key.message}")


_ctrl_c = threading.Event()  # set by ``ctrl_c_noticed``'s handler


@contextmanager
def ctrl_c_noticed() -> Iterator[None]:
    """Ctrl-C is remembered (``ctrl_c_pressed``) and raises KeyboardInterrupt, except inside an import.

    Why not inside an import: torch's C++ start-up calls back into Python, and a KeyboardInterrupt raised
    there aborted the process (pybind11 ``error_already_set``, SIGABRT); one that landed in numpy's C code
    was cleared, and the command ran on as if nothing had happened (a whole training run, exit 0) or hit a
    half-imported module. So during an import the press is only remembered, and the command stops at its
    next ``raise_if_ctrl_c`` (right after its heavy imports, before each long step) and at its end.
    """
    _ctrl_c.clear()
    if threading.current_thread() is not threading.main_thread():  # signals reach the main thread only
        yield
        return

    def on_interrupt(signum: int, frame: Any) -> None:
        _ctrl_c.set()
        if not _importing(frame):
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def ctrl_c_pressed() -> bool:
    """Whether Ctrl-C was pressed since the command started, even if its KeyboardInterrupt was lost."""
    return _ctrl_c.is_set()


def raise_if_ctrl_c() -> None:
    """Stop here (KeyboardInterrupt) if Ctrl-C was pressed while it could not interrupt."""
    if _ctrl_c.is_set():
        raise KeyboardInterrupt


def _importing(frame: Any) -> bool:
    """Whether the interrupted code runs inside an import (importlib's frames are on the stack)."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False
