"""The window fits the screen it opens on (1366 x 768 included, presenter mode included) and remembers its
size: measured in a real window process whose offscreen screen has that size."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMargins, QRect, QSize

from cnnstudio.ui.window_geometry import first_geometry, fitted

HELPER = Path(__file__).with_name("window_on_screen.py")


def open_window(tmp_path: Path, screen: tuple[int, int], *args: str) -> dict:
    config = tmp_path / f"screen-{screen[0]}x{screen[1]}.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "s",
                        "x": 0,
                        "y": 0,
                        "width": screen[0],
                        "height": screen[1],
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                    }
                ]
            }
        )
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # the settings persist between calls of one test
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "CNNSTUDIO_NO_AUTOSAVE_PROMPT": "1",
    }
    done = subprocess.run(
        [sys.executable, str(HELPER), *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def inside(outer: list[int], inner: list[int]) -> bool:
    return QRect(*outer).contains(QRect(*inner))


@pytest.mark.parametrize(
    "options",
    [(), ("--zh",), ("--presenter",), ("--zh", "--presenter")],
    ids=["en", "zh", "presenter", "zh-presenter"],
)
def test_every_page_fits_a_1366_by_768_screen(tmp_path, options) -> None:
    report = open_window(tmp_path, (1366, 768), *options)
    assert report["available"] == [0, 0, 1366, 768]
    for page, shown in report["pages"].items():
        # Before: 1400 x 900 on a 768-pixel screen, the status bar 130 pixels below its bottom edge.
        assert inside(report["available"], shown["frame"]), (page, shown)
        assert shown["status_bar_visible"] and inside(report["available"], shown["status_bar"]), (page, shown)
        assert shown["minimum"][0] <= 1366 and shown["minimum"][1] <= 768 - 32, (page, shown)
    if "--presenter" not in options:
        # The curves a class reads: 150 px in English and 113 in Chinese when the health view's charts
        # (352 px high) set the minimum of the tabs below them; that tab scrolls now instead.
        assert report["curves_height"] >= 180, report["curves_height"]


def test_the_window_remembers_its_size_and_shrinks_to_a_smaller_screen(tmp_path) -> None:
    first = open_window(tmp_path, (1920, 1200), "--resize", "1700", "1050")
    assert first["pages"]["Design"]["window"][2:] == [1700, 1050]
    again = open_window(tmp_path, (1920, 1200))
    assert again["pages"]["Design"]["window"][2:] == [1700, 1050]  # remembered
    projector = open_window(tmp_path, (1366, 768))  # the same settings, a smaller screen
    assert inside(projector["available"], projector["pages"]["Design"]["frame"])


def test_fitted_moves_and_shrinks_only_as_needed() -> None:
    screen = QRect(0, 0, 1366, 768)
    assert fitted(QRect(100, 100, 800, 500), screen) == QRect(100, 100, 800, 500)  # fits: unchanged
    assert fitted(QRect(0, 0, 1400, 900), screen) == QRect(4, 32, 1358, 732)  # frame kept on screen
    assert fitted(QRect(900, 400, 800, 500), screen) == QRect(562, 264, 800, 500)  # moved back on screen
    no_frame = QMargins(0, 0, 0, 0)
    assert fitted(QRect(0, 0, 1400, 900), screen, no_frame) == screen
    second = QRect(1366, 0, 1920, 1080)  # a second monitor right of the first
    assert fitted(QRect(1400, 100, 1000, 700), second) == QRect(1400, 100, 1000, 700)


def test_first_geometry_is_the_preferred_size_or_the_whole_screen() -> None:
    assert first_geometry(QRect(0, 0, 1920, 1200), QSize(1400, 900)) == QRect(260, 164, 1400, 900)
    assert first_geometry(QRect(0, 0, 1366, 768), QSize(1400, 900)) == QRect(4, 32, 1358, 732)
