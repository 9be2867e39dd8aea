"""Press keys on a real X display with xdotool (XTEST input, as a keyboard does) and report what the window did.

    DISPLAY=:N QT_QPA_PLATFORM=xcb python x11_keys.py

Prints one JSON object: for each key, whether it did what its menu says.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from cnnstudio.core import specs as S
    from cnnstudio.ui.app import build_window, create_application

    app = create_application([sys.argv[0]])
    window = build_window(None)
    window.show()
    window.raise_()
    window.activateWindow()
    doc = window.document
    tree = window.design.tree

    def settle(seconds: float = 0.3) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def press(key: str, until, timeout: float = 3.0) -> bool:
        subprocess.run(["xdotool", "key", "--clearmodifiers", key], check=True)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            app.processEvents()
            if until():
                return True
            time.sleep(0.01)
        return False

    settle(1.0)
    tree.setFocus()  # where a user's focus is after editing a layer
    focused = QApplication.focusWindow() is not None
    results = {"focused": focused}
    stack = doc.undo_stack
    for key in ("ctrl+shift+z", "ctrl+y"):
        doc.insert_layer((0,), S.ReLU())
        stack.undo()
        index = stack.index()
        results[key] = press(key, lambda i=index: stack.index() == i + 1)
    count = stack.index()
    results["ctrl+z"] = press("ctrl+z", lambda c=count: stack.index() == c - 1)
    tree.setFocus()
    doc.select((0,))
    settle()
    layers = len(doc.project.layers)
    results["ctrl+d"] = press("ctrl+d", lambda: len(doc.project.layers) == layers + 1)
    doc.select((0,))
    settle()
    layers = len(doc.project.layers)
    results["Delete"] = press("Delete", lambda: len(doc.project.layers) == layers - 1)
    print(json.dumps(results), flush=True)
    doc.mark_clean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
