"""Unknown keys are kept and named with the closest known one (issue 18.4), by the core and every command."""

from __future__ import annotations

import json
from pathlib import Path

from cnnstudio.cli import main
from cnnstudio.core import project_file as files
from cnnstudio.core.project import default_project
from cnnstudio.core.templates import TEMPLATES, make_template
from cnnstudio.core.unknown_keys import unknown_keys


def with_typos() -> dict:
    data = files.project_to_dict(default_project())
    data["layers"][0]["kernal_size"] = 5
    data["layers"][0]["colour"] = "red"
    data["input"]["chanels"] = 3
    data["training"]["learnig_rate"] = 0.1
    data["training"]["learning_rate"] = 0.1
    data["dataset"]["num_image"] = 10
    data["dataset"]["augmentation"] = {"hflp": True}
    data["notes"] = "my own notes"
    data["layrs"] = []
    return data


def test_every_unknown_key_is_named_with_its_closest_known_key() -> None:
    found = {k.path: k.suggestion for k in unknown_keys(files.project_from_dict(with_typos()))}
    assert found == {
        "notes": None,
        "layrs": "layers",
        "input.chanels": "channels",
        "layers[0].kernal_size": "kernel_size",
        "layers[0].colour": None,
        "dataset.num_image": "num_images",
        "dataset.augmentation.hflp": "hflip",
        "training.learnig_rate": None,  # no known key is close enough
        "training.learning_rate": "lr",  # another tool's name
    }
    messages = [k.message for k in unknown_keys(files.project_from_dict(with_typos()))]
    assert "layers[0].kernal_size: unknown, did you mean kernel_size?" in messages
    assert "notes: unknown key, kept in the file but not used" in messages


def test_unknown_keys_in_blocks_name_their_path() -> None:
    data = files.project_to_dict(make_template("resnet18"))
    block = next(i for i, layer in enumerate(data["layers"]) if layer["type"] == "residual")
    data["layers"][block]["layers"][0]["strid"] = 2
    (found,) = unknown_keys(files.project_from_dict(data))
    assert found.message == f"layers[{block}].layers[0].strid: unknown, did you mean stride?"
    assert found.layer == (block, 0, 0)


def test_unknown_keys_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "p.cnnproj.json"
    files.save(files.project_from_dict(with_typos()), path)
    again = json.loads(path.read_text(encoding="utf-8"))
    assert again["input"]["chanels"] == 3 and again["layers"][0]["kernal_size"] == 5
    assert again["notes"] == "my own notes" and again["training"]["learning_rate"] == 0.1


def test_files_the_program_writes_have_no_unknown_keys() -> None:
    for name in TEMPLATES:
        assert unknown_keys(files.loads(files.dumps(make_template(name)))) == [], name
    switched = default_project().replace(dataset={**default_project().dataset, "name": "digits"})
    assert unknown_keys(switched) == []  # shapes' keys stay when the window switches the dataset
    autosave = default_project().replace(extra={"autosave_of": "/some/file.cnnproj.json"})
    assert unknown_keys(autosave) == []


def test_summary_warns_on_stderr_and_lists_them_in_json(tmp_path: Path, capsys) -> None:
    path = tmp_path / "typo.cnnproj.json"
    path.write_text(json.dumps(with_typos()), encoding="utf-8")
    assert main(["summary", str(path)]) == 0  # the file is not refused
    err = capsys.readouterr().err.splitlines()
    assert f"cnnstudio: warning: {path}: layers[0].kernal_size: unknown, did you mean kernel_size?" in err
    assert len(err) == 9
    assert main(["summary", str(path), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["valid"] and {"path": "layrs", "suggestion": "layers"} in answer["unknown_keys"]
