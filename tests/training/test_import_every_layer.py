"""Export -> import is a round trip for every layer type and block the program has.

The network below holds one of each type the registry knows (``LAYER_TYPES``), walked to prove it: a layer
type added later fails here until it is put into the network and its export comes back. Each export
(model.py, TorchScript, ONNX) is imported with ``cnnstudio import``; the imported project must have the same
layers and settings (``diff_networks``), and where weights travel (TorchScript, ONNX) the imported run's
model must compute what the exported file computes, by the file's own runtime (``torch.jit.load``,
onnxruntime), on the same input.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project
from cnnstudio.core.spec_registry import LAYER_TYPES
from cnnstudio.training.export.formats import studio_weights
from tests.training.test_import_files import round_trip


def every_layer_type() -> Project:
    """Every registered layer type at least once, blocks nested in blocks, both kinds of custom layer (with
    the shapes and parameters an import measures)."""
    split = S.Concat(branches=((), (S.Conv2d(out_channels=4, kernel_size=1), S.GELU())), split=True)
    inception = S.Concat(
        branches=(
            (
                S.Conv2d(out_channels=4, kernel_size=1),
                S.Custom(source="torch.cumsum(x, dim=1)", input_shape=(4, 16, 16), output_shape=(4, 16, 16)),
            ),
            (S.Identity(),),
        )
    )
    layers = (
        S.Conv2d(out_channels=8, kernel_size=3, padding=1), S.BatchNorm2d(), S.ReLU(),
        S.SqueezeExcitation(squeeze_channels=2, activation="silu", scale_activation="hardsigmoid"),
        S.ChannelShuffle(groups=2), split,
        S.Residual(layers=(S.Conv2d(out_channels=8, kernel_size=3, padding=1), S.Custom(source="nn.GroupNorm(2, 8)", input_shape=(8, 16, 16), output_shape=(8, 16, 16), params=16))),
        inception, S.ConvTranspose2d(out_channels=6, kernel_size=2, stride=2), S.Hardswish(), S.ReLU6(),
        S.LPPool2d(kernel_size=2), S.Upsample(scale_factor=2.0), S.MaxPool2d(kernel_size=2), S.ELU(),
        S.AvgPool2d(kernel_size=2), S.LeakyReLU(negative_slope=0.2), S.Dropout2d(p=0.2), S.SiLU(),
        S.AdaptiveMaxPool2d(output_size=4), S.Sigmoid(), S.AdaptiveAvgPool2d(output_size=2), S.Tanh(),
        S.Hardsigmoid(), S.Flatten(), S.Linear(out_features=12), S.Dropout(p=0.3), S.Linear(out_features=5),
        S.Softmax(),
    )  # fmt: skip
    return Project(name="Every layer type", input=InputShape(3, 16, 16), layers=layers)


def _types(layers: tuple[S.LayerSpec, ...]) -> set[str]:
    found = set()
    for layer in layers:
        found.add(layer.type)
        for child in layer.child_lists() if layer.is_block else ():
            found |= _types(child)
    return found


def test_the_network_holds_every_registered_layer_type() -> None:
    project = every_layer_type()
    assert project.report.valid, project.report
    missing = set(LAYER_TYPES) - _types(project.layers)
    assert not missing, (
        f"add these layer types to every_layer_type() so that their round trip is tested: {missing}"
    )
    assert any(isinstance(s, S.Concat) and s.split for s in project.layers)


@pytest.mark.parametrize("fmt", ["pytorch", "torchscript", "onnx"])
def test_every_layer_type_comes_back_from_its_export(fmt: str, tmp_path: Path) -> None:
    project = every_layer_type()
    model = round_trip(project, fmt, tmp_path)  # same layers and settings; the file's runtime agrees
    if model is None:
        return  # model.py carries no weights
    # and torch agrees: the model that was exported and the one imported, on the same input
    original = studio_weights(project).model.eval()
    x = torch.randn((3, *project.input.shape), generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        assert float((model.eval()(x) - original(x)).abs().max()) < 1e-6
