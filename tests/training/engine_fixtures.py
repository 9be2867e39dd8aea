"""Small projects, data and a run helper shared by the engine, probe and CLI tests.

Everything is tiny (1x16x16 images, a few hundred of them) so that a whole training run takes well under a
second on two cores; the loaded splits are cached because loading is deterministic.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Sequence
from typing import Any

import torch

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training.control import RunControl
from cnnstudio.training.datasets import DataSplits, load_dataset
from cnnstudio.training.engine import Trainer, TrainJob
from cnnstudio.training.events import Event

THREADS = torch.get_num_threads()  # keep the process's setting: other tests share it
SHAPES = {"name": "shapes", "num_classes": 4, "num_images": 320}


def small_layers(classes: int = 4, dropout: float = 0.0) -> tuple[S.LayerSpec, ...]:
    """conv-relu-maxpool, conv-relu-avgpool, flatten, (dropout), linear: both pooling kinds, 1x16x16 in."""
    head: tuple[S.LayerSpec, ...] = (S.Dropout(p=dropout),) if dropout else ()
    return (
        S.Conv2d(out_channels=6, kernel_size=3, padding=1),
        S.ReLU(),
        S.MaxPool2d(kernel_size=2),
        S.Conv2d(out_channels=8, kernel_size=3, padding=1),
        S.ReLU(),
        S.AvgPool2d(kernel_size=2),
        S.Flatten(),
        *head,
        S.Linear(out_features=classes),
    )


def small_project(
    layers: Sequence[S.LayerSpec] | None = None,
    dataset: dict[str, Any] | None = None,
    **training: Any,
) -> Project:
    settings = {"optimizer": "adam", "lr": 0.01, "batch_size": 32, "epochs": 2, "seed": 0, "threads": THREADS}
    settings.update(training)
    return Project(
        name="tiny",
        input=InputShape(1, 16, 16),
        layers=tuple(layers) if layers is not None else small_layers(),
        dataset=dict(dataset or SHAPES),
        training=settings,
    )


@functools.lru_cache(maxsize=8)
def _cached_data(dataset: str, seed: int) -> DataSplits:
    return load_dataset(json.loads(dataset), (1, 16, 16), seed)


def small_data(dataset: dict[str, Any] | None = None, seed: int = 0) -> DataSplits:
    """The splits of ``dataset`` at 1x16x16, loaded once per process (tests must not change them)."""
    return _cached_data(json.dumps(dataset or SHAPES, sort_keys=True), seed)


def make_trainer(project: Project | None = None, **job: Any) -> Trainer:
    project = project or small_project()
    job.setdefault("data", small_data(project.dataset))
    job.setdefault("probes", False)
    return Trainer(TrainJob(project, **job))


def run_all(
    trainer: Trainer,
    stop: threading.Event | None = None,
    pause: threading.Event | None = None,
    on_event: Callable[[Event], None] | None = None,
) -> list[Event]:
    """Drive the generator to the end, calling ``on_event`` for each event as a GUI slot would."""
    events = []
    control = RunControl(stop=stop or threading.Event(), pause=pause or threading.Event())
    for event in trainer.run(control):
        events.append(event)
        if on_event is not None:
            on_event(event)
    return events


def settings(**values: Any) -> TrainingSettings:
    return TrainingSettings.from_dict({"threads": THREADS, **values})


def of_type(events: Sequence[Event], kind: type) -> list:
    return [e for e in events if isinstance(e, kind)]
