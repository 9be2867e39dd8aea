"""``cnnstudio diff``: the 2012 paper's AlexNet against torchvision's lists exactly the layers a reader of both
finds different (hand-checked against the paper's Figure 2 and torchvision's alexnet.py)."""

from __future__ import annotations

import json

from cnnstudio.cli import main
from cnnstudio.core import project_file as files
from cnnstudio.core import specs as S
from cnnstudio.core.network_diff import diff_networks
from cnnstudio.core.project import Project
from cnnstudio.core.templates import TEMPLATES


def _template(name: str) -> Project:
    return TEMPLATES[name].make()


def test_alexnet_2012_against_torchvision_lists_exactly_the_layers_that_differ() -> None:
    diff = diff_networks(_template("alexnet2012"), _template("alexnet"))
    listed = [(row.status, row.a and row.a.index + 1, row.b and row.b.index + 1) for row in diff.differing]
    assert listed == [
        ("changed", 1, 1),  # 96 filters, no padding -> 64 filters, padding 2
        ("changed", 4, 4),  # 256 filters over two GPUs -> 192, one group
        ("changed", 9, 9),  # 384 over two GPUs -> 256
        ("changed", 11, 11),  # two groups -> one
        ("added", None, 14),  # torchvision's AdaptiveAvgPool2d(6)
        ("added", None, 16),  # its dropout before the first fully connected layer...
        ("removed", 20, None),  # ...where the paper has one after the second
    ]
    assert diff.rows[0].fields == {"out_channels": (96, 64), "padding": (0, 2)}
    assert diff.inputs == ((3, 227, 227), (3, 224, 224))
    assert diff.totals["params"] == (60_965_224, 61_100_840)
    # conv3 is the same layer fed fewer channels: its numbers differ, the layer does not
    conv3 = diff.rows[6]
    assert conv3.status == "reshaped" and conv3.differences == ["params", "macs"]


def test_a_network_equals_itself_and_one_changed_field_is_named() -> None:
    project = _template("lenet5")
    assert diff_networks(project, project).equal
    layers = list(project.layers)
    layers[0] = layers[0].replace(kernel_size=3)
    diff = diff_networks(project, project.with_layers(layers))
    assert not diff.equal and diff.differing[0].fields == {"kernel_size": (5, 3)}


def test_cli_exit_statuses_are_diffs(tmp_path, capsys) -> None:
    a, b = tmp_path / "a.cnnproj.json", tmp_path / "b.cnnproj.json"
    files.save(_template("lenet5"), a)
    files.save(_template("lenet5").with_layers([*_template("lenet5").layers, S.Softmax()]), b)
    assert main(["diff", str(a), str(a)]) == 0
    capsys.readouterr()
    assert main(["diff", str(a), str(b), "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert [row["status"] for row in answer["rows"]][-1] == "added"
    assert answer["totals"]["layers"]["difference"] == 1
    (tmp_path / "bad.cnnproj.json").write_text("{")
    assert main(["diff", str(a), str(tmp_path / "bad.cnnproj.json")]) == 2
    assert "bad.cnnproj.json" in capsys.readouterr().err
