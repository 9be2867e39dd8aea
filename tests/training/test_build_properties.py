"""Property tests: the core's shapes and parameter counts equal a real torch forward pass (issue 3.7).

Hypothesis draws random networks over every layer type and setting (kernel/stride/padding incl. pairs,
'same' and 'valid', dilation, groups, ceil_mode, count_include_pad, adaptive sizes, nested residual and
concat blocks). A network the core calls valid is built and run: every layer's output shape and every
parameter count must equal torch's. A network the core calls invalid must really fail in torch at the layer
the core names, unless the failure is one of the documented stricter rules below.
"""

from __future__ import annotations

import warnings

import pytest
import torch
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from torch import nn

from cnnstudio.core import specs as S
from cnnstudio.core.edits import get_at
from cnnstudio.core.shapes import infer
from cnnstudio.training.build import _layer, build_model, module_at

# Rules the core enforces although torch would run (each is a mistake a student should hear about):
# linear on a feature map (torch would act on the last axis only), dropout2d on a flat vector (torch warns and
# treats it as a map), and residual/concat blocks whose branches cannot be added or joined (the block itself).
STRICTER = (
    "linear on a map",
    "dropout2d on a flat vector",
    "block shapes",
    "pooling on a flat vector",
    "an empty map",
)
# A transposed convolution whose padding crops everything: torch returns a 0 x 0 map, the core refuses.
# torch's 2-D pooling reads a (batch, n) tensor as one unbatched (C, H) map and may run; core refuses.

sizes = st.one_of(st.integers(1, 5), st.tuples(st.integers(1, 5), st.integers(1, 5)))
strides = st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3)))
pads = st.one_of(st.integers(0, 3), st.tuples(st.integers(0, 2), st.integers(0, 2)))
dilations = st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 2), st.integers(1, 2)))


@st.composite
def conv(draw) -> S.Conv2d:
    groups = draw(st.sampled_from([1, 1, 1, 2, 3]))
    padding = draw(st.one_of(pads, st.sampled_from(["same", "valid"])))
    stride = 1 if padding == "same" and draw(st.booleans()) else draw(strides)
    return S.Conv2d(
        out_channels=draw(st.integers(1, 3)) * groups,
        kernel_size=draw(sizes),
        stride=stride,
        padding=padding,
        dilation=draw(dilations),
        groups=groups,
        bias=draw(st.booleans()),
    )


@st.composite
def window_pool(draw) -> S.LayerSpec:
    kind = draw(st.sampled_from(["max", "avg", "lp"]))
    common = {
        "kernel_size": draw(sizes),
        "stride": draw(st.one_of(st.none(), strides)),
        "ceil_mode": draw(st.booleans()),
    }
    if kind == "max":
        return S.MaxPool2d(padding=draw(pads), dilation=draw(dilations), **common)
    if kind == "avg":
        return S.AvgPool2d(padding=draw(pads), count_include_pad=draw(st.booleans()), **common)
    return S.LPPool2d(norm_type=draw(st.sampled_from([1, 2, 3])), **common)


@st.composite
def conv_transpose(draw) -> S.ConvTranspose2d:
    groups = draw(st.sampled_from([1, 1, 2]))
    return S.ConvTranspose2d(
        out_channels=draw(st.integers(1, 3)) * groups,
        kernel_size=draw(sizes),
        stride=draw(st.one_of(st.integers(1, 2), st.tuples(st.integers(1, 2), st.integers(1, 2)))),
        padding=draw(pads),
        output_padding=draw(st.one_of(st.integers(0, 1), st.tuples(st.integers(0, 1), st.integers(0, 1)))),
        dilation=draw(st.integers(1, 2)),
        groups=groups,
        bias=draw(st.booleans()),
    )


upsample = st.one_of(
    st.builds(
        S.Upsample,
        scale_factor=st.sampled_from([0.5, 1.0, 1.5, 2.0, 0.3]),
        mode=st.sampled_from(S.UPSAMPLE_MODES),
    ),
    st.builds(S.Upsample, scale_factor=st.none(), size=sizes, mode=st.sampled_from(S.UPSAMPLE_MODES)),
)
NEW_ACTIVATIONS = [S.ReLU6(), S.Hardswish(), S.Hardsigmoid(), S.SiLU(), S.Identity()]

simple = st.one_of(
    st.builds(S.AdaptiveAvgPool2d, output_size=sizes),
    st.builds(S.AdaptiveMaxPool2d, output_size=sizes),
    st.builds(S.BatchNorm2d, affine=st.booleans()),
    st.builds(S.Dropout, p=st.floats(0, 0.9)),
    st.builds(S.Dropout2d, p=st.floats(0, 0.9)),
    st.just(S.Flatten()),
    st.builds(S.Linear, out_features=st.integers(1, 6), bias=st.booleans()),
    st.sampled_from([S.ReLU(), S.Sigmoid(), S.Tanh(), S.GELU(), S.Softmax(), S.LeakyReLU(), S.ELU()]),
    st.sampled_from(NEW_ACTIVATIONS),
)
mobile = st.one_of(
    st.builds(
        S.SqueezeExcitation,
        squeeze_channels=st.integers(1, 4),
        activation=st.sampled_from(S.SE_ACTIVATIONS),
        scale_activation=st.sampled_from(S.SE_GATES),
    ),
    st.builds(S.ChannelShuffle, groups=st.integers(1, 3)),
)
plain_layer = st.one_of(conv(), conv(), window_pool(), simple, conv_transpose(), upsample, mobile)


