"""Where live probe frames come from: a camera through Qt Multimedia, or a stand-in that tests and
screenshots drive through the very same path.

A source does not push every frame at its consumer: it says that a newer frame exists (``frame_ready``)
and hands over the newest one when asked (``latest``). A camera delivers 30 frames a second or more; the
live probe asks for one only when it can process it, so frames in between are dropped where they arrive
and nothing queues up (only the newest is ever converted, sent or drawn).

Qt Multimedia is imported only when a camera is asked for: it needs system libraries (PulseAudio's
``libpulse`` on Linux) that a machine without sound may lack, and then the camera option says so instead
of the program failing to start.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import cycle

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QImage

from cnnstudio.ui.widgets.pictures import qimage_rgb


class FrameSource(QObject):
    """A live source of frames: ``start``, ``stop``, and the newest frame on request."""

    frame_ready = Signal()  # a frame newer than the last one handed out exists
    failed = Signal(str)  # the source stopped on its own (the camera was unplugged, refused, ...)

    def start(self) -> bool:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def is_active(self) -> bool:
        raise NotImplementedError

    def latest(self) -> np.ndarray | None:
        """The newest frame as (H, W, 3) uint8, or None before the first."""
        raise NotImplementedError


class StandInSource(FrameSource):
    """Frames from a list or generator of pictures ((H, W[, 3]) uint8 arrays or QImages): ``push`` one
    by hand, or play them in a loop every ``interval_ms`` (a webcam stand-in for tests and demos)."""

    def __init__(self, frames: Iterable[np.ndarray | QImage] = (), interval_ms: int = 0,
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._frames: Iterator[np.ndarray | QImage] | None = None
        self._listed = list(frames) if isinstance(frames, (list, tuple)) else None
        self._source = frames
        self._newest: np.ndarray | QImage | None = None
        self._active = False
        self.released = True  # nothing held: the state a stopped camera must be in
        self.handed_out = 0  # frames converted for a consumer (the storm test counts them)
        self.name = _text("Stand-in frames (no camera)")
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._next)

    def start(self) -> bool:
        self._active, self.released = True, False
        if self._frames is None:
            self._frames = cycle(self._listed) if self._listed else iter(self._source)
        if self._timer.interval() > 0:
            self._timer.start()
        return True

    def stop(self) -> None:
        self._timer.stop()
        self._active, self.released = False, True

    def is_active(self) -> bool:
        return self._active

    def push(self, frame: np.ndarray | QImage) -> None:
        """A new frame arrives (as a camera's would): the newest replaces any not yet taken."""
        if self._active:
            self._newest = frame
            self.frame_ready.emit()

    def latest(self) -> np.ndarray | None:
        frame = self._newest
        if frame is None:
            return None
        self.handed_out += 1
        return qimage_rgb(frame) if isinstance(frame, QImage) else np.asarray(frame)

    def _next(self) -> None:
        frame = next(self._frames, None) if self._frames is not None else None
        if frame is None:
            self.stop()
            return
        self.push(frame)


@dataclass(frozen=True)
class CameraCheck:
    """Whether a camera can be used here: the cameras' names, or why none can."""

    names: tuple[str, ...] = ()
    reason: str = ""  # empty when there is a camera
    ids: tuple[bytes, ...] = field(default=(), repr=False)

    @property
    def available(self) -> bool:
        return bool(self.names)


def check_cameras() -> CameraCheck:
    """The cameras Qt Multimedia sees, or the reason there are none (no library, no device)."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as error:  # e.g. libpulse.so.0 missing on a Linux machine without sound
        return CameraCheck(reason=_text("Qt Multimedia cannot load on this computer ({0})").format(error))
    inputs = QMediaDevices.videoInputs()
    if not inputs:
        return CameraCheck(reason=_text("No camera found on this computer"))
    return CameraCheck(tuple(d.description() for d in inputs), "", tuple(bytes(d.id()) for d in inputs))


def _text(text: str) -> str:
    return QCoreApplication.translate("CameraSource", text)


class CameraSource(FrameSource):
    """A camera through Qt Multimedia: QCamera -> QMediaCaptureSession -> QVideoSink. The sink's frames
    are kept as they come (no copy) and turned into pixels only when the consumer asks."""

    def __init__(self, device_id: bytes | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._device_id = device_id
        self._camera = None
        self._session = None
        self._sink = None
        self._newest = None  # QVideoFrame

    def start(self) -> bool:
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices, QVideoSink

        devices = QMediaDevices.videoInputs()
        device = next((d for d in devices if bytes(d.id()) == self._device_id), None)
        if device is None and devices:
            device = QMediaDevices.defaultVideoInput()
        if device is None:
            self.failed.emit(_text("No camera found on this computer"))
            return False
        self._camera = QCamera(device)
        self._camera.errorOccurred.connect(self._on_error)
        self._session = QMediaCaptureSession()
        self._sink = QVideoSink()
        self._session.setCamera(self._camera)
        self._session.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._on_frame)
        self._camera.start()
        return True

    def stop(self) -> None:
        """Stop the camera and let go of it (its light goes off, another program may open it)."""
        camera, self._camera, self._newest = self._camera, None, None
        if camera is None:
            return
        camera.stop()
        if self._session is not None:
            self._session.setCamera(None)
            self._session.setVideoSink(None)
        camera.deleteLater()
        self._session = self._sink = None

    def is_active(self) -> bool:
        return self._camera is not None and self._camera.isActive()

    def latest(self) -> np.ndarray | None:
        frame = self._newest
        if frame is None or not frame.isValid():
            return None
        image = frame.toImage()
        return None if image.isNull() else qimage_rgb(image)

    def _on_frame(self, frame) -> None:
        self._newest = frame
        self.frame_ready.emit()

    def _on_error(self, _error, text: str) -> None:
        self.stop()
        self.failed.emit(_text("The camera stopped: {0}").format(text))
