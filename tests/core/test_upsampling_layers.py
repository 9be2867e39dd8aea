"""The layers that enlarge a feature map (transposed convolution, upsampling) and the newer activations,
against hand-worked numbers: Dumoulin & Visin's "A guide to convolution arithmetic" (2016) for the
transposed sizes, DCGAN's doubling layer, and torch's documented floor for a scale factor."""

from __future__ import annotations

import pytest

from cnnstudio.core import specs as S
from cnnstudio.core.errors import SpecError
from cnnstudio.core.layer_catalog import CATALOG
from cnnstudio.core.shapes import infer


def one(shape, spec):
    return infer(shape, (spec,)).layers[0]


def test_the_guides_transposed_sizes() -> None:
    # Relationship 8: a 3x3 conv takes 4x4 to 2x2; its transpose takes 2x2 back to 4x4 (o' = i' + k - 1).
    assert one((1, 2, 2), S.ConvTranspose2d(out_channels=1, kernel_size=3)).output_shape == (1, 4, 4)
    # Relationship 14: a 3x3 conv at stride 2, padding 1 takes both 7x7 and 8x8 to 4x4; the transpose gives
    # 7 back, and output_padding (the guide's a) picks 8.
    back = S.ConvTranspose2d(out_channels=1, kernel_size=3, stride=2, padding=1)
    assert one((1, 4, 4), back).output_shape == (1, 7, 7)
    assert one((1, 4, 4), back.replace(output_padding=1)).output_shape == (1, 8, 8)
    formula = one((1, 4, 4), back.replace(output_padding=1)).formulas[1]  # [0]: the symbols
    assert formula == "H = (4 - 1)*2 - 2*1 + 1*(3-1) + 1 + 1 = 8"


def test_dcgans_doubling_layer_counts_its_weights_and_work() -> None:
    report = one((64, 8, 8), S.ConvTranspose2d(out_channels=32, kernel_size=4, stride=2, padding=1))
    assert report.output_shape == (32, 16, 16)
    assert report.params == 64 * 32 * 4 * 4 + 32  # weight shape (C_in, C_out/groups, K, K) + bias
    assert report.macs == 64 * 8 * 8 * 32 * 4 * 4  # every input value meets a 32 x 4 x 4 patch
    grouped = one((64, 8, 8), S.ConvTranspose2d(out_channels=32, kernel_size=4, groups=4, bias=False))
    assert grouped.params == 64 * (32 // 4) * 4 * 4


def test_impossible_transposed_settings_say_why_and_how() -> None:
    bad = one((1, 4, 4), S.ConvTranspose2d(out_channels=1, kernel_size=3, stride=2, output_padding=2))
    assert (
        "smaller than the stride or the dilation (2)" in bad.error
        and bad.fix == "set output_padding to at most 1."
    )
    with pytest.raises(SpecError, match="output_padding"):
        S.layer_from_dict(
            {"type": "convtranspose2d", "out_channels": 1, "kernel_size": 3, "output_padding": 1}
        )
    cropped = one((1, 2, 2), S.ConvTranspose2d(out_channels=1, kernel_size=1, padding=1))
    assert "would be 0" in cropped.error and cropped.fix == "set padding to at most 0."
    groups = one((3, 4, 4), S.ConvTranspose2d(out_channels=4, kernel_size=1, groups=2))
    assert "groups=2 must divide both channel counts" in groups.error


def test_upsampling_by_factor_or_size() -> None:
    assert one((2, 7, 5), S.Upsample(scale_factor=1.5)).output_shape == (2, 10, 7)  # floor, as torch
    by_size = one((2, 7, 5), S.Upsample(scale_factor=None, size=(3, 9), mode="bilinear"))
    assert by_size.output_shape == (2, 3, 9) and by_size.params == 0
    empty = one((1, 3, 3), S.Upsample(scale_factor=0.2))
    assert "leaves no pixels" in empty.error
    with pytest.raises(SpecError, match="either scale_factor or size"):
        S.layer_from_dict({"type": "upsample", "size": 4})
    with pytest.raises(SpecError, match="'nearest' or 'bilinear'"):
        S.layer_from_dict({"type": "upsample", "mode": "bicubic"})


def test_receptive_field_steps_shrink_after_enlarging() -> None:
    layers = (
        S.Conv2d(out_channels=1, kernel_size=3, stride=2),
        S.Upsample(scale_factor=2.0),
        S.ConvTranspose2d(out_channels=1, kernel_size=2, stride=2),
    )
    conv, up, deconv = infer((1, 17, 17), layers).layers
    assert conv.receptive_field.jump == (2.0, 2.0)
    assert up.receptive_field.jump == (1.0, 1.0) and up.receptive_field.size == conv.receptive_field.size
    assert deconv.receptive_field.jump == (0.5, 0.5)


def test_file_form_round_trips_with_pairs() -> None:
    spec = S.ConvTranspose2d(out_channels=4, kernel_size=(2, 3), stride=(2, 1), output_padding=(1, 0))
    data = spec.to_dict()
    assert data == {
        "type": "convtranspose2d", "out_channels": 4, "kernel_size": [2, 3], "stride": [2, 1],
        "output_padding": [1, 0],
    }  # fmt: skip
    assert S.layer_from_dict(data) == spec
    up = S.Upsample(scale_factor=None, size=(4, 6), mode="bilinear")
    assert S.layer_from_dict(up.to_dict()) == up


@pytest.mark.parametrize("kind", ["relu6", "hardswish", "hardsigmoid", "silu", "identity"])
def test_the_newer_activations_keep_the_shape_and_are_in_the_palette(kind: str) -> None:
    spec = S.LAYER_TYPES[kind]()
    report = one((3, 5, 5), spec)
    assert report.output_shape == (3, 5, 5) and report.params == 0
    assert CATALOG[kind].default == spec and CATALOG[kind].group == "Activations"
