"""The first layer that cannot work, as every view words it: ``layers[4] (conv2d): the reason``; and how a
training run ended.

One function each, so the status line, the Start button's tooltip, the overfitting lab, the export and the
template dialog say the same thing in the same words (and the same translation).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from cnnstudio.core.project import Project
from cnnstudio.core.unknown_keys import UnknownKey, unknown_keys
from cnnstudio.ui.core_text import layer_problem


def network_problem(project: Project) -> str:
    """ "" for a network that can work; else where the first bad layer is, its type and why (the words of
    ``core.shapes.first_problem``, which the command line prints, in the installed language)."""
    bad = project.report.first_error()
    return "" if bad is None else layer_problem(project.layers, bad.path, bad.type, bad.message)


# How a run ended, for the Train page's status line and the overfitting lab (the engine's Finished.reason).
RUN_ENDINGS = {
    "completed": QT_TRANSLATE_NOOP("TrainingPage", "Finished: all epochs done"),
    "early_stopped": QT_TRANSLATE_NOOP(
        "TrainingPage", "Stopped early: the validation loss stopped improving (best weights kept)"
    ),
    "diverged": QT_TRANSLATE_NOOP(
        "TrainingPage", "Diverged: the loss became NaN or infinite; the last good weights are kept"
    ),
    "cancelled": QT_TRANSLATE_NOOP("TrainingPage", "Stopped"),
    "failed": QT_TRANSLATE_NOOP("TrainingPage", "Failed"),
}


def run_ending(reason: str) -> str:
    """A run's ending in words, translated (the raw reason when it is not one the engine gives)."""
    text = RUN_ENDINGS.get(reason)
    return QCoreApplication.translate("TrainingPage", text) if text else reason


def unknown_key_text(key: UnknownKey, name: str | None = None) -> str:
    """``layers[0].kernal_size: unknown, did you mean kernel_size?`` in the installed language (``name``:
    what to call the key instead of its whole path, as the inspector does for its own layer's fields)."""
    where = name or key.path
    if key.suggestion:
        return QCoreApplication.translate("Problems", "{0}: unknown, did you mean {1}?").format(
            where, key.suggestion
        )
    return QCoreApplication.translate("Problems", "{0}: unknown, kept in the file but not used").format(where)


def unknown_keys_text(project: Project) -> tuple[str, str]:
    """For the status line: a short text ("" when every key is known) and the whole list for its tooltip."""
    keys = unknown_keys(project)
    if not keys:
        return "", ""
    full = "\n".join(unknown_key_text(key) for key in keys)
    if len(keys) == 1:
        return unknown_key_text(keys[0]), full
    short = QCoreApplication.translate("Problems", "{0} unknown keys in the file (kept, not used): {1}, …")
    return short.format(len(keys), keys[0].path), full
