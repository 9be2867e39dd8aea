"""Optimisers, schedules, initialisation and penalties each do what the settings say.

The expected values are computed here from the formulas (course 000/004, torch's documentation), not by
asking the code under test.
"""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training.init import NORMAL_STD, init_weights
from cnnstudio.training.optim import Schedule, make_optimizer
from cnnstudio.training.penalties import make_penalty

LR = 0.1


def settings(**values) -> TrainingSettings:
    return TrainingSettings.from_dict(values)


def _net() -> nn.Sequential:
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(1, 4, 3),
        nn.BatchNorm2d(4),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(4 * 6 * 6, 3),
        nn.Linear(3, 2),
    )


def _one_step(model: nn.Module, optimizer: torch.optim.Optimizer) -> None:
    x = torch.randn(4, 1, 8, 8, generator=torch.Generator().manual_seed(1))
    optimizer.zero_grad()
    model(x).sum().backward()
    optimizer.step()


@pytest.mark.parametrize(
    ("name", "cls", "state_keys"),
    [
        ("sgd", torch.optim.SGD, {"momentum_buffer"}),
        ("adagrad", torch.optim.Adagrad, {"sum", "step"}),
        ("rmsprop", torch.optim.RMSprop, {"square_avg", "step"}),
        ("adam", torch.optim.Adam, {"exp_avg", "exp_avg_sq", "step"}),
        ("adamw", torch.optim.AdamW, {"exp_avg", "exp_avg_sq", "step"}),
    ],
)
def test_each_optimiser_is_built_and_steps(name: str, cls: type, state_keys: set[str]) -> None:
    model = _net()
    before = [p.detach().clone() for p in model.parameters()]
    optimizer = make_optimizer(model.parameters(), settings(optimizer=name, lr=LR))
    assert type(optimizer) is cls
    assert optimizer.param_groups[0]["lr"] == LR
    _one_step(model, optimizer)
    state = optimizer.state[next(model.parameters())]
    assert state_keys <= set(state)
    assert all(not torch.equal(b, p) for b, p in zip(before, model.parameters()))


def test_sgd_momentum_nesterov_and_decay_reach_the_optimiser() -> None:
    s = settings(optimizer="sgd", lr=LR, momentum=0.8, nesterov=True, weight_decay=1e-4)
    group = make_optimizer(_net().parameters(), s).param_groups[0]
    assert (group["momentum"], group["nesterov"], group["weight_decay"]) == (0.8, True, 1e-4)
    assert (
        make_optimizer(_net().parameters(), settings(optimizer="adamw")).param_groups[0]["weight_decay"]
        == 0.01
    )
    assert (
        make_optimizer(_net().parameters(), settings(optimizer="adam")).param_groups[0]["weight_decay"] == 0.0
    )
    group = make_optimizer(_net().parameters(), settings(optimizer="rmsprop", momentum=0.5)).param_groups[0]
    assert group["momentum"] == 0.5


def _lrs(epochs: int, losses: list[float] | None = None, **values) -> list[float]:
    """The lr used in each of ``epochs`` epochs (the schedule steps after each)."""
    optimizer = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=LR)
    schedule = Schedule(optimizer, settings(lr=LR, epochs=epochs, **values))
    used = []
    for epoch in range(epochs):
        used.append(schedule.lr)
        optimizer.step()
        schedule.step(losses[epoch] if losses else 1.0)
    return used


def _cosine(t: int, span: int, low: float = 0.0) -> float:
    return low + (LR - low) * (1 + math.cos(math.pi * t / span)) / 2


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"schedule": "constant"}, [LR] * 6),
        ({"schedule": "step", "step_size": 2, "gamma": 0.5}, [LR * 0.5 ** (k // 2) for k in range(6)]),
        (
            {"schedule": "step", "gamma": 0.5},
            [LR * 0.5 ** (k // 2) for k in range(6)],
        ),  # step_size epochs // 3
        (
            {"schedule": "multistep", "milestones": [2, 5], "gamma": 0.1},
            [LR, LR, LR / 10, LR / 10, LR / 10, LR / 100],
        ),
        ({"schedule": "exponential", "gamma": 0.8}, [LR * 0.8**k for k in range(6)]),
        ({"schedule": "exponential"}, [LR * 0.9**k for k in range(6)]),
        ({"schedule": "cosine"}, [_cosine(k, 6) for k in range(6)]),
        ({"schedule": "cosine", "min_lr": 0.01}, [_cosine(k, 6, 0.01) for k in range(6)]),
        ({"schedule": "constant", "warmup_epochs": 2}, [LR / 3, 2 * LR / 3, LR, LR, LR, LR]),
        (
            {"schedule": "step", "step_size": 1, "gamma": 0.5, "warmup_epochs": 1},
            [LR / 2, LR, LR / 2, LR / 4, LR / 8, LR / 16],
        ),
        (
            {"schedule": "cosine", "warmup_epochs": 2},
            [LR / 3, 2 * LR / 3, *(_cosine(k, 4) for k in range(4))],
        ),
    ],
)
def test_each_schedule_gives_the_formula_lr(values: dict, expected: list[float]) -> None:
    assert _lrs(6, **values) == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_plateau_drops_the_lr_after_patience_epochs_without_improvement() -> None:
    # patience 1: the second epoch in a row without a better loss lowers the lr (then the count restarts)
    losses = [1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.5]
    used = _lrs(7, losses, schedule="plateau", plateau_patience=1, gamma=0.5)
    assert used == pytest.approx([LR, LR, LR, LR, LR / 2, LR / 2, LR / 4])


def test_schedule_state_round_trips() -> None:
    optimizer = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=LR)
    s = settings(lr=LR, epochs=8, schedule="cosine", warmup_epochs=2)
    first = Schedule(optimizer, s)
    for _ in range(3):
        optimizer.step()
        first.step()
    copy_optimizer = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=LR)
    second = Schedule(copy_optimizer, s)
    copy_optimizer.load_state_dict(optimizer.state_dict())
    second.load_state_dict(first.state_dict())
    for _ in range(4):
        optimizer.step()
        copy_optimizer.step()
        first.step()
        second.step()
        assert second.lr == first.lr


# -- initialisation ------------------------------------------------------------------------------------------
def _wide() -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(16, 64, 3), nn.Flatten(), nn.Linear(400, 300))


