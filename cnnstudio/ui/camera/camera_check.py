"""Is there a camera? Asked of Qt Multimedia, in another process so that the window never waits for it.

Importing Qt Multimedia loads its FFmpeg back end: about a second on a loaded two-core machine, which the
window would spend frozen if the Train page asked at start-up. So the page starts this module as a small
child process (``python -m cnnstudio.ui.camera.camera_check``), which prints one JSON line, and enables
or disables its Camera button when the answer comes; the answer is kept for the program's life (cameras
come and go rarely; the camera window asks again, in-process, when it is opened).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QObject, QProcess, Signal


@dataclass(frozen=True)
class CameraCheck:
    """Whether a camera can be used here: the cameras' names, or why none can."""

    names: tuple[str, ...] = ()
    library_error: str = ""  # why Qt Multimedia cannot load (e.g. libpulse.so.0 missing), or ""
    ids: tuple[bytes, ...] = field(default=(), repr=False)

    @property
    def available(self) -> bool:
        return bool(self.names)

    @property
    def reason(self) -> str:
        """Why no camera can be used, in the window's language, or "" when one can."""
        if self.names:
            return ""
        if self.library_error:
            return _text("Qt Multimedia cannot load on this computer ({0})").format(self.library_error)
        return _text("No camera found on this computer")


def _text(text: str) -> str:
    return QCoreApplication.translate("CameraSource", text)


def check_cameras() -> CameraCheck:
    """The cameras Qt Multimedia sees, or the reason there are none (no library, no device). In-process:
    about a second the first time (the import)."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as error:  # e.g. libpulse.so.0 missing on a Linux machine without sound
        return CameraCheck(library_error=str(error))
    inputs = QMediaDevices.videoInputs()
    return CameraCheck(tuple(d.description() for d in inputs), "", tuple(bytes(d.id()) for d in inputs))


class BackgroundCameraCheck(QObject):
    """Runs :func:`check_cameras` in a child process; ``done`` carries the CameraCheck (a child that
    could not run or answer counts as "no camera", with what it said as the reason). One per program
    (:func:`shared_check`): every page asking gets the same answer, and only one child ever runs."""

    done = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.answer: CameraCheck | None = None
        self._process: QProcess | None = None

    def start(self) -> None:
        """Ask (once); an answer already known is given again at once."""
        if self.answer is not None:
            self.done.emit(self.answer)
            return
        if self._process is not None:  # under way: its answer comes to everyone
            return
        self._process = QProcess(self)
        self._process.finished.connect(self._on_finished)
        self._process.errorOccurred.connect(self._on_error)
        self._process.start(sys.executable, ["-m", "cnnstudio.ui.camera.camera_check"])

    def _on_finished(self, *_args) -> None:
        text = bytes(self._process.readAllStandardOutput().data()).decode("utf-8", "replace").strip()
        try:
            data = json.loads(text.splitlines()[-1])
            answer = CameraCheck(tuple(data["names"]), str(data["library_error"]))
        except (ValueError, KeyError, IndexError, TypeError):
            answer = CameraCheck(library_error=text[-200:] or "no answer")
        self._give(answer)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._give(CameraCheck(library_error=self._process.errorString()))

    def _give(self, answer: CameraCheck) -> None:
        self.answer = answer
        self.done.emit(answer)


_SHARED: list[BackgroundCameraCheck] = []


def shared_check() -> BackgroundCameraCheck:
    """The program's one background camera check (owned by the application object)."""
    if not _SHARED:
        _SHARED.append(BackgroundCameraCheck(QCoreApplication.instance()))
    return _SHARED[0]


def main() -> None:
    """The child's side: one JSON line, ``{"names": [...], "library_error": "..."}``."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QCoreApplication(sys.argv[:1])
    check = check_cameras()
    print(json.dumps({"names": list(check.names), "library_error": check.library_error}), flush=True)
    del app


if __name__ == "__main__":
    main()
