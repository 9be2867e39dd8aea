"""Open the real main window on a screen of a given size and report where everything lands, as JSON.

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json python window_on_screen.py [--presenter] [--zh]
        [--resize W H]

The offscreen platform's screen size is fixed when the application starts, so each screen size needs a
process of its own (tests/gui/test_window_fits.py). The window is built as ``cnnstudio`` builds it; each
page is shown in turn (Teach built on first show), optionally presenter mode is switched on with F11,
then the window is closed as a user closes it (which remembers its geometry). Printed: the available
screen area, and per page the window's frame and the status bar's rectangle on the screen.
"""

from __future__ import annotations

import json
import sys


def rect(r) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def main() -> int:
    args = sys.argv[1:]
    from PySide6.QtCore import QPoint, QRect, QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from cnnstudio.ui.app import build_window, create_application

    app = create_application(["cnnstudio"])
    QSettings().setValue("language", "zh_CN" if "--zh" in args else "en")
    from cnnstudio.ui.i18n import install_saved_language

    install_saved_language(app)
    window = build_window(None)
    window.show()
    QTest.qWaitForWindowExposed(window)
    report = {"available": rect(window.screen().availableGeometry()), "pages": {}}
    if "--presenter" in args:
        QTest.keyClick(window, Qt.Key.Key_F11)
    if "--resize" in args:
        at = args.index("--resize")
        window.resize(int(args[at + 1]), int(args[at + 2]))
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        for _ in range(5):
            QApplication.processEvents()
            QTest.qWait(20)
        bar = window.statusBar()
        report["pages"][window.tabs.tabText(index)] = {
            "frame": rect(window.frameGeometry()),
            "window": rect(window.geometry()),
            "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
            "status_bar": rect(QRect(bar.mapToGlobal(QPoint(0, 0)), bar.size())),
            "status_bar_visible": bar.isVisible(),
        }
    window.tabs.setCurrentWidget(window.training)
    QApplication.processEvents()
    report["curves_height"] = window.training.plots.height()  # the loss and accuracy plots a class reads
    report["font_points"] = app.font().pointSizeF()
    window.document.mark_clean()
    window.close()
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
