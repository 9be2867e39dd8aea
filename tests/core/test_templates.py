"""Built-in templates: valid, the right sizes, saved and read back intact, written by ``cnnstudio template``.

Parameter counts of the nets torchvision has are checked against torchvision itself in
tests/training/test_templates_torch.py; here they are pinned so that a core-only change that alters one
fails without torch. The nets torchvision lacks (ZFNet, MobileNet v1, Tiny VGG, the cs231n pattern) are
counted by hand from the papers' layer tables with the course's formulas: a conv has
``out * (in / groups * k * k + 1)`` parameters (no ``+ 1`` without bias), a BatchNorm ``2 * channels``.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

from cnnstudio.cli import main
from cnnstudio.core import specs as S
from cnnstudio.core.project import default_project
from cnnstudio.core.project_file import dumps, load, loads, save
from cnnstudio.core.templates import (
    CS231N_ARGUMENTS,
    TEMPLATES,
    cs231n_pattern,
    make_template,
    template_names,
)
from cnnstudio.core.templates_classic import MOBILENET_V1_BLOCKS

EXPECTED_PARAMS = {
    "lenet5": 61_706,
    "tinyvgg": 19_920,
    "cs231n": 221_082,
    "alexnet": 61_100_840,
    "zfnet": 62_357_608,
    "vgg11": 132_863_336,
    "vgg16": 138_357_544,
    "resnet18": 11_689_512,
    "googlenet": 6_624_904,
    "mobilenet_v1": 4_231_976,
    "alexnet2012": 60_965_224,
    "googlenet2014": 6_998_552,
}
IMAGENET = ("alexnet", "zfnet", "vgg11", "vgg16", "resnet18", "googlenet", "mobilenet_v1")


def conv(c_in: int, c_out: int, k: int, groups: int = 1, bias: bool = True) -> int:
    return c_out * (c_in // groups * k * k + int(bias))


def linear(n_in: int, n_out: int) -> int:
    return n_out * (n_in + 1)


def test_the_registry_holds_every_template_of_the_issue() -> None:
    assert set(template_names()) == {"default", *EXPECTED_PARAMS}
    for template in TEMPLATES.values():
        assert template.title and len(template.description) > 30


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_is_valid_with_a_flat_class_output(name: str) -> None:
    report = make_template(name).report
    assert report.valid, report.first_error()
    assert report.output_shape is not None and len(report.output_shape) == 1


@pytest.mark.parametrize(("name", "params"), sorted(EXPECTED_PARAMS.items()))
def test_parameter_counts(name: str, params: int) -> None:
    assert make_template(name).report.total_params == params


@pytest.mark.parametrize("name", IMAGENET)
def test_imagenet_nets_take_3x224x224_and_give_1000_scores_from_an_offline_folder(name: str) -> None:
    project = make_template(name)
    assert project.report.input_shape == (3, 224, 224) and project.report.output_shape == (1000,)
    assert project.dataset["name"] == "folder" and project.dataset["root"]
    assert project.training["optimizer"] in ("sgd", "rmsprop") and project.training["batch_size"] <= 64


def test_a_smaller_head_changes_only_the_last_layer() -> None:
    from cnnstudio.core.templates_classic import resnet18

    small, full = resnet18(num_classes=10), resnet18()
    assert small.layers[:-1] == full.layers[:-1] and small.report.output_shape == (10,)
    assert full.report.total_params - small.report.total_params == linear(512, 1000) - linear(512, 10)


def test_default_and_lenet5_are_unchanged() -> None:
    assert make_template("default") == default_project()
    lenet = make_template("lenet5")
    assert lenet.input.shape == (1, 32, 32) and lenet.dataset == {"name": "digits", "upscale": True}
    assert [r.output_shape for r in lenet.report.layers][:6] == [
        (6, 28, 28),
        (6, 28, 28),
        (6, 14, 14),
        (16, 10, 10),
        (16, 10, 10),
        (16, 5, 5),
    ]


# -- nets without a torchvision model: counted by hand ----------------------------------------------------
def test_tinyvgg_trims_two_pixels_per_conv_as_cnn_explainer_shows() -> None:
    project = make_template("tinyvgg")
    shapes = [r.output_shape for r in project.report.layers if r.type in ("conv2d", "maxpool2d", "flatten")]
    assert shapes == [
        (10, 62, 62),
        (10, 60, 60),
        (10, 30, 30),
        (10, 28, 28),
        (10, 26, 26),
        (10, 13, 13),
        (1690,),
    ]
    hand = conv(3, 10, 3) + 3 * conv(10, 10, 3) + linear(1690, 10)
    assert project.report.total_params == hand == 19_920
    assert project.dataset == {"name": "shapes", "num_classes": 10, "num_images": 5000}


def test_zfnet_has_the_papers_map_sizes_and_hand_count() -> None:
    report = make_template("zfnet").report
    maps = [r.output_shape for r in report.layers if r.type in ("conv2d", "maxpool2d")]
    # Zeiler & Fergus 2013, Figure 3: 110 -> 55 -> 26 -> 13 -> 13 -> 13 -> 6.
    assert [m[1] for m in maps] == [110, 55, 26, 13, 13, 13, 13, 6]
    assert [m[0] for m in maps] == [96, 96, 256, 256, 384, 384, 256, 256]
    hand = (
        conv(3, 96, 7)
        + conv(96, 256, 5)
        + conv(256, 384, 3)
        + conv(384, 384, 3)
        + conv(384, 256, 3)
        + linear(256 * 6 * 6, 4096)
        + linear(4096, 4096)
        + linear(4096, 1000)
    )
    assert report.total_params == hand


def test_mobilenet_v1_uses_depthwise_convs_and_matches_the_hand_count() -> None:
    project = make_template("mobilenet_v1")
    report = project.report
    depthwise = [
        (spec, r)
        for spec, r in zip(project.layers, report.layers)
        if isinstance(spec, S.Conv2d) and spec.groups > 1
    ]
    assert len(depthwise) == 13
    for spec, r in depthwise:
        assert r.input_shape is not None and spec.groups == r.input_shape[0] == spec.out_channels
    hand = conv(3, 32, 3, bias=False) + 2 * 32
    channels = 32
    for out, _stride in MOBILENET_V1_BLOCKS:
        hand += conv(channels, channels, 3, groups=channels, bias=False) + 2 * channels
        hand += conv(channels, out, 1, bias=False) + 2 * out
        channels = out
    hand += linear(1024, 1000)
    assert report.total_params == hand == 4_231_976
    assert report.layers[-4].output_shape == (1024, 7, 7)


def test_resnet18_projects_the_shortcut_where_torchvision_downsamples() -> None:
    report = make_template("resnet18").report
    blocks = [r for r in report.layers if r.type == "residual"]
    assert len(blocks) == 8
    shortcuts = [b.shortcut for b in blocks]
    assert shortcuts[0] == shortcuts[1] == "identity"
    # layer2..layer4 of torchvision: the first block of each has conv1x1(stride 2, no bias) + BN.
    for index, (c_in, c_out) in zip((2, 4, 6), ((64, 128), (128, 256), (256, 512))):
        assert shortcuts[index] == f"1x1 conv {c_in}->{c_out}, stride 2, no bias + batchnorm"
        assert shortcuts[index + 1] == "identity"
        inner = conv(c_in, c_out, 3, bias=False) + conv(c_out, c_out, 3, bias=False) + 4 * c_out
        assert blocks[index].params == inner + conv(c_in, c_out, 1, bias=False) + 2 * c_out
    assert blocks[-1].output_shape == (512, 7, 7)


def test_googlenet_inception_widths_follow_the_paper_table() -> None:
    report = make_template("googlenet").report
    widths = [r.output_shape for r in report.layers if r.type == "concat"]
    assert [w[0] for w in widths] == [256, 480, 512, 512, 512, 528, 832, 832, 1024]
    assert [w[1] for w in widths] == [28, 28, 14, 14, 14, 14, 14, 7, 7]


# -- the cs231n pattern -----------------------------------------------------------------------------------
def test_cs231n_arguments_describe_the_generators_signature() -> None:
    signature = inspect.signature(cs231n_pattern)
    assert [a.name for a in CS231N_ARGUMENTS] == list(signature.parameters)
    for arg in CS231N_ARGUMENTS:
        assert signature.parameters[arg.name].default == arg.default
        assert arg.minimum <= int(arg.default) <= arg.maximum and arg.help
    # The course's bounds on the pattern (002): N <= 3, K < 3.
    bounds = {a.name: (a.minimum, a.maximum) for a in CS231N_ARGUMENTS}
    assert bounds["n"] == (0, 3) and bounds["k"] == (0, 2)


def test_cs231n_default_is_the_courses_deepest_example_counted_by_hand() -> None:
    # INPUT -> [CONV -> RELU -> CONV -> RELU -> POOL]*3 -> [FC -> RELU]*2 -> FC, on 3x32x32 (CIFAR-10's size).
    project = make_template("cs231n")
    kinds = [spec.type for spec in project.layers]
    stage = ["conv2d", "relu", "conv2d", "relu", "maxpool2d"]
    assert kinds == stage * 3 + ["flatten", "linear", "relu", "linear", "relu", "linear"]
    hand = (
        conv(3, 16, 3)
        + conv(16, 16, 3)
        + conv(16, 32, 3)
        + conv(32, 32, 3)
        + conv(32, 64, 3)
        + conv(64, 64, 3)
        + linear(64 * 4 * 4, 128)
        + linear(128, 128)
        + linear(128, 10)
    )
    assert project.report.total_params == hand
    assert project.dataset["name"] == "shapes" and project.dataset["num_classes"] == 10


def test_cs231n_with_no_conv_and_no_fc_is_a_linear_classifier() -> None:
    project = cs231n_pattern(n=0, m=0, k=0)
    assert [spec.type for spec in project.layers] == ["flatten", "linear"]
    assert project.report.total_params == linear(3 * 32 * 32, 10)


def test_cs231n_without_pooling_keeps_size_and_width() -> None:
    project = cs231n_pattern(n=1, m=2, k=0, pool=False, input_channels=1, input_size=8, classes=4)
    assert all(r.output_shape == (16, 8, 8) for r in project.report.layers[:4])
    assert project.report.output_shape == (4,) and project.input.shape == (1, 8, 8)


def test_cs231n_too_many_pools_for_the_input_is_flagged_by_the_editor_not_hidden() -> None:
    report = cs231n_pattern(m=5, input_size=16).report
    assert not report.valid and report.first_error() is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"n": 4}, "n: must be a whole number from 0 to 3, got 4"),
        ({"k": -1}, "k: must be a whole number from 0 to 2, got -1"),
        ({"classes": 11}, "classes: must be a whole number from 2 to 10"),
        ({"channels": 2.5}, "channels: must be a whole number"),
        ({"m": True}, "m: must be a whole number"),
        ({"pool": 1}, "pool: must be true or false, got 1"),
    ],
)
def test_cs231n_refuses_arguments_out_of_range(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        cs231n_pattern(**changes)


# -- files and the command line ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_templates_survive_the_project_file(name: str, tmp_path: Path) -> None:
    project = make_template(name)
    path = tmp_path / f"{name}.cnnproj.json"
    save(project, path)
    for back in (loads(dumps(project)), load(path)):
        assert back.name == project.name and back.input == project.input
        assert back.layers == project.layers and back.training == project.training
        # The loader fills in shapes-set defaults for keys a file leaves out; the template's own keys stay.
        assert {k: back.dataset[k] for k in project.dataset} == dict(project.dataset)
        assert back.report.total_params == project.report.total_params


def test_cli_lists_every_template(capsys) -> None:
    assert main(["template", "--list"]) == 0
    out = capsys.readouterr().out
    for name in TEMPLATES:
        assert name in out


@pytest.mark.parametrize("name", ["tinyvgg", "cs231n", "resnet18", "googlenet", "mobilenet_v1"])
def test_cli_template_writes_a_project_whose_summary_agrees(name: str, capsys, tmp_path: Path) -> None:
    path = tmp_path / "t.cnnproj.json"
    assert main(["template", name, "-o", str(path)]) == 0
    assert f"{EXPECTED_PARAMS[name]:,} parameters" in capsys.readouterr().err
    assert main(["summary", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is True and data["total_params"] == EXPECTED_PARAMS[name]
    assert data["output_shape"] == list(make_template(name).report.output_shape or ())


def test_cli_template_without_file_prints_the_json(capsys) -> None:
    assert main(["template", "vgg16"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "VGG-16" and data["input"] == {"channels": 3, "height": 224, "width": 224}
    assert sum(1 for layer in data["layers"] if layer["type"] == "conv2d") == 13
