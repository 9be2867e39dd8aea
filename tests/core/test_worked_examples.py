"""The course's worked examples (cs231n notes as the course texts give them), computed by the core.

Each number here was worked by hand in the course text; the core must give the same.
"""

from __future__ import annotations

from cnnstudio.core import specs as S
from cnnstudio.core.shapes import infer


def test_cs231n_demo_5x5x3_two_filters_f3_s2_p1() -> None:
    """The convolution demo: 5x5x3 input, two 3x3 filters, stride 2, padding 1 -> 3x3x2, 2*27+2 params."""
    report = infer((3, 5, 5), [S.Conv2d(out_channels=2, kernel_size=3, stride=2, padding=1)])
    layer = report.layers[0]
    assert layer.output_shape == (2, 3, 3)
    assert layer.params == 56
    assert "H = floor((5 + 2*1 - 1*(3-1) - 1) / 2) + 1 = 3" in layer.formulas


def test_numpy_example_11x11_f5_s2_gives_4() -> None:
    report = infer((4, 11, 11), [S.Conv2d(out_channels=1, kernel_size=5, stride=2)])
    assert report.layers[0].output_shape[1:] == (4, 4)


def test_alexnet_conv1_227_f11_s4_96_filters() -> None:
    report = infer((3, 227, 227), [S.Conv2d(out_channels=96, kernel_size=11, stride=4)])
    layer = report.layers[0]
    assert layer.output_shape == (96, 55, 55)
    assert layer.params == 34_944  # 96 * (11*11*3) + 96
    assert layer.macs == 96 * 55 * 55 * 11 * 11 * 3


def test_pooling_224x224x64_f2_s2_halves_the_map() -> None:
    report = infer((64, 224, 224), [S.MaxPool2d(kernel_size=2, stride=2)])
    assert report.layers[0].output_shape == (64, 112, 112)
    assert report.layers[0].params == 0


def test_cifar10_same_conv_pool_linear() -> None:
    """CIFAR-10 32x32x3 -> 12 filters 'same' -> 32x32x12 -> 2x2 pool -> 16x16x12 -> linear 10."""
    layers = [
        S.Conv2d(out_channels=12, kernel_size=3, padding="same"),
        S.ReLU(),
        S.MaxPool2d(kernel_size=2),
        S.Flatten(),
        S.Linear(out_features=10),
    ]
    report = infer((3, 32, 32), layers)
    shapes = [r.output_shape for r in report.layers]
    assert shapes == [(12, 32, 32), (12, 32, 32), (12, 16, 16), (3072,), (10,)]
    assert report.layers[4].params == 3072 * 10 + 10


def test_vgg16_has_138_357_544_parameters() -> None:
    from cnnstudio.core.templates import make_template

    assert make_template("vgg16").report.total_params == 138_357_544


def test_lenet5_has_61_706_parameters() -> None:
    from cnnstudio.core.templates import make_template

    assert make_template("lenet5").report.total_params == 61_706
