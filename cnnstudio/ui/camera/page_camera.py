"""The Train page's side of the live camera: frames go through the shown finished run's model.

The camera window (``CameraDialog``) asks this object where a frame goes (``send``: a probe capture in
the trainer process, answered with maps and Grad-CAM), what input shape it needs, and why the maps cannot
follow now. The answers' maps land in the shown run's newest snapshot, so the activation and pooling
tabs redraw them exactly as they redraw a chosen probe image; stopping the camera captures the chosen
probe image again.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from cnnstudio.ui.camera.camera_check import CameraCheck, shared_check
from cnnstudio.ui.camera.camera_dialog import CameraDialog
from cnnstudio.ui.camera.frame_source import FrameSource


class PageCamera(QObject):
    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.page = page
        self.dialog: CameraDialog | None = None
        page.controller.answered.connect(self._on_answered)
        page.probe.camera_requested.connect(lambda: self.open())
        page.probe.first_shown.connect(self.check)  # the Train page is seen: is there a camera?

    def check(self) -> None:
        """Look for a camera in the background; the Camera button follows (``show_check``)."""
        check = shared_check()
        check.done.connect(self.show_check, Qt.ConnectionType.UniqueConnection)
        check.start()

    def show_check(self, check: CameraCheck) -> None:
        """Enable the probe bar's Camera button, or disable it saying why (no library, no camera)."""
        self.page.probe.set_camera_problem(check.reason)

    def open(self, source: FrameSource | None = None) -> CameraDialog:
        """Show the camera window and start ``source`` (by default the first camera) as the probe."""
        if self.dialog is None:
            self.dialog = CameraDialog(self.page.doc, self, self.page)
            self.dialog.started.connect(lambda: self.page.probe.set_camera_running(True))
            self.dialog.stopped.connect(self._on_stopped)
        reason = "" if source is not None else self._offer_cameras()
        self.dialog.show()
        self.dialog.raise_()
        if not reason and not self.dialog.is_running():
            self.dialog.start(source)
        return self.dialog

    def _offer_cameras(self) -> str:
        """The camera list, in-process: Qt Multimedia's first import takes about a second (a busy cursor)."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return self.dialog.offer_cameras()
        finally:
            QApplication.restoreOverrideCursor()

    def is_live(self) -> bool:
        """The camera is the probe image now."""
        return self.dialog is not None and self.dialog.is_running()

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()

    # -- ProbeTarget ----------------------------------------------------------------------------------------
    def send(self, picture: np.ndarray) -> bool:
        return not self.problem() and self.page.capture_probe(picture, cam=True)

    def shape(self) -> tuple[int, int, int]:
        shown = self.page.views.shown
        network = shown.network if shown is not None and shown.network is not None else self.page.doc.project
        return tuple(network.input.shape)

    def problem(self) -> str:
        if self.page.controller.is_running():
            return self.tr("Training: the maps follow the camera once the run has ended. Capture works now.")
        shown = self.page.views.shown
        if shown is None or shown.folder is None or shown.network is None:
            return self.tr(
                "No finished run to follow: train the network (Start) and its maps follow the camera. "
                "Capture works now."
            )
        return ""

    def class_names(self) -> tuple[str, ...]:
        shown = self.page.views.shown
        if shown is None:
            return ()
        if shown.results is not None:
            return tuple(shown.results.class_names)
        return tuple(shown.trained.class_names()) if shown.trained is not None else ()

    # -- answers ------------------------------------------------------------------------------------------------
    def _on_answered(self, message) -> None:
        if self.dialog is not None:
            self.dialog.answer(message)

    def _on_stopped(self) -> None:
        self.page.probe.set_camera_running(False)
        self.page.capture_probe()  # the chosen probe image again
