"""A screen of a chosen size for Qt's offscreen platform (tests, screenshot scripts).

Qt's offscreen screen is 800 x 800 unless a configuration file says otherwise, and the window never opens
larger than its screen (window_geometry.py): headless runs that mean a desktop-sized window say so here.
No Qt import: this must run before the application exists.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def offscreen_platform(width: int = 1920, height: int = 1200) -> str:
    """The ``QT_QPA_PLATFORM`` value for an offscreen screen of ``width`` x ``height`` pixels."""
    config = Path(tempfile.gettempdir()) / f"cnnstudio-offscreen-{width}x{height}.json"
    if not config.is_file():
        screen = {"name": "offscreen", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96}
        temporary = config.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
        os.replace(temporary, config)  # several test processes may write it at once
    return f"offscreen:configfile={config}"


def use_large_offscreen_screen() -> None:
    """Give a plain ``QT_QPA_PLATFORM=offscreen`` a 1920 x 1200 screen (others are left as they are)."""
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        os.environ["QT_QPA_PLATFORM"] = offscreen_platform()
