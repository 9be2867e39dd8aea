"""The memory budget, activation counts and the instant pre-Start checks, without torch.

Truth from outside the code: cs231n's VGG-16 walk-through (its per-layer activation counts), hand-worked
arithmetic for the budget's parts, and the files on disk for the folder checks. The torch side (numel of
every layer's output, the optimiser's real state, the loader's real split sizes) is in
tests/training/test_budget_torch.py.
"""

from __future__ import annotations

import json

import pytest

from cnnstudio.cli import main
from cnnstudio.core import specs as S
from cnnstudio.core.budget import FLOAT32, eval_chunk, memory_budget, optimizer_state_copies, size_text
from cnnstudio.core.dataset_size import SplitCounts, class_count, folder_problem, split_counts
from cnnstudio.core.project import InputShape, Project, default_project
from cnnstudio.core.project_file import save
from cnnstudio.core.readiness import (
    EMPTY_NETWORK,
    NO_WEIGHTS,
    memory_problem,
    memory_warning,
    start_problems,
    time_warning,
)
from cnnstudio.core.run_time import StepTiming, batches_per_epoch, estimate_time
from cnnstudio.core.summary import summary_json, summary_table
from cnnstudio.core.templates import make_template
from cnnstudio.core.training_settings import TrainingSettings

# cs231n, "CS231n Convolutional Neural Networks for Visual Recognition", case study VGGNet: the memory
# column (activation values) of every CONV, POOL and FC layer of VGG-16 at 224x224x3.
CS231N_VGG16_MEMORY = [
    224 * 224 * 64, 224 * 224 * 64, 112 * 112 * 64,
    112 * 112 * 128, 112 * 112 * 128, 56 * 56 * 128,
    56 * 56 * 256, 56 * 56 * 256, 56 * 56 * 256, 28 * 28 * 256,
    28 * 28 * 512, 28 * 28 * 512, 28 * 28 * 512, 14 * 14 * 512,
    14 * 14 * 512, 14 * 14 * 512, 14 * 14 * 512, 7 * 7 * 512,
    4096, 4096, 1000,
]  # fmt: skip


def test_vgg16_activations_match_cs231n_layer_by_layer() -> None:
    project = make_template("vgg16")
    rows = summary_json(project)["layers"]
    counted = [r["activation_values"] for r in rows if r["type"] in ("conv2d", "maxpool2d", "linear")]
    assert counted == CS231N_VGG16_MEMORY
    assert sum(counted) + 3 * 224 * 224 == 15_237_608  # the table's own sum (its text says "24M")
    # ReLU and dropout are layers of their own here (torch's nn.ReLU() is not in place), and torchvision's
    # VGG has an adaptive pooling to 7x7 and a flatten: each adds its output
    relus = sum(r["activation_values"] for r in rows if r["type"] == "relu")
    others = 2 * 7 * 7 * 512 + 2 * 4096  # adaptiveavgpool2d, flatten; two dropouts
    assert summary_json(project)["total_activation_values"] == sum(counted) + relus + others


def test_summary_json_gives_activation_fields_for_children_and_totals() -> None:
    block = S.Residual(layers=(S.Conv2d(out_channels=8, kernel_size=3, stride=2, padding=1), S.ReLU()))
    layers = (S.Conv2d(out_channels=4, kernel_size=3), block, S.Flatten(), S.Linear(out_features=3))
    project = Project(input=InputShape(2, 10, 10), layers=layers)
    out = summary_json(project)
    res = out["layers"][1]
    assert res["activation_values"] == 8 * 4 * 4 and res["activation_bytes"] == 4 * 8 * 4 * 4
    assert [c["activation_values"] for c in res["children"]] == [128, 128]
    assert out["total_activation_values"] == 4 * 8 * 8 + 128 + 128 + 3
    memory = out["memory"]
    assert set(memory) >= {"parameters", "gradients", "optimizer_state", "activations_per_batch", "dataset"}
    assert all(isinstance(v, int) for k, v in memory.items() if k != "available")
    assert memory["parameters"] == 4 * out["total_params"]


