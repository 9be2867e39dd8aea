"""FC -> CONV with real weights: the converted network must give the original's scores, to float precision."""

from __future__ import annotations

import torch
from torch import nn

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project, default_project
from cnnstudio.training.build import build_model
from cnnstudio.training.fc_to_conv_model import convert_model, max_difference, score_map


def _randomised(project: Project, seed: int = 0) -> nn.Module:
    """A model whose batch-norm statistics are not the identity, so copying them is really tested."""
    torch.manual_seed(seed)
    model = build_model(project)
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d | nn.BatchNorm1d):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
    return model


def _cs231n_like() -> Project:
    """cs231n's 7x7x512 -> 4096 head, scaled down: a 16x7x7 map into a linear of 64, then 10 classes."""
    layers = (
        S.Conv2d(out_channels=16, kernel_size=3),  # no padding: a window sees no zeros the big image lacks
        S.ReLU(),
        S.MaxPool2d(kernel_size=2),
        S.Flatten(),
        S.Linear(out_features=64),
        S.ReLU(),
        S.Linear(out_features=10),
    )
    return Project(name="small VGG head", input=InputShape(8, 16, 16), layers=layers)


def test_default_project_converts_with_identical_scores() -> None:
    project = default_project()
    model = _randomised(project)
    converted = convert_model(project, model)
    x = torch.rand(5, *project.input.shape)
    assert max_difference(model, converted.model, x) < 1e-5
    kinds = [type(m).__name__ for m in converted.model]
    assert "Linear" not in kinds and "Flatten" not in kinds


def test_small_vgg_head_becomes_7x7_then_1x1_convs() -> None:
    project = _cs231n_like()
    model = _randomised(project, seed=1)
    converted = convert_model(project, model)
    first, second = converted.model[3], converted.model[5]
    assert isinstance(first, nn.Conv2d) and first.weight.shape == (64, 16, 7, 7)
    assert isinstance(second, nn.Conv2d) and second.weight.shape == (10, 64, 1, 1)
    x = torch.rand(4, 8, 16, 16)
    assert converted.model(x).shape == (4, 10, 1, 1)
    assert max_difference(model, converted.model, x) < 1e-5


def test_score_map_cells_are_the_original_on_each_window() -> None:
    project = _cs231n_like()
    model = _randomised(project, seed=2).eval()
    converted = convert_model(project, model)
    big = torch.rand(8, 24, 32)
    scores = score_map(converted.model, big)
    # the network shrinks by 2 (one pool), so the 7x7 head slides in steps of 2 input pixels
    assert scores.shape == (10, (24 - 16) // 2 + 1, (32 - 16) // 2 + 1)
    with torch.no_grad():
        for row, col in [(0, 0), (2, 5), (4, 8)]:
            window = big[:, 2 * row : 2 * row + 16, 2 * col : 2 * col + 16]
            expected = model(window[None])[0].numpy()
            assert abs(scores[:, row, col] - expected).max() < 1e-5
