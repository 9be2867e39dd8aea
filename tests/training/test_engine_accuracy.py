"""The accuracy goal on real handwriting: a LeNet-style net on the built-in digits reaches >= 97% on the
test split. Marked slow (a few seconds on two cores); the longer LeNet-5 and shapes figures are measured with
``cnnstudio train`` and reported in the docs."""

from __future__ import annotations

import pytest
from engine_fixtures import THREADS

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project, default_project
from cnnstudio.training.engine import Trainer, TrainJob

LENET_STYLE = (
    S.Conv2d(out_channels=16, kernel_size=3, padding=1),
    S.ReLU(),
    S.MaxPool2d(kernel_size=2),
    S.Conv2d(out_channels=32, kernel_size=3, padding=1),
    S.ReLU(),
    S.MaxPool2d(kernel_size=2),
    S.Flatten(),
    S.Linear(out_features=64),
    S.ReLU(),
    S.Linear(out_features=10),
)


@pytest.mark.slow
def test_lenet_style_net_learns_the_digits() -> None:
    project = Project(
        name="digits",
        input=InputShape(1, 16, 16),
        layers=LENET_STYLE,
        dataset={"name": "digits", "augmentation": {"rotate": True, "scale": True}},
        training={
            "optimizer": "adam", "lr": 0.003, "batch_size": 64, "epochs": 25, "seed": 0,
            "schedule": "cosine", "patience": 10, "threads": THREADS,
        },
    )  # fmt: skip
    finished = list(Trainer(TrainJob(project, probes=False)).run())[-1]
    assert finished.reason in ("completed", "early_stopped")
    assert finished.test_accuracy >= 0.97


@pytest.mark.slow
def test_the_default_project_learns_the_shapes() -> None:
    """What one click on Start trains: the default CNN on the built-in shapes reaches >= 95% on the test
    split (98% by its tenth epoch; eight are enough for the goal and keep the suite quick)."""
    base = default_project()
    project = base.replace(training={**base.training, "epochs": 8, "threads": THREADS})
    finished = list(Trainer(TrainJob(project, probes=False)).run())[-1]
    assert finished.reason in ("completed", "early_stopped")
    assert finished.test_accuracy >= 0.95
