"""Screenshots of the Train page's Training health tab (issue 16.3), in English or Chinese.

Run ``.venv/bin/python docs/screenshots/health_shots.py [--lang zh_CN]`` (offscreen). It trains the default
project in the real window and shoots its Training health tab (``inside_health[_zh_CN].png``), then trains
it again at learning rate 10 (Adam) and shoots the warnings that run gets
(``inside_health_exploding[_zh_CN].png``). With ``--hold S`` (and ``QT_QPA_PLATFORM=xcb`` on an X display)
it trains once, leaves the window open on the Train page for S seconds, and shoots nothing: for trying the
tab with real input (xdotool) under Xvfb. Settings and runs go to ``studio_shots``' scratch folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from studio_shots import ROOT, pump, shoot, studio_window, train  # noqa: E402 - sets up the scratch folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--lang", default="en", choices=("en", "zh_CN"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--hold", type=float, default=0.0)
    args = parser.parse_args()
    app, window = studio_window(args.lang)
    page = window.training
    page.right.setSizes([220, 680])  # room for the tab below the curves, as a teacher would drag it
    train(app, window, args.epochs)
    if args.hold:
        print("trained; holding the window open", flush=True)
        pump(app, args.hold)
    else:
        suffix = "" if args.lang == "en" else f"_{args.lang}"
        args.out.mkdir(parents=True, exist_ok=True)
        view = page.views.health
        page.views.tabs.setCurrentWidget(view)
        view.layer.setCurrentIndex(1)  # the second conv: its weights spread, its gradients narrow
        shoot(app, window, args.out / f"inside_health{suffix}.png")
        document = window.document
        document.set_training({**document.project.training, "lr": 10.0})
        train(app, window, 3)
        page.views.tabs.setCurrentWidget(view)
        view.epoch.setCurrentIndex(0)
        shoot(app, window, args.out / f"inside_health_exploding{suffix}.png")
    window.document.mark_clean()
    window.close()


if __name__ == "__main__":
    main()
