"""Putting a value into a spin box without the box changing it."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox


def show_value(box: QSpinBox | QDoubleSpinBox, value: float) -> None:
    """Show ``value`` even beyond the editor's usual range (a project file may hold 10,000 filters): a
    spin box would clamp it and show a number that is not the network's."""
    if value > box.maximum():
        box.setMaximum(value)
    if value < box.minimum():
        box.setMinimum(value)
    box.setValue(value)
