"""An image's most probable classes as labelled bars (the drill-down and the feature-space views)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget


class TopClasses(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)

    def set_scores(self, scores: Sequence[tuple[str, float]]) -> None:
        """``(class name, probability)`` pairs, best first; an empty list clears the bars."""
        while self.grid.count():
            self.grid.takeAt(0).widget().deleteLater()
        for row, (name, p) in enumerate(scores):
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(round(p * 1000))
            bar.setFormat(f"{p:.1%}")
            self.grid.addWidget(QLabel(name), row, 0)
            self.grid.addWidget(bar, row, 1)

    def names(self) -> list[str]:
        return [self.grid.itemAtPosition(r, 0).widget().text() for r in range(self.grid.rowCount())
                if self.grid.itemAtPosition(r, 0) is not None]  # fmt: skip
