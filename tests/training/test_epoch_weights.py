"""Per-epoch weights (epoch replay): written by the engine that the window and ``cnnstudio train`` share,
each the model exactly as it was after its epoch, bounded by a size cap, and gone with a replaced run."""

from __future__ import annotations

from pathlib import Path

import torch
from engine_fixtures import THREADS, make_trainer, run_all, small_project

from cnnstudio.cli import main
from cnnstudio.core.project import default_project
from cnnstudio.core.project_file import save
from cnnstudio.training import epoch_weights
from cnnstudio.training.build import build_model
from cnnstudio.training.checkpoint import load_checkpoint
from cnnstudio.training.epoch_weights import epoch_path, keeps_epochs, kept_epochs
from cnnstudio.training.events import EpochEnd
from cnnstudio.training.trained_run import TrainedRun


def test_each_epochs_file_holds_the_model_as_it_was_after_that_epoch(tmp_path: Path) -> None:
    trainer = make_trainer(small_project(epochs=3), out_dir=tmp_path)
    after: dict[int, dict[str, torch.Tensor]] = {}

    def remember(event) -> None:  # the event is yielded after the epoch's files are written
        if isinstance(event, EpochEnd):
            after[event.epoch] = {k: v.detach().clone() for k, v in trainer.model.state_dict().items()}

    run_all(trainer, on_event=remember)
    assert kept_epochs(tmp_path) == [1, 2, 3]
    for epoch, state in after.items():
        saved = load_checkpoint(epoch_path(tmp_path, epoch))
        assert saved["kind"] == "model" and saved["epoch"] == epoch
        assert all(torch.equal(saved["model"][k], v) for k, v in state.items())
    assert not torch.equal(after[1]["0.weight"], after[3]["0.weight"])
    run = TrainedRun(tmp_path, epoch=2)  # read back as the insight views read it
    model = run.model()
    assert all(torch.equal(model.state_dict()[k], v) for k, v in after[2].items())


def test_the_command_line_keeps_them_too(tmp_path: Path, capsys) -> None:
    path = tmp_path / "tiny.cnnproj.json"
    save(small_project(epochs=2), path)
    out = tmp_path / "out"
    assert main(["train", str(path), "--out", str(out), "--threads", str(THREADS), "--json"]) == 0
    capsys.readouterr()
    assert kept_epochs(out) == [1, 2]


def test_networks_over_the_cap_keep_none(tmp_path: Path, monkeypatch) -> None:
    project = small_project(epochs=2)
    size = sum(p.numel() for p in build_model(project).parameters())
    monkeypatch.setattr(epoch_weights, "MAX_PARAMETERS", size - 1)
    run_all(make_trainer(project, out_dir=tmp_path))
    assert kept_epochs(tmp_path) == [] and (tmp_path / "best.pt").is_file()
    monkeypatch.setattr(epoch_weights, "MAX_EPOCHS", 1)
    monkeypatch.setattr(epoch_weights, "MAX_PARAMETERS", size)
    run_all(make_trainer(project, out_dir=tmp_path / "capped"))
    assert kept_epochs(tmp_path / "capped") == [1]


def test_the_default_project_qualifies() -> None:
    assert keeps_epochs(build_model(default_project()))


def test_a_new_run_in_the_folder_removes_the_old_runs_epochs(tmp_path: Path) -> None:
    run_all(make_trainer(small_project(epochs=3), out_dir=tmp_path))
    trainer = make_trainer(small_project(epochs=1), out_dir=tmp_path)
    assert kept_epochs(tmp_path) == []
    run_all(trainer)
    assert kept_epochs(tmp_path) == [1]
