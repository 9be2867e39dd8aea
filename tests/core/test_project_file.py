"""The project file: round trip, unknown keys kept, migrations, refusals with the JSON path, atomic saves."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from cnnstudio.core import project_file as files
from cnnstudio.core import specs as S
from cnnstudio.core.errors import ProjectFileError, ProjectSaveError
from cnnstudio.core.project import default_project

DESIGN_EXAMPLE = {
    "format": "cnnstudio-project",
    "version": 1,
    "name": "LeNet-5",
    "input": {"channels": 1, "height": 32, "width": 32},
    "layers": [
        {"type": "conv2d", "out_channels": 6, "kernel_size": 5},
        {"type": "tanh"},
        {"type": "avgpool2d", "kernel_size": 2, "stride": 2},
        {"type": "flatten"},
        {"type": "linear", "out_features": 10},
    ],
    "dataset": {"name": "shapes"},
    "training": {"optimizer": "adam", "lr": 0.001, "batch_size": 64, "epochs": 10},
}


def write(tmp_path: Path, data: object, name: str = "p.cnnproj.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_design_example_loads_with_torch_defaults(tmp_path: Path) -> None:
    project = files.load(write(tmp_path, DESIGN_EXAMPLE))
    assert project.layers[2] == S.AvgPool2d(kernel_size=2, stride=2)
    assert project.layers[0].stride == 1 and project.layers[0].padding == 0
    assert project.report.output_shape == (10,)


def test_round_trip_keeps_unknown_keys_everywhere(tmp_path: Path) -> None:
    data = json.loads(json.dumps(DESIGN_EXAMPLE))
    data["teacher_notes"] = "week 3"
    data["layers"][0]["colour"] = "blue"
    data["training"]["my_option"] = 7
    data["layers"].insert(1, {"type": "residual", "layers": [{"type": "relu", "note": "x"}]})
    path = write(tmp_path, data)
    files.save(files.load(path), path)
    again = json.loads(path.read_text())
    assert again["teacher_notes"] == "week 3"
    assert again["layers"][0]["colour"] == "blue"
    assert again["layers"][1]["layers"][0]["note"] == "x"
    assert again["training"]["my_option"] == 7
    assert files.load(path) == files.load(path)


def test_saved_file_writes_only_non_default_fields() -> None:
    text = files.dumps(default_project())
    assert '"stride"' not in text.split('"maxpool2d"')[1].split("}")[0]
    assert json.loads(text)["version"] == files.CURRENT_VERSION


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["layers"].insert(3, {"type": "conv2d", "out_channels": 2, "kernel_size": -2}),
            "layers[3].kernel_size: must be a positive integer, got -2",
        ),
        (lambda d: d["layers"][0].pop("out_channels"), "layers[0].out_channels: is required"),
        (lambda d: d["layers"][1].update(type="tanhh"), "layers[1].type: unknown layer type 'tanhh'"),
        (lambda d: d["input"].update(height=0), "input.height: must be a positive integer, got 0"),
        (
            lambda d: d["layers"][2].update(kernel_size=[2, 2, 2]),
            "layers[2].kernel_size: must be an integer or an [h, w] pair",
        ),
        (
            lambda d: d["layers"].append({"type": "dropout", "p": 1.5}),
            "layers[5].p: must be in [0, 1), got 1.5",
        ),
        (lambda d: d.update(format="something-else"), "format: not a CNN Studio project"),
        (lambda d: d.update(layers={"a": 1}), "layers: must be a list of layers"),
    ],
)
def test_wrong_values_give_one_line_naming_the_json_path(tmp_path, mutate, message) -> None:
    data = json.loads(json.dumps(DESIGN_EXAMPLE))
    mutate(data)
    path = write(tmp_path, data)
    with pytest.raises(ProjectFileError) as info:
        files.load(path)
    text = str(info.value)
    assert text.startswith(f"{path}: ") and message in text and "\n" not in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{ nope", "not valid JSON"),
        ("", "the file is empty"),
        ("[1, 2]", "must be a JSON object"),
        (b"\xff\xfe\x00bad", "not UTF-8 text"),
    ],
)
def test_unreadable_files(tmp_path: Path, content, message) -> None:
    path = tmp_path / "x.cnnproj.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(ProjectFileError, match=message):
        files.load(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="no such file"):
        files.load(tmp_path / "nope.json")
    with pytest.raises(ProjectFileError, match="is a folder"):
        files.load(tmp_path)


def test_newer_version_is_refused_with_a_message_that_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, {**DESIGN_EXAMPLE, "version": files.CURRENT_VERSION + 1})
    with pytest.raises(ProjectFileError, match="written by a newer CNN Studio"):
        files.load(path)


def test_version_0_prototype_files_are_migrated(tmp_path: Path) -> None:
    old = {
        "version": 0,
        "name": "proto",
        "input_shape": [1, 28, 28],
        "layers": [
            {"kind": "Conv2d", "out_channels": 4, "kernel_size": 3},
            {"kind": "Residual", "layers": [{"kind": "ReLU"}]},
            {"kind": "Flatten"},
            {"kind": "Linear", "out_features": 10},
        ],
    }
    project = files.load(write(tmp_path, old))
    assert project.input.shape == (1, 28, 28)
    assert project.layers[1] == S.Residual(layers=(S.ReLU(),))
    assert json.loads(files.dumps(project))["version"] == 1
    assert list(files.MIGRATIONS) == list(range(files.CURRENT_VERSION))


def test_save_is_atomic_and_a_full_disk_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "p.cnnproj.json"
    files.save(default_project(), path)
    before = path.read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(ProjectSaveError, match=r"the disk is full\. The previous file, if any, is unchanged"):
        files.save(default_project().replace(name="changed"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.cnnproj.json"]  # no temporary left behind


def test_a_lone_surrogate_is_refused_with_its_json_path() -> None:
    """``"\\ud800"`` is valid JSON but not a character: it would break the next save, so loading refuses it."""
    import json

    from cnnstudio.core.errors import ProjectFileError
    from cnnstudio.core.project import default_project
    from cnnstudio.core.project_file import dumps, loads

    data = json.loads(dumps(default_project()))
    data["layers"][2]["note"] = "\ud800"
    with pytest.raises(ProjectFileError, match=r"layers\[2\]\.note: contains an escaped half of a character"):
        loads(json.dumps(data))