@st.composite
def block(draw) -> S.LayerSpec:
    inner = st.lists(plain_layer, min_size=0, max_size=3)
    if draw(st.booleans()):
        return S.Residual(layers=tuple(draw(st.lists(plain_layer, min_size=1, max_size=3))))
    branches = tuple(tuple(b) for b in draw(st.lists(inner, min_size=1, max_size=3)))
    return S.Concat(branches=branches, split=draw(st.booleans()))


networks = st.tuples(
    st.tuples(st.integers(1, 3), st.integers(1, 20), st.integers(1, 20)),
    st.lists(st.one_of(plain_layer, plain_layer, block()), min_size=1, max_size=6),
)


def _output_shapes(model: nn.Module, layers, x: torch.Tensor) -> dict[tuple[int, ...], tuple[int, ...]]:
    """Run ``model`` on ``x`` and record the output shape (without the batch) of every core layer path."""
    seen: dict[tuple[int, ...], tuple[int, ...]] = {}
    hooks = []
    for path, _ in S.walk(layers):
        module = module_at(model, path)
        hooks.append(
            module.register_forward_hook(lambda m, i, o, p=path: seen.__setitem__(p, tuple(o.shape[1:])))
        )
    try:
        with torch.no_grad():
            model.eval()(x)
    finally:
        for hook in hooks:
            hook.remove()
    return seen


def _stricter_rule(layers, path, input_shape, error: str | None = None) -> str | None:
    spec = get_at(layers, path)
    if spec.type == "linear" and len(input_shape) == 3:
        return STRICTER[0]
    if spec.type == "dropout2d" and len(input_shape) == 1:
        return STRICTER[1]
    if spec.is_block:
        return STRICTER[2]
    if spec.type in S.POOLING_TYPES and len(input_shape) == 1:
        return STRICTER[3]
    if spec.type == "convtranspose2d" and len(input_shape) == 3 and "would be" in (error or ""):
        return STRICTER[4]
    return None


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@settings(
    max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(networks)
@example(
    ((1, 5, 5), [S.MaxPool2d(kernel_size=2, stride=2, padding=1, ceil_mode=True)])
)  # last window in padding
@example(((1, 6, 6), [S.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)]))
@example(((1, 4, 4), [S.MaxPool2d(kernel_size=3, padding=1)]))  # padding = k//2: allowed
@example(((1, 4, 4), [S.MaxPool2d(kernel_size=3, padding=2)]))  # padding > k//2: refused by both
@example(((1, 3, 3), [S.Conv2d(out_channels=1, kernel_size=3)]))  # kernel just fits
@example(
    ((2, 4, 4), [S.ConvTranspose2d(out_channels=2, kernel_size=3, stride=2, padding=1, output_padding=1)])
)
@example(((1, 2, 2), [S.ConvTranspose2d(out_channels=1, kernel_size=1, padding=1)]))  # crops to nothing
@example(((1, 3, 5), [S.Upsample(scale_factor=0.3)]))  # floor(3 * 0.3) = 0: no pixels left
@example(((1, 3, 5), [S.Upsample(scale_factor=1.5, mode="bilinear")]))
@example(((1, 3, 3), [S.Conv2d(out_channels=1, kernel_size=4)]))  # just does not
@example(((2, 8, 8), [S.Residual(layers=(S.Conv2d(out_channels=4, kernel_size=3, stride=2, padding=1),))]))
@example(((3, 4, 4), [S.ChannelShuffle(groups=2)]))  # 3 channels do not split into 2 groups
@example(((2, 4, 4), [S.Concat(branches=((), (S.Conv2d(out_channels=3, kernel_size=1),)), split=True)]))
def test_core_agrees_with_torch(network) -> None:
    shape, layers = network
    report = infer(shape, layers)
    x = torch.randn(2, *shape)
    if report.valid:
        event("valid")
        model = build_model(layers, shape)
        seen = _output_shapes(model, layers, x)
        for path, _ in S.walk(layers):
            assert seen[path] == report.find(path).output_shape, (path, layers)
        assert sum(p.numel() for p in model.parameters()) == report.total_params
        for path, _ in S.walk(layers):
            module = module_at(model, path)
            assert sum(p.numel() for p in module.parameters()) == report.find(path).params, path
        return
    bad = report.first_error()
    assert bad is not None and bad.input_shape is not None
    rule = _stricter_rule(layers, bad.path, bad.input_shape, bad.error)
    event(f"invalid: {rule or 'torch fails too'}")
    if rule is not None:
        return
    spec = get_at(layers, bad.path)
    failed = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            module = _layer(spec, _fake_report(bad.input_shape))
            module.eval()(torch.randn(2, *bad.input_shape))
    except (RuntimeError, ValueError, IndexError):
        failed = True
    assert failed, f"core refuses {spec} on {bad.input_shape} ({bad.error}) but torch runs it"


def _fake_report(input_shape):
    from cnnstudio.core.shapes import LayerReport

    return LayerReport((0,), "", tuple(input_shape))
