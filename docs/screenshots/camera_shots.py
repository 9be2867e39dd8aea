"""Screenshots of the epoch replay and the live camera probe (issue 16.1, 16.2, 16.5), English or Chinese.

Run ``.venv/bin/python docs/screenshots/camera_shots.py [--lang zh_CN]`` (offscreen, or under Xvfb with
``QT_QPA_PLATFORM=xcb``). It trains the default project for a few epochs in the real window. The replay:
the Channels tab's first conv layer after epoch 1 (``replay_channels_epoch1[_zh_CN].png``) and the
Feature space (PCA) after epoch 1 (``replay_features_epoch1[_zh_CN].png``), to set beside the
best weights' ``inside_*`` pictures. The camera: it opens the camera window with a *stand-in* frame source (no camera here): synthetic 640x480 "photos" of a drawn
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

from insight_shots import settle  # noqa: E402
from studio_shots import ROOT, SCRATCH, open_window, pump, shoot, train  # noqa: E402 - sets up the scratch folders


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


def replay_shots(app, window, views, out: Path, suffix: str) -> None:
    """The Channels tab (first conv layer, channel 3) and the Feature space (PCA) after epoch 1."""
    channels = views.channels
    views.tabs.setCurrentWidget(channels)
    channels.chooser.select_path((0,))
    settle(app, channels)
    channels.show_epoch(1)
    settle(app, channels)
    channels.overview.setCurrentRow(3)
    settle(app, channels)
    shoot(app, window, out / f"replay_channels_epoch1{suffix}.png")
    features = views.features
    views.tabs.setCurrentWidget(features)
    settle(app, features)
    features.show_epoch(1)
    settle(app, features)
    shoot(app, window, out / f"replay_features_epoch1{suffix}.png")
    features.show_epoch(None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lang", default="en", choices=("en", "zh_CN"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    from cnnstudio.ui.camera.frame_source import StandInSource

    app, window = open_window(args.lang)
    train(app, window, args.epochs)
    page = window.training
    page.right.setSizes([260, 640])
    suffix = "" if args.lang == "en" else f"_{args.lang}"
    args.out.mkdir(parents=True, exist_ok=True)
    replay_shots(app, window, page.views, args.out, suffix)
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
