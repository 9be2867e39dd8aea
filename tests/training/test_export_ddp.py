"""The exported ``train_ddp.py`` trains under torchrun on two CPU processes (gloo) without CNN Studio.

The data is tiny (64 training images of 1x16x16), so a run is dominated by starting three Pythons. The
workers get a ``PYTHONPATH`` whose ``cnnstudio`` package refuses to import, so any use of the studio by the
script or model.py fails the run instead of silently working on this machine.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import torch
from engine_fixtures import small_layers, small_project

from cnnstudio.cli import main
from cnnstudio.core import specs as S
from cnnstudio.core.project_file import save
from cnnstudio.training.datasets import load_dataset
from cnnstudio.training.engine import Trainer, TrainJob
from cnnstudio.training.export import export_project
from cnnstudio.training.export.ddp_script import script_settings, script_source
from cnnstudio.training.export.pytorch_code import generate_model_code

TINY = {"name": "shapes", "num_classes": 4, "num_images": 80}  # 64 train, 8 validation, 8 test images


def _import_model_py(path: Path):
    spec = importlib.util.spec_from_file_location(f"exported_{abs(hash(path))}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _without_cnnstudio(tmp_path: Path) -> dict[str, str]:
    """An environment whose Python finds a ``cnnstudio`` that refuses to be imported."""
    shadow = tmp_path / "shadow" / "cnnstudio"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('train_ddp.py must not need CNN Studio')\n")
    return {**os.environ, "PYTHONPATH": str(shadow.parent), "OMP_NUM_THREADS": "1"}


def _trained_checkpoint(project, folder: Path) -> Path:
    """best.pt from a real (one-epoch) run of the studio's engine."""
    job = TrainJob(project.replace(training={**project.training, "epochs": 1}), out_dir=folder, probes=False)
    events = list(Trainer(job).run())
    assert events[-1].reason == "completed"
    return folder / "best.pt"


def test_train_ddp_runs_on_two_cpu_processes_and_its_weights_load_into_model_py(tmp_path: Path) -> None:
    project = small_project(dataset=TINY, epochs=3, l2=0.001)
    checkpoint = _trained_checkpoint(project, tmp_path / "run")
    folder = tmp_path / "ddp"
    written = export_project(project, "ddp", folder, checkpoint)
    assert sorted(p.name for p in written) == ["data.pt", "model.py", "train_ddp.py", "weights.pt"]
    data = torch.load(folder / "data.pt", weights_only=True)
    assert data["train_x"].shape == (64, 1, 16, 16) and data["class_names"] == [
        "circle",
        "square",
        "triangle",
        "cross",
    ]
    splits = load_dataset(TINY, (1, 16, 16), seed=0)
    assert torch.equal(data["val_x"], splits.whiten(splits.val_x))  # the studio's own splits, whitened

    command = [
        sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2", "--standalone", "train_ddp.py",
        "--epochs", "1", "--device", "cpu", "--weights", "weights.pt", "--out", "out",
    ]  # fmt: skip
    result = subprocess.run(
        command, cwd=folder, env=_without_cnnstudio(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "training on 2 process(es), cpu: 64 images, 16 per process per batch" in result.stdout
    assert "epoch 1/1" in result.stdout
    history = json.loads((folder / "out" / "history.json").read_text(encoding="utf-8"))
    assert history["world_size"] == 2 and len(history["epochs"]) == 1

    model_py = _import_model_py(folder / "model.py")
    net = model_py.Model()
    net.load_state_dict(torch.load(folder / "out" / "weights.pt", weights_only=True))  # strict
    start = torch.load(folder / "weights.pt", weights_only=True)
    assert not torch.equal(net.state_dict()["conv1.weight"], start["conv1.weight"])  # it trained
    with torch.no_grad():
        assert torch.isfinite(net.eval()(data["test_x"])).all()


def test_train_ddp_also_runs_as_one_plain_process(tmp_path: Path) -> None:
    folder = tmp_path / "ddp"
    export_project(small_project(dataset=TINY), "ddp", folder)
    result = subprocess.run(
        [sys.executable, "train_ddp.py", "--epochs", "1", "--device", "cpu", "--out", str(tmp_path / "out")],
        cwd=folder, env=_without_cnnstudio(tmp_path), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "training on 1 process(es), cpu: 64 images, 32 per process per batch" in result.stdout
    assert (tmp_path / "out" / "weights.pt").is_file()


def test_script_settings_resolve_the_usual_values_and_the_penalised_weights() -> None:
    project = small_project(
        dataset=TINY, optimizer="sgd", schedule="multistep", epochs=8, l1=0.01, penalty_scope="conv"
    )
    code = generate_model_code(project)
    settings = script_settings(project, code)
    assert settings["momentum"] == 0.9 and settings["gamma"] == 0.1 and settings["milestones"] == [4, 6]
    assert settings["penalized"] == ["conv1.weight", "conv2.weight"] and settings["l1"] == 0.01
    namespace: dict = {"__name__": "train_ddp", "__file__": "train_ddp.py"}
    exec(compile(script_source(project, code), "train_ddp.py", "exec"), namespace)
    assert namespace["SETTINGS"] == settings  # the file holds exactly these values
    assert namespace["__doc__"].startswith("Train tiny (Tiny in model.py) with DistributedDataParallel.")


def test_ddp_export_refuses_a_network_that_does_not_fit_the_classes(tmp_path: Path, capsys) -> None:
    layers = (*small_layers()[:-1], S.Linear(out_features=3))  # 3 outputs for 4 classes
    file = tmp_path / "three.cnnproj.json"
    save(small_project(layers=layers, dataset=TINY), file)
    status = main(["export", str(file), "--format", "ddp", "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1
    assert err.startswith(f"cnnstudio: {file}: the last layer gives 3 outputs but the dataset 'shapes' has 4")
    assert not (tmp_path / "out" / "train_ddp.py").exists()
