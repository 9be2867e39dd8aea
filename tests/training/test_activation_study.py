"""The activation view's numbers: torch's functions with their textbook derivatives, and the inputs each
activation layer of a real network receives (checked by running the network's first layers by hand)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from cnnstudio.core import specs as S
from cnnstudio.core.project import default_project
from cnnstudio.training.activation_study import (
    FUNCTIONS,
    activation_inputs,
    curve,
    saturation_threshold,
)
from cnnstudio.training.build import build_model


def test_derivatives_are_the_textbooks() -> None:
    sig = curve("sigmoid")
    s = 1 / (1 + np.exp(-sig.x))
    assert sig.y == pytest.approx(s) and sig.dy == pytest.approx(s * (1 - s))
    assert sig.peak_derivative == pytest.approx(0.25)  # course 004: "峰值为0.25"
    tanh = curve("tanh")
    assert tanh.dy == pytest.approx(1 - np.tanh(tanh.x) ** 2) and tanh.peak_derivative == pytest.approx(1)
    relu = curve("relu")
    assert np.all(relu.dy[relu.x > 0] == 1) and np.all(relu.dy[relu.x < 0] == 0)  # never vanishes for x > 0
    leaky = curve("leakyrelu")
    assert leaky.dy[leaky.x < 0] == pytest.approx(0.01)
    elu = curve("elu")
    assert elu.dy[elu.x < 0] == pytest.approx(np.exp(elu.x[elu.x < 0]))
    gelu = curve("gelu")
    assert gelu.y == pytest.approx(torch.nn.GELU()(torch.from_numpy(gelu.x)).numpy())


def test_saturation_thresholds() -> None:
    assert saturation_threshold("sigmoid") == pytest.approx(0.025)
    assert saturation_threshold("relu") == pytest.approx(0.1)


def _network() -> list[S.LayerSpec]:
    return [
        S.Conv2d(out_channels=4, kernel_size=3, padding=1),
        S.Sigmoid(),
        S.MaxPool2d(kernel_size=2),
        S.Conv2d(out_channels=4, kernel_size=3),
        S.ReLU(),
        S.Flatten(),
        S.Linear(out_features=10),
    ]


def test_the_layers_inputs_are_what_the_network_gives_them() -> None:
    project = default_project().replace(layers=tuple(_network()))
    torch.manual_seed(0)
    model = build_model(project)
    with torch.no_grad():  # scale the first conv up, so that the sigmoid saturates for real
        model[0].weight.mul_(8)
    x = torch.rand(16, *project.input.shape)
    found = activation_inputs(model, project.layers, x)
    assert set(found) == {(1,), (4,)}
    with torch.no_grad():
        before_sigmoid = model[0](x).double().flatten()
        before_relu = model[3](model[2](torch.sigmoid(model[0](x)))).double().flatten()
    sigmoid, relu = found[(1,)], found[(4,)]
    assert sigmoid.count == before_sigmoid.numel() and sigmoid.counts.sum() == sigmoid.count
    s = torch.sigmoid(before_sigmoid)
    assert sigmoid.saturated_share == pytest.approx(float(((s * (1 - s)) < 0.025).double().mean()))
    assert 0.05 < sigmoid.saturated_share < 1
    assert relu.saturated_share == pytest.approx(float((before_relu <= 0).double().mean()))
    assert sigmoid.low_saturated == pytest.approx(-3.63, abs=0.01)  # σ'(x) = 0.025 at |x| = 3.63
    assert sigmoid.high_saturated == pytest.approx(3.63, abs=0.01)
    assert relu.low_saturated == pytest.approx(0, abs=0.01) and relu.high_saturated == np.inf
    expected, _ = np.histogram(before_sigmoid.numpy(), bins=sigmoid.edges)
    assert np.array_equal(expected, sigmoid.counts)


def test_every_function_is_listed_by_its_layer_type() -> None:
    from cnnstudio.core.layer_catalog import CATALOG

    types = {entry.type for entry in CATALOG} if not isinstance(CATALOG, dict) else set(CATALOG)
    assert set(FUNCTIONS) <= types
