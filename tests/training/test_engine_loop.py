"""The training loop as the GUI's worker and the CLI drive it: events, stop, pause, endings, set-up errors."""

from __future__ import annotations

import math
import threading
import time

import pytest
import torch
from engine_fixtures import make_trainer, of_type, run_all, small_data, small_layers, small_project

from cnnstudio.core import specs as S
from cnnstudio.training import engine, evaluation
from cnnstudio.training.build import module_at
from cnnstudio.training.checkpoint import clone_state
from cnnstudio.training.control import RunControl
from cnnstudio.training.errors import DeviceError, NetworkMismatchError
from cnnstudio.training.events import BatchProgress, EpochEnd, Finished, ProbeSnapshot, RunStarted


def _same_weights(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def _count_steps(trainer: engine.Trainer, at_step=None) -> list[int]:
    """Wrap the trainer's step to count calls; ``at_step(n)`` runs inside the n-th call, before it."""
    calls = [0]
    step = trainer._step

    def counted(x, y):
        calls[0] += 1
        if at_step is not None:
            at_step(calls[0])
        return step(x, y)

    trainer._step = counted
    return calls


def test_a_run_yields_started_epochs_probes_and_finished() -> None:
    trainer = make_trainer(small_project(epochs=3), probes=True)
    events = run_all(trainer)
    assert isinstance(events[0], RunStarted) and isinstance(events[-1], Finished)
    started = events[0]
    assert (
        started.device.startswith("cpu (") and started.device.endswith("threads)")
    ) or "thread)" in started.device
    assert started.train_images == 256 and started.batches_per_epoch == 8 and started.epochs == 3
    ends = of_type(events, EpochEnd)
    assert [e.epoch for e in ends] == [1, 2, 3]
    assert all(
        0 <= e.train_accuracy <= 1 and math.isfinite(e.val_loss) and e.train_images == 256 for e in ends
    )
    assert [p.epoch for p in of_type(events, ProbeSnapshot) if p.epoch.is_integer()] == [1.0, 2.0, 3.0]
    finished = events[-1]
    assert finished.reason == "completed" and finished.best_epoch is not None
    assert 0 <= finished.test_accuracy <= 1
    assert trainer.history.epochs == [1, 2, 3] and trainer.history.finish_reason == "completed"


def test_training_learns_the_shapes() -> None:
    trainer = make_trainer(
        small_project(epochs=8, lr=0.01, dataset={"name": "shapes", "num_classes": 4, "num_images": 800})
    )
    finished = run_all(trainer)[-1]
    assert finished.test_accuracy >= 0.8


def test_batch_progress_follows_the_clock_not_the_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PROGRESS_HZ", 1e9)  # every batch is due
    events = run_all(make_trainer(small_project(epochs=1)))
    progress = of_type(events, BatchProgress)
    assert [p.batch for p in progress] == list(range(1, 9))
    assert progress[-1].epoch_fraction == 1.0 and progress[-1].seconds_left == pytest.approx(0.0)
    monkeypatch.setattr(engine, "PROGRESS_HZ", 20.0)
    started = time.perf_counter()
    events = run_all(make_trainer(small_project(epochs=4)))
    progress = of_type(events, BatchProgress)
    # The clock's rate, plus the last batch of each epoch (so a short epoch still draws a point).
    assert len(progress) <= (time.perf_counter() - started) * 20 + 1 + 4
    assert {p.epoch for p in progress if p.batch == p.batches} == {1, 2, 3, 4}


def test_stop_takes_effect_before_the_next_batch() -> None:
    stop = threading.Event()
    trainer = make_trainer(small_project(epochs=5))
    calls = _count_steps(trainer, lambda n: stop.set() if n == 3 else None)
    events = run_all(trainer, stop)
    assert calls[0] == 3
    assert events[-1].reason == "cancelled" and events[-1].test_accuracy is None


def test_stop_from_an_event_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PROGRESS_HZ", 1e9)
    stop = threading.Event()
    trainer = make_trainer(small_project(epochs=5))
    calls = _count_steps(trainer)
    seen = []

    def on_event(event):
        if isinstance(event, BatchProgress):
            seen.append(event.batch)
            stop.set()

    events = run_all(trainer, stop, on_event=on_event)
    assert seen == [1] and calls[0] == 1 and events[-1].reason == "cancelled"


def test_pause_blocks_and_resume_continues_without_counting_the_pause(monkeypatch) -> None:
    pause = threading.Event()
    trainer = make_trainer(small_project(epochs=1))
    stamps: list[float] = []
    waits: list[float] = []
    wait_while_paused = RunControl.wait_while_paused

    def resumed_after_a_while(control: RunControl) -> float:
        # The resume comes 0.4 s after the loop starts waiting, however slow the batch before was.
        if control.pause.is_set():
            threading.Timer(0.4, control.pause.clear).start()
            waits.append(wait_while_paused(control))
            return waits[-1]
        return 0.0

    def at_step(n: int) -> None:
        stamps.append(time.perf_counter())
        if n == 2:
            pause.set()

    monkeypatch.setattr(RunControl, "wait_while_paused", resumed_after_a_while)
    _count_steps(trainer, at_step)
    started = time.perf_counter()
    events = run_all(trainer, pause=pause)
    wall = time.perf_counter() - started
    assert events[-1].reason == "completed" and len(stamps) == 8
    assert len(waits) == 1 and waits[0] >= 0.39
    assert stamps[2] - stamps[1] >= waits[0]  # the third batch waited for the resume
    # The pause is not training time: the epoch's seconds leave it out (however loaded the machine is).
    assert of_type(events, EpochEnd)[0].seconds <= wall - waits[0]


def test_stop_works_while_paused() -> None:
    pause, stop = threading.Event(), threading.Event()
    pause.set()
    trainer = make_trainer(small_project(epochs=1))
    calls = _count_steps(trainer)
    threading.Timer(0.2, stop.set).start()
    started = time.perf_counter()
    events = run_all(trainer, stop, pause)
    assert events[-1].reason == "cancelled" and calls[0] == 0
    assert time.perf_counter() - started < 2.0


def test_early_stopping_restores_the_best_epochs_weights() -> None:
    trainer = make_trainer(small_project(epochs=10, early_stopping=True, patience=2))
    scripted = iter([1.0, 0.5, 0.7, 0.8, 0.9, 1.0])
    evaluate = trainer.evaluate

    def fake(x, y, interrupted=None):
        return (next(scripted), 0.5) if x is trainer.val[0] else evaluate(x, y, interrupted)

    trainer.evaluate = fake
    weights: dict[int, dict] = {}
    events = run_all(
        trainer,
        on_event=lambda e: (
            weights.__setitem__(e.epoch, clone_state(trainer.model)) if isinstance(e, EpochEnd) else None
        ),
    )
    finished = events[-1]
    assert finished.reason == "early_stopped" and finished.best_epoch == 2
    assert [e.epoch for e in of_type(events, EpochEnd)] == [1, 2, 3, 4]
    assert _same_weights(clone_state(trainer.model), weights[2])
    assert not _same_weights(weights[4], weights[2])


def test_nan_loss_ends_as_diverged_with_the_last_good_weights() -> None:
    trainer = make_trainer(small_project(epochs=5))
    objective = trainer.objective
    steps = [0]

    def poisoned(logits, y):
        steps[0] += 1
        total, loss = objective(logits, y)
        return (total * math.nan, loss * math.nan) if steps[0] > 10 else (total, loss)

    trainer.objective = poisoned
    weights: dict[int, dict] = {}
    events = run_all(
        trainer,
        on_event=lambda e: (
            weights.__setitem__(e.epoch, clone_state(trainer.model)) if isinstance(e, EpochEnd) else None
        ),
    )
    finished = events[-1]
    assert finished.reason == "diverged"
    assert "epoch 2" in finished.message and "weights of epoch 1 were restored" in finished.message
    assert [e.epoch for e in of_type(events, EpochEnd)] == [1]
    assert _same_weights(clone_state(trainer.model), weights[1])


def test_a_huge_learning_rate_diverges() -> None:
    trainer = make_trainer(small_project(epochs=3, optimizer="sgd", lr=1e6))
    finished = run_all(trainer)[-1]
    assert finished.reason == "diverged"
    assert all(torch.isfinite(p).all() for p in trainer.model.parameters())


def test_out_of_memory_fails_cleanly_naming_the_batch_size() -> None:
    trainer = make_trainer(small_project(epochs=2, batch_size=32))
    initial = clone_state(trainer.model)

    def at_step(n: int) -> None:
        if n == 3:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB")

    _count_steps(trainer, at_step)
    finished = run_all(trainer)[-1]
    assert finished.reason == "failed"
    assert "out of memory at batch size 32" in finished.message and "try 16" in finished.message
    assert _same_weights(clone_state(trainer.model), initial)


def test_other_errors_are_not_swallowed() -> None:
    trainer = make_trainer(small_project(epochs=1))

    def broken(x, y):
        raise RuntimeError("something else")

    trainer._step = broken
    with pytest.raises(RuntimeError, match="something else"):
        run_all(trainer)


def test_class_count_mismatch_is_refused_before_training() -> None:
    project = small_project(small_layers(classes=6), dataset={"name": "digits"})
    with pytest.raises(NetworkMismatchError) as info:
        make_trainer(project)
    assert str(info.value) == (
        "the last layer gives 6 outputs but the dataset 'digits' has 10 classes: "
        "set the last linear layer's out_features to 10"
    )
    # the generator form raises at its first next(), before any event
    job = engine.TrainJob(project, data=small_data({"name": "digits"}))
    with pytest.raises(NetworkMismatchError):
        next(engine.train(job))


def test_a_network_ending_in_maps_or_invalid_is_refused() -> None:
    with pytest.raises(NetworkMismatchError, match="ends in a 6 x 16 x 16 feature map"):
        make_trainer(small_project([S.Conv2d(out_channels=6, kernel_size=3, padding=1)]))
    bad = small_project([S.Conv2d(out_channels=6, kernel_size=30), S.Flatten(), S.Linear(out_features=4)])
    with pytest.raises(NetworkMismatchError, match=r"^layers\[0\] \(conv2d\): "):
        make_trainer(bad)


def test_a_missing_device_is_a_clear_error() -> None:
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    with pytest.raises(DeviceError, match="device cuda: no CUDA GPU is available"):
        make_trainer(small_project(device="cuda"))


def test_the_threads_setting_reaches_torch() -> None:
    before = torch.get_num_threads()
    try:
        make_trainer(small_project(threads=1))
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)


