"""Exit statuses of the ``cnnstudio`` subcommands (DESIGN.md section 3) and their one-line failures.

Here, not in ``cnnstudio.cli``, because the train and export subcommands live in ``cnnstudio.training`` and
must not import the command above them; the core imports in milliseconds.
"""

from __future__ import annotations

import sys

EXIT_OK, EXIT_UNREADABLE, EXIT_INVALID, EXIT_DIVERGED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def fail(message: str, status: int) -> int:
    """Say what went wrong on one line of stderr, prefixed like every message of the command; return
    ``status`` for the subcommand to exit with."""
    print(f"cnnstudio: {message}", file=sys.stderr)
    return status
