"""After training: the first layer's filters, test predictions with mistakes marked, top-k and the confusion matrix.

Everything shown is in ``RunResults``, computed in the training thread when the run ended; this view only
turns arrays into pictures and tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core.layer_rules import shape_text
from cnnstudio.ui.choice_text import class_text, class_texts
from cnnstudio.ui.theme import Tone, set_item_tone
from cnnstudio.ui.widgets.pictures import normalise_filter, to_pixmap
from cnnstudio.ui.widgets.scrolling_tabs import scrolling

if TYPE_CHECKING:
    from cnnstudio.training.run_results import RunResults

THUMB = 56
MISTAKE = QColor("#d1242f")
RIGHT = QColor("#1a7f37")
TOP_K = 5
# The split the results were measured on, as the summary line names it.
SPLITS = {
    "test": QT_TRANSLATE_NOOP("ResultsView", "test"),
    "validation": QT_TRANSLATE_NOOP("ResultsView", "validation"),
}


def _framed(pixmap: QPixmap, colour: QColor) -> QPixmap:
    """The thumbnail with a 3 px frame: red marks a mistake at a glance, green a correct answer."""
    framed = QPixmap(pixmap.width() + 6, pixmap.height() + 6)
    framed.fill(colour)
    painter = QPainter(framed)
    painter.drawPixmap(3, 3, pixmap)
    painter.end()
    return framed


class Thumbnails(QListWidget):
    """Pictures with ``lines`` lines of caption under each, on a grid whose cells hold both.

    Without a grid, Qt laid the two-line captions ("triangle" / "55%") over the next row's pictures, and a
    panel squeezed to 100 pixels showed no caption at all. The cell is sized from the font (presenter mode
    included) and the widest caption; the view is at least ``rows`` cells tall.
    """

    def __init__(self, lines: int, rows: int) -> None:
        super().__init__()
        self._lines, self._rows = lines, rows
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(THUMB + 6, THUMB + 6))
        self.setUniformItemSizes(True)
        self.setWordWrap(False)
        self.fit_grid()

    def fit_grid(self) -> None:
        metrics = self.fontMetrics()
        texts = (self.item(row).text() for row in range(self.count()))
        widest = max(
            (metrics.horizontalAdvance(line) for text in texts for line in text.split("\n")), default=0
        )
        width = max(self.iconSize().width(), widest) + 12
        height = self.iconSize().height() + self._lines * metrics.lineSpacing() + 12
        self.setGridSize(QSize(width, height))
        self.setMinimumHeight(self._rows * height + 2 * self.frameWidth() + 4)
        self.setMinimumWidth(width + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth() + 4)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_grid()


class ResultsView(QWidget):
    cell_chosen = Signal(int, int)  # a confusion-matrix cell was clicked: true class, predicted class

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results: RunResults | None = None
        self.summary = QLabel(self.tr("Results appear here when a run ends."))
        self.summary.setWordWrap(True)
        self.filters = Thumbnails(lines=1, rows=1)
        self.examples = Thumbnails(lines=2, rows=2)
        self.examples.currentRowChanged.connect(self._on_example_chosen)
        self.top_k_box = QGroupBox(self.tr("Top {0} for the chosen image").format(TOP_K))
        self.top_k = QGridLayout(self.top_k_box)
        self.confusion = QTableWidget()
        self.confusion.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.confusion.setToolTip(self.tr("Click a cell to see its images, with Grad-CAM and top-5"))
        self.confusion.cellClicked.connect(self.cell_chosen)
        # Columns as wide as their class names ("square", "diamond"), not squeezed to "squar", "iamon": the
        # table scrolls sideways when ten names do not fit.
        for header in (self.confusion.horizontalHeader(), self.confusion.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.confusion.setMinimumHeight(5 * self.fontMetrics().lineSpacing() + 40)
        # Side by side, so a short panel (the Results tab on a 1366 x 768 screen) gives each part its whole
        # height; anything that still does not fit scrolls, and nothing is squeezed out of sight.
        content = QWidget()
        layout = QGridLayout(content)
        layout.addWidget(self.summary, 0, 0, 1, 3)
        layout.addWidget(self._boxed(self.tr("Predictions (red: mistakes)"), self.examples), 1, 0, 2, 1)
        layout.addWidget(self.top_k_box, 1, 1)
        layout.addWidget(self._boxed(self.tr("First-layer filters"), self.filters), 2, 1)
        layout.addWidget(
            self._boxed(self.tr("Confusion matrix (rows: true class)"), self.confusion), 1, 2, 2, 1
        )
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(1, 2)
        layout.setColumnStretch(2, 3)
        layout.setRowStretch(2, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content))

    @staticmethod
    def _boxed(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(widget)
        return box

    def clear(self, message: str) -> None:
        """No results to show (no run, a run still training, or one that kept none), and why."""
        self.results = None
        self.summary.setText(message)
        self.filters.clear()
        self.examples.clear()
        self.confusion.setRowCount(0)
        self.confusion.setColumnCount(0)
        self._on_example_chosen(-1)

    def show_results(self, results: RunResults) -> None:
        self.results = results
        self.summary.setText(
            self.tr("Accuracy on the {0} split: {1:.1%} ({2:,} images)").format(
                self.tr(SPLITS.get(results.split, results.split)),
                results.accuracy,
                int(results.confusion.sum()),
            )
        )
        self._fill_filters(results)
        self._fill_examples(results)
        self._fill_confusion(results)
        wrong = np.flatnonzero(results.predicted != results.labels)
        self.examples.setCurrentRow(int(wrong[0]) if len(wrong) else 0)

    def _fill_filters(self, results: RunResults) -> None:
        self.filters.clear()
        if results.filters is None:
            self.filters.addItem(self.tr("no conv layer"))
            self.filters.fit_grid()
            return
        for i, weights in enumerate(results.filters):
            picture = normalise_filter(
                weights if weights.shape[0] in (1, 3) else weights.mean(0, keepdims=True)
            )
            item = QListWidgetItem(QIcon(to_pixmap(picture, THUMB)), f"{i}")
            item.setToolTip(self.tr("filter {0}: {1}").format(i, shape_text(weights.shape)))
            self.filters.addItem(item)
        self.filters.fit_grid()

    def _fill_examples(self, results: RunResults) -> None:
        self.examples.clear()
        names = class_texts(results.class_names)
        for image, label, guess, probs in zip(
            results.examples, results.labels, results.predicted, results.probabilities
        ):
            right = label == guess
            pixmap = _framed(to_pixmap(image, THUMB), RIGHT if right else MISTAKE)
            item = QListWidgetItem(QIcon(pixmap), f"{names[guess]}\n{probs[guess]:.0%}")
            item.setToolTip(self.tr("true: {0}, predicted: {1}").format(names[label], names[guess]))
            if not right:
                set_item_tone(item, Tone.ERROR)
            self.examples.addItem(item)
        self.examples.fit_grid()

    def _fill_confusion(self, results: RunResults) -> None:
        matrix, names = results.confusion, class_texts(results.class_names)
        self.confusion.setRowCount(len(names))
        self.confusion.setColumnCount(len(names))
        self.confusion.setHorizontalHeaderLabels(names)
        self.confusion.setVerticalHeaderLabels(names)
        peak = max(1, int(matrix.max()))
        for r in range(len(names)):
            for c in range(len(names)):
                count = int(matrix[r, c])
                cell = QTableWidgetItem(str(count))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                strength = count / peak
                base = (46, 160, 67) if r == c else (209, 36, 47)
                if count:
                    cell.setBackground(QColor(*base, int(40 + 180 * strength)))
                self.confusion.setItem(r, c, cell)

    def _on_example_chosen(self, row: int) -> None:
        while self.top_k.count():
            self.top_k.takeAt(0).widget().deleteLater()
        if self.results is None or row < 0 or row >= len(self.results.labels):
            return
        truth = class_text(self.results.class_names[self.results.labels[row]])
        self.top_k.addWidget(QLabel(self.tr("True class: <b>{0}</b>").format(truth)), 0, 0, 1, 2)
        for i, (name, p) in enumerate(self.results.top_k(row, TOP_K), 1):
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(round(p * 1000))
            bar.setFormat(f"{p:.1%}")
            self.top_k.addWidget(QLabel(class_text(name)), i, 0)
            self.top_k.addWidget(bar, i, 1)
