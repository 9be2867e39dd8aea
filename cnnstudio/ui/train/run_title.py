"""A recorded run's name as the window shows it: the user's own name as typed, or "Run 3" in the language
the window speaks now (records keep the number of a default name, not its words: see
``core.run_records.default_run_number``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from cnnstudio.core.run_records import run_label


def default_run_title(number: int) -> str:
    """The name of run ``number`` that nobody renamed, in the installed language."""
    return QCoreApplication.translate("RunTitle", "Run {0}").format(number)


def run_title(record: Mapping[str, Any]) -> str:
    """``record``'s name for the runs list, the legend, the compare view and the maps' titles."""
    return run_label(record, QCoreApplication.translate("RunTitle", "Run {0}"))
