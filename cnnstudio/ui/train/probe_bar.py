"""The probe image and the epoch slider: which picture the maps show, and from which moment of the run.

The probe is a validation image chosen by number, or any picture file; the slider scrubs the epoch-end
snapshots that the run kept (``SnapshotStore``), its right end meaning "live" while the run trains and
"end of run" once it has ended (a finished run follows nothing).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSlider,
    QSpinBox,
    QWidget,
)

from cnnstudio.ui.widgets.pictures import from_qimage, to_pixmap
from cnnstudio.ui.widgets.signal_blocking import signals_blocked

PREVIEW = 44


class ProbeBar(QWidget):
    """Probe image choice (``probe_changed``) and epoch position (``position_changed``: None = live)."""

    probe_changed = Signal()
    position_changed = Signal(object)
    camera_requested = Signal()  # the Camera button: the live camera as the probe image (``ui.camera``)
    first_shown = Signal()  # the bar was seen for the first time (the page then looks for a camera)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture: np.ndarray | None = None
        self.picture_name = ""
        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW, PREVIEW)
        self.preview.setToolTip(self.tr("The probe image: every map shows what it becomes"))
        self.index = QSpinBox()
        self.index.setRange(0, 100_000)
        self.index.setPrefix(self.tr("validation #"))
        self.index.setKeyboardTracking(False)
        self.index.valueChanged.connect(self._on_index_changed)
        self.file_button = QPushButton(self.tr("Picture…"))
        self.file_button.setToolTip(self.tr("Use a picture file as the probe image"))
        self.file_button.clicked.connect(self.choose_file)
        self.camera_button = QPushButton(self.tr("Camera…"))
        self.camera_button.setEnabled(False)  # until the page has looked for a camera
        self.camera_button.setToolTip(self.tr("Looking for a camera…"))
        self.camera_button.clicked.connect(self.camera_requested)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setToolTip(self.tr("Scrub through the epochs; the right end follows training live"))
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.position = QLabel(self.tr("live"))
        self.position.setMinimumWidth(80)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview)
        row.addWidget(QLabel(self.tr("Probe")))
        row.addWidget(self.index)
        row.addWidget(self.file_button)
        row.addWidget(self.camera_button)
        row.addSpacing(16)
        row.addWidget(QLabel(self.tr("Epoch")))
        row.addWidget(self.slider, 1)
        row.addWidget(self.position)
        self._epochs: list[int] = []
        self._training = True  # whether the right end follows a run that trains now
        self._seen = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._seen:
            self._seen = True
            self.first_shown.emit()

    # -- probe ----------------------------------------------------------------------------------------------
    def show_image(self, image: np.ndarray | None) -> None:
        self.preview.setPixmap(to_pixmap(image, PREVIEW) if image is not None else _empty())

    def choose_file(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Probe picture"), "", self.tr("Pictures (*.png *.jpg *.jpeg *.bmp *.gif)")
            )
            if not path:
                return False
        image = QImage(path)
        if image.isNull():
            QMessageBox.warning(
                self,
                self.tr("Probe picture"),
                self.tr("{0}: not a picture this program can read").format(path),
            )
            return False
        self.picture, self.picture_name = from_qimage(image), Path(path).name
        self.index.setEnabled(False)
        self.file_button.setText(self.tr("{0} ✕").format(self.picture_name))
        self.file_button.clicked.disconnect()
        self.file_button.clicked.connect(self.clear_file)
        self.probe_changed.emit()
        return True

    def clear_file(self) -> None:
        self.picture, self.picture_name = None, ""
        self.index.setEnabled(True)
        self.file_button.setText(self.tr("Picture…"))
        self.file_button.clicked.disconnect()
        self.file_button.clicked.connect(self.choose_file)
        self.probe_changed.emit()

    def set_camera_problem(self, reason: str) -> None:
        """Enable the Camera button, or disable it with ``reason`` as its tooltip ("" = a camera exists)."""
        self.camera_button.setEnabled(not reason)
        self.camera_button.setToolTip(
            reason or self.tr("Use a camera as the probe image: the maps follow it live")
        )

    def set_camera_running(self, running: bool) -> None:
        """While the camera is the probe, the validation number, the picture file and the epoch slider wait
        (the camera's maps are the trained model's: the slider goes to its live end, where they show)."""
        self.index.setEnabled(not running and self.picture is None)
        self.file_button.setEnabled(not running)
        if running:
            self.slider.setValue(self.slider.maximum())
        self.slider.setEnabled(not running)
        self.camera_button.setText(self.tr("Camera ●") if running else self.tr("Camera…"))

    def _on_index_changed(self, _value: int) -> None:
        self.probe_changed.emit()

    # -- epochs ---------------------------------------------------------------------------------------------
    def set_epochs(self, epochs: list[int], training: bool = True) -> None:
        """The epochs that can be scrubbed (``training``: of a run that trains now); a slider at the live
        end stays there."""
        live = self.is_live()
        self._epochs = list(epochs)
        self._training = training
        with signals_blocked(self.slider):
            self.slider.setRange(0, len(self._epochs))
            if live:
                self.slider.setValue(len(self._epochs))
        self._show_position()

    def is_live(self) -> bool:
        return self.slider.value() >= len(self._epochs)

    def selected(self) -> int | None:
        """Index into the store of the chosen epoch, or None for live."""
        return None if self.is_live() else self.slider.value()

    def _on_slider_moved(self, _value: int) -> None:
        self._show_position()
        self.position_changed.emit(self.selected())

    def _show_position(self) -> None:
        index = self.selected()
        if index is not None:
            self.position.setText(self.tr("epoch {0}").format(self._epochs[index]))
        else:
            self.position.setText(self.tr("live") if self._training else self.tr("end of run"))


def _empty():
    from PySide6.QtGui import QPixmap

    pixmap = QPixmap(PREVIEW, PREVIEW)
    pixmap.fill(Qt.GlobalColor.transparent)
    return pixmap
