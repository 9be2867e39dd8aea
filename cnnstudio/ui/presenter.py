"""Presenter mode (View > Presenter mode, F11): every text a class reads, larger by one factor.

Setting the application's font is not enough in Qt, and that was all presenter mode did: it reached only
widgets that take their font whole from their parent. It missed

- widgets with a style sheet (a grey caption, a red status line, the totals line): Qt does not pass a new
  application font to them, so :func:`set_presenter` sends them the change itself;
- fonts set to a size of their own (a bold title 1.3 times larger, the monospaced formulas, the teaching
  tools' 13-point text): they follow the factor through :func:`keep_font`;
- text painted at a size in points (the teaching canvases, the feature maps' titles): painters ask
  :func:`points`, and widgets redraw on the font change they receive.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

_state = {"scale": 1.0, "base": 0.0}  # the factor now; the application's own point size (0: not read yet)


def scale() -> float:
    """The presenter factor now: 1.0 when presenter mode is off."""
    return _state["scale"]


def points(size: float) -> float:
    """``size`` points, enlarged by the presenter factor: for text a painter draws at a fixed size."""
    return size * _state["scale"]


def is_on() -> bool:
    return _state["scale"] != 1.0


def set_presenter(on: bool, factor: float) -> None:
    """Make every text ``factor`` times larger (``on``) or bring it back to its normal size."""
    app = QApplication.instance()
    if not _state["base"]:
        _state["base"] = app.font().pointSizeF()
    _state["scale"] = factor if on else 1.0
    font = app.font()
    font.setPointSizeF(_state["base"] * _state["scale"])
    app.setFont(font)
    # Qt gives the new font only to widgets without a style sheet; the rest (and every keep_font) hear it
    # here. Widgets built later read the application font when they are made.
    change = QEvent(QEvent.Type.ApplicationFontChange)
    for widget in QApplication.allWidgets():
        QApplication.sendEvent(widget, change)


class _KeptFont(QObject):
    """Re-applies a widget's font rule whenever the application's font changes."""

    def __init__(self, widget: QWidget, factor: float, least: float, bold: bool | None, fixed: bool) -> None:
        super().__init__(widget)
        self._widget, self._factor, self._least, self._bold, self._fixed = widget, factor, least, bold, fixed
        widget.installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        app_font = QApplication.font()
        font = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)) if self._fixed else QFont()
        font.setPointSizeF(max(app_font.pointSizeF() * self._factor, points(self._least)))
        if self._bold is not None:
            font.setBold(self._bold)
        self._widget.setFont(font)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.ApplicationFontChange:
            self.apply()
        return False


def keep_font(
    widget: QWidget, factor: float = 1.0, *, least: float = 0.0, bold: bool | None = None, fixed: bool = False
) -> None:
    """Give ``widget`` (and the children that inherit its font) a font ``factor`` times the application's,
    at least ``least`` points times the presenter factor, bold or not, monospaced when ``fixed``; kept
    so as presenter mode goes on and off. Only what is set here is the widget's own: the family and the
    rest still follow the application."""
    _KeptFont(widget, factor, least, bold, fixed)
