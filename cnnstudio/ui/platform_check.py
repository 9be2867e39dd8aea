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


def display_problem() -> str | None:
    """Why a window cannot open here, or None. Checked before Qt loads: without a display or its xcb
    libraries, PySide6 aborts the whole process (status 134) with a message about plugins."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return (
            "no display found (DISPLAY is not set). On a server use the subcommands (cnnstudio summary, "
            "train, export; cnnstudio --help), run the tests with `make test`, or start a virtual screen: "
            "`Xvfb :99 & DISPLAY=:99 cnnstudio`."
        )
    if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY"):
        return None  # Qt's wayland plugin does not need the xcb libraries
    missing = missing_libraries()
    if missing:
        return f"Qt needs its xcb libraries to open a window. Install them with: sudo apt-get install {' '.join(missing)}"
    return None


def main() -> int:
    problem = display_problem()
    if problem:
        print(f"cnnstudio: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
