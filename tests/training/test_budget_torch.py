"""The budget against torch: numel of every layer's output, the tensors autograd keeps, the optimiser's
state after a step, the loader's split sizes; and the checks that refuse a run before allocating.
"""

from __future__ import annotations

import json
import math
import threading
import warnings

import pytest
import torch
from engine_fixtures import small_project
from hypothesis import HealthCheck, given, settings
from test_build_properties import _output_shapes, networks
from torch import nn

from cnnstudio.cli import main
from cnnstudio.core import specs as S
from cnnstudio.core.budget import FLOAT32, memory_budget
from cnnstudio.core.dataset_size import split_counts
from cnnstudio.core.project import InputShape, Project, default_project
from cnnstudio.core.project_file import save
from cnnstudio.core.run_time import batches_per_epoch
from cnnstudio.core.shapes import infer
from cnnstudio.core.summary import summary_json
from cnnstudio.core.templates import make_template
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training import dry_run
from cnnstudio.training.build import build_model
from cnnstudio.training.datasets import load_dataset
from cnnstudio.training.engine import Trainer, TrainJob
from cnnstudio.training.errors import MemoryBudgetError, NetworkMismatchError
from cnnstudio.training.optim import make_optimizer


def _rows(rows: list[dict], path: tuple[int, ...] = ()) -> dict[tuple[int, ...], dict]:
    """Every row of ``summary --json`` (children too) by its layer path."""
    found = {}
    for row in rows:
        here = (*path, row.get("branch", 0), row["index"]) if path else (row["index"],)
        found[here] = row
        found.update(_rows(row.get("children", []), here))
    return found


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(networks)
def test_activation_values_are_the_numel_of_every_layer_output(network) -> None:
    shape, layers = network
    project = Project(input=InputShape(*shape), layers=tuple(layers))
    if not project.report.valid:
        return
    out = summary_json(project)
    rows = _rows(out["layers"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        seen = _output_shapes(build_model(project), layers, torch.randn(2, *shape))
    for path, _ in S.walk(layers):
        numel = math.prod(seen[path])
        assert rows[path]["activation_values"] == numel, (path, layers)
        assert rows[path]["activation_bytes"] == 4 * numel
    assert out["total_activation_values"] == sum(math.prod(seen[(i,)]) for i in range(len(layers)))


def _saved_bytes(model: nn.Module, x: torch.Tensor) -> int:
    """Bytes of the tensors autograd keeps for the backward pass, weights left out (each storage once)."""
    weights = {p.untyped_storage().data_ptr() for p in model.parameters()}
    weights |= {b.untyped_storage().data_ptr() for b in model.buffers()}
    kept: dict[int, int] = {}

    def pack(t: torch.Tensor) -> torch.Tensor:
        storage = t.untyped_storage()
        if storage.data_ptr() not in weights:
            kept[storage.data_ptr()] = storage.nbytes()
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        model.train()(x)
    return sum(kept.values())


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(networks)
def test_forward_estimate_covers_what_autograd_keeps(network) -> None:
    shape, layers = network
    project = Project(input=InputShape(*shape), layers=tuple(layers))
    if not project.report.valid:
        return
    batch = 4
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kept = _saved_bytes(build_model(project), torch.randn(batch, *shape, requires_grad=True))
    budget = memory_budget(project)
    # BatchNorm also keeps two per-channel statistics per batch, not per image: at most 2 x channels floats
    stats = sum(8 * r.input_shape[0] for r in project.report.walk() if r.type == "batchnorm2d")
    assert kept <= budget.activations_forward_per_batch * batch // budget.batch_size + stats


@pytest.mark.parametrize("name", ["vgg11", "resnet18", "alexnet"])
def test_forward_estimate_is_close_on_classic_networks(name) -> None:
    project = make_template(name).replace(input=InputShape(3, 64, 64))
    kept = _saved_bytes(build_model(project), torch.randn(2, 3, 64, 64, requires_grad=True))
    estimate = 2 * memory_budget(project).forward_per_image
    assert kept <= estimate <= 2 * kept  # measured 1.2-1.6x: every output counts, views and in-place too


@pytest.mark.parametrize(
    "values",
    [
        {"optimizer": "sgd", "momentum": 0.0},
        {"optimizer": "sgd", "momentum": 0.9, "nesterov": True},
        {"optimizer": "rmsprop"},
        {"optimizer": "rmsprop", "momentum": 0.5},
        {"optimizer": "adagrad"},
        {"optimizer": "adam"},
        {"optimizer": "adamw"},
    ],
)
def test_optimizer_state_is_what_torch_keeps(values) -> None:
    s = TrainingSettings.from_dict({"lr": 0.01, **values})
    project = small_project()
    model = build_model(project)
    optimizer = make_optimizer(model.parameters(), s)
    model(torch.randn(4, *project.input.shape)).sum().backward()
    optimizer.step()
    state = sum(
        t.numel() * t.element_size()
        for per_param in optimizer.state.values()
        for t in per_param.values()
        if torch.is_tensor(t) and t.dim() > 0
    )
    assert memory_budget(project, s).optimizer_state == state


@pytest.mark.parametrize(
    "dataset",
    [
        {"name": "shapes", "num_classes": 3, "num_images": 301},
        {"name": "shapes", "num_classes": 3, "num_images": 500, "val_fraction": 0.25, "test_fraction": 0.05},
        {"name": "shapes", "num_classes": 3, "num_images": 500, "limit": 123, "eval_limit": 7},
        {"name": "digits", "val_fraction": 0.0},
    ],
)
def test_split_counts_and_dataset_bytes_match_the_loader(dataset) -> None:
    shape = (1, 12, 12)
    data = load_dataset(dataset, shape, seed=0)
    counts = split_counts(dataset)
    assert (counts.train, counts.val, counts.test) == (len(data.train_x), len(data.val_x), len(data.test_x))
    project = Project(input=InputShape(*shape), layers=small_project().layers, dataset=dataset)
    held = sum(t.numel() * t.element_size() for t in (data.train_x, data.val_x, data.test_x))
    assert memory_budget(project).dataset == held


def test_batches_per_epoch_is_the_engines() -> None:
    for n, size in ((160, 32), (161, 32), (162, 32), (5, 8)):
        project = small_project(batch_size=size)
        data = load_dataset(
            {"name": "shapes", "num_classes": 4, "num_images": n, "val_fraction": 0, "test_fraction": 0},
            project.input.shape,
        )
        trainer = Trainer(TrainJob(project, data=data, probes=False))
        assert len(trainer.batches(1)) == batches_per_epoch(n, size)


# -- refused before allocating -----------------------------------------------------------------------------
def test_class_count_is_checked_before_the_data_is_drawn(monkeypatch) -> None:
    project = make_template("vgg16").replace(dataset={"name": "shapes", "num_classes": 4})

    def no_data(*args, **kwargs):
        raise AssertionError("the dataset was loaded before the class check")

    monkeypatch.setattr("cnnstudio.training.engine.load_dataset", no_data)
    with pytest.raises(NetworkMismatchError, match="1000 outputs but the dataset 'shapes' has 4 classes"):
        Trainer(TrainJob(project))


def test_a_run_too_big_for_memory_is_refused_before_allocating(monkeypatch) -> None:
    # The default project needs about 71 MB (its 8,000 images held as 8-bit pixels: 25 MB of it).
    monkeypatch.setattr(dry_run, "available_ram", lambda: 38 * 10**6)
    monkeypatch.setattr("cnnstudio.training.engine.load_dataset", lambda *a: pytest.fail("data loaded"))
    monkeypatch.setattr("cnnstudio.training.engine.start_model", lambda *a: pytest.fail("built"))
    with pytest.raises(
        MemoryBudgetError, match=r"needs about .* but 38.0 MB is available: lower the batch size to 8 or less"
    ):
        Trainer(TrainJob(default_project()))


def test_train_and_export_refuse_a_trillion_parameters_quickly(tmp_path, capsys) -> None:
    project = Project(
        input=InputShape(1, 1000, 1000),
        layers=(S.Flatten(), S.Linear(out_features=10**6), S.Linear(out_features=4)),
        dataset={"name": "shapes", "num_classes": 4, "num_images": 100},
    )
    path = tmp_path / "huge.cnnproj.json"
    save(project, path)
    assert main(["train", str(path)]) == 1
    assert "the run needs about 24.0 TB of memory" in capsys.readouterr().err
    assert main(["export", str(path), "--format", "state_dict", "-o", str(tmp_path / "w.pt")]) == 1
    err = capsys.readouterr().err
    assert "exporting needs about 8.00 TB of memory (1,000,005,000,004 parameters)" in err
    assert not (tmp_path / "w.pt").exists()


def test_the_trainer_evaluates_in_the_budgets_chunks_lowered_to_fit(monkeypatch) -> None:
    # batch size 1: the evaluation's chunks of 64 images would not fit; room for about 10 is left
    project = small_project(eval_batch_size=1000, batch_size=1)
    budget = memory_budget(project)
    assert budget.eval_chunk == 64
    room = budget.weights + budget.dataset + max(budget.activations_per_batch, 10 * budget.eval_per_image)
    monkeypatch.setattr(dry_run, "available_ram", lambda: int(room / 0.8) + 1)
    trainer = Trainer(TrainJob(project, probes=False))
    chunk = trainer.budget.eval_chunk
    assert 10 <= chunk < 64 and trainer.eval_chunk == chunk
    sizes: list[int] = []  # what the model is really given, whichever function of the trainer evaluates
    trainer.model.register_forward_pre_hook(lambda _, args: sizes.append(args[0].shape[0]))
    assert trainer.evaluate(*trainer.val) is not None
    assert sum(sizes) == len(trainer.val[1]) and max(sizes) == chunk


# -- the dry run -----------------------------------------------------------------------------------------------
def test_dry_run_measures_a_step_and_can_be_cancelled() -> None:
    project = default_project()
    s = TrainingSettings.from_dict(project.training).replace(threads=1)
    first = []
    timing = dry_run.measure_step(project, s, progress=first.append)
    assert (
        timing is not None and timing.seconds > 0 and timing.batch == 64 and timing.device.startswith("cpu")
    )
    assert first and first[0].batch == 2
    stop = threading.Event()
    stop.set()
    assert dry_run.measure_step(project, s, stop) is None


def test_dry_run_refuses_what_cannot_fit(monkeypatch) -> None:
    monkeypatch.setattr(dry_run, "available_ram", lambda: 10**6)
    with pytest.raises(MemoryBudgetError):
        dry_run.measure_step(default_project(), TrainingSettings())


def test_summary_measure_gives_the_time(tmp_path, capsys) -> None:
    path = tmp_path / "net.cnnproj.json"
    save(small_project(), path)
    assert main(["summary", str(path), "--measure", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    time = data["time"]
    assert time["seconds_per_batch"] > 0 and time["run_seconds"] > time["epoch_seconds"] > 0
    assert data["memory"]["available"] > 0
    assert main(["summary", str(path), "--measure"]) == 0
    assert "Time on cpu" in capsys.readouterr().out


def test_infer_is_unchanged_by_budget() -> None:
    # the budget reads the report; it never changes it (a cached_property shared by every view)
    project = default_project()
    before = infer(project.input.shape, project.layers)
    memory_budget(project)
    assert project.report == before
    assert torch.tensor([], dtype=torch.float32).element_size() == FLOAT32


# -- on a GPU (skipped without CUDA; the lead runs these on the device machine) --------------------------------
cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


@cuda
@pytest.mark.parametrize(
    ("name", "size", "batch"), [("vgg11", 64, 16), ("resnet18", 112, 32), ("alexnet", 224, 16)]
)
def test_budget_against_cuda_peak_memory(name, size, batch) -> None:
    """The budget's weights, gradients, optimiser state and activations against torch's own count of the
    memory a training step allocated on the GPU (max_memory_allocated): the truth the CPU cannot give."""
    project = make_template(name).replace(input=InputShape(3, size, size))
    s = TrainingSettings.from_dict({"optimizer": "sgd", "lr": 0.01, "momentum": 0.9, "batch_size": batch})
    device = torch.device("cuda")
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats(device)
    start = torch.cuda.memory_allocated(device)
    model = build_model(project).to(device)
    optimizer = make_optimizer(model.parameters(), s)
    classes = project.report.output_shape[0]
    for _ in range(3):
        x = torch.randn(batch, 3, size, size, device=device)
        y = torch.randint(0, classes, (batch,), device=device)
        optimizer.zero_grad(set_to_none=True)
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    torch.cuda.synchronize(device)
    measured = torch.cuda.max_memory_allocated(device) - start
    b = memory_budget(project, s)
    estimate = b.parameters + b.gradients + b.optimizer_state + b.activations_per_batch
    print(f"{name}@{size} batch {batch}: measured {measured / 1e6:.0f} MB, budget {estimate / 1e6:.0f} MB")
    assert 0.5 <= measured / estimate <= 1.5
    del model, optimizer
    torch.cuda.empty_cache()


@cuda
def test_dry_run_and_free_memory_on_cuda() -> None:
    project = default_project()
    s = TrainingSettings.from_dict(project.training).replace(device="cuda")
    timing = dry_run.measure_step(project, s, reserve_gui_core=False)
    assert timing is not None and timing.seconds > 0 and timing.device.startswith("cuda:")
    free = dry_run.device_memory(torch.device("cuda"))
    assert 0 < free <= torch.cuda.get_device_properties(0).total_memory
