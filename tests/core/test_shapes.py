"""Shape inference: sizes, formulas, errors with fixes that really fix, warnings, blocks."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cnnstudio.core import specs as S
from cnnstudio.core.shapes import infer


def conv(out=4, k=3, **kw) -> S.Conv2d:
    return S.Conv2d(out_channels=out, kernel_size=k, **kw)


def test_formula_shows_the_numbers_of_the_issue_example() -> None:
    report = infer((1, 32, 32), [conv(6, 5)]).layers[0]
    assert report.formulas[0] == "H = floor((32 + 2*0 - 1*(5-1) - 1) / 1) + 1 = 28"
    assert report.formulas[-1] == "params = 6*1*5*5 + 6 = 156"


def test_kernel_too_large_names_the_layer_and_suggests_padding_and_kernel() -> None:
    report = infer((3, 8, 8), [conv(k=3), S.MaxPool2d(kernel_size=2), conv(k=5), S.ReLU()])
    bad = report.first_error()
    assert bad is not None and bad.path == (2,)
    assert bad.error == "The kernel of size 5 does not fit in the input's height of 3."
    assert bad.fix == "set padding to at least 1, or kernel_size to at most 3."
    assert not report.valid and report.layers[3].skipped


@settings(max_examples=200, deadline=None)
@given(size=st.integers(1, 12), k=st.integers(2, 15), d=st.integers(1, 3), s=st.integers(1, 3))
def test_suggested_conv_fixes_make_the_layer_valid(size: int, k: int, d: int, s: int) -> None:
    layer = conv(k=k, dilation=d, stride=s)
    report = infer((1, size, size), [layer]).layers[0]
    if report.error is None:
        return
    least_pad, largest_k = map(int, re.findall(r"\d+", report.fix))
    assert infer((1, size, size), [layer.replace(padding=least_pad)]).valid
    assert not infer((1, size, size), [layer.replace(padding=least_pad - 1)]).valid
    assert infer((1, size, size), [layer.replace(kernel_size=largest_k)]).valid
    assert not infer((1, size, size), [layer.replace(kernel_size=largest_k + 1)]).valid


def test_same_padding_needs_stride_one() -> None:
    bad = infer((3, 16, 16), [conv(padding="same", stride=2)]).first_error()
    assert bad is not None and "padding='same' needs stride 1" in bad.error
    assert infer((3, 16, 16), [conv(k=4, padding="same")]).output_shape == (4, 16, 16)


def test_pool_padding_at_most_half_the_kernel() -> None:
    bad = infer((3, 16, 16), [S.MaxPool2d(kernel_size=3, padding=2)]).first_error()
    assert bad is not None and "at most half the kernel" in bad.error
    assert bad.fix.startswith("set padding to at most 1")
    assert infer((3, 16, 16), [S.MaxPool2d(kernel_size=3, padding=1)]).valid


def test_groups_must_divide_both_channel_counts() -> None:
    bad = infer((6, 8, 8), [conv(out=16, groups=4)]).first_error()
    assert bad is not None and "groups=4" in bad.error
    assert bad.fix == "set groups to one of 1, 2."


def test_linear_without_flatten_suggests_flatten_with_its_size() -> None:
    bad = infer((2, 5, 5), [S.Linear(out_features=10)]).first_error()
    assert bad is not None
    assert bad.fix == "insert a flatten layer before linear (it gives 50 values)."


def test_cs231n_uncovered_columns_warning() -> None:
    # W=10, F=3, S=2, P=0: (10-3)/2 = 3.5, so the last column is never covered
    report = infer((1, 10, 10), [conv(k=3, stride=2)]).layers[0]
    assert report.output_shape == (4, 4, 4)
    assert any("last 1 column of the input is never covered" in w for w in report.warnings)
    assert report.error is None


def test_ceil_mode_drops_a_last_window_that_would_start_in_the_padding() -> None:
    # torch: input 5, kernel 2, stride 2, padding 1, ceil_mode -> 3 (not 4)
    report = infer((1, 5, 5), [S.MaxPool2d(kernel_size=2, stride=2, padding=1, ceil_mode=True)]).layers[0]
    assert report.output_shape == (1, 3, 3)
    plain = infer((1, 6, 6), [S.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)]).layers[0]
    assert plain.output_shape == (1, 3, 3)
    assert "would start in the padding" not in plain.formulas[0]


def test_residual_adds_a_projection_when_the_shape_changes() -> None:
    block = S.Residual(layers=(conv(out=8, stride=2, padding=1, bias=False), S.BatchNorm2d()))
    report = infer((4, 8, 8), [block]).layers[0]
    assert report.output_shape == (8, 4, 4)
    assert report.shortcut == "1x1 conv 4->8, stride 2, no bias + batchnorm"
    inner = 8 * 4 * 9 + 16
    assert report.params == inner + 4 * 8 + 16


def test_residual_error_points_inside_the_block() -> None:
    block = S.Residual(layers=(conv(k=3), S.Linear(out_features=3)))
    report = infer((1, 8, 8), [block, S.ReLU()])
    bad = report.first_error()
    assert bad is not None and bad.path == (0, 0, 1) and bad.type == "linear"
    assert report.layers[0].error.startswith("layer 1 of this residual block (linear) cannot work")


def test_concat_joins_channels_and_rejects_mismatched_sizes() -> None:
    ok = S.Concat(branches=((conv(out=3, k=1),), (conv(out=5, k=3, padding=1),), ()))
    assert infer((2, 7, 7), [ok]).output_shape == (10, 7, 7)
    bad = S.Concat(branches=((conv(k=1),), (conv(k=3),)))
    error = infer((2, 7, 7), [bad]).first_error()
    assert error is not None and "branch 1 gives 5x5 maps but branch 0 gives 7x7" in error.error


def test_receptive_field_of_two_3x3_convs_is_5x5_and_pool_doubles_the_jump() -> None:
    report = infer((1, 32, 32), [conv(), conv(), S.MaxPool2d(kernel_size=2), conv()])
    assert report.layers[1].receptive_field.size == (5, 5)
    assert report.layers[2].receptive_field.jump == (2, 2)
    assert report.layers[3].receptive_field.size == (10, 10)
    assert report.layers[1].receptive_field.region(0, 0, (32, 32)) == (0, 0, 4, 4)


def test_a_field_reaches_the_padding_only_at_the_border() -> None:
    layers = [S.Conv2d(out_channels=1, kernel_size=3, padding=1), S.Conv2d(out_channels=1, kernel_size=3)]
    field = infer((1, 8, 8), layers).layers[-1].receptive_field
    assert field.size == (5, 5)
    assert field.reaches_padding(0, 0, (8, 8))  # its field starts one pixel above and left of the image
    assert field.region(0, 0, (8, 8)) == (0, 0, 3, 3)
    assert not field.reaches_padding(2, 2, (8, 8))


def test_final_softmax_is_flagged() -> None:
    report = infer((1, 4, 4), [S.Flatten(), S.Linear(out_features=3), S.Softmax()])
    assert report.valid and any("softmax would be applied twice" in w for w in report.warnings)


def test_dropout2d_on_flat_vectors_is_a_documented_stricter_rule() -> None:
    bad = infer((1, 4, 4), [S.Flatten(), S.Dropout2d()]).first_error()
    assert bad is not None and bad.fix == "use dropout (not dropout2d) after flatten."


def test_an_edit_reuses_the_reports_of_every_layer_it_does_not_change() -> None:
    from cnnstudio.core.shapes import forget_cached_reports

    layers = [S.Conv2d(out_channels=8, kernel_size=3, padding=1), S.ReLU(), S.MaxPool2d(kernel_size=2)]
    layers += [
        S.Conv2d(out_channels=16, kernel_size=3, padding=1),
        S.ReLU(),
        S.Flatten(),
        S.Linear(out_features=4),
    ]
    before = infer((3, 16, 16), layers)
    edited = [S.Conv2d(out_channels=9, kernel_size=3, padding=1), *layers[1:]]  # changes layers 0-3
    after = infer((3, 16, 16), edited)
    reused = [a is b for a, b in zip(before.layers, after.layers)]
    assert reused == [False, False, False, False, True, True, True]
    forget_cached_reports()
    assert infer((3, 16, 16), edited) == after  # the same numbers as computed afresh
