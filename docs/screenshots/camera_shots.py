"""Screenshots of the live camera probe (issue 16.5), in English or Chinese.

Run ``.venv/bin/python docs/screenshots/camera_shots.py [--lang zh_CN]`` (offscreen, or under Xvfb with
``QT_QPA_PLATFORM=xcb``). It trains the default project for a few epochs in the real window, then opens
the camera window with a *stand-in* frame source (no camera here): synthetic 640x480 "photos" of a drawn
shape on lit, noisy paper, played as a camera would deliver them. It shoots the camera window
(``camera_probe[_zh_CN].png``: the frame, what the network sees with Grad-CAM, the top classes, three
captures saved) and the Train page whose activation maps follow the frames (``camera_maps[_zh_CN].png``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from studio_shots import ROOT, SCRATCH, SIZE, pump, shoot, train  # noqa: E402 - sets up the scratch folders


def photo(shape: str, seed: int):
    """A 640x480 stand-in camera frame: a dark shape drawn on paper, lit from one side, with sensor noise."""
    import numpy as np
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPolygonF

    rng = np.random.default_rng(seed)
    image = QImage(640, 480, QImage.Format.Format_RGB888)
    image.fill(QColor(225, 222, 210))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(40 + int(rng.integers(0, 40)), 60, 150))
    cx, cy, r = 320 + rng.integers(-40, 40), 240 + rng.integers(-30, 30), 120 + rng.integers(-20, 20)
    if shape == "circle":
        painter.drawEllipse(QPointF(cx, cy), r, r)
    else:
        painter.drawPolygon(
            QPolygonF([QPointF(cx, cy - r), QPointF(cx + r, cy + r * 0.8), QPointF(cx - r, cy + r * 0.8)])
        )
    painter.end()
    from cnnstudio.ui.widgets.pictures import qimage_rgb

    pixels = qimage_rgb(image).astype(np.float32)
    light = np.linspace(0.75, 1.1, 640, dtype=np.float32)[None, :, None]
    noisy = pixels * light + rng.normal(0, 6, pixels.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lang", default="en", choices=("en", "zh_CN"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    from PySide6.QtCore import QSettings

    from cnnstudio.ui.app import create_application
    from cnnstudio.ui.camera.frame_source import StandInSource
    from cnnstudio.ui.i18n import install_language
    from cnnstudio.ui.pages import add_pages
    from cnnstudio.ui.window import MainWindow

    app = create_application([sys.argv[0]])
    if args.lang != "en" and not install_language(app, args.lang):
        raise SystemExit("no compiled translation: run resources/translations/update.py")
    settings = QSettings(str(Path(SCRATCH) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    add_pages(window)
    window.resize(*SIZE)
    window.show()
    pump(app, 0.5)
    train(app, window, args.epochs)
    page = window.training
    page.right.setSizes([260, 640])
    frames = [photo("circle", n) for n in range(4)] + [photo("triangle", n) for n in range(4)]
    source = StandInSource(frames, interval_ms=100)
    dialog = page.camera.open(source)
    dialog.resize(1000, 560)
    dialog.choose_root(Path(SCRATCH) / "our-shapes")
    end = time.monotonic() + 120
    while dialog.seen_view.rgb() is None and time.monotonic() < end:
        pump(app, 0.2)
    for name in ("circle", "circle", "triangle"):
        pump(app, 0.3)
        dialog.capture(name)
    pump(app, 0.6)
    source.stop()  # hold the last frame for the pictures
    pump(app, 0.6)
    suffix = "" if args.lang == "en" else f"_{args.lang}"
    args.out.mkdir(parents=True, exist_ok=True)
    shoot(app, dialog, args.out / f"camera_probe{suffix}.png")
    page.tabs.setCurrentWidget(page.activations)
    page.activations.layer.select_path((0,))
    pump(app, 0.5)
    shoot(app, window, args.out / f"camera_maps{suffix}.png")
    dialog.close()
    window.document.mark_clean()
    window.close()


if __name__ == "__main__":
    main()
