"""ConvTranspose2d's formulas are its own, and torch agrees with every number in them: the weight shape
``[C_in, C_out/groups, K_h, K_w]`` (not Conv2d's ``[C_out, C_in/groups, ...]``), the parameter count, and
the output size with output_padding. Truth: ``nn.ConvTranspose2d``'s weight, its parameters and a forward
pass; each formula line's arithmetic is evaluated as written."""

from __future__ import annotations

import re

import pytest
import torch
from torch import nn

from cnnstudio.core import specs as S
from cnnstudio.core.shapes import infer

CASES = [  # (input C, H, W), settings
    ((64, 8, 8), dict(out_channels=32, kernel_size=4, stride=2, padding=1)),  # DCGAN's doubling layer
    ((1, 4, 4), dict(out_channels=1, kernel_size=3, stride=2, padding=1, output_padding=1)),
    (
        (12, 5, 7),
        dict(out_channels=8, kernel_size=(3, 2), stride=(3, 2), groups=4, bias=False, output_padding=(2, 1)),
    ),
    (
        (6, 3, 3),
        dict(out_channels=9, kernel_size=3, stride=2, dilation=2, padding=2, output_padding=1, groups=3),
    ),
]


def _value(expression: str) -> int:
    """The arithmetic of a formula line, evaluated as a reader would (digits and + - * / ( ) only)."""
    assert re.fullmatch(r"[\d\s()+\-*/]+", expression), expression
    return int(eval(expression))  # checked above to hold nothing but arithmetic


@pytest.mark.parametrize("shape, settings", CASES)
def test_the_formulas_state_torchs_weight_shape_parameters_and_output(shape, settings) -> None:
    report = infer(shape, (S.ConvTranspose2d(**settings),)).layers[0]
    torch_settings = {k: v for k, v in settings.items() if k != "out_channels"}
    layer = nn.ConvTranspose2d(shape[0], settings["out_channels"], **torch_settings)
    out = layer(torch.zeros(1, *shape))

    assert report.output_shape == tuple(out.shape[1:])
    assert report.params == sum(p.numel() for p in layer.parameters())
    lines = {line.split(" = ")[0]: line for line in report.formulas}
    assert "H_out = (H_in - 1)*S - 2P + D*(K - 1) + output_padding + 1" in report.formulas
    weight = lines["weight shape [C_in, C_out/groups, K_h, K_w]"].split(" = ")[1]
    assert weight == str(list(layer.weight.shape))
    for axis, size in zip("HW", out.shape[2:]):
        *_, arithmetic, result = lines[axis].split(" = ")
        assert _value(arithmetic) == int(result) == size
    *_, arithmetic, result = lines["params"].split(" = ")
    assert _value(arithmetic) == int(result) == report.params


def test_conv2d_keeps_its_own_lines() -> None:
    conv = infer((16, 8, 8), (S.Conv2d(out_channels=8, kernel_size=3),)).layers[0]
    back = infer((16, 8, 8), (S.ConvTranspose2d(out_channels=8, kernel_size=3),)).layers[0]
    assert conv.params == back.params == 16 * 8 * 3 * 3 + 8  # the same count from transposed layouts
    assert conv.formulas[-1] == "params = 8*16*3*3 + 8 = 1160"  # C_out first: Conv2d.weight's layout
    assert back.formulas[-1] == "params = 16*8*3*3 + 8 = 1160"  # C_in first: ConvTranspose2d.weight's
    assert not any(line.startswith("weight shape") for line in conv.formulas)
    assert not set(back.formulas[:3]) & set(conv.formulas)  # its size lines are its own