def test_budget_parts_by_hand() -> None:
    # 1x4x4 -> conv 2@3x3 (20 params) -> 2x2x2 -> flatten 8 -> linear 3 (27 params); Adam, batch 10
    layers = (S.Conv2d(out_channels=2, kernel_size=3), S.Flatten(), S.Linear(out_features=3))
    dataset = {"name": "shapes", "num_classes": 3, "num_images": 100}
    training = {
        "optimizer": "adam",
        "lr": 0.01,
        "batch_size": 10,
        "epochs": 1,
        "seed": 0,
        "eval_batch_size": 4,
    }
    project = Project(input=InputShape(1, 4, 4), layers=layers, dataset=dataset, training=training)
    b = memory_budget(project, available=10**9)
    assert b.params == 47 and b.parameters == b.gradients == 188
    assert b.optimizer_state == 2 * 188 and b.weight_copies == 2 * 188
    assert b.input_per_image == 64
    assert b.backward_per_image == FLOAT32 * (16 + 8 + 8 + 3)  # input, conv, flatten, linear
    assert b.forward_per_image == b.backward_per_image  # no pooling indices, no dropout mask
    assert b.activations_per_batch == 10 * 2 * 140
    assert b.eval_per_image == FLOAT32 * (16 + 8)  # the widest input + output pair
    assert b.evaluation == 4 * 96
    assert b.images == SplitCounts(80, 10, 10) and b.dataset == 100 * 16  # 8-bit pixels, one byte a value
    assert b.total == 6 * 188 + 1600 + 2800  # weights, gradients, 2 moments, 2 copies; data; a batch
    assert b.fits and not b.tight


def test_max_pooling_and_dropout_keep_more_for_backward() -> None:
    base = (S.Conv2d(out_channels=2, kernel_size=1),)
    plain = memory_budget(Project(input=InputShape(1, 4, 4), layers=(*base, S.ReLU())))
    pooled = memory_budget(Project(input=InputShape(1, 4, 4), layers=(*base, S.MaxPool2d(kernel_size=1))))
    dropped = memory_budget(Project(input=InputShape(1, 4, 4), layers=(*base, S.Dropout(p=0.5))))
    assert pooled.forward_per_image - plain.forward_per_image == 8 * 32  # int64 positions
    assert dropped.forward_per_image - plain.forward_per_image == 32  # a bool mask


@pytest.mark.parametrize(
    ("values", "copies"),
    [
        ({"optimizer": "sgd", "momentum": 0.0}, 0),
        ({"optimizer": "sgd"}, 1),  # momentum 0.9 by default
        ({"optimizer": "rmsprop"}, 1),
        ({"optimizer": "rmsprop", "momentum": 0.9}, 2),
        ({"optimizer": "adagrad"}, 1),
        ({"optimizer": "adam"}, 2),
        ({"optimizer": "adamw"}, 2),
    ],
)
def test_optimizer_state_copies(values, copies) -> None:
    assert optimizer_state_copies(TrainingSettings.from_dict({"lr": 0.1, **values})) == copies


def test_a_run_that_does_not_fit_says_what_to_change() -> None:
    project = default_project()
    b = memory_budget(
        project, available=memory_budget(project).weights + memory_budget(project).dataset + 10**7
    )
    assert b.fits is False
    largest = b.largest_batch()
    assert 0 < largest < 64
    text = memory_problem(b)
    assert text.startswith("the run needs about ") and "lower the batch size to" in text
    smaller = memory_budget(project, project_settings(project, batch_size=largest), b.available)
    assert smaller.fits
    # weights that cannot fit at all: the advice is a smaller network
    huge = project.with_layers((S.Flatten(), S.Linear(out_features=10**6), S.Linear(out_features=6)))
    assert "choose a smaller network" in memory_problem(memory_budget(huge, available=10**9))
    assert memory_problem(memory_budget(project, available=None)) == ""


def project_settings(project: Project, **changes) -> TrainingSettings:
    return TrainingSettings.from_dict(project.training).replace(**changes)


