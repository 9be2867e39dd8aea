"""The update rules the program writes out are torch.optim's: stepped by hand with Python floats, each rule
walks exactly where torch's optimiser walks, on a real loss, for many steps and settings."""

from __future__ import annotations

import pytest
import torch

from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.core.update_rules import (
    KINDS,
    HandStepper,
    OptimiserSetup,
    default_setup,
    formula,
    setup_from_training,
)
from cnnstudio.training.optim import make_optimizer
from cnnstudio.training.optimiser_race import SURFACES, OptimiserRace, make_torch_optimizer

STEPS = 25


def _loss(w: torch.Tensor) -> torch.Tensor:
    """A bumpy loss over three weights, so that the gradients change from step to step and sign."""
    return (w[0] - 1) ** 2 + 3 * torch.sin(w[1]) * w[2] + 0.5 * w[2] ** 4


def _walk_both(setup: OptimiserSetup, optimiser_for) -> tuple[list[list[float]], list[list[float]]]:
    start = [0.3, -1.2, 0.8]
    weights = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimiser = optimiser_for([weights])
    hand, theta = HandStepper(setup), list(start)
    torch_path, hand_path = [], []
    for _ in range(STEPS):
        optimiser.zero_grad()
        _loss(weights).backward()
        # the hand rule takes the gradient at its own point, computed independently by autograd
        at = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
        _loss(at).backward()
        theta = hand.step(theta, at.grad.tolist())
        optimiser.step()
        torch_path.append(weights.detach().tolist())
        hand_path.append(theta)
    return torch_path, hand_path


SETUPS = [default_setup(kind) for kind in KINDS] + [
    OptimiserSetup("sgd", lr=0.02, weight_decay=0.1),
    OptimiserSetup("momentum", lr=0.01, momentum=0.5, weight_decay=0.05),
    OptimiserSetup("nesterov", lr=0.01, momentum=0.95),
    OptimiserSetup("adagrad", lr=0.3, weight_decay=0.01, eps=1e-10),
    OptimiserSetup("rmsprop", lr=0.01, alpha=0.9, momentum=0.8, eps=1e-6),
    OptimiserSetup("adam", lr=0.05, beta1=0.8, beta2=0.99, eps=1e-6, weight_decay=0.02),
    OptimiserSetup("adamw", lr=0.05, beta1=0.5, beta2=0.9, weight_decay=0.3),
]


@pytest.mark.parametrize("setup", SETUPS, ids=lambda s: f"{s.kind}-{s.lr}-{s.weight_decay}-{s.momentum}")
def test_hand_rule_walks_where_torch_optim_walks(setup: OptimiserSetup) -> None:
    torch_path, hand_path = _walk_both(setup, lambda p: make_torch_optimizer(p, setup))
    assert torch_path[0] != [0.3, -1.2, 0.8]  # it moved
    for step, (a, b) in enumerate(zip(torch_path, hand_path)):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12), f"step {step + 1}"


@pytest.mark.parametrize(
    "values",
    [
        {"optimizer": "sgd", "lr": 0.01},
        {"optimizer": "sgd", "lr": 0.01, "momentum": 0},
        {"optimizer": "sgd", "lr": 0.01, "nesterov": True, "weight_decay": 0.001},
        {"optimizer": "adagrad", "lr": 0.1},
        {"optimizer": "rmsprop", "lr": 0.001},
        {"optimizer": "rmsprop", "lr": 0.001, "momentum": 0.9},
        {"optimizer": "adam", "lr": 0.01},
        {"optimizer": "adamw", "lr": 0.01},
    ],
)
def test_the_rule_shown_for_a_project_is_the_trainers_optimiser(values) -> None:
    """The formula view shows ``setup_from_training(settings)``; the trainer builds ``make_optimizer``."""
    settings = TrainingSettings.from_dict(values)
    setup = setup_from_training(settings)
    torch_path, hand_path = _walk_both(setup, lambda p: make_optimizer(p, settings))
    for a, b in zip(torch_path, hand_path):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12)


def test_formulas_name_the_settings_they_run_with() -> None:
    text = "\n".join(formula(OptimiserSetup("adam", lr=0.003, beta1=0.85, beta2=0.995)))
    assert "η = 0.003" in text and "β₁ = 0.85" in text and "β₂ = 0.995" in text
    assert "g ← g + λ·θ" in "\n".join(formula(OptimiserSetup("sgd", lr=0.1, weight_decay=0.01)))
    assert "θ ← θ − η·λ·θ" in formula(default_setup("adamw"))[0]  # AdamW's decay is decoupled
    assert "g + μ·v" in "\n".join(formula(default_setup("nesterov")))
    assert len(formula(OptimiserSetup("rmsprop", lr=0.01, momentum=0.9))) == 3


def test_the_race_steps_with_torch_and_the_hand_rule_agrees() -> None:
    surface = SURFACES["ravine"]
    race = OptimiserRace("ravine", [default_setup(kind) for kind in KINDS])
    race.step(40)
    for runner in race.runners:
        assert len(runner.path) == 41 and runner.path[0] == surface.start
        hand, theta = HandStepper(runner.setup), list(surface.start)
        for _ in range(40):
            x, y = theta
            theta = hand.step(theta, [x, 40 * y])  # the ravine's gradient, worked by hand
        assert runner.path[-1] == pytest.approx(tuple(theta), rel=1e-9, abs=1e-12)


def test_the_race_shows_what_the_course_says() -> None:
    """Momentum overshoots the ravine's minimum; on the plateau Adam crosses where SGD barely moves; from
    the saddle Adam leaves sooner than plain SGD."""
    kinds = ["sgd", "momentum", "adam"]
    ravine = OptimiserRace("ravine", [default_setup(k) for k in kinds])
    ravine.step(150)
    sgd, momentum, adam = ravine.runners
    assert max(x for x, _ in momentum.path) > 0.5  # crossed x = 0 and went on: the overshoot
    assert max(x for x, _ in sgd.path) < 0.05  # never crossed
    assert sgd.path[1][1] < 0 < sgd.path[2][1]  # it zigzags across the ravine
    plateau = OptimiserRace("plateau", [default_setup(k) for k in kinds])
    plateau.step(60)
    sgd, _, adam = plateau.runners
    assert sgd.losses[-1] > 0.99 and adam.losses[-1] < 0.1
    saddle = OptimiserRace("saddle", [default_setup(k) for k in kinds])
    saddle.step(40)
    sgd, _, adam = saddle.runners
    assert abs(adam.path[-1][1]) > 1.0 > abs(sgd.path[-1][1])


def test_a_runner_that_diverges_stops_and_keeps_its_path() -> None:
    race = OptimiserRace("ravine", [OptimiserSetup("sgd", lr=0.5), default_setup("adam")])
    race.step(200)
    wild, adam = race.runners
    assert wild.diverged and not adam.diverged
    assert len(adam.path) == 201 and len(wild.path) < 201
