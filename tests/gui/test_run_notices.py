"""The Train page says while it happens that a run diverges, with what to do (issue 12.4)."""

from __future__ import annotations

from studio_fixtures import tiny_project

from cnnstudio.core import specs as S
from cnnstudio.ui.theme import Tone, tone_of

MLP = (S.Flatten(), S.Linear(out_features=32), S.Tanh(), S.Linear(out_features=3))


def test_a_diverging_run_is_flagged_on_the_train_page(make_window, qtbot) -> None:
    project = tiny_project(epochs=30, optimizer="sgd", lr=10.0, batch_size=8, schedule="constant").replace(
        layers=MLP
    )
    page = make_window(project, file="diverging.cnnproj.json").training
    page.start()
    qtbot.waitUntil(lambda: "the run is diverging" in page.status.text(), timeout=60_000)
    assert page.controller.is_running()  # said while it happens, not at the end
    assert "Lower the learning rate (now 10)" in page.status.text()
    assert tone_of(page.status) is Tone.ERROR
    page.stop(wait=True)
