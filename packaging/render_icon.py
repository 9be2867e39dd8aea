"""Render resources/icons/cnnstudio.svg to the PNG sizes the desktop and the bundle use.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icon.py

Qt's own SVG renderer is used so that no other tool is needed; the PNGs are committed, so this only runs
after the SVG changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = {256: "cnnstudio.png"}


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size, name in SIZES.items():
        target = ICONS / name
        if not render(ICONS / "cnnstudio.svg", size).save(str(target)):
            raise SystemExit(f"could not write {target}")
        print(f"wrote {target} ({size}x{size})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
