"""An image's most probable classes as labelled bars (the drill-down, the feature-space and camera views)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget


class TopClasses(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self._rows: list[tuple[QLabel, QProgressBar]] = []

    def set_scores(self, scores: Sequence[tuple[str, float]]) -> None:
        """``(class name, probability)`` pairs, best first; an empty list clears the bars. The rows are
        updated in place (the live camera sets them up to 15 times a second)."""
        while len(self._rows) > len(scores):
            for widget in self._rows.pop():
                self.grid.removeWidget(widget)
                widget.deleteLater()
        while len(self._rows) < len(scores):
            bar = QProgressBar()
            bar.setRange(0, 1000)
            label = QLabel()
            self.grid.addWidget(label, len(self._rows), 0)
            self.grid.addWidget(bar, len(self._rows), 1)
            self._rows.append((label, bar))
        for (label, bar), (name, p) in zip(self._rows, scores, strict=True):
            label.setText(name)
            bar.setValue(round(p * 1000))
            bar.setFormat(f"{p:.1%}")

    def names(self) -> list[str]:
        return [label.text() for label, _bar in self._rows]
