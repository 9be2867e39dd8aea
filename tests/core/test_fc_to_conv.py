"""FC -> CONV rewriting: cs231n's 7x7x512 -> 1x1x4096 example and the map of scores on a larger input."""

import pytest

from cnnstudio.core import specs as S
from cnnstudio.core.fc_to_conv import convert, score_window
from cnnstudio.core.project import InputShape, Project


def vgg_head(size: int = 7) -> Project:
    layers = (
        S.Conv2d(out_channels=512, kernel_size=1),
        S.Flatten(),
        S.Linear(out_features=4096),
        S.ReLU(),
        S.Dropout(),
        S.Linear(out_features=1000),
    )
    return Project(input=InputShape(3, size, size), layers=layers)


def test_cs231n_example_first_linear_becomes_a_7x7_conv() -> None:
    conversion = convert(vgg_head())
    conv = conversion.layers[1]
    assert conv == S.Conv2d(out_channels=4096, kernel_size=7)
    assert conversion.layers[-1] == S.Conv2d(out_channels=1000, kernel_size=1)
    assert conversion.map_shape == (512, 7, 7)
    assert conversion.converted == ((2, 1), (5, 4))
    converted = Project(input=InputShape(3, 7, 7), layers=conversion.layers)
    assert converted.report.output_shape == (1000, 1, 1)
    assert converted.report.total_params == vgg_head().report.total_params
    assert "filters of 7x7 over the 512x7x7 input" in conversion.notes[0]


def test_a_larger_input_gives_a_map_of_class_scores() -> None:
    layers = convert(vgg_head()).layers
    assert Project(input=InputShape(3, 12, 12), layers=layers).report.output_shape == (1000, 6, 6)


def test_each_score_cell_answers_for_one_input_sized_window() -> None:
    # No striding before the 7x7 kernel: cells step one pixel, each window is the 7x7 input size.
    assert score_window(vgg_head(), (12, 12), 0, 0) == (0, 0, 6, 6)
    assert score_window(vgg_head(), (12, 12), 2, 5) == (2, 5, 8, 11)


@pytest.mark.parametrize(
    ("layers", "message"),
    [
        ((S.Conv2d(out_channels=2, kernel_size=1),), "no flatten"),
        ((S.Flatten(), S.ReLU()), "no linear"),
        ((S.Flatten(), S.Linear(out_features=3), S.Softmax()), "softmax"),
        ((S.Conv2d(out_channels=2, kernel_size=9),), "invalid"),
    ],
)
def test_unconvertible_heads_say_why(layers, message) -> None:
    with pytest.raises(ValueError, match=message):
        convert(Project(input=InputShape(1, 4, 4), layers=layers))
