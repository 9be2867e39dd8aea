"""TrainingSettings: the project's ``training`` section parsed, checked and written back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnnstudio.core.errors import SpecError
from cnnstudio.core.project import DEFAULT_TRAINING
from cnnstudio.core.training_settings import OPTIMIZERS, SCHEDULES, TrainingSettings


def test_the_design_minimum_parses_with_working_defaults() -> None:
    s = TrainingSettings.from_dict(DEFAULT_TRAINING)
    assert (s.optimizer, s.lr, s.batch_size, s.epochs, s.seed) == ("adam", 0.001, 64, 5, 0)
    assert s.schedule == "constant" and s.early_stopping and s.init == "default"
    assert s.effective_weight_decay == 0.0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"lr": -1}, "training.lr: must be a positive number, got -1"),
        ({"lr": "fast"}, "training.lr: must be a positive number, got 'fast'"),
        ({"optimizer": "lbfgs"}, "training.optimizer: must be one of sgd, adagrad, rmsprop, adam, adamw"),
        ({"batch_size": 0}, "training.batch_size: must be a whole number from 1"),
        ({"epochs": 2.5}, "training.epochs: must be a whole number"),
        ({"momentum": 1.5, "optimizer": "sgd"}, "training.momentum: must be a number from 0 to below 1"),
        ({"nesterov": True, "optimizer": "adam"}, "training.nesterov: only applies to the sgd optimizer"),
        (
            {"nesterov": True, "optimizer": "sgd", "momentum": 0},
            "training.nesterov: needs a momentum above 0",
        ),
        ({"momentum": 0.9, "optimizer": "adam"}, "training.momentum: only applies to sgd and rmsprop"),
        ({"schedule": "linear"}, "training.schedule: must be one of constant, step"),
        ({"gamma": 2}, "training.gamma: must be a number above 0 and at most 1"),
        ({"milestones": [5, 3]}, "training.milestones: must be increasing epochs"),
        ({"penalty_scope": "layers"}, "training.penalty_layers: must list at least one layer index"),
        ({"penalty_layers": [-1]}, "training.penalty_layers: must be a list of layer indices"),
        ({"bias_init": "one"}, "training.bias_init: must be 'default', 'zero' or a number"),
        ({"device": "tpu"}, "training.device: must be one of auto, cpu, cuda, mps"),
        ({"early_stopping": "yes"}, "training.early_stopping: must be true or false, got 'yes'"),
        ({"l2": float("nan")}, "training.l2: must be a number of at least 0"),
    ],
)
def test_bad_values_name_the_key(values: dict, message: str) -> None:
    with pytest.raises(SpecError) as info:
        TrainingSettings.from_dict(values)
    assert str(info.value).startswith(message)


def test_optimiser_dependent_defaults() -> None:
    assert TrainingSettings(optimizer="sgd").effective_momentum == 0.9
    assert TrainingSettings(optimizer="rmsprop").effective_momentum == 0.0
    assert TrainingSettings(optimizer="adamw").effective_weight_decay == 0.01
    assert TrainingSettings(optimizer="adamw", weight_decay=0.0).effective_weight_decay == 0.0
    assert TrainingSettings(schedule="exponential").effective_gamma == 0.9
    assert TrainingSettings(schedule="step").effective_gamma == 0.1
    assert TrainingSettings(epochs=12).effective_step_size() == 4
    assert TrainingSettings(epochs=12).effective_milestones() == (6, 9)


def test_threads_leave_a_core_for_the_gui(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    assert TrainingSettings().effective_threads() == 7
    assert TrainingSettings().effective_threads(reserve_gui_core=False) == 8
    assert TrainingSettings(threads=3).effective_threads() == 3
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert TrainingSettings().effective_threads() == 1


def test_unknown_keys_survive_a_round_trip() -> None:
    data = {
        **DEFAULT_TRAINING,
        "schedule": "multistep",
        "milestones": [2, 4],
        "bias_init": 0.01,
        "mixup": 0.2,
    }
    s = TrainingSettings.from_dict(data)
    assert s.extra == {"mixup": 0.2}
    written = s.to_dict()
    assert written["mixup"] == 0.2 and written["milestones"] == [2, 4] and "momentum" not in written
    assert TrainingSettings.from_dict(written) == s


@given(
    optimizer=st.sampled_from(OPTIMIZERS),
    schedule=st.sampled_from(SCHEDULES),
    lr=st.floats(1e-6, 10),
    batch=st.integers(1, 4096),
    l2=st.floats(0, 1),
    warmup=st.integers(0, 5),
)
def test_any_valid_settings_round_trip(optimizer, schedule, lr, batch, l2, warmup) -> None:
    s = TrainingSettings.from_dict(
        {
            "optimizer": optimizer,
            "schedule": schedule,
            "lr": lr,
            "batch_size": batch,
            "l2": l2,
            "warmup_epochs": warmup,
        }
    )
    assert TrainingSettings.from_dict(s.to_dict()) == s
