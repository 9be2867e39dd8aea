"""Quiet refreshes: a view that shows the document's values must not echo them back as edits.

Every widget that mirrors the document sets its controls inside ``with signals_blocked(...)``; the
context manager restores each widget's previous blocking state (so nesting is safe) even when the
refresh raises.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject


@contextmanager
def signals_blocked(*objects: QObject) -> Iterator[None]:
    """Block the signals of ``objects`` for the ``with`` body, then restore what each had before."""
    previous = [obj.blockSignals(True) for obj in objects]
    try:
        yield
    finally:
        for obj, was_blocked in zip(reversed(objects), reversed(previous)):
            obj.blockSignals(was_blocked)
