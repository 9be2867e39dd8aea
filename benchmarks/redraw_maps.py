"""How long a live redraw of the display widgets takes: 64 feature maps, and training curves.

Goal: redrawing 64 maps of 28x28 (data in, levels, paint) stays under 30 ms, so activations can follow
training at ~30 Hz without starving the GUI thread. The same-run baseline is one 28x28 ImageItem
updated and painted the same way; the ratio says how well the grid amortises its per-frame overhead
(64 would mean no sharing at all). The curves part times MetricPlots.redraw with 10,000 batch points.

Each timed frame is: new data in, then the events a GUI loop would process, with exactly one paint
(counted; forced with ``repaint()`` only if Qt did not paint on its own).
Run: ``python benchmarks/redraw_maps.py`` (headless by default).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pyqtgraph as pg
from _report import report as result
from _studio import PaintCounter
from PySide6.QtWidgets import QApplication, QWidget

from cnnstudio.ui.widgets import colormaps
from cnnstudio.ui.widgets.feature_grid import FeatureMapGrid
from cnnstudio.ui.widgets.metric_plots import MetricPlots

ITERATIONS = 50
GOAL_MS = 30.0


def timed(step: Callable[[int], None], iterations: int = ITERATIONS, warmup: int = 5) -> list[float]:
    """Run ``step(i)`` ``warmup + iterations`` times; return the timed durations in milliseconds."""
    for i in range(warmup):
        step(i)
    times = []
    for i in range(iterations):
        start = time.perf_counter()
        step(i)
        times.append((time.perf_counter() - start) * 1000.0)
    return times


def p95(times: list[float]) -> float:
    return float(np.percentile(times, 95))


def frames(n: int, h: int, w: int, count: int = 8) -> list[np.ndarray]:
    """A few different frames, so every iteration uploads new data as training would."""
    rng = np.random.default_rng(0)
    return [rng.normal(size=(n, h, w)).astype(np.float32) for _ in range(count)]


def paint_once(app: QApplication, viewport: QWidget, counter: PaintCounter) -> None:
    """Let Qt paint the pending update as the GUI loop would; force a paint only if none came."""
    before = counter.count
    app.processEvents()
    if counter.count == before:
        viewport.repaint()


def bench_grid(app: QApplication) -> list[float]:
    grid = FeatureMapGrid()
    grid.resize(900, 760)
    grid.set_colormap("viridis")
    grid.show()
    app.processEvents()
    data = frames(64, 28, 28)
    viewport = grid.view().viewport()
    counter = PaintCounter(viewport)

    def step(i: int) -> None:
        grid.set_maps(data[i % len(data)])
        paint_once(app, viewport, counter)

    times = timed(step)
    grid.close()
    grid.deleteLater()
    return times


def bench_single_image(app: QApplication) -> list[float]:
    view = pg.GraphicsView()
    box = pg.ViewBox(lockAspect=True, invertY=True)
    view.setCentralItem(box)
    image = pg.ImageItem(axisOrder="row-major")
    image.setLookupTable(colormaps.lookup_table("viridis"))
    box.addItem(image)
    view.resize(120, 120)
    view.show()
    app.processEvents()
    data = [frame[0] for frame in frames(1, 28, 28)]
    counter = PaintCounter(view.viewport())

    def step(i: int) -> None:
        frame = data[i % len(data)]
        image.setImage(frame, autoLevels=False, levels=(float(frame.min()), float(frame.max())))
        paint_once(app, view.viewport(), counter)

    times = timed(step)
    view.close()
    view.deleteLater()
    return times


def bench_curves(app: QApplication, points: int = 10_000) -> tuple[list[float], list[float]]:
    plots = MetricPlots()
    plots.resize(900, 700)
    rng = np.random.default_rng(1)
    for run in ("a", "b"):
        plots.add_run(run, run)
        steps = np.arange(1, points + 1) / 200.0
        for x, loss in zip(steps, np.exp(-steps / 10) + 0.05 * rng.random(points)):
            plots.append_batch(run, float(x), float(loss))
        for epoch in range(1, 51):
            plots.append_epoch(run, epoch, 1 / epoch, 1 - 1 / epoch, 1.1 / epoch, 0.9 - 1 / epoch, 1e-3)
    plots.show()
    plots.redraw()
    app.processEvents()
    steps = iter(range(10**9))
    viewport = plots.findChild(pg.GraphicsView).viewport()
    counter = PaintCounter(viewport)

    def redraw_only(_: int) -> None:
        plots.append_batch("a", points / 200.0 + next(steps) * 1e-3, 0.1)
        plots.redraw()

    def redraw_and_paint(i: int) -> None:
        redraw_only(i)
        paint_once(app, viewport, counter)

    results = timed(redraw_only), timed(redraw_and_paint)
    plots.close()
    plots.deleteLater()
    return results


def show(label: str, times: list[float]) -> None:
    print(f"{label:<52} mean {statistics.fmean(times):7.2f} ms   p95 {p95(times):7.2f} ms")


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    grid = bench_grid(app)
    single = bench_single_image(app)
    redraw, redraw_paint = bench_curves(app)
    app.processEvents()
    print(f"FeatureMapGrid / MetricPlots redraw ({ITERATIONS} iterations, {os.environ['QT_QPA_PLATFORM']})")
    show("grid: set_maps + paint, 64 maps 28x28", grid)
    show("baseline: setImage + paint, one 28x28 image", single)
    ratio = statistics.fmean(grid) / statistics.fmean(single)
    print(f"ratio grid/baseline: {ratio:.1f}x for 64x the pixels (64 = no shared overhead)")
    show("curves: redraw, 2 runs x 10,000 batch points", redraw)
    show("curves: redraw + paint", redraw_paint)
    mean = statistics.fmean(grid)
    ok = mean <= GOAL_MS
    print(f"goal: 64-map redraw <= {GOAL_MS:.0f} ms: {'met' if ok else 'MISSED'}")
    single_mean = statistics.fmean(single)
    result(
        "redraw of 64 feature maps (set_maps + paint)", mean, "ms", f"<= {GOAL_MS:.0f} ms", ok,
        f"one 28x28 image: {single_mean:.2f} ms", ratio,
    )  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
