"""Start the window: a QApplication, the main window on the default project (or a file), nothing heavy.

torch is not imported here: the window shows first, training code loads when it is first needed.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QSocketNotifier, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from cnnstudio.core.cli_status import raise_if_ctrl_c
from cnnstudio.ui.window import MainWindow


def create_application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv))
    from cnnstudio.ui.app_identity import migrate_old_names, set_identity

    set_identity(app)  # the preferences file and folders are named after the application id
    migrate_old_names()  # once: what versions up to 0.1 kept under "CNN Studio"
    from cnnstudio.ui.resource_files import APP_ICON

    if APP_ICON.is_file():
        app.setWindowIcon(QIcon(str(APP_ICON)))
    from cnnstudio.ui.i18n import install_saved_language

    install_saved_language(app)
    return app


def build_window(file: str | None = None, prefs: QSettings | None = None) -> MainWindow:
    """The window as ``cnnstudio [FILE]`` opens it (``prefs``: the application's, unless a test's)."""
    from cnnstudio.ui.pages import add_pages
    from cnnstudio.ui.preferences import apply_colormap, apply_data_folder
    from cnnstudio.ui.theme import follow_scheme

    window = MainWindow(prefs=prefs)
    follow_scheme(window.prefs)  # before the pages are filled: their tones are read in the right scheme
    apply_data_folder(window.prefs)
    add_pages(window)
    apply_colormap(window.prefs, window)
    if file is not None:
        window.files.open(Path(file))
    else:
        window.files.offer_recovery()
    return window


class CtrlCQuits(QObject):
    """Ctrl-C in the terminal the window was started from does what the window's Quit does (asks about
    unsaved changes, stops a run), instead of being ignored until some Python code next runs.

    Qt's event loop is C++, and Python runs a signal handler only when Python code runs. The C-level
    handler also writes to ``signal.set_wakeup_fd``'s socket, whose notifier then runs a (Python) slot at
    once, and with it the handler. A child of the window, so it lives as long as the window does.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.reader, self.writer = socket.socketpair()
        for end in (self.reader, self.writer):
            end.setblocking(False)
        signal.set_wakeup_fd(self.writer.fileno())
        signal.signal(signal.SIGINT, lambda *_: QTimer.singleShot(0, window.quit_action.trigger))
        self.notifier = QSocketNotifier(self.reader.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._drain)

    def _drain(self) -> None:
        with contextlib.suppress(BlockingIOError):
            self.reader.recv(64)


def main(argv: Sequence[str] = ()) -> int:
    app = create_application([sys.argv[0], *argv])
    files = [a for a in argv if not a.startswith("-")]
    window = build_window(files[0] if files else None)
    raise_if_ctrl_c()  # pressed while the pages were importing: the command ends with 130
    CtrlCQuits(window)
    window.show()
    if "--quit-after-show" in argv:  # start-up measurement and smoke tests
        QTimer.singleShot(0, app.quit)
    try:
        return app.exec()
    except Exception as exc:
        QMessageBox.critical(None, "CNN Studio", str(exc))
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
