"""Screenshots of the views that look inside a trained network (issue 16), in English or Chinese.

Run ``.venv/bin/python docs/screenshots/insight_shots.py [--lang zh_CN]`` (offscreen). It trains the
default project for a few epochs in the real window (about a minute on two cores), then shoots the Train
page's Channels tab: the first conv layer with one channel open (``inside_channels_layer0[_zh_CN].png``)
and the ReLU after the second conv (``inside_channels_layer5[_zh_CN].png``); and the Results tab's
largest mistake drilled into (``inside_drill_down[_zh_CN].png``); the Feature space tab's t-SNE with a
mistake clicked (``inside_feature_space[_zh_CN].png``). Settings and runs go to
``studio_shots``' scratch folder.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from studio_shots import ROOT, open_window, pump, shoot, train  # noqa: E402 - sets up the scratch folders


def settle(app, view, limit_s: float = 120.0) -> None:
    """Wait until an insight view's background work is done and drawn."""
    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        pump(app, 0.2)
        if view._task is None or (view._task.isFinished() and view.cancel_button.isEnabled() is False):
            pump(app, 0.3)
            if view._task is None or view._task.isFinished():
                return
    raise SystemExit("the view took too long")


def channel_shot(app, window, view, layer, channel: int, path: Path) -> None:
    view.chooser.select_path(layer)
    settle(app, view)
    view.overview.setCurrentRow(channel)
    settle(app, view)
    shoot(app, window, path)


def features_shot(app, window, views, path: Path) -> None:
    """t-SNE of the last layer's outputs, coloured by class, with the first mistake clicked."""
    view = views.features
    views.tabs.setCurrentWidget(view)
    settle(app, view)
    view.method.setCurrentIndex(1)  # t-SNE
    settle(app, view)
    wrong = [row for row, right in enumerate(view.space.right) if not right]
    view.show_point(wrong[0] if wrong else 0)
    shoot(app, window, path)


def drill_shot(app, views, path: Path) -> None:
    """The largest mistake of the confusion matrix, drilled into."""
    import numpy as np

    views.tabs.setCurrentWidget(views.results_view)
    confusion = views.shown.results.confusion.copy()
    np.fill_diagonal(confusion, -1)
    true_class, predicted_class = np.unravel_index(int(confusion.argmax()), confusion.shape)
    views._on_cell_chosen(int(true_class), int(predicted_class))
    dialog = views.drill
    end = time.monotonic() + 120
    while not dialog.task.isFinished() and time.monotonic() < end:
        pump(app, 0.2)
    dialog.images.setCurrentRow(0)
    shoot(app, dialog, path)
    dialog.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--lang", default="en", choices=("en", "zh_CN"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    app, window = open_window(args.lang)
    train(app, window, args.epochs)
    page = window.training
    view = page.views.channels
    page.views.tabs.setCurrentWidget(view)
    page.right.setSizes([260, 640])  # room for the maps below the curves, as a teacher would drag it
    suffix = "" if args.lang == "en" else f"_{args.lang}"
    args.out.mkdir(parents=True, exist_ok=True)
    channel_shot(app, window, view, (0,), 3, args.out / f"inside_channels_layer0{suffix}.png")
    channel_shot(app, window, view, (5,), 3, args.out / f"inside_channels_layer5{suffix}.png")
    features_shot(app, window, page.views, args.out / f"inside_feature_space{suffix}.png")
    drill_shot(app, page.views, args.out / f"inside_drill_down{suffix}.png")
    window.document.mark_clean()
    window.close()


if __name__ == "__main__":
    main()
