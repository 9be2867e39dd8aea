"""After Stop the controls come back within about a second of the batch in flight, although the run then
measures a large test split (issue 12.4): that measurement is its own phase, shown with its progress, that
Skip test or a new Start cuts short."""

from __future__ import annotations

import time

from studio_fixtures import tiny_project

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape
from cnnstudio.ui.train.run_title import run_title

LAYERS = (
    S.Conv2d(out_channels=32, kernel_size=3, padding=1),
    S.ReLU(),
    S.Conv2d(out_channels=32, kernel_size=3, padding=1),
    S.ReLU(),
    S.MaxPool2d(kernel_size=4),
    S.Flatten(),
    S.Linear(out_features=3),
)
# 3,400 test images of 3x64x64: measuring them takes 7 s or more here, a training batch of 8 about 0.1 s.
BIG_TEST = {
    "name": "shapes",
    "num_classes": 3,
    "num_images": 4000,
    "test_fraction": 0.85,
    "val_fraction": 0.05,
}


def _page(make_window):
    project = tiny_project(epochs=20, batch_size=8).replace(input=InputShape(3, 64, 64), layers=LAYERS)
    window = make_window(project.replace(dataset=BIG_TEST), file="big-test.cnnproj.json")
    return window, window.training


def _stop_mid_epoch(page, qtbot) -> float:
    page.start()
    qtbot.waitUntil(lambda: page.progress.value() > 0, timeout=120_000)
    page.stop_button.click()
    started = time.perf_counter()
    qtbot.waitUntil(page.start_button.isEnabled, timeout=10_000)
    return time.perf_counter() - started


def test_start_is_back_within_a_second_of_stop(make_window, qtbot) -> None:
    window, page = _page(make_window)
    assert _stop_mid_epoch(page, qtbot) < 1.5  # the batch in flight, then one redraw tick
    assert page.controller.is_measuring()  # the test split is still being measured...
    assert page.stop_button.text() == "Skip test" and page.stop_button.isEnabled()
    assert (
        page.progress.format() == "test · %p%"
        and "Measuring the test split (3,400 images)" in page.status.text()
    )
    assert not page.pause_button.isEnabled() and page.settings_panel.isEnabled()
    # ...and a new Start does not wait for it: the stopped run is recorded, the new one starts
    clicked = time.perf_counter()
    page.start_button.click()
    assert time.perf_counter() - clicked < 3.0
    assert page.controller.is_running() and not page.controller.is_measuring()
    assert [run_title(r) for r in window.document.project.runs] == ["Run 1"]
    assert page.run_name == "Run 2"
    page.stop(wait=True)


def test_skip_test_ends_the_run_at_once(make_window, qtbot) -> None:
    window, page = _page(make_window)
    results: list[object] = []
    page.controller.results_ready.connect(results.append)
    _stop_mid_epoch(page, qtbot)
    with qtbot.waitSignal(page.controller.finished, timeout=3_000):
        page.stop_button.click()  # "Skip test"
    page.drain()
    assert (
        not page.controller.is_running()
        and page.stop_button.text() == "Stop"
        and not page.stop_button.isEnabled()
    )
    assert results == [] and "Stopped" in page.status.text()
    assert [run_title(r) for r in window.document.project.runs] == ["Run 1"]
