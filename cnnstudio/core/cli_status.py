"""Exit statuses of the ``cnnstudio`` subcommands (DESIGN.md section 3, docs/cli.md) and their failures.

Here, not in ``cnnstudio.cli``, because the train and export subcommands live in ``cnnstudio.training`` and
must not import the command above them; the core imports in milliseconds.

How a script tells the failures apart: by the status alone. 1 is a file or setting that cannot be used,
2 a network that cannot work (DESIGN.md keeps 2 for ``summary``), 3 a diverged run, 64 a command line that
argparse refuses (``EX_USAGE`` of sysexits.h; argparse's own 2 would be mistaken for an invalid network),
130 Ctrl-C (128 + SIGINT, what a shell reports). With ``--json`` every failure is also a JSON object on
stdout, ``{"event": "error", "status": ..., "message": ...}``, except the invalid network of ``summary``,
which keeps its ``{"valid": false, ...}`` object.
"""

from __future__ import annotations

import json
import sys
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
