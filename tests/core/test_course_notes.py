"""The course texts' own forms beside the program's: text 000's ceil((n - k + 1) / s), cs231n's dilation
count and text 004's dropout, each checked against the program's shape rules (torch's numbers)."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from cnnstudio.core import specs as S
from cnnstudio.core.course_notes import dilation_notes, dropout_notes, strided_size
from cnnstudio.core.shapes import infer


@given(
    size=st.integers(1, 80),
    kernel=st.integers(1, 11),
    stride=st.integers(1, 6),
    pad=st.integers(0, 5),
    dilation=st.integers(1, 3),
)
def test_text_000_ceil_form_equals_the_floor_form(size, kernel, stride, pad, dilation) -> None:
    span = dilation * (kernel - 1) + 1
    if size + 2 * pad < span:
        return
    layer = S.Conv2d(out_channels=1, kernel_size=kernel, stride=stride, padding=pad, dilation=dilation)
    report = infer((1, size, size), [layer]).layers[0]
    floor_form = (size + 2 * pad - span) // stride + 1
    assert report.output_shape[1] == floor_form == strided_size(size, pad, span, stride)
    assert math.ceil((size + 2 * pad - span + 1) / stride) == floor_form


def test_alexnet_conv1_shows_both_forms() -> None:
    """The teaching guide's example: 227x227x3, 96 filters 11x11 stride 4 -> 55x55x96, 34,944 parameters."""
    report = infer((3, 227, 227), [S.Conv2d(out_channels=96, kernel_size=11, stride=4)]).layers[0]
    assert report.output_shape == (96, 55, 55) and report.params == 34_944
    assert "H = floor((227 + 2*0 - 1*(11-1) - 1) / 4) + 1 = 55" in report.formulas
    assert report.notes[0].startswith("H = W = ceil((227 - 11 + 1) / 4) = 55 (text 000's form")


def test_stride_one_and_ceil_mode_get_no_ceil_note() -> None:
    plain = infer((3, 32, 32), [S.Conv2d(out_channels=4, kernel_size=3, padding=1)]).layers[0]
    assert plain.notes == ()
    ceil = infer((3, 9, 9), [S.MaxPool2d(kernel_size=2, ceil_mode=True)]).layers[0]
    assert not any("ceil((" in note for note in ceil.notes)
    pool = infer((3, 9, 9), [S.MaxPool2d(kernel_size=2)]).layers[0]
    assert pool.notes == (
        "H = W = ceil((9 - 2 + 1) / 2) = 4 (text 000's form ceil((n - k + 1) / s) gives the same size)",
    )


def test_cs231n_dilation_one_is_torch_dilation_two() -> None:
    """Text 002: with 扩张1 a 3-tap filter reads x[0], x[2], x[4], a span of 5 pixels."""
    (note,) = dilation_notes((2, 2), (3, 3))
    assert "leaves 1 pixel(s) between taps" in note and "calls this dilation 1" in note
    assert note.endswith("2*(3-1)+1 = 5 pixels")
    report = infer((1, 9, 9), [S.Conv2d(out_channels=1, kernel_size=3, dilation=2)]).layers[0]
    assert note in report.notes and report.output_shape == (1, 5, 5)
    assert len(dilation_notes((2, 3), (3, 3))) == 2 and dilation_notes((1, 1), (3, 3)) == ()


def test_same_padding_with_a_stride_is_refused_with_text_000s_size() -> None:
    bad = infer((3, 15, 15), [S.Conv2d(out_channels=4, kernel_size=5, stride=2, padding="same")]).layers[0]
    assert "PyTorch refuses it for a strided convolution" in bad.error
    assert bad.fix.endswith("set padding to 2 (half the kernel) to keep the stride: the output is then "
                            "ceil(n / s) = 8, text 000's size with padding.")  # fmt: skip
    fixed = infer((3, 15, 15), [S.Conv2d(out_channels=4, kernel_size=5, stride=2, padding=2)]).layers[0]
    assert fixed.output_shape == (4, 8, 8)  # the fix does what it says: ceil(15 / 2) = 8
    even = infer((3, 16, 16), [S.Conv2d(out_channels=4, kernel_size=4, stride=2, padding="same")]).layers[0]
    assert "ceil(n / s)" not in even.fix  # an even kernel pads unevenly: no promise of ceil(n / s)


def test_dropout_note_names_both_forms_with_p() -> None:
    torch_form, text_004 = dropout_notes(0.25)
    assert "E[y] = 0.75*x/0.75 = x" in torch_form
    assert "E[y] = 0.75*x" in text_004 and "y = 0.75*x: the same expected output" in text_004
    report = infer((8,), [S.Dropout(p=0.25)]).layers[0]
    assert report.notes == (torch_form, text_004)
    assert infer((8,), [S.Dropout(p=0.0)]).layers[0].notes == ()