def test_seed_makes_runs_repeat_and_differ() -> None:
    first = of_type(run_all(make_trainer(small_project(seed=1))), EpochEnd)
    again = of_type(run_all(make_trainer(small_project(seed=1))), EpochEnd)
    other = of_type(run_all(make_trainer(small_project(seed=2))), EpochEnd)
    assert [e.train_loss for e in first] == [e.train_loss for e in again]
    assert [e.train_loss for e in first] != [e.train_loss for e in other]


def test_penalties_change_the_objective_by_exactly_their_value() -> None:
    trainer = make_trainer(small_project(l1=1e-3, l2=1e-2, penalty_scope="linear", penalize_bias=True))
    x, y = trainer.whiten(trainer.train_x[:16]), trainer.train_y[:16]
    logits = trainer.model(x)
    total, loss = trainer.objective(logits, y)
    linear = module_at(trainer.model, (7,))
    assert isinstance(linear, torch.nn.Linear)
    expected = sum(1e-3 * p.abs().sum() + 1e-2 * (p**2).sum() for p in (linear.weight, linear.bias))
    assert loss.item() == pytest.approx(torch.nn.functional.cross_entropy(logits, y).item())
    assert (total - loss).item() == pytest.approx(expected.item(), rel=1e-5)


def test_the_schedule_steps_once_per_epoch_in_a_run() -> None:
    trainer = make_trainer(small_project(epochs=4, schedule="step", step_size=1, gamma=0.5, lr=0.01))
    lrs = [e.lr for e in of_type(run_all(trainer), EpochEnd)]
    assert lrs == pytest.approx([0.01, 0.005, 0.0025, 0.00125])


def test_evaluation_halves_its_batch_on_out_of_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    # the evaluation chunk is two training batches, at most eval_batch_size: here 1000
    trainer = make_trainer(small_project(eval_batch_size=1000, batch_size=1000))
    loss = torch.nn.functional.cross_entropy
    expected = evaluation._evaluate(trainer.model, *trainer.val, loss, 10, lambda: False, trainer.whiten)
    evaluate = evaluation._evaluate
    sizes: list[int] = []

    def small_memory(model, x, y, loss, size, interrupted, inputs):
        sizes.append(size)
        if size > 100:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory")
        return evaluate(model, x, y, loss, size, interrupted, inputs)

    monkeypatch.setattr(evaluation, "_evaluate", small_memory)
    assert trainer.evaluate(*trainer.val) == pytest.approx(expected)
    assert sizes == [1000, 500, 250, 125, 62]


def test_a_dataset_too_big_for_the_device_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from cnnstudio.training.errors import TrainingError

    def full(self, x):
        raise torch.cuda.OutOfMemoryError("CUDA out of memory")

    monkeypatch.setattr(engine.Trainer, "resident", full)
    with pytest.raises(TrainingError, match=r"the shapes images \(0 MB\) do not fit in the memory of cpu"):
        make_trainer()
