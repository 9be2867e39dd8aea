"""The live camera window: the camera as the probe image, Grad-CAM of what the network sees, Capture.

While it runs, every frame the live probe sends through the shown run's model comes back as maps (the
Train page's activation and pooling tabs follow) and as Grad-CAM with the top classes here. Capture saves
the frame, cropped as the network sees it, into a class folder of an image-folder dataset; "Train on
these pictures" makes that folder the project's dataset, so a class can build its own data set in front
of the camera and train on it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.training.frame_input import capture_picture
from cnnstudio.ui.camera.frame_capture import CaptureError, class_counts, class_problem, save_capture
from cnnstudio.ui.camera.frame_source import CameraSource, FrameSource, check_cameras
from cnnstudio.ui.camera.live_probe import LiveProbe
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.widgets.heat_pictures import PixelView, blend
from cnnstudio.ui.widgets.top_classes import TopClasses

CAM_OPACITY = 0.45


class ProbeTarget(Protocol):
    """What the camera window needs from the Train page: where frames go and what they mean."""

    def send(self, picture: np.ndarray) -> bool: ...  # False: no finished run can take it now
    def shape(self) -> tuple[int, int, int]: ...  # the input of the network the frames go through
    def problem(self) -> str: ...  # why the maps do not follow the camera now, or ""
    def class_names(self) -> tuple[str, ...]: ...


class CameraDialog(QDialog):
    stopped = Signal()  # the camera was stopped (or failed): the probe image goes back to the chosen one

    def __init__(self, document: ProjectDocument, target: ProbeTarget, parent: QWidget | None = None,
                 source_factory: Callable[[bytes | None], FrameSource] | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(self.tr("Live camera"))
        self.doc, self.target = document, target
        self._make_source = source_factory or (lambda device: CameraSource(device, self))
        self.source: FrameSource | None = None
        self.live: LiveProbe | None = None
        self.root: Path | None = self._initial_root()
        self._build()
        self._show_counts()

    # -- layout ---------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.device = QComboBox()
        self.start_button = QPushButton(self.tr("Start camera"))
        self.start_button.clicked.connect(self.toggle)
        self.status = QLabel()
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Camera")))
        top.addWidget(self.device, 1)
        top.addWidget(self.start_button)
        self.frame_view = PixelView(minimum=200)
        self.frame_view.setToolTip(self.tr("The camera, cropped to the network's input shape"))
        self.seen_view = PixelView(minimum=200)
        self.seen_view.setToolTip(
            self.tr("What the network sees (its input size and colours), with Grad-CAM laid over it")
        )
        self.scores = TopClasses()
        pictures = QGridLayout()
        pictures.addWidget(QLabel(self.tr("Camera")), 0, 0)
        pictures.addWidget(QLabel(self.tr("What the network sees · Grad-CAM")), 0, 1)
        pictures.addWidget(QLabel(self.tr("Top classes")), 0, 2)
        pictures.addWidget(self.frame_view, 1, 0)
        pictures.addWidget(self.seen_view, 1, 1)
        pictures.addWidget(self.scores, 1, 2, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(pictures, 1)
        layout.addLayout(self._capture_row())

    def _capture_row(self) -> QVBoxLayout:
        self.root_label = QLabel()
        self.root_button = QPushButton(self.tr("Folder…"))
        self.root_button.setToolTip(self.tr("The dataset folder: one subfolder per class"))
        self.root_button.clicked.connect(lambda: self.choose_root())
        self.class_box = QComboBox()
        self.class_box.setEditable(True)
        self.class_box.setMinimumWidth(140)
        self.class_box.setToolTip(self.tr("The class the picture shows: a subfolder of the dataset folder"))
        self.capture_button = QPushButton(self.tr("Capture"))
        self.capture_button.setShortcut(QKeySequence(Qt.Key.Key_Space))
        self.capture_button.setToolTip(self.tr("Save the current frame into the class's folder (Space)"))
        self.capture_button.clicked.connect(lambda: self.capture())
        self.train_button = QPushButton(self.tr("Train on these pictures"))
        self.train_button.setToolTip(self.tr("Make this folder the project's dataset"))
        self.train_button.clicked.connect(self.use_as_dataset)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Save to")))
        row.addWidget(self.root_label, 1)
        row.addWidget(self.root_button)
        row.addWidget(QLabel(self.tr("Class")))
        row.addWidget(self.class_box)
        row.addWidget(self.capture_button)
        row.addWidget(self.train_button)
        column = QVBoxLayout()
        column.addLayout(row)
        column.addWidget(self.counts)
        return column

    # -- the camera -----------------------------------------------------------------------------------------
    def offer_cameras(self) -> str:
        """List the cameras; returns why there are none ("" when there are)."""
        check = check_cameras()
        self.device.clear()
        for name, device_id in zip(check.names, check.ids, strict=True):
            self.device.addItem(name, device_id)
        self.start_button.setEnabled(check.available)
        if not check.available:
            self.status.setText(check.reason)
        return check.reason

    def start(self, source: FrameSource | None = None) -> bool:
        """Start ``source`` (by default the chosen camera) as the live probe."""
        self.stop()
        self.source = source or self._make_source(self.device.currentData())
        if source is not None and self.device.count() == 0:
            self.device.addItem(getattr(source, "name", ""))
        if self.source.parent() is None:
            self.source.setParent(self)  # it goes with this window, never in the middle of a collection
        self.source.failed.connect(self._on_failed)
        self.live = LiveProbe(self.source, self.target.shape, self.target.send, self)
        self.live.frame_seen.connect(self._on_frame_seen)
        self.live.answered.connect(self._on_answered)
        if not self.source.start():
            self.stop()
            return False
        self.start_button.setText(self.tr("Stop camera"))
        self.status.setText(self.target.problem() or self.tr("The maps follow the camera."))
        return True

    def stop(self) -> None:
        """Stop the camera and release it; the Train page's probe image goes back to the chosen one."""
        source, live, self.source, self.live = self.source, self.live, None, None
        if source is None:
            return
        if live is not None:
            live.stop()
            live.deleteLater()
        source.failed.disconnect(self._on_failed)
        source.stop()
        self.start_button.setText(self.tr("Start camera"))
        self.stopped.emit()

    def is_running(self) -> bool:
        return self.source is not None and self.source.is_active()

    def toggle(self) -> None:
        if self.source is not None:
            self.stop()
        else:
            self.start()

    def answer(self, message) -> None:
        """A reply of the trainer process (every Captured passes here; the live probe knows its own)."""
        if self.live is not None:
            self.live.answer(message)

    def _on_failed(self, text: str) -> None:
        self.stop()
        self.status.setText(text)

    def _on_frame_seen(self, frame: np.ndarray) -> None:
        self.frame_view.set_rgb(capture_picture(frame, self.target.shape()))
        problem = self.target.problem()
        if problem:
            self.status.setText(problem)

    def _on_answered(self, pair) -> None:
        picture, message = pair
        snapshot = message.snapshot
        if snapshot is None:
            self.status.setText(
                self.tr("No maps for this frame: {0}").format(translate_core(message.message))
            )
            return
        image = np.asarray(picture, dtype=np.float32).transpose(2, 0, 1)
        cam = message.cam if message.cam is not None else np.zeros(image.shape[1:], np.float32)
        self.seen_view.set_rgb(blend(image, cam, CAM_OPACITY if message.cam is not None else 0.0))
        self.status.setText(self.tr("The maps follow the camera."))
        probabilities = snapshot.probabilities
        if probabilities is not None:
            names = self.target.class_names()
            best = np.argsort(probabilities)[::-1][:3]
            self.scores.set_scores(
                [(names[c] if c < len(names) else str(c), float(probabilities[c])) for c in best]
            )

    # -- capture --------------------------------------------------------------------------------------------
    def _initial_root(self) -> Path | None:
        dataset = self.doc.project.dataset
        if dataset.get("name") == "folder" and dataset.get("root"):
            return Path(str(dataset["root"])).expanduser()
        return None

    def choose_root(self, path: str | Path | None = None) -> bool:
        if path is None:
            path = QFileDialog.getExistingDirectory(self, self.tr("Dataset folder for the captures"))
            if not path:
                return False
        self.root = Path(path)
        self._show_counts()
        return True

    def capture(self, class_name: str | None = None) -> Path | None:
        """Save the current frame into ``class_name``'s folder (by default the class box's); its path."""
        frame = self.live.frame if self.live is not None else None
        name = self.class_box.currentText() if class_name is None else class_name
        problem = (
            self.tr("Start the camera first") if frame is None
            else self.tr("Choose the dataset folder first (Folder…)") if self.root is None
            else class_problem(name)
        )  # fmt: skip
        if problem:
            self.status.setText(problem)
            return None
        try:
            path = save_capture(capture_picture(frame, self.target.shape()), self.root, name)
        except CaptureError as error:
            self.status.setText(self.tr("Not saved: {0}").format(error))
            return None
        self.status.setText(self.tr("Saved {0}").format(path.name))
        self._show_counts(name)
        return path

    def _show_counts(self, current: str | None = None) -> None:
        counts = class_counts(self.root) if self.root is not None else {}
        self.root_label.setText(str(self.root) if self.root is not None else self.tr("(no folder chosen)"))
        text = current if current is not None else self.class_box.currentText()
        self.class_box.clear()
        self.class_box.addItems(list(counts))
        self.class_box.setEditText(text or (next(iter(counts), "")))
        self.counts.setText(
            " · ".join(self.tr("{0}: {1} pictures").format(name, n) for name, n in counts.items())
            or self.tr("No class folders yet: type a class name and press Capture.")
        )
        self.train_button.setEnabled(len(counts) >= 2)

    def use_as_dataset(self) -> None:
        """Make the capture folder the project's dataset (one undoable edit)."""
        if self.root is None:
            return
        self.doc.set_dataset({**self.doc.project.dataset, "name": "folder", "root": str(self.root)})
        self.status.setText(
            self.tr("The project now trains on {0}: press Start on the Train page.").format(self.root)
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)
