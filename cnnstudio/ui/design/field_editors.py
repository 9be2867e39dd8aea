"""Editors for one spec field each, built from the catalog's ``FieldInfo``; each emits the new value.

A size is an int or an (h, w) pair; the editor shows one spin box with a "square" check, and a second box
when the two differ, so the common case stays one click.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QHBoxLayout, QSpinBox, QWidget

from cnnstudio.core.layer_catalog import FieldInfo
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.widgets.signal_blocking import signals_blocked
from cnnstudio.ui.widgets.spin_value import show_value

NOT_SET = "—"  # an optional field left unset: the layer uses another field instead


class FieldEditor(QWidget):
    """Base: ``value_changed(object)`` carries a value in the spec's own form."""

    value_changed = Signal(object)

    def set_value(self, value: Any) -> None:
        raise NotImplementedError


class IntEditor(FieldEditor):
    def __init__(self, info: FieldInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QSpinBox()
        self.box.setRange(int(info.minimum), int(info.maximum))
        self.box.setKeyboardTracking(True)
        _single(self, self.box)
        self.box.valueChanged.connect(self.value_changed.emit)

    def set_value(self, value: Any) -> None:
        show_value(self.box, int(value))


class FloatEditor(FieldEditor):
    def __init__(self, info: FieldInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QDoubleSpinBox()
        # The step's own decimals (0.05 -> 2, 1e-05 -> 5): "{:g}" writes 1e-05 with no point, which gave 3
        # decimals and showed BatchNorm's eps as 0.000, a value no arrow could change.
        decimals = max(2, -Decimal(repr(info.step)).normalize().as_tuple().exponent)
        self.box.setDecimals(min(decimals + 1, 8) if info.step < 0.001 else decimals)
        self.box.setRange(0.0 if info.optional else info.minimum, info.maximum)
        self.box.setSingleStep(info.step)
        if info.optional:  # 0 shows "—": the layer is set another way (upsampling by size)
            self.box.setSpecialValueText(NOT_SET)
        _single(self, self.box)
        self.box.valueChanged.connect(self._emit)

    def _emit(self, value: float) -> None:
        self.value_changed.emit(
            None if self.box.specialValueText() and value == self.box.minimum() else value
        )

    def set_value(self, value: Any) -> None:
        if value is None and self.box.specialValueText():
            show_value(self.box, self.box.minimum())
            return
        # None without a "—": the layer is set another way and this editor cannot switch it.
        self.box.setEnabled(value is not None)
        if value is not None:
            show_value(self.box, float(value))


class ChoiceEditor(FieldEditor):
    """One of a few named values (upsampling's mode), shown by torch's own word."""

    def __init__(self, info: FieldInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QComboBox()
        for choice in info.choices:
            self.box.addItem(choice, choice)
        _single(self, self.box)
        self.box.currentIndexChanged.connect(lambda _i: self.value_changed.emit(self.box.currentData()))

    def value(self) -> Any:
        return self.box.currentData()

    def set_value(self, value: Any) -> None:
        with signals_blocked(self.box):
            self.box.setCurrentIndex(max(0, self.box.findData(value)))


class BoolEditor(FieldEditor):
    def __init__(self, info: FieldInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox()
        _single(self, self.box)
        self.box.toggled.connect(self.value_changed.emit)

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class SizeEditor(FieldEditor):
    """An int, or an (h, w) pair when "square" is off."""

    def __init__(self, info: FieldInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.h = QSpinBox()
        self.w = QSpinBox()
        self.optional = info.optional  # 0 shows "—": the layer is set another way (upsampling by factor)
        for box in (self.h, self.w):
            box.setRange(0 if info.optional else int(info.minimum), int(info.maximum))
            if info.optional:
                box.setSpecialValueText(NOT_SET)
        self.square = QCheckBox(self.tr("square"))
        self.square.setChecked(True)
        self.w.setVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.h, self.w, self.square):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.h.valueChanged.connect(self._emit)
        self.w.valueChanged.connect(self._emit)
        self.square.toggled.connect(self._on_square_toggled)

    def value(self) -> Any:
        value = self.h.value() if self.square.isChecked() else (self.h.value(), self.w.value())
        if self.optional and value in (0, (0, 0)):  # "—": not set
            return None
        return value

    def set_value(self, value: Any) -> None:
        if value is None and self.optional:
            with signals_blocked(self.square):
                self.square.setChecked(True)
            self.w.setVisible(False)
            show_value(self.h, 0)
            show_value(self.w, 0)
            return
        # Square is what the value is (one number), not whether its two numbers agree: unticking "square"
        # stores (3, 3), and the refresh that follows must not tick it again.
        square = not isinstance(value, tuple)
        pair = (value, value) if square else value
        self.square.setChecked(square)
        self.w.setVisible(not square)
        show_value(self.h, int(pair[0]))
        show_value(self.w, int(pair[1]))

    def _on_square_toggled(self, square: bool) -> None:
        self.w.setVisible(not square)
        if not square:
            with signals_blocked(self.w):
                self.w.setValue(self.h.value())
        self._emit()

    def _emit(self) -> None:
        self.value_changed.emit(self.value())


class PaddingEditor(FieldEditor):
    """A number (or pair) of zeros, or torch's 'same' / 'valid'."""

    MODES = ("zeros", "same", "valid")

    def __init__(self, info: FieldInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox()
        # A count of zero pixels, or one of torch's modes (named by torch's word, explained in Chinese).
        self.mode.addItems(
            [self.tr("pixels"), self.tr("same (keep the size)"), self.tr("valid (no padding)")]
        )
        self.size = SizeEditor(info)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.mode)
        layout.addWidget(self.size, 1)
        self.mode.currentIndexChanged.connect(self._emit)
        self.size.value_changed.connect(self._emit)

    def value(self) -> Any:
        mode = self.MODES[self.mode.currentIndex()]
        return self.size.value() if mode == "zeros" else mode

    def set_value(self, value: Any) -> None:
        named = isinstance(value, str)
        self.mode.setCurrentIndex(self.MODES.index(value) if named else 0)
        self.size.setVisible(not named)
        if not named:
            self.size.set_value(value)

    def _emit(self) -> None:
        self.size.setVisible(self.mode.currentIndex() == 0)
        self.value_changed.emit(self.value())


class StrideEditor(FieldEditor):
    """Pooling stride: torch's default (None) means "equal to the kernel"."""

    def __init__(self, info: FieldInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.default = QCheckBox(self.tr("= kernel"))
        self.size = SizeEditor(info)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.default)
        layout.addWidget(self.size, 1)
        self.default.toggled.connect(self._emit)
        self.size.value_changed.connect(self._emit)

    def value(self) -> Any:
        return None if self.default.isChecked() else self.size.value()

    def set_value(self, value: Any, kernel: Any = 2) -> None:
        self.default.setChecked(value is None)
        self.size.setEnabled(value is not None)
        self.size.set_value(kernel if value is None else value)

    def _emit(self) -> None:
        self.size.setEnabled(not self.default.isChecked())
        self.value_changed.emit(self.value())


EDITORS: dict[str, type[FieldEditor]] = {
    "int": IntEditor,
    "float": FloatEditor,
    "choice": ChoiceEditor,
    "bool": BoolEditor,
    "size": SizeEditor,
    "padding": PaddingEditor,
    "stride_or_kernel": StrideEditor,
}


def make_editor(info: FieldInfo) -> FieldEditor:
    editor = EDITORS[info.kind](info)
    editor.setToolTip(translate_core(info.tooltip))
    return editor


def _single(owner: QWidget, widget: QWidget) -> None:
    layout = QHBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    layout.addStretch(1)