def test_default_init_is_torchs_own() -> None:
    torch.manual_seed(3)
    expected = _wide().state_dict()
    torch.manual_seed(3)
    model = _wide()
    init_weights(model, "default", "default")
    assert all(torch.equal(expected[k], v) for k, v in model.state_dict().items())


def test_kaiming_xavier_and_normal_have_their_spread() -> None:
    torch.manual_seed(0)
    model = _wide()
    init_weights(model, "kaiming", "zero")
    conv, linear = model[0], model[2]
    assert conv.weight.std().item() == pytest.approx(math.sqrt(2 / (16 * 9)), rel=0.05)
    assert linear.weight.std().item() == pytest.approx(math.sqrt(2 / 400), rel=0.05)
    assert not conv.bias.any() and not linear.bias.any()
    init_weights(model, "xavier", 0.01)
    bound = math.sqrt(6 / (400 + 300))
    assert linear.weight.abs().max().item() <= bound
    assert linear.weight.std().item() == pytest.approx(bound / math.sqrt(3), rel=0.05)
    assert torch.all(linear.bias == 0.01) and torch.all(conv.bias == 0.01)
    init_weights(model, "normal", "default")
    assert linear.weight.std().item() == pytest.approx(NORMAL_STD, rel=0.05)
    assert linear.weight.mean().abs().item() < NORMAL_STD / 10


def test_batchnorm_is_never_reinitialised() -> None:
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))
    init_weights(model, "normal", 0.5)
    assert torch.equal(model[1].weight, torch.ones(2)) and torch.equal(model[1].bias, torch.zeros(2))


# -- penalties -----------------------------------------------------------------------------------------------
def _expected_penalty(model: nn.Module, kinds: tuple[type, ...], l1: float, l2: float, bias: bool) -> float:
    total = 0.0
    for module in model.modules():
        if isinstance(module, kinds):
            tensors = [module.weight] + ([module.bias] if bias and module.bias is not None else [])
            for t in tensors:
                total += (
                    l1 * t.detach().double().abs().sum().item() + l2 * t.detach().double().pow(2).sum().item()
                )
    return total


@pytest.mark.parametrize(
    ("scope", "layers", "kinds"),
    [
        ("all", (), (nn.Conv2d, nn.Linear)),
        ("conv", (), (nn.Conv2d,)),
        ("linear", (), (nn.Linear,)),
        ("layers", (5,), ()),
    ],
)
@pytest.mark.parametrize("bias", [False, True])
def test_penalty_is_l1_sum_abs_plus_l2_sum_squares_over_the_scope(scope, layers, kinds, bias) -> None:
    model = _net()
    penalty = make_penalty(model, 0.01, 0.003, scope, layers, bias)
    if scope == "layers":
        expected = _expected_penalty(model[5], (nn.Linear,), 0.01, 0.003, bias)
    else:
        expected = _expected_penalty(model, kinds, 0.01, 0.003, bias)
    assert penalty.active
    assert penalty().item() == pytest.approx(expected, rel=1e-6)


def test_no_penalty_when_both_strengths_are_zero() -> None:
    assert not make_penalty(_net(), 0.0, 0.0, "all").active


def test_penalty_layer_out_of_range_is_a_clear_error() -> None:
    from cnnstudio.training.errors import TrainingError

    with pytest.raises(
        TrainingError, match=r"penalty_layers: there is no layer 9 \(the network has layers 0 to 5\)"
    ):
        make_penalty(_net(), 0.1, 0.0, "layers", (9,))