def test_evaluation_goes_in_the_trainers_chunks_lowered_to_what_fits() -> None:
    project = make_template("vgg16").replace(dataset={"name": "shapes", "num_classes": 4, "num_images": 3000})
    free = memory_budget(project, available=None)  # batch size 32: chunks of two batches, not of 1024
    assert free.eval_batch_size == 1024 and free.eval_chunk == free.eval_images == 64
    assert free.evaluation == 64 * free.eval_per_image
    assert [eval_chunk(b, 1024) for b in (1, 32, 100, 600)] == [64, 64, 200, 1024]
    assert eval_chunk(100, 16) == 16
    few = project.replace(dataset={**project.dataset, "num_images": 200})
    assert memory_budget(few).eval_images == 20  # no larger than the splits
    # batch size 1: the 64 images of a chunk would not fit beside the weights and the data, so fewer
    settings = project_settings(project, batch_size=1)
    assert memory_budget(project, settings, available=None).total > 4 * 10**9
    b = memory_budget(project, settings, available=4 * 10**9)
    assert b.eval_chunk == b.eval_batch_size < 64 and b.evaluation <= b.available - b.weights - b.dataset
    assert b.fits


def test_tight_warning_and_time_warning() -> None:
    project = default_project()
    project = project.replace(training={**project.training, "eval_batch_size": 16})  # training decides
    b = memory_budget(project)
    tight = memory_budget(project, available=int(b.total / 0.9))
    assert tight.fits and tight.tight and "batch size of 32" in memory_warning(tight)
    assert memory_warning(memory_budget(project, available=b.total * 10)) == ""
    images = SplitCounts(6400, 800, 800)
    slow = estimate_time(StepTiming(seconds=1.0, batch=2, device="cpu (1 thread)"), 64, 10, images)
    assert slow.extrapolated and slow.seconds_per_batch == 32.0
    assert slow.batches_per_epoch == 100
    assert slow.epoch_seconds == pytest.approx(3200 + 800 * 0.5 / 3)
    assert slow.run_seconds == pytest.approx(10 * slow.epoch_seconds + 800 * 0.5 / 3)
    assert "the run would take about 9:" in time_warning(
        slow
    ) and "per epoch) on cpu (1 thread)" in time_warning(slow)
    quick = estimate_time(StepTiming(seconds=0.01, batch=64, device="cpu"), 64, 10, images)
    assert not quick.long and time_warning(quick) == ""


@pytest.mark.parametrize(
    ("n", "batch", "batches"), [(0, 8, 0), (1, 8, 1), (8, 8, 1), (9, 8, 1), (10, 8, 2), (17, 8, 2)]
)
def test_batches_per_epoch_drops_a_last_batch_of_one(n, batch, batches) -> None:
    assert batches_per_epoch(n, batch) == batches


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "0 B"), (999, "999 B"), (1000, "1.00 KB"), (93_000_000, "93.0 MB"), (553_430_176, "553 MB"),
     (1_230_000_000, "1.23 GB"), (999_600, "1.00 MB")],
)  # fmt: skip
def test_size_text(n, text) -> None:
    assert size_text(n) == text


# -- the instant checks ----------------------------------------------------------------------------------
def test_start_problems_in_order() -> None:
    assert start_problems(Project()) == [EMPTY_NETWORK]
    only_relu = Project(input=InputShape(1, 4, 4), layers=(S.Flatten(), S.ReLU()))
    problems = start_problems(only_relu.replace(dataset={"name": "shapes", "num_classes": 16}))
    assert problems[0] == NO_WEIGHTS
    vgg = make_template("vgg16").replace(dataset={"name": "shapes", "num_classes": 4})
    assert start_problems(vgg) == [
        "the last layer gives 1000 outputs but the dataset 'shapes' has 4 classes: "
        "set the last linear layer's out_features to 4"
    ]
    ends_in_map = Project(input=InputShape(1, 4, 4), layers=(S.Conv2d(out_channels=2, kernel_size=1),))
    assert "ends in a 2 x 4 x 4 feature map" in start_problems(ends_in_map)[0]
    assert start_problems(default_project()) == []
    assert start_problems(default_project(), memory_budget(default_project(), available=1000))[0].startswith(
        "the run needs about"
    )


