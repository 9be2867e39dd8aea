"""Editing one field on a 50-layer network: shape inference plus the editor's refresh (issue 8.4, goal <= 16 ms).

A student drags a spin box in the inspector; every step must re-infer the network and update the layer list,
the inspector, the volume diagram and the totals within one 60 Hz frame, or the spin box lags behind the
mouse. Each timed step is what that drag does: ``ProjectDocument.set_field`` (an undo command whose
``changed`` signal makes every view re-read the new project, which infers its report once), then the events
a GUI loop would process, with at least one paint of the layer list (counted; forced with ``repaint()``
only when Qt did not paint on its own, which is then reported).

The real ``MainWindow`` is shown offscreen with its own settings file and autosave folder, so nothing of
the user's is read or written. The same-run baseline is ``cnnstudio.core.shapes.infer`` alone on the
same network: the ratio says how much the widgets add on top of the core.
Run: ``python benchmarks/editor_refresh.py`` (headless by default).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _report import report
from _studio import PaintCounter, spin, studio_window, wait_for_start_up
from PySide6.QtWidgets import QApplication

from cnnstudio.core import edits
from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project
from cnnstudio.core.shapes import infer

GOAL_MS = 16.0
EDITS = 200
WARMUP = 10
EDITED = (20,)  # a convolution in the middle: every layer after it changes shape


def network() -> Project:
    """A valid 50-layer VGG-like network on 3x64x64: four stages, then a classifier head."""
    layers: list[S.LayerSpec] = []
    for stage in range(4):
        for _ in range(3):
            layers += [
                S.Conv2d(out_channels=16 * 2**stage, kernel_size=3, padding=1),
                S.BatchNorm2d(),
                S.ReLU(),
            ]
        layers.append(S.MaxPool2d(kernel_size=2))
    layers += [S.Conv2d(out_channels=128, kernel_size=3, padding=1), S.BatchNorm2d(), S.ReLU()]
    layers += [S.AdaptiveAvgPool2d(output_size=1), S.Flatten(), S.Linear(out_features=128), S.BatchNorm2d()]
    layers += [S.ReLU(), S.Dropout(p=0.5), S.Linear(out_features=10)]
    project = Project(name="50 layers", input=InputShape(3, 64, 64), layers=tuple(layers))
    assert len(project.layers) == 50 and project.report.valid, project.report.first_error()
    assert project.layers[EDITED[0]].type == "conv2d"
    return project


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def time_edits(app: QApplication, window) -> tuple[list[float], list[float], int]:
    """Milliseconds per edit (set_field + events + paint), the part spent in set_field (the views' refresh
    slots run inside it, synchronously), and how many paints had to be forced."""
    doc = window.document
    doc.select(EDITED)
    app.processEvents()
    from cnnstudio.ui.design.network_tree import NetworkTree

    tree = window.design.findChild(NetworkTree)
    viewport = tree.viewport()
    counter = PaintCounter(viewport)
    values = (24, 16)
    times, in_set_field, forced = [], [], 0
    for i in range(WARMUP + EDITS):
        start = time.perf_counter()
        error = doc.set_field(EDITED, "out_channels", values[i % 2])
        refreshed = time.perf_counter()
        before = counter.count
        app.processEvents()
        if counter.count == before:
            viewport.repaint()
            forced += i >= WARMUP
        elapsed = (time.perf_counter() - start) * 1000
        assert error is None, error
        assert doc.project.layers[EDITED[0]].out_channels == values[i % 2]
        if i >= WARMUP:
            times.append(elapsed)
            in_set_field.append((refreshed - start) * 1000)
    row = tree.topLevelItem(EDITED[0] + 1)  # the next layer's output shows the last edit
    assert str(values[(WARMUP + EDITS - 1) % 2]) in row.text(1), row.text(1)
    return times, in_set_field, forced


def time_inference(project: Project, rounds: int = EDITS) -> list[float]:
    """The core alone: infer the same network with the same alternating edit."""
    edited = edits.get_at(project.layers, EDITED)
    variants = [edits.replace_at(project.layers, EDITED, edited.replace(out_channels=v)) for v in (24, 16)]
    times = []
    for i in range(WARMUP + rounds):
        start = time.perf_counter()
        infer(project.input.shape, variants[i % 2])
        if i >= WARMUP:
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    project = network()
    with tempfile.TemporaryDirectory(prefix="cnnstudio-bench-") as tmp:
        window = studio_window(Path(tmp), project, size=(1300, 850))
        spin(1.0)  # first paint and layout
        wait_for_start_up()
        core = time_inference(project)
        edit_times, in_set_field, forced = time_edits(app, window)
        core += time_inference(project)  # before and after, so drift in machine load affects both alike
        window.document.mark_clean()
        window.close()
        window.deleteLater()
        app.processEvents()
    med, core_med = statistics.median(edit_times), statistics.median(core)
    print(f"one edit on a 50-layer network, {EDITS} edits, {os.environ['QT_QPA_PLATFORM']} platform")
    print(
        f"  set_field + refresh + paint: median {med:6.2f} ms   p95 {p95(edit_times):6.2f} ms   max {max(edit_times):6.2f} ms"
    )
    print(f"    of which set_field (views' refresh slots): median {statistics.median(in_set_field):6.2f} ms")
    print(f"  core inference alone:        median {core_med:6.2f} ms   p95 {p95(core):6.2f} ms")
    print(f"  paints forced (Qt had not painted by itself): {forced} of {EDITS}")
    ok = med <= GOAL_MS
    print(f"goal: median edit <= {GOAL_MS:.0f} ms: {'met' if ok else 'MISSED'}")
    baseline = f"core infer alone {core_med:.2f} ms"
    report(
        "edit + refresh, 50 layers (median)", med, "ms", f"<= {GOAL_MS:.0f} ms", ok, baseline, med / core_med
    )
    report(
        "edit + refresh, 50 layers (p95)",
        p95(edit_times),
        "ms",
        f"<= {GOAL_MS:.0f} ms",
        p95(edit_times) <= GOAL_MS,
        f"core infer alone p95 {p95(core):.2f} ms",
        p95(edit_times) / p95(core),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
