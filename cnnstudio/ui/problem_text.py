"""The first layer that cannot work, as every view words it: ``layers[4] (conv2d): the reason``; and how a
training run ended.

One function each, so the status line, the Start button's tooltip, the overfitting lab, the export and the
template dialog say the same thing in the same words (and the same translation).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from cnnstudio.core.project import Project
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
