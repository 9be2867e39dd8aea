"""The first layer that cannot work, as every view words it: ``layers[4] (conv2d): the reason``.

One function, so the status line, the Start button's tooltip, the overfitting lab and the template dialog
say the same thing in the same words (and the same translation).
"""

from __future__ import annotations

from cnnstudio.core.project import Project
from cnnstudio.core.shapes import path_text
from cnnstudio.ui.core_text import translate_core


def network_problem(project: Project) -> str:
    """ "" for a network that can work; else where the first bad layer is, its type and why."""
    bad = project.report.first_error()
    if bad is None:
        return ""
    return f"{path_text(project.layers, bad.path)} ({bad.type}): {translate_core(bad.message)}"
