"""signals_blocked: a refresh sets controls quietly and leaves each control's blocking as it found it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QSpinBox

from cnnstudio.ui.widgets.signal_blocking import signals_blocked


def test_values_set_inside_are_not_echoed_and_signals_come_back(qtbot) -> None:
    a, b = QSpinBox(), QSpinBox()
    seen: list[int] = []
    a.valueChanged.connect(seen.append)
    b.valueChanged.connect(seen.append)
    with signals_blocked(a, b):
        a.setValue(3)
        b.setValue(4)
    assert seen == []
    a.setValue(5)
    assert seen == [5]


def test_nested_and_failing_blocks_restore_the_state_found(qtbot) -> None:
    box = QSpinBox()
    box.blockSignals(True)  # already quiet: an inner block must not switch it back on
    with signals_blocked(box):
        pass
    assert box.signalsBlocked()
    box.blockSignals(False)
    with pytest.raises(RuntimeError), signals_blocked(box):
        raise RuntimeError("refresh failed")
    assert not box.signalsBlocked()
