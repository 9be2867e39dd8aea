"""The live probe: a frame source feeding the probe image, one frame at a time, newest first.

The forward pass runs in the trainer process (``RunController.capture``), off the GUI thread. At most one
frame is on its way there; while it is, newer frames only mark the probe *behind*, and when the answer
comes the newest frame (not the next in line) goes. So a frame storm, a camera at 60 Hz in front of a
slow network, costs one conversion and one forward pass per answer, and the maps are never older than
one round trip. ``MIN_INTERVAL_MS`` caps the rate further: the maps redraw at most ~15 times a second,
which leaves the window free for the person (and the training of the next run) in between.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from cnnstudio.training.frame_input import frame_to_input
from cnnstudio.ui.camera.frame_source import FrameSource

MIN_INTERVAL_MS = 66
# A capture not answered by then is taken as lost (its process died) and a newer frame goes. Generous: the
# first capture waits for a trainer process to start and to read the run's model (seconds, under load more).
ANSWER_TIMEOUT_MS = 60_000


class LiveProbe(QObject):
    """Turns the source's newest frame into the input ``shape()`` names and hands it to ``send`` (which
    returns False when nobody can take it now); ``answer`` is to be called with each reply (``Captured``)."""

    picture_sent = Signal(object)  # (h, w, c) float32 picture of the frame just sent
    answered = Signal(object)  # (picture, Captured) of the frame answered
    frame_seen = Signal(object)  # the newest camera frame (H, W, 3) uint8, whether or not it was sent

    def __init__(
        self,
        source: FrameSource,
        shape: Callable[[], tuple[int, int, int]],
        send: Callable[[np.ndarray], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.source, self._shape, self._send = source, shape, send
        self.in_flight: np.ndarray | None = None  # the picture on its way to the trainer process
        self.behind = False  # newer frames arrived while one was in flight
        self.sent = 0
        self.frame: np.ndarray | None = None  # the last frame taken from the source
        self._last_taken = 0.0
        self._wait = QTimer(self)
        self._wait.setSingleShot(True)
        self._wait.timeout.connect(self._send_newest)
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.setInterval(ANSWER_TIMEOUT_MS)
        self._watchdog.timeout.connect(self._on_lost)
        source.frame_ready.connect(self._on_frame_ready)

    def stop(self) -> None:
        """Forget any frame waiting or in flight (the source is stopped by its owner)."""
        self._wait.stop()
        self._watchdog.stop()
        self.in_flight, self.behind = None, False
        self.source.frame_ready.disconnect(self._on_frame_ready)

    def _on_frame_ready(self) -> None:
        if self.in_flight is not None or self._wait.isActive():
            self.behind = True
            return
        self._send_newest()

    def _send_newest(self) -> None:
        self.behind = False
        wait_ms = MIN_INTERVAL_MS - (time.perf_counter() - self._last_taken) * 1000
        if wait_ms > 1:  # too soon after the last frame: the newest one goes a little later
            self.behind = True
            self._wait.start(int(wait_ms))
            return
        frame = self.source.latest()
        if frame is None:
            return
        self.frame, self._last_taken = frame, time.perf_counter()
        self.frame_seen.emit(frame)
        picture = frame_to_input(frame, self._shape())
        if not self._send(picture):
            return  # no trained run to follow now: the frame is only shown
        self.in_flight = picture
        self.sent += 1
        self._watchdog.start()
        self.picture_sent.emit(picture)

    def answer(self, message) -> None:
        """A reply from the trainer process: free for the next frame, the newest one."""
        picture, self.in_flight = self.in_flight, None
        self._watchdog.stop()
        if picture is not None:
            self.answered.emit((picture, message))
        if self.behind and self.source.is_active():
            self._send_newest()

    def _on_lost(self) -> None:
        self.in_flight = None
        if self.behind and self.source.is_active():
            self._send_newest()
