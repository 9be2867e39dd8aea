"""A run's phases beyond the batches (issue 12.4, engine side): a diverging loss reported while it happens,
and the final test measurement as a phase of its own, with progress, that can be skipped; a stop during
validation ends the run at once."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest
import torch
from engine_fixtures import make_trainer, of_type, run_all, small_data, small_project

from cnnstudio.cli import main
from cnnstudio.core import specs as S
from cnnstudio.core.project_file import save
from cnnstudio.training import engine
from cnnstudio.training.divergence import DivergenceWatch
from cnnstudio.training.events import BatchProgress, Diverging, EpochEnd, Finished, Measuring
from cnnstudio.training.results import summarise

MLP = (S.Flatten(), S.Linear(out_features=32), S.Tanh(), S.Linear(out_features=4))
DIVERGING = {"optimizer": "sgd", "lr": 10.0}  # the loss climbs from 1.4 to over 100, never NaN
BIGGER = {"name": "shapes", "num_classes": 4, "num_images": 1200}  # 120 test images


# -- the rule ------------------------------------------------------------------------------------------------
def _feed(watch: DivergenceWatch, losses: list[float]) -> list[tuple[int, bool]]:
    return [(i, change) for i, loss in enumerate(losses) if (change := watch.add(loss)) is not None]


def test_one_noisy_batch_is_not_divergence() -> None:
    assert _feed(DivergenceWatch(), [1.4, 1.3, 90.0, 1.2, 1.2, 1.1, 1.3, 1.0, 500.0, 1.0, 0.9]) == []


def test_a_loss_that_keeps_rising_is_divergence_and_coming_back_ends_it() -> None:
    watch = DivergenceWatch()
    rising = [1.4, 1.6, 2.5, 3.9, 5.0, 6.5, 8.0, 11.0]
    assert _feed(watch, rising) == [(6, True)]  # the median of the last 5 passed 3 x 1.4 at the 7th reading
    assert watch.level == pytest.approx(6.5)  # the median of 3.9, 5, 6.5, 8, 11
    # hovering near the line does not switch it off; below halfway between start and line does
    assert _feed(watch, [4.0, 4.1, 3.9, 4.0, 4.2]) == []
    assert _feed(watch, [2.0, 1.9, 1.8, 1.7]) == [(2, False)]


def test_a_small_starting_loss_needs_a_real_rise() -> None:
    """A resumed run starting at 0.05: three times that is noise; the floor (start + 1) is not."""
    assert _feed(DivergenceWatch(), [0.05, 0.2, 0.3, 0.25, 0.3, 0.4, 0.3]) == []
    assert _feed(DivergenceWatch(), [0.05, 0.9, 1.2, 1.5, 1.8, 2.1]) == [(4, True)]


# -- on real runs ----------------------------------------------------------------------------------------------
@pytest.fixture
def every_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PROGRESS_HZ", 1e9)  # a reading per batch, however fast this machine is


def test_a_really_diverging_run_is_reported_during_its_first_epoch(every_batch) -> None:
    events = run_all(make_trainer(small_project(MLP, epochs=3, **DIVERGING)))
    warnings = of_type(events, Diverging)
    assert warnings and warnings[0].active and warnings[0].epoch < 1.0
    assert warnings[0].loss > 3 * warnings[0].start_loss and warnings[0].lr == 10.0
    first_epoch_end = next(i for i, e in enumerate(events) if isinstance(e, EpochEnd))
    assert events.index(warnings[0]) < first_epoch_end  # while it happens, not after
    assert all(np.isfinite(e.loss) for e in of_type(events, BatchProgress))  # no NaN to wait for
    assert events[-1].reason == "completed"


@pytest.mark.parametrize(
    "training",
    [
        {"seed": 0},
        {"seed": 1},
        {"seed": 2, "optimizer": "sgd", "lr": 0.05},
        {"loss": "hinge"},
        {"loss": "mse"},
    ],
)
def test_healthy_runs_raise_no_alarm(every_batch, training) -> None:
    events = run_all(make_trainer(small_project(epochs=3, **training)))
    assert of_type(events, Diverging) == [] and events[-1].reason == "completed"


def test_train_json_reports_divergence(tmp_path, capsys, every_batch) -> None:
    path = tmp_path / "diverging.cnnproj.json"
    save(small_project(MLP, epochs=1, **DIVERGING), path)
    assert main(["train", str(path), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    warning = next(r for r in rows if r["event"] == "diverging")
    assert warning["active"] is True and warning["lr"] == 10.0 and warning["loss"] > 3 * warning["start_loss"]
    assert "lower the learning rate (now 10)" in warning["message"]


# -- the final measurement -------------------------------------------------------------------------------------
def test_the_test_split_is_measured_as_its_own_phase() -> None:
    project = small_project(epochs=2, dataset=BIGGER, batch_size=16)
    trainer = make_trainer(project)
    events = run_all(trainer)
    progress = of_type(events, Measuring)
    last_epoch = max(i for i, e in enumerate(events) if isinstance(e, EpochEnd))
    assert progress and events.index(progress[0]) > last_epoch and progress[0].done == 0
    assert {p.split for p in progress} == {"test"} and progress[0].total == 120
    finished = events[-1]
    measured = finished.measured
    assert measured.split == "test" and measured.images == 120 and measured.confusion.sum() == 120
    assert finished.test_accuracy == pytest.approx(np.trace(measured.confusion) / 120)
    # the results view needs no second pass: the same figures as measuring again from scratch
    again = summarise(trainer.model, project.layers, small_data(BIGGER))
    given = summarise(trainer.model, project.layers, small_data(BIGGER), measured)
    assert np.array_equal(again.confusion, given.confusion)
    assert np.allclose(again.probabilities, given.probabilities, atol=1e-5)


def test_skipping_the_test_measurement_ends_the_run_at_once() -> None:
    project = small_project(epochs=1, dataset=BIGGER, batch_size=8, eval_batch_size=16)
    trainer = make_trainer(project)
    control = engine.RunControl()
    events = []
    for event in trainer.run(control):
        events.append(event)
        if isinstance(event, Measuring):
            control.skip_test.set()  # the Skip button, at the start of the measurement
    finished = events[-1]
    assert isinstance(finished, Finished) and finished.reason == "completed"
    assert finished.measured is None and finished.test_accuracy is None
    assert len(of_type(events, Measuring)) == 1
    assert trainer.history.finish_reason == "completed"


def test_a_stopped_run_is_measured_for_its_results_but_has_no_test_accuracy() -> None:
    stop = threading.Event()
    trainer = make_trainer(small_project(epochs=3))
    events = run_all(trainer, stop, on_event=lambda e: stop.set() if isinstance(e, EpochEnd) else None)
    finished = events[-1]
    assert finished.reason == "cancelled" and finished.test_accuracy is None
    assert finished.measured is not None and finished.measured.confusion.sum() == 32
    assert isinstance(events[-2], Measuring)  # straight after the stop: no validation, no batch


def test_a_stop_during_validation_ends_the_run_without_that_epoch(monkeypatch) -> None:
    control = engine.RunControl()
    trainer = make_trainer(small_project(epochs=3, eval_batch_size=8, batch_size=4))  # 4 chunks of 8
    model_forward = trainer.model.forward
    calls = [0]

    def forward(x: torch.Tensor) -> torch.Tensor:
        if not trainer.model.training:  # a validation chunk: Stop (and skip the measurement) right now
            calls[0] += 1
            control.stop.set()
            control.skip_test.set()
        return model_forward(x)

    monkeypatch.setattr(trainer.model, "forward", forward)
    events = list(trainer.run(control))
    assert events[-1].reason == "cancelled" and of_type(events, EpochEnd) == []
    assert calls[0] == 1  # the other three validation chunks were not run
