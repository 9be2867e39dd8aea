"""Style sheets set only when they change."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def set_style_sheet(widget: QWidget, css: str) -> None:
    """``widget.setStyleSheet(css)`` unless it already has it: setting one, even the same, re-polishes the
    widget and its children, and the labels refreshed after every edit did it on each spin-box step."""
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)