def test_class_counts_known_without_data(tmp_path) -> None:
    assert class_count({"name": "shapes"}) == 4  # the loader's default
    assert class_count({"name": "shapes", "num_classes": 7}) == 7
    assert class_count({"name": "cifar100"}) == 100
    assert class_count({"name": "digits"}) == 10
    for name in ("cat", "dog", "emu"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.png").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a class")
    assert class_count({"name": "folder", "root": str(tmp_path)}) == 3
    assert split_counts({"name": "folder", "root": str(tmp_path), "val_fraction": 0, "test_fraction": 0}) == (
        SplitCounts(3, 0, 0)
    )
    assert class_count({"name": "folder", "root": str(tmp_path / "missing")}) is None


def test_split_counts_follow_fractions_and_limits() -> None:
    assert split_counts({"name": "mnist"}) == SplitCounts(54_000, 6_000, 10_000)  # own test split
    assert split_counts({"name": "mnist", "limit": 500, "eval_limit": 100}) == SplitCounts(500, 100, 100)
    assert split_counts({"name": "shapes", "num_images": 1000, "val_fraction": 0.2}) == SplitCounts(
        700, 200, 100
    )
    assert split_counts({"name": "shapes", "num_images": 10**400}) == SplitCounts(2400, 300, 300)  # lenient


def test_folder_problems(tmp_path) -> None:
    assert "needs a folder" in folder_problem({"name": "folder"})
    assert "does not exist" in folder_problem({"name": "folder", "root": str(tmp_path / "nope")})
    assert "no class subfolders" in folder_problem({"name": "folder", "root": str(tmp_path)})
    (tmp_path / "a").mkdir()
    assert folder_problem({"name": "folder", "root": str(tmp_path)}) == ""
    missing = {"name": "cifar10", "root": str(tmp_path / "data")}
    assert folder_problem(missing) == (
        f"CIFAR-10 is not in {tmp_path / 'data'} (7 files missing, such as cifar-10-batches-py/data_batch_1): "
        "allow the download, copy the files there, or choose another folder."
    )
    assert folder_problem({**missing, "download": True}) == ""
    assert folder_problem({"name": "shapes"}) == ""


# -- the command line --------------------------------------------------------------------------------------
def test_summary_prints_the_budget(tmp_path, capsys) -> None:
    path = tmp_path / "net.cnnproj.json"
    save(default_project(), path)
    assert main(["summary", str(path)]) == 0
    text = capsys.readouterr().out
    assert "Activations" in text.splitlines()[2]
    assert "Total activations: 75,910 values per image (304 KB as float32" in text
    assert "Memory for training (estimate, batch size 64, adam):" in text
    assert "8,000 images (6,400 training, 800 validation, 800 test)" in text
    assert main(["summary", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total_activation_values"] == 75_910
    assert data["memory"]["dataset"] == 8000 * 3 * 32 * 32  # 8-bit pixels
    assert "memory" in summary_json(default_project()) and "Memory for training" in summary_table(
        default_project()
    )


def test_too_many_layers_are_refused_at_load_before_any_is_built(tmp_path, capsys) -> None:
    import time

    from cnnstudio.core.project_file import MAX_LAYERS

    block = {"type": "residual", "layers": [{"type": "relu"}] * 1000}
    document = {
        "format": "cnnstudio-project", "version": 1, "name": "deep", "input": {"channels": 1, "height": 4, "width": 4},
        "layers": [{"type": "concat", "branches": [[block] * 100, [block] * 101]}],
    }  # fmt: skip
    path = tmp_path / "deep.cnnproj.json"
    path.write_text(json.dumps(document))
    start = time.perf_counter()
    assert main(["summary", str(path)]) == 1
    assert time.perf_counter() - start < 5
    assert f"layers: has more than {MAX_LAYERS:,} layers" in capsys.readouterr().err
    document["layers"] = [{"type": "relu"}] * 100_000  # a hundred thousand still work
    path.write_text(json.dumps(document))
    assert main(["summary", str(path), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["layers"]) == 100_000
