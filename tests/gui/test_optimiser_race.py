"""The optimiser race as a class uses it: Step, Play/Pause, an edited learning rate, another surface; the
drawn paths are torch.optim's walks (an independent OptimiserRace) and the rule shown names the settings."""

from __future__ import annotations

import pytest
import torch
from PySide6.QtCore import Qt

from cnnstudio.core.project import default_project
from cnnstudio.core.update_rules import OptimiserSetup
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching.optimiser_race_view import OptimiserRaceView


@pytest.fixture
def race(qtbot) -> OptimiserRaceView:
    widget = OptimiserRaceView(ProjectDocument(default_project()))
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _torch_walk(surface: str, setup: OptimiserSetup, steps: int) -> list[tuple[float, float]]:
    """torch.optim written out here, independently of the program's race."""
    from cnnstudio.training.optimiser_race import SURFACES

    s = SURFACES[surface]
    w = torch.tensor(s.start, dtype=torch.float64, requires_grad=True)
    if setup.kind == "momentum":
        opt = torch.optim.SGD([w], lr=setup.lr, momentum=setup.momentum)
    else:
        assert setup.kind == "adam"
        opt = torch.optim.Adam([w], lr=setup.lr, betas=(setup.beta1, setup.beta2))
    path = [s.start]
    for _ in range(steps):
        opt.zero_grad()
        s.loss(w[0], w[1]).backward()
        opt.step()
        path.append(tuple(w.detach().tolist()))
    return path


def _flat(points: list[tuple[float, float]]) -> list[float]:
    return [value for point in points for value in point]


def test_step_draws_torch_optims_walk(race, qtbot) -> None:
    for _ in range(12):
        qtbot.mouseClick(race.step_button, Qt.MouseButton.LeftButton)
    assert race.step_label.text() == "step 12 of 400"
    for kind in ("momentum", "adam"):
        expected = _torch_walk("ravine", race.setups()[kind], 12)
        assert _flat(race.path(kind)) == pytest.approx(_flat(expected), rel=1e-9, abs=1e-12)
    assert race.path("adagrad") == []  # not racing: not drawn


def test_an_edited_learning_rate_restarts_the_race_with_it(race, qtbot) -> None:
    qtbot.mouseClick(race.step_button, Qt.MouseButton.LeftButton)
    race.rows["momentum"].lr.setValue(0.005)
    assert race.race.steps == 0 and len(race.path("momentum")) == 1
    for _ in range(5):
        race.step_once()
    setup = race.setups()["momentum"]
    assert setup.lr == 0.005
    assert _flat(race.path("momentum")) == pytest.approx(_flat(_torch_walk("ravine", setup, 5)), rel=1e-9)
    race.rule_panel.show_kind("momentum")
    assert "η = 0.005" in race.rule_panel.rule.text() and "μ = 0.9" in race.rule_panel.rule.text()


def test_play_animates_and_pause_stops(race, qtbot) -> None:
    race.speed_box.setValue(60)
    qtbot.mouseClick(race.play_button, Qt.MouseButton.LeftButton)
    assert race.is_playing() and race.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: race.race.steps >= 5, timeout=5000)
    qtbot.mouseClick(race.play_button, Qt.MouseButton.LeftButton)
    assert not race.is_playing() and race.play_button.text() == "Play"
    steps = race.race.steps
    qtbot.wait(100)
    assert race.race.steps == steps


def test_surfaces_and_the_projects_rule(race) -> None:
    race.surface_box.setCurrentIndex(race.surface_box.findData("plateau"))
    assert race.race.surface.key == "plateau" and race.race.steps == 0
    for _ in range(40):
        race.step_once()
    assert float(race.rows["adam"].status.text()) < 0.1 < float(race.rows["sgd"].status.text())
    # the rule box starts on the project's own optimiser, as the trainer runs it, and follows edits
    panel = race.rule_panel
    assert panel.choice.currentData() == "project"
    assert "η = 0.003" in panel.rule.text() and "Adam" in panel.title.text()
    race.doc.set_training({**race.doc.project.training, "optimizer": "sgd", "lr": 0.1})
    assert "θ ← θ − η·v" in panel.rule.text() and "η = 0.1" in panel.rule.text()
