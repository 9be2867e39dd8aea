"""The Train page says while it happens that a run diverges, with what to do (issue 12.4)."""

from __future__ import annotations

from studio_fixtures import tiny_project

from cnnstudio.core import specs as S

MLP = (S.Flatten(), S.Linear(out_features=32), S.Tanh(), S.Linear(out_features=3))


def test_a_diverging_run_is_flagged_on_the_train_page(make_window, qtbot) -> None:
    project = tiny_project(epochs=30, optimizer="sgd", lr=10.0, batch_size=8, schedule="constant").replace(
        layers=MLP
    )
    page = make_window(project, file="diverging.cnnproj.json").training
    page.start()
    qtbot.waitUntil(lambda: "the run is diverging" in page.status.text(), timeout=60_000)
    assert page.run.is_running()  # said while it happens, not at the end
    assert "Lower the learning rate (now 10)" in page.status.text()
    assert "#b3261e" in page.status.styleSheet()
    page.stop(wait=True)


def test_a_change_while_paused_reaches_the_run_and_is_said(make_window, qtbot) -> None:
    """Issue 15.8 through the window's control path (the trainer child process): pause, change, resume."""
    from cnnstudio.training.control import RunChange

    project = tiny_project(epochs=30, optimizer="sgd", lr=0.05, batch_size=8, schedule="constant").replace(
        layers=MLP
    )
    page = make_window(project, file="change.cnnproj.json").training
    page.start()
    qtbot.waitUntil(lambda: page.progress.value() > 0, timeout=60_000)
    page.run.pause()
    page.run.change(RunChange(lr=0.001))
    page.run.resume()
    qtbot.waitUntil(lambda: "Changed at epoch" in page.status.text(), timeout=30_000)
    assert "learning rate 0.05 → 0.001" in page.status.text()
    page.run.change(RunChange(dropout=((0, 0.5),)))  # layer 0 is a Flatten
    qtbot.waitUntil(lambda: "refused" in page.status.text(), timeout=30_000)
    assert "layer 0 is not a dropout layer" in page.status.text()
    page.stop(wait=True)
