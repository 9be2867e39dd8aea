"""Confusion-matrix drill-down: clicking a cell of the Results tab's matrix opens the images it counts,
each with Grad-CAM laid over it, and the chosen one's top-5 classes.

The images are found by predicting the results' split again with the run's model in the background
(``training.insight_drill``, cached in the run folder), with progress and Cancel.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.ui.choice_text import class_text
from cnnstudio.ui.train.results_view import TOP_K, Thumbnails
from cnnstudio.ui.widgets.background_task import BackgroundTask
from cnnstudio.ui.widgets.heat_pictures import PixelView, blend
from cnnstudio.ui.widgets.pictures import rgb_qimage
from cnnstudio.ui.widgets.top_classes import TopClasses

THUMB = 64
OPACITY = 0.45


class DrillDownDialog(QDialog):
    def __init__(
        self, run, class_names, true_class: int, predicted_class: int, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.names = [class_text(n) for n in class_names]
        self.cell = None  # the CellImages, once computed
        truth, guess = self.names[true_class], self.names[predicted_class]
        self.setWindowTitle(self.tr("True {0}, predicted {1}").format(truth, guess))
        self.summary = QLabel(self.tr("Finding the images of this cell…"))
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.images = Thumbnails(lines=1, rows=3)
        self.images.setIconSize(QSize(THUMB, THUMB))
        self.images.fit_grid()
        self.images.currentRowChanged.connect(self._on_image_chosen)
        self.picture = PixelView(minimum=200)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(round(OPACITY * 100))
        self.opacity.valueChanged.connect(lambda _v: self._on_image_chosen(self.images.currentRow()))
        self.scores = TopClasses()
        self._build_layout()
        self.task = BackgroundTask(lambda work: _cell_images(run, true_class, predicted_class, work), self)
        self.task.progressed.connect(lambda f: self.progress.setValue(round(100 * f)))
        self.task.succeeded.connect(self._on_found)
        self.task.failed.connect(
            lambda reason: self.summary.setText(self.tr("Could not look inside: {0}").format(reason))
        )
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.task.finished.connect(lambda: self.cancel_button.setEnabled(False))
        self.task.start()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)
        right = QVBoxLayout()
        right.addWidget(self.picture, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Grad-CAM opacity")))
        row.addWidget(self.opacity, 1)
        right.addLayout(row)
        right.addWidget(self.scores)
        body = QHBoxLayout()
        body.addWidget(self.images, 3)
        body.addLayout(right, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.resize(900, 560)

    def _on_found(self, cell) -> None:
        self.cell = cell
        total, shown = len(cell.indices), len(cell.images)
        truth, guess = self.names[cell.true_class], self.names[cell.predicted_class]
        if total == 0:
            self.summary.setText(self.tr("No {0} image was predicted as {1}.").format(truth, guess))
            return
        text = self.tr("{0} {1} images predicted as {2}; Grad-CAM shows where the network looked for “{2}”.")
        text = text.format(total, truth, guess)
        if shown < total:
            text += " " + self.tr("The first {0} are shown.").format(shown)
        self.summary.setText(text)
        for row in range(shown):
            rgb = blend(cell.images[row], cell.cams[row], self.opacity.value() / 100)
            icon = QIcon(QPixmap.fromImage(rgb_qimage(rgb)).scaled(THUMB, THUMB))
            item = QListWidgetItem(icon, f"#{int(cell.indices[row])}")
            self.images.addItem(item)
        self.images.fit_grid()
        self.images.setCurrentRow(0)

    def _on_image_chosen(self, row: int) -> None:
        cell = self.cell
        if cell is None or not 0 <= row < len(cell.images):
            return
        self.picture.set_rgb(blend(cell.images[row], cell.cams[row], self.opacity.value() / 100))
        self.scores.set_scores([(self.names[i], p) for i, p in cell.top_k(row, TOP_K)])

    def _on_cancel_clicked(self) -> None:
        self.task.cancel()
        self.summary.setText(self.tr("Cancelled."))

    def done(self, result: int) -> None:
        self.task.stop()
        super().done(result)


def _cell_images(run, true_class: int, predicted_class: int, work):
    from cnnstudio.training.insight_drill import cell_images

    return cell_images(run, true_class, predicted_class, work)
