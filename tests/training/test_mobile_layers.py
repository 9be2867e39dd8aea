"""Squeeze-and-excitation, channel shuffle, the channel-split concat and custom layers, against torch and
torchvision's own modules (truth from outside the code under test), and their way back through model.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import torch
import torchvision
from torch import nn

from cnnstudio.core import specs as S
from cnnstudio.core.errors import SpecError
from cnnstudio.core.network_diff import diff_networks, diff_text
from cnnstudio.core.project import InputShape, Project
from cnnstudio.core.shapes import infer
from cnnstudio.training.build import build_model
from cnnstudio.training.export.pytorch_code import generate_model_code
from cnnstudio.training.importers.from_module import from_module

ACTIVATIONS = {"relu": nn.ReLU, "silu": nn.SiLU, "sigmoid": nn.Sigmoid, "hardsigmoid": nn.Hardsigmoid}


@pytest.mark.parametrize(("act", "gate"), [("relu", "sigmoid"), ("silu", "hardsigmoid")])
def test_squeeze_excitation_is_torchvisions(act: str, gate: str) -> None:
    spec = S.SqueezeExcitation(squeeze_channels=4, activation=act, scale_activation=gate)
    report = infer((16, 5, 7), (spec,)).layers[0]
    theirs = torchvision.ops.SqueezeExcitation(16, 4, ACTIVATIONS[act], ACTIVATIONS[gate])
    assert report.output_shape == (16, 5, 7)
    assert report.params == sum(p.numel() for p in theirs.parameters()) == 16 * 4 + 4 + 4 * 16 + 16
    assert report.macs == 16 * 4 * 2 + 16 * 5 * 7  # two 1x1 convs on 1 x 1, and the final scaling
    ours = build_model((spec,), (16, 5, 7))[0]
    ours.load_state_dict(theirs.state_dict())  # the same names: fc1.weight, fc2.bias...
    x = torch.randn(3, 16, 5, 7)
    with torch.no_grad():
        assert torch.allclose(ours(x), theirs(x), atol=1e-6)


def test_channel_shuffle_is_torchs_and_needs_divisible_channels() -> None:
    x = torch.randn(2, 12, 3, 3)
    ours = build_model((S.ChannelShuffle(groups=3),), (12, 3, 3))
    assert torch.equal(ours(x), nn.ChannelShuffle(3)(x))
    bad = infer((10, 3, 3), (S.ChannelShuffle(groups=4),)).layers[0]
    assert (
        "divisible by 4" in bad.error and bad.fix == "set groups to 2, or give the layer before 12 channels."
    )


def test_channel_split_gives_each_branch_its_share() -> None:
    block = S.Concat(branches=((), (S.Conv2d(out_channels=5, kernel_size=1),)), split=True)
    report = infer((6, 4, 4), (block,)).layers[0]
    assert report.children[1][0].input_shape == (3, 4, 4) and report.output_shape == (8, 4, 4)
    model = build_model((block,), (6, 4, 4))
    x = torch.randn(2, 6, 4, 4)
    conv = model[0].branches[1][0]
    assert torch.allclose(model(x), torch.cat([x[:, :3], conv(x[:, 3:])], dim=1))
    odd = infer((7, 4, 4), (block,)).layers[0]
    assert "divisible by 2" in odd.error


@pytest.mark.parametrize(
    "source",
    [
        "torch.save(x, 'f.pt')",
        "torch.hub.load('a', 'b')",
        "__import__('os').system('ls')",
        "x.__class__",
        "open('f')",
        "(lambda: x)()",
        "torch.cumsum(x, dim=print(1))",
        "torch.set_num_threads(1)",
        "os.system('ls')",
        "nn.Linear(x, 2)",
        "torch.cumsum(x, dim=1); import os",
    ],
)
def test_a_custom_source_runs_one_torch_call_only(source: str) -> None:
    with pytest.raises(SpecError):
        S.layer_from_dict(
            {"type": "custom", "source": source, "input_shape": [1, 2, 2], "output_shape": [1, 2, 2]}
        )


def test_custom_shape_is_the_measured_one_or_kept() -> None:
    cumsum = S.Custom(source="torch.cumsum(x, dim=1)", input_shape=(4, 8, 8), output_shape=(4, 8, 8))
    assert infer((4, 8, 8), (cumsum,)).layers[0].output_shape == (4, 8, 8)
    assert infer((2, 5, 5), (cumsum,)).layers[0].output_shape == (2, 5, 5)  # kept its shape, no weights
    pooled = S.Custom(source="x.amax(dim=(2, 3))", input_shape=(4, 8, 8), output_shape=(4,))
    assert infer((4, 8, 8), (pooled,)).layers[0].output_shape == (4,)
    assert "unknown" in infer((4, 6, 6), (pooled,)).layers[0].error


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_model_py_imports_back_as_the_same_layers(tmp_path: Path) -> None:
    layers = (
        S.Conv2d(out_channels=8, kernel_size=3, padding=1),
        S.SqueezeExcitation(squeeze_channels=2, activation="silu", scale_activation="hardsigmoid"),
        S.ChannelShuffle(groups=4),
        S.Concat(branches=((), (S.Conv2d(out_channels=4, kernel_size=1), S.ReLU())), split=True),
        S.Custom(source="torch.cumsum(x, dim=1)", input_shape=(8, 6, 6), output_shape=(8, 6, 6)),
        S.Flatten(),
        S.Linear(out_features=3),
    )
    project = Project(name="Mobile", input=InputShape(3, 6, 6), layers=layers)
    (tmp_path / "m.py").write_text(generate_model_code(project).source)
    original = _load(tmp_path / "m.py", "mobile_model").Model()
    back = from_module(original, (3, 6, 6), "Mobile")
    diff = diff_networks(project, back.project)
    assert diff.equal, diff_text(diff)
    x = torch.randn(2, 3, 6, 6)
    with torch.no_grad():
        assert float((original.eval()(x) - back.model(x)).abs().max()) < 1e-6


def test_shufflenet_units_become_split_concats_and_shuffles() -> None:
    imported = from_module(torchvision.models.shufflenet_v2_x1_0(), (3, 64, 64))
    concats = [layer for layer in imported.project.layers if isinstance(layer, S.Concat)]
    shuffles = [layer for layer in imported.project.layers if isinstance(layer, S.ChannelShuffle)]
    assert len(concats) == len(shuffles) == 16  # 4 + 8 + 4 units
    assert sum(c.split for c in concats) == 13  # every unit but the first of each stage splits
    assert all(c.branches[0] == () for c in concats if c.split)


class _WrittenOut(nn.Module):
    """Activations written as arithmetic, and arithmetic with constants."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv(x)
        x = x * torch.sigmoid(x)
        x = nn.functional.hardsigmoid(x) * x
        x = 2.0 * (x + 1.0)
        return x.flatten(1)


def test_written_out_swish_becomes_silu_and_constant_arithmetic_custom_layers() -> None:
    imported = from_module(_WrittenOut(), (3, 8, 8))
    layers = imported.project.layers
    assert [layer.type for layer in layers] == ["conv2d", "silu", "hardswish", "custom", "custom", "flatten"]
    assert [layer.source for layer in layers if isinstance(layer, S.Custom)] == [
        "operator.add(x, 1.0)",
        "operator.mul(2.0, x)",
    ]
    assert imported.max_difference < 1e-6
