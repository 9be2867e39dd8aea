"""AlexNet (2012) and GoogLeNet (2014) as their papers give them, checked against the papers' own figures:
AlexNet's Figure 2 map sizes, "60 million parameters and 650,000 neurons" and its two-GPU grouping;
GoogLeNet's Table 1: output sizes and depths exactly (they follow from the branch widths), and its params
column, which counts weights without biases in units of 1,024. That column has slips (4c reads 463K where
its own widths give 497.5K, 5a 1072K for 1018K, the first conv 2.7K for 7x7x3x64 = 9.2K), so each row is
held to 8% and the column's total to 3%."""

from __future__ import annotations

import pytest

from cnnstudio.core import specs as S
from cnnstudio.core.templates import make_template
from cnnstudio.core.templates_papers import INCEPTION_2014


def conv_weights(c_in: int, c_out: int, k: int, groups: int = 1) -> int:
    return c_out * c_in // groups * k * k


def test_alexnet_2012_first_layer_is_the_courses_example() -> None:
    project = make_template("alexnet2012")
    conv1 = project.report.layers[0]
    assert project.input.shape == (3, 227, 227)
    assert conv1.output_shape == (96, 55, 55) and conv1.params == 34_944 == 96 * (11 * 11 * 3 + 1)
    assert conv1.formulas[0] == "H = floor((227 + 2*0 - 1*(11-1) - 1) / 4) + 1 = 55"


def test_alexnet_2012_has_figure_2s_maps_and_two_gpu_grouping() -> None:
    project = make_template("alexnet2012")
    convs = [(spec, r) for spec, r in zip(project.layers, project.report.layers) if spec.type == "conv2d"]
    assert [r.output_shape for _, r in convs] == [
        (96, 55, 55), (256, 27, 27), (384, 13, 13), (384, 13, 13), (256, 13, 13),
    ]  # fmt: skip
    # Layers 2, 4 and 5 connect only to the kernel maps on their own GPU; layer 3 to all of them.
    assert [spec.groups for spec, _ in convs] == [1, 2, 1, 2, 2]
    assert convs[1][1].params == conv_weights(96, 256, 5, groups=2) + 256  # 5x5x48 kernels
    dense = [r.output_shape for r in project.report.layers if r.type == "linear"]
    assert dense == [(4096,), (4096,), (1000,)]


def test_alexnet_2012_has_the_papers_60_million_parameters_and_650000_neurons() -> None:
    report = make_template("alexnet2012").report
    assert report.total_params == 60_965_224 and int(report.total_params / 1e6) == 60
    neurons = sum(
        r.output_shape[0] * (r.output_shape[1] * r.output_shape[2] if len(r.output_shape) == 3 else 1)
        for r in report.layers
        if r.type in ("conv2d", "linear")
    )
    assert neurons == 659_272 and abs(neurons - 650_000) / 650_000 < 0.02


# GoogLeNet's Table 1, each Inception row: (output size, depth, params in K = 1,024 weights).
TABLE_1 = {
    "3a": (28, 256, 159), "3b": (28, 480, 380), "4a": (14, 512, 364), "4b": (14, 512, 437),
    "4c": (14, 512, 463), "4d": (14, 528, 580), "4e": (14, 832, 840), "5a": (7, 832, 1072),
    "5b": (7, 1024, 1388),
}  # fmt: skip


def _inception_weights(c_in: int, c1: int, r3: int, c3: int, r5: int, c5: int, pool: int) -> int:
    return (
        conv_weights(c_in, c1, 1)
        + conv_weights(c_in, r3, 1) + conv_weights(r3, c3, 3)
        + conv_weights(c_in, r5, 1) + conv_weights(r5, c5, 5)
        + conv_weights(c_in, pool, 1)
    )  # fmt: skip


def test_googlenet_2014_inception_modules_are_table_1() -> None:
    project = make_template("googlenet2014")
    blocks = [(spec, r) for spec, r in zip(project.layers, project.report.layers) if spec.type == "concat"]
    assert len(blocks) == len(TABLE_1) == len(INCEPTION_2014)
    for (name, (size, depth, kilo)), (spec, report) in zip(TABLE_1.items(), blocks):
        assert report.output_shape == (depth, size, size), name
        c_in = report.input_shape[0]
        weights = _inception_weights(c_in, *INCEPTION_2014[name])
        assert abs(weights / 1024 - kilo) / kilo < 0.08, (name, weights / 1024, kilo)
        biases = sum(INCEPTION_2014[name])
        assert report.params == weights + biases, name
        five = spec.branches[2]
        assert [layer.kernel_size for layer in five if isinstance(layer, S.Conv2d)] == [1, 5]


def test_googlenet_2014_stem_and_classifier_are_table_1() -> None:
    report = make_template("googlenet2014").report
    maps = [r.output_shape for r in report.layers if r.type in ("conv2d", "maxpool2d", "avgpool2d")]
    assert maps[:5] == [(64, 112, 112), (64, 56, 56), (64, 56, 56), (192, 56, 56), (192, 28, 28)]
    assert maps[-1] == (1024, 1, 1)
    # "convolution 3x3, #3x3 reduce 64": 112K weights; the linear layer: 1000K.
    assert round((conv_weights(64, 64, 1) + conv_weights(64, 192, 3)) / 1024) == 112
    assert (1024 * 1000) / 1024 == 1000 and report.layers[-1].params == 1024 * 1000 + 1000
    assert not any(r.type == "batchnorm2d" for r in report.layers)  # BatchNorm came with Inception v2


def test_googlenet_2014_weights_add_up_to_table_1s_column() -> None:
    project = make_template("googlenet2014")
    column = 2.7 + 112 + sum(kilo for _size, _depth, kilo in TABLE_1.values()) + 1000  # K weights
    weights = project.report.total_params - _biases(project.layers)
    assert abs(weights / 1024 - column) / column < 0.03, (weights / 1024, column)


def _biases(layers) -> int:
    total = 0
    for _path, spec in S.walk(layers):
        if isinstance(spec, S.Conv2d) and spec.bias:
            total += spec.out_channels
        elif isinstance(spec, S.Linear) and spec.bias:
            total += spec.out_features
    return total


@pytest.mark.parametrize("name", ["alexnet2012", "googlenet2014"])
def test_paper_templates_train_on_an_offline_folder_with_1000_classes(name: str) -> None:
    project = make_template(name)
    assert project.report.output_shape == (1000,) and project.dataset["name"] == "folder"
