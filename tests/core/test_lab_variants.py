"""The overfitting lab's set-ups: A switches every regulariser off, B changes exactly one thing."""

from __future__ import annotations

import math

import pytest

from cnnstudio.core import specs as S
from cnnstudio.core.lab_variants import (
    ADAMW_DECAY,
    AUGMENTATION,
    DROPOUT_P,
    L2_PENALTY,
    PRESETS,
    EpochPoint,
    LabVariantError,
    baseline,
    summarise,
    variant,
    with_dropout_before_classifier,
)
from cnnstudio.core.project import default_project
from cnnstudio.core.training_settings import TrainingSettings


def _regularised_project():
    project = default_project()
    block = S.Residual(layers=(S.Conv2d(out_channels=16, kernel_size=3, padding=1), S.Dropout2d(p=0.3)))
    layers = (*project.layers[:4], block, *project.layers[4:])
    return project.replace(
        layers=layers,
        dataset={**project.dataset, "limit": 5000, "augmentation": {"crop": True, "rotate": True}},
        training={**project.training, "l1": 1e-4, "l2": 1e-2, "optimizer": "adamw", "weight_decay": 0.1},
        runs=({"id": "r1", "name": "Run 1", "folder": "x"},),
    )


def test_baseline_switches_every_regulariser_off_and_keeps_the_network() -> None:
    project = _regularised_project()
    a = baseline(project, subset=300, epochs=20)
    settings = TrainingSettings.from_dict(a.training)
    assert (settings.l1, settings.l2, settings.effective_weight_decay) == (0.0, 0.0, 0.0)
    assert settings.early_stopping is False and settings.epochs == 20
    assert a.dataset["limit"] == 300
    assert a.dataset["augmentation"] == {"crop": True, "rotate": True, "enabled": False}
    dropouts = [spec for _, spec in S.walk(a.layers) if isinstance(spec, S.Dropout)]
    assert len(dropouts) == 2 and all(spec.p == 0.0 for spec in dropouts)  # the one in the block too
    assert [spec.type for _, spec in S.walk(a.layers)] == [spec.type for _, spec in S.walk(project.layers)]
    assert a.report.total_params == project.report.total_params
    assert a.runs == () and project.runs  # the lab never carries or touches the project's runs
    assert project.training["l2"] == 1e-2 and project.dataset["limit"] == 5000  # the original unchanged


def test_a_smaller_limit_of_the_project_is_kept() -> None:
    project = default_project()
    project = project.replace(dataset={**project.dataset, "limit": 100})
    assert baseline(project, subset=300).dataset["limit"] == 100


@pytest.mark.parametrize("preset", PRESETS)
def test_each_variant_changes_one_thing_and_still_parses(preset: str) -> None:
    a = baseline(_regularised_project(), subset=200, epochs=5)
    b = variant(a, preset)
    settings = TrainingSettings.from_dict(b.training)  # raises on a contradictory combination
    changed_training = {
        k for k in set(a.training) | set(b.training) if a.training.get(k) != b.training.get(k)
    }
    changed_dataset = {k for k in set(a.dataset) | set(b.dataset) if a.dataset.get(k) != b.dataset.get(k)}
    assert settings.early_stopping is False and b.dataset["limit"] == 200
    assert b.report.first_error() is None
    if preset == "dropout":
        assert changed_training == set() and changed_dataset == set() and b.layers != a.layers
    else:
        assert b.layers == a.layers
    if preset == "l2":
        assert changed_training == {"l2"} and settings.l2 == L2_PENALTY
    if preset == "adamw":
        assert settings.optimizer == "adamw" and settings.effective_weight_decay == ADAMW_DECAY
    if preset == "sgd":
        assert settings.optimizer == "sgd" and settings.effective_momentum == 0.9 and settings.lr == 0.01
    if preset == "augment":
        assert changed_dataset == {"augmentation"} and b.dataset["augmentation"] == dict(AUGMENTATION)


def test_dropout_goes_right_before_the_classifier() -> None:
    layers = (S.Flatten(), S.Linear(out_features=64), S.ReLU(), S.Linear(out_features=10))
    out = with_dropout_before_classifier(layers, 0.5)
    assert [s.type for s in out] == ["flatten", "linear", "relu", "dropout", "linear"]
    assert out[3].p == 0.5
    again = with_dropout_before_classifier(out, DROPOUT_P)  # an existing dropout is reused, not stacked
    assert [s.type for s in again] == [s.type for s in out]


def test_dropout_in_a_fully_convolutional_net_goes_before_the_last_conv() -> None:
    layers = (S.Conv2d(out_channels=8, kernel_size=3), S.ReLU(), S.Conv2d(out_channels=3, kernel_size=1))
    out = with_dropout_before_classifier(layers, 0.5)
    assert [s.type for s in out] == ["conv2d", "relu", "dropout", "conv2d"]
    with pytest.raises(LabVariantError):
        with_dropout_before_classifier((S.Flatten(), S.ReLU()), 0.5)


def test_unknown_preset_and_bad_sizes_are_refused() -> None:
    with pytest.raises(LabVariantError, match="unknown lab variant"):
        variant(baseline(default_project()), "magic")
    with pytest.raises(LabVariantError):
        baseline(default_project(), subset=0)


def test_summary_gap_is_the_last_epoch_and_best_is_the_lowest_validation_loss() -> None:
    val_losses = [1.0, 0.6, 0.5, 0.5, 0.7, 0.8, 0.9, 1.0, 1.1]
    points = [
        EpochPoint(i + 1, 1.0 / (i + 1), 0.5 + 0.05 * i, v, 0.5 + 0.02 * i) for i, v in enumerate(val_losses)
    ]
    summary = summarise(points, patience=5)
    assert summary.best_epoch == 3  # the first of the two equal minima, as early stopping keeps it
    assert summary.stop_epoch == 8
    assert math.isclose(summary.accuracy_gap, (0.5 + 0.4) - (0.5 + 0.16))
    assert math.isclose(summary.loss_gap, 1.1 - 1.0 / 9)
    assert summarise(points[:6], patience=5).stop_epoch is None  # not yet 5 epochs without improvement
    assert summarise([]) is None


def test_summary_without_validation_has_no_best_epoch() -> None:
    summary = summarise([EpochPoint(1, 0.5, 0.8, math.nan, math.nan)])
    assert summary.best_epoch is None and summary.stop_epoch is None and math.isnan(summary.best_val_loss)
