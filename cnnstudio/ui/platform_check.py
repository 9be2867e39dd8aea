"""Before ``make run`` opens a window on Linux: are Qt's xcb libraries there? If not, say which to install."""

from __future__ import annotations

import ctypes.util
import os
import sys

NEEDED = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-shape": "libxcb-shape0",
    "xcb-randr": "libxcb-randr0",
    "xcb-xinerama": "libxcb-xinerama0",
}


def missing_libraries() -> list[str]:
    return [package for library, package in NEEDED.items() if ctypes.util.find_library(library) is None]


def main() -> int:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return 0
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        print(
            "cnnstudio: no display found (DISPLAY is not set). On a server, run the tests with `make test`, "
            "or start a virtual screen: `Xvfb :99 & DISPLAY=:99 make run`.",
            file=sys.stderr,
        )
        return 1
    missing = missing_libraries()
    if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY"):
        return 0  # Qt's wayland plugin does not need the xcb libraries
    if missing:
        print(
            "cnnstudio: Qt needs its xcb libraries to open a window. Install them with:\n"
            f"  sudo apt-get install {' '.join(missing)}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
