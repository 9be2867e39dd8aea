"""Settings changed while a run is paused (issue 15.8): applied before the next batch, recorded in history."""

from __future__ import annotations

import pickle
import threading

import torch
from engine_fixtures import make_trainer, of_type, small_layers, small_project

from cnnstudio.training.build import module_at
from cnnstudio.training.control import RunChange, RunControl
from cnnstudio.training.events import BatchProgress, EpochEnd, SettingsChanged
from cnnstudio.training.history import HISTORY_FILE, LAST_FILE, RunHistory
from cnnstudio.training.worker_main import Controls
from cnnstudio.training.worker_messages import Command

DROPOUT = 7  # small_layers(dropout=...): the dropout's top-level index


def _run(trainer, control: RunControl, on_event=None) -> list:
    events = []
    for event in trainer.run(control):
        events.append(event)
        if on_event is not None:
            on_event(event, control)
    return events


def test_a_new_learning_rate_before_the_first_batch_equals_a_run_started_with_it() -> None:
    """Independent truth: the same seeded run started with that learning rate (SGD, no momentum)."""
    changed = make_trainer(small_project(optimizer="sgd", lr=0.05, epochs=1))
    control = RunControl()
    control.changes.put(RunChange(lr=0.01))
    events = _run(changed, control)
    started = make_trainer(small_project(optimizer="sgd", lr=0.01, epochs=1))
    _run(started, RunControl())
    a, b = changed.model.state_dict(), started.model.state_dict()
    assert all(torch.allclose(a[k].float(), b[k].float(), atol=1e-6) for k in a)
    (change,) = of_type(events, SettingsChanged)
    assert change.error == "" and change.record == {"epoch": 0.0, "lr": 0.01, "lr_before": 0.05}
    assert of_type(events, EpochEnd)[0].lr == 0.01


def test_a_paused_run_continues_with_the_changes_and_records_them(tmp_path) -> None:
    """Pause mid-run, change the learning rate, the dropout rate and freeze the first conv; resume."""
    trainer = make_trainer(small_project(small_layers(dropout=0.2), epochs=2), out_dir=tmp_path / "run")
    frozen_at: dict[str, torch.Tensor] = {}

    def on_event(event, control: RunControl) -> None:
        if isinstance(event, BatchProgress) and event.epoch == 1 and event.batch == 1:  # always reported
            control.pause.set()
            control.changes.put(RunChange(lr=0.001, dropout=((DROPOUT, 0.5),), frozen=(0,)))
            frozen_at.update({k: v.clone() for k, v in module_at(trainer.model, (0,)).state_dict().items()})
            threading.Timer(0.2, control.pause.clear).start()  # the class looks, then resumes

    events = _run(trainer, RunControl(), on_event)
    (change,) = of_type(events, SettingsChanged)
    batches = of_type(events, BatchProgress)[0].batches
    assert change.epoch == round(1 / batches, 4) and change.error == ""  # before the second batch
    assert change.record["lr"] == 0.001 and change.record["dropout"] == {"7": 0.5}
    assert change.record["dropout_before"] == {"7": 0.2}
    assert change.record["frozen"] == [0] and change.record["frozen_before"] == []
    # The run went on with them: the frozen conv never moved again, the others did; the new rates hold.
    conv = module_at(trainer.model, (0,)).state_dict()
    assert all(torch.equal(conv[k], frozen_at[k]) for k in conv)
    assert module_at(trainer.model, (DROPOUT,)).p == 0.5
    assert trainer.optimizer.param_groups[0]["lr"] == 0.001
    assert [e.lr for e in of_type(events, EpochEnd)] == [0.001, 0.001]
    # ...and the change is in the run's history on disk, for the curves after a reopen.
    saved = RunHistory.load(tmp_path / "run" / HISTORY_FILE)
    assert saved.changes == [change.record]


def test_a_resumed_run_keeps_what_its_changes_did_to_the_network(tmp_path) -> None:
    """The checkpoint holds weights and the optimiser's learning rate; the dropout rate and the frozen layers
    are put back from the recorded changes, so a resumed run goes on as the paused one did."""
    trainer = make_trainer(small_project(small_layers(dropout=0.2), epochs=1), out_dir=tmp_path / "run")
    control = RunControl()
    control.changes.put(RunChange(lr=0.001, dropout=((DROPOUT, 0.5),), frozen=(0,)))
    _run(trainer, control)
    resumed = make_trainer(
        small_project(small_layers(dropout=0.2), epochs=2),
        out_dir=tmp_path / "run",
        resume=tmp_path / "run" / LAST_FILE,
    )
    assert module_at(resumed.model, (DROPOUT,)).p == 0.5
    assert not any(p.requires_grad for p in module_at(resumed.model, (0,)).parameters())
    assert all(p.requires_grad for p in module_at(resumed.model, (3,)).parameters())
    assert resumed.optimizer.param_groups[0]["lr"] == 0.001
    assert len(resumed.history.changes) == 1


def test_unfreezing_lets_the_layer_learn_again() -> None:
    trainer = make_trainer(small_project(epochs=1))
    control = RunControl()
    control.changes.put(RunChange(frozen=(0, 3)))
    control.changes.put(RunChange(frozen=()))
    before = module_at(trainer.model, (0,)).weight.detach().clone()
    events = _run(trainer, control)
    records = [e.record for e in of_type(events, SettingsChanged)]
    assert records[0]["frozen"] == [0, 3] and records[1] == {
        "epoch": 0.0,
        "frozen": [],
        "frozen_before": [0, 3],
    }
    assert not torch.equal(module_at(trainer.model, (0,)).weight, before)


def test_a_change_that_does_not_fit_is_refused_and_changes_nothing() -> None:
    trainer = make_trainer(small_project(epochs=1, lr=0.01))
    control = RunControl()
    control.changes.put(RunChange(lr=0.5, dropout=((0, 0.5),)))  # layer 0 is a conv
    control.changes.put(RunChange(lr=-1.0))
    events = _run(trainer, control)
    errors = [e.error for e in of_type(events, SettingsChanged)]
    assert errors == ["layer 0 is not a dropout layer", "learning rate -1.0: must be a number above 0"]
    assert trainer.optimizer.param_groups[0]["lr"] == 0.01 and trainer.history.changes == []


def test_a_change_goes_through_the_child_process_control_path() -> None:
    """The window sends Command("change", RunChange) through the pipe; the child's listener queues it."""
    command = pickle.loads(pickle.dumps(Command("change", RunChange(lr=0.002, frozen=(1,)))))
    controls = Controls()
    controls.apply(command)
    control = RunControl(stop=controls.stop, pause=controls.pause, changes=controls.changes)
    assert control.take_changes() == [RunChange(lr=0.002, frozen=(1,))]
    assert control.take_changes() == []
    controls.apply(command)
    controls.reset()  # a new job starts without the last run's unapplied changes
    assert control.take_changes() == []
