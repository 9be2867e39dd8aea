"""Style sheets set only when they change, and text coloured by what it means (``theme.Tone``)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cnnstudio.ui.theme import set_text_colour

# set_text_colour lives with the tones it applies (cnnstudio.ui.theme); importable from here too, as before.
__all__ = ["set_style_sheet", "set_text_colour"]


def set_style_sheet(widget: QWidget, css: str) -> None:
    """``widget.setStyleSheet(css)`` unless it already has it: setting one, even the same, re-polishes the
    widget and its children, and the labels refreshed after every edit did it on each spin-box step."""
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)
