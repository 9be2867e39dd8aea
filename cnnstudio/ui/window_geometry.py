"""Where the main window opens: within the screen's available area, at the size it had last time.

A fixed first size of 1400 x 900 put the status bar below the bottom of a 1366 x 768 laptop screen, and a
size remembered on a large monitor did the same on a projector's smaller one. The window opens at its
remembered size when that fits, else as large as the screen allows; it never opens larger than the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMargins, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

GEOMETRY_KEY = "window/geometry"
PREFERRED = QSize(1400, 900)
# Before the window is shown its frame is unknown: this much is kept for a title bar and borders.
FRAME = QMargins(4, 32, 4, 4)


def fitted(rect: QRect, available: QRect, frame: QMargins = FRAME) -> QRect:
    """``rect`` (the window without its frame) shrunk and moved as little as needed to lie within
    ``available`` together with its ``frame``."""
    room = available.marginsRemoved(frame)
    size = rect.size().boundedTo(room.size())
    left = min(max(rect.left(), room.left()), room.right() + 1 - size.width())
    top = min(max(rect.top(), room.top()), room.bottom() + 1 - size.height())
    return QRect(left, top, size.width(), size.height())


def first_geometry(available: QRect, preferred: QSize = PREFERRED, frame: QMargins = FRAME) -> QRect:
    """The preferred size, or the whole available area on a smaller screen, centred."""
    room = available.marginsRemoved(frame)
    size = preferred.boundedTo(room.size())
    left = room.left() + (room.width() - size.width()) // 2
    top = room.top() + (room.height() - size.height()) // 2
    return QRect(left, top, size.width(), size.height())


def restore_geometry(window: QWidget, prefs: QSettings) -> None:
    """The remembered geometry, or the first one, then fitted to the screen the window opens on."""
    saved = prefs.value(GEOMETRY_KEY)
    if isinstance(saved, QByteArray | bytes) and window.restoreGeometry(saved):
        geometry = window.geometry()
    else:
        geometry = first_geometry(_available(window, None))
    window.setGeometry(fitted(geometry, _available(window, geometry)))


def refit_with_frame(window: QWidget) -> None:
    """Once shown, the window knows its real frame (title bar, borders): fit again with it."""
    frame = window.frameGeometry()
    inner = window.geometry()
    margins = QMargins(
        inner.left() - frame.left(), inner.top() - frame.top(),
        frame.right() - inner.right(), frame.bottom() - inner.bottom(),
    )  # fmt: skip
    if margins.isNull():
        return  # no frame reported (yet): the guess stands
    target = fitted(inner, _available(window, inner), margins)
    if target != inner:
        window.setGeometry(target)


def save_geometry(window: QWidget, prefs: QSettings) -> None:
    prefs.setValue(GEOMETRY_KEY, window.saveGeometry())


def _available(window: QWidget, geometry: QRect | None) -> QRect:
    """The available area (without panels and docks) of the screen under ``geometry``'s centre, else
    the window's own screen, else the primary one."""
    screen = QGuiApplication.screenAt(geometry.center()) if geometry is not None else None
    screen = screen or window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()
