"""The animator's and the pooling lab's arithmetic against torch (issue 6)."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnstudio.core import specs as S
from cnnstudio.core.window_math import (
    conv_padding,
    conv_walk,
    even_padding,
    filter_channels,
    filter_shape,
    padding_fill,
    pool_window,
)


@settings(max_examples=60, deadline=None)
@given(
    channels=st.integers(1, 3),
    size=st.integers(3, 9),
    k=st.integers(1, 3),
    stride=st.integers(1, 3),
    pad=st.integers(0, 2),
    dil=st.integers(1, 2),
    seed=st.integers(0, 10_000),
)
def test_every_output_cell_equals_conv2d(channels, size, k, stride, pad, dil, seed) -> None:
    if size + 2 * pad < dil * (k - 1) + 1:
        return
    gen = torch.Generator().manual_seed(seed)
    image = torch.randn(channels, size, size, generator=gen, dtype=torch.float64)
    kernel = torch.randn(channels, k, k, generator=gen, dtype=torch.float64)
    walk = conv_walk(image.tolist(), kernel.tolist(), (stride, stride), (pad, pad), (dil, dil), bias=0.25)
    expected = F.conv2d(
        image[None], kernel[None], torch.tensor([0.25], dtype=torch.float64), stride, pad, dil
    )[0, 0]
    assert walk.out_shape == tuple(expected.shape)
    assert torch.allclose(torch.tensor(walk.output(), dtype=torch.float64), expected, atol=1e-9)


def test_dilated_and_1x1_kernels_cover_the_cells_they_should() -> None:
    image = [[[float(r * 10 + c) for c in range(7)] for r in range(7)]]
    dilated = conv_walk(image, [[[1, 1, 1]] * 3], dilation=(2, 2)).steps[0]
    assert [cell[1:] for cell in dilated.cells] == [(r, c) for r in (0, 2, 4) for c in (0, 2, 4)]
    one = conv_walk(image, [[[2.0]]], stride=(3, 3))
    assert one.out_shape == (3, 3) and one.steps[4].cells == ((0, 3, 3),)
    padded = conv_walk(image, [[[1.0] * 3] * 3], padding=(1, 1))
    assert padded.is_padding(0, 3) and not padded.is_padding(1, 1)


def _window_tensor(values):
    return torch.tensor(values, dtype=torch.float64, requires_grad=True)


@pytest.mark.parametrize("norm", [1.0, 2.0, 3.0])
def test_pool_window_values_and_gradients_equal_torch(norm: float) -> None:
    grid = torch.rand(6, 6, generator=torch.Generator().manual_seed(4), dtype=torch.float64).tolist()
    window = pool_window(grid, 2, 1, (3, 3), norm_type=norm)
    for fn, value, grad in (
        (lambda x: F.max_pool2d(x, 3), window.max, window.max_gradient()),
        (lambda x: F.avg_pool2d(x, 3), window.average, window.average_gradient()),
        (lambda x: F.lp_pool2d(x, norm, 3), window.lp, window.lp_gradient()),
    ):
        x = _window_tensor(window.values)
        out = fn(x[None, None])
        out.sum().backward()
        assert out.item() == pytest.approx(value, rel=1e-9)
        assert torch.allclose(x.grad, torch.tensor(grad, dtype=torch.float64), atol=1e-9)


def test_max_pool_winner_matches_return_indices() -> None:
    grid = torch.rand(4, 4, generator=torch.Generator().manual_seed(9)).tolist()
    window = pool_window(grid, 0, 0, (4, 4))
    _, index = F.max_pool2d(torch.tensor(grid)[None, None], 4, return_indices=True)
    assert divmod(int(index), 4) == window.winner


def test_window_outside_the_map_is_refused() -> None:
    with pytest.raises(ValueError, match="does not lie inside"):
        pool_window([[1.0, 2.0], [3.0, 4.0]], 1, 1, (2, 2))


# -- a layer's window geometry: padding splits, grouped filters, max pooling's padding ----------------------
@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")  # torch pads a copy: expected
@pytest.mark.parametrize(("k", "dil"), [(2, 1), (3, 1), (4, 2), (5, 1)])
def test_same_padding_split_gives_torchs_same_convolution(k: int, dil: int) -> None:
    spec = S.Conv2d(out_channels=1, kernel_size=(k, k + 1), padding="same", dilation=dil)
    (top, bottom), (left, right) = conv_padding(spec)
    gen = torch.Generator().manual_seed(k)
    image = torch.randn(1, 1, 7, 8, generator=gen, dtype=torch.float64)
    weight = torch.randn(1, 1, k, k + 1, generator=gen, dtype=torch.float64)
    padded = F.pad(image, (left, right, top, bottom))
    assert torch.allclose(
        F.conv2d(padded, weight, dilation=dil), F.conv2d(image, weight, padding="same", dilation=dil)
    )
    assert even_padding(spec) == ((top, left) if (top, left) == (bottom, right) else None)


def test_a_grouped_filter_reads_its_groups_channels_with_torchs_weight_shape() -> None:
    spec = S.Conv2d(out_channels=6, kernel_size=3, groups=3)
    conv = torch.nn.Conv2d(9, 6, 3, groups=3).double()
    assert tuple(conv.weight.shape[1:]) == filter_shape(spec, 9)
    x = torch.randn(1, 9, 5, 5, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    for out in range(6):
        channels = list(filter_channels(spec, 9, out))
        alone = F.conv2d(x[:, channels], conv.weight[out : out + 1], conv.bias[out : out + 1])
        assert torch.allclose(alone[0, 0], conv(x)[0, out])


def test_max_pooling_pads_with_minus_infinity_as_torch_does() -> None:
    grid = (-1 - torch.rand(5, 5, generator=torch.Generator().manual_seed(3), dtype=torch.float64)).tolist()
    walk = conv_walk([grid], [[[1.0] * 3] * 3], (2, 2), (1, 1))
    fill = padding_fill("maxpool2d")
    pooled = [max(walk.inputs(k, fill)) for k in range(len(walk.steps))]
    expected = F.max_pool2d(torch.tensor(grid)[None, None], 3, 2, 1).flatten().tolist()
    assert pooled == pytest.approx(expected)  # with zeros in the padding every border window would say 0
    assert walk.filled(0, fill)[0][0] == -math.inf and padding_fill("avgpool2d") == 0.0
