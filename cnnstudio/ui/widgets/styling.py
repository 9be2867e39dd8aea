"""Style sheets set only when they change, and text coloured by what it means (``theme.Tone``)."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from cnnstudio.ui.theme import TONE_PROPERTY, Tone, colour


def set_style_sheet(widget: QWidget, css: str) -> None:
    """``widget.setStyleSheet(css)`` unless it already has it: setting one, even the same, re-polishes the
    widget and its children, and the labels refreshed after every edit did it on each spin-box step."""
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)


def set_text_colour(widget: QWidget, tone: Tone | None, bold: bool = False) -> None:
    """Colour (None: the normal text colour) and weight of a label's text, through its palette and font.

    Not a style sheet: a widget with one keeps its font when presenter mode enlarges the application's,
    so a coloured note would stay small on the projector while everything around it grows. The tone is
    remembered on the widget, so ``theme.refresh_widgets`` colours it again in a new scheme.
    """
    palette = widget.palette()
    normal = QApplication.palette(widget).color(QPalette.ColorRole.WindowText)
    palette.setColor(QPalette.ColorRole.WindowText, colour(tone) if tone else normal)
    widget.setPalette(palette)
    widget.setProperty(TONE_PROPERTY, tone.value if tone else "")
    font = widget.font()
    if font.bold() != bold:
        font.setBold(bold)
        widget.setFont(font)
