"""A tiny project that trains in a second or two, for the GUI tests that run real training."""

from __future__ import annotations

from cnnstudio.core import specs as S
from cnnstudio.core.project import default_project

# Small and quick: 240 images of 16x16, two epochs, so a run takes a second or two on two cores.
TINY_DATASET = {"name": "shapes", "num_classes": 3, "num_images": 240}
TINY_LAYERS = (
    S.Conv2d(out_channels=4, kernel_size=3, padding=1),
    S.ReLU(),
    S.MaxPool2d(kernel_size=2),
    S.Conv2d(out_channels=6, kernel_size=3, padding=1),
    S.ReLU(),
    S.AvgPool2d(kernel_size=2),
    S.Flatten(),
    S.Linear(out_features=3),
)


def tiny_project(epochs: int = 2, **training):
    from cnnstudio.core.project import InputShape

    base = default_project()
    return base.replace(
        input=InputShape(3, 16, 16),
        layers=TINY_LAYERS,
        dataset=dict(TINY_DATASET),
        # No early stopping: tests that Stop, pause or close mid-run need a run that is still going (a
        # tiny set stops improving within seconds, before the test's click).
        training={
            **base.training,
            "epochs": epochs,
            "batch_size": 32,
            "threads": 1,
            "early_stopping": False,
            **training,
        },
    )


def train_tiny_run(folder, project=None):
    """Train ``project`` (default: a one-epoch tiny project) into ``folder`` without the window, recorded as
    the window records a run (network and results), for the views that read a finished run."""
    from cnnstudio.core.training_settings import TrainingSettings
    from cnnstudio.training.control import RunControl
    from cnnstudio.training.datasets import load_dataset
    from cnnstudio.training.engine import Trainer, TrainJob
    from cnnstudio.training.trained_run import record_network, record_results

    project = project or tiny_project(epochs=1)
    record_network(folder, project)
    data = load_dataset(
        project.dataset, project.input.shape, TrainingSettings.from_dict(project.training).seed
    )
    trainer = Trainer(TrainJob(project, data=data, out_dir=folder, probes=False))
    for _event in trainer.run(RunControl()):
        pass
    record_results(folder, trainer.model, project, data)
    return project


def train_in_window(qtbot, window) -> None:
    """Press Start on ``window``'s Train page and wait until the run has ended and its events are drawn."""
    page = window.training
    with qtbot.waitSignal(page.run_finished, timeout=60_000):
        assert page.start(), page.blocker()
    qtbot.waitUntil(lambda: not page.controller.is_running(), timeout=60_000)
    page.drain()
