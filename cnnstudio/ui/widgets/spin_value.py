"""Putting a value into a spin box without the box changing it."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

_INT_LIMIT = 2**31 - 1  # QSpinBox holds a C int


def show_value(box: QSpinBox | QDoubleSpinBox, value: float) -> None:
    """Show ``value`` even beyond the editor's usual range (a project file may hold 10,000 filters): a
    spin box would clamp it and show a number that is not the network's.

    A value the box cannot hold at all (10**12 filters in a QSpinBox, 10**400 or NaN in any) shows as the
    nearest one it can; the field's error says what the file holds. (PySide6 raised OverflowError here,
    which ended the window's start on such a file.)
    """
    value = _holdable(box, value)
    if value > box.maximum():
        box.setMaximum(value)
    if value < box.minimum():
        box.setMinimum(value)
    box.setValue(value)


def _holdable(box: QSpinBox | QDoubleSpinBox, value: float) -> float:
    if isinstance(box, QSpinBox):
        return min(max(value, -_INT_LIMIT - 1), _INT_LIMIT)
    if isinstance(value, int) and abs(value) > 2**1000:  # float(value) would overflow
        return box.maximum() if value > 0 else box.minimum()
    value = float(value)
    if math.isnan(value):
        return box.value()
    return min(max(value, -1e300), 1e300)  # infinity: as far as the box can go
