"""Tabs whose pages scroll when the window is smaller than they would like, instead of growing the window.

A page fills its tab as before whenever there is room. Without this, a page's minimum size (a teaching
tool's canvas and formula in presenter mode's large font) made Qt enlarge the whole window past the
bottom and right of a 1366 x 768 screen, status bar and buttons included. Callers keep addressing the
pages themselves: ``indexOf``, ``widget``, ``currentWidget`` and ``setCurrentWidget`` look through the
scroll area each page is wrapped in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QWidget


def scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area that resizes it to fill the view when there is room."""
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(widget)
    return area


class ScrollingTabs(QTabWidget):
    """A ``QTabWidget`` whose pages scroll when they do not fit."""

    def addTab(self, widget: QWidget, title: str, scroll: bool = True) -> int:  # type: ignore[override]
        """``scroll=False`` for a page that scrolls its own content (a grid of maps under its controls): an
        outer scroll area would give it its whole height and scroll the controls away with it."""
        return super().addTab(scrolling(widget) if scroll else widget, title)

    def widget(self, index: int) -> QWidget | None:
        area = super().widget(index)
        return area.widget() if isinstance(area, QScrollArea) else area

    def currentWidget(self) -> QWidget | None:
        return self.widget(self.currentIndex())

    def indexOf(self, widget: QWidget) -> int:
        for index in range(self.count()):
            if self.widget(index) is widget:
                return index
        return super().indexOf(widget)

    def setCurrentWidget(self, widget: QWidget) -> None:
        index = self.indexOf(widget)
        if index >= 0:
            self.setCurrentIndex(index)
