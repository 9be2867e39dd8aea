"""The arithmetic of the layers mobile and imported networks add: squeeze-and-excitation (MobileNetV3,
EfficientNet), channel shuffle (ShuffleNet) and custom layers (an imported operation the studio has no layer
for). Kept beside ``layer_rules`` (whose helpers it uses) so that neither grows past a readable size.
"""

from __future__ import annotations

from cnnstudio.core import specs as S
from cnnstudio.core.layer_result import LayerInvalid, LayerResult, Shape, is_map, need_map, shape_text
from cnnstudio.core.receptive_field import ReceptiveField


def squeeze_excitation(spec: S.SqueezeExcitation, shape: Shape, rf: ReceptiveField) -> LayerResult:
    """``torchvision.ops.SqueezeExcitation``: two 1x1 convolutions with biases on the channel means.

    The multiply-accumulates are the two convolutions' (on a 1 x 1 map) and the final scaling of every value;
    the mean is counted with the pooling layers' convention (none)."""
    need_map(spec, shape)
    c, s = shape[0], spec.squeeze_channels
    params = c * s + s + s * c + c
    macs = c * s + s * c + c * shape[1] * shape[2]
    formulas = (
        f"output = input * gate: {shape_text(shape)}",
        f"gate = {spec.scale_activation}(fc2({spec.activation}(fc1(mean over H, W))))",
        f"params = {c}*{s} + {s} + {s}*{c} + {c} = {params} (fc1: C -> squeeze_channels, fc2: back to C)",
    )
    # Every output value depends on the whole map through its channel's gate.
    whole = tuple(rf.size[a] + (shape[1 + a] - 1) * rf.jump[a] for a in range(2))
    return LayerResult(shape, params, macs, formulas, (), ReceptiveField(whole, rf.jump, rf.start))  # type: ignore[arg-type]


def channel_shuffle(spec: S.ChannelShuffle, shape: Shape, rf: ReceptiveField) -> LayerResult:
    """``nn.ChannelShuffle``: a permutation of the channels, so no weights and no arithmetic."""
    need_map(spec, shape)
    c, g = shape[0], spec.groups
    if c % g:
        lower = max((d for d in range(1, g + 1) if c % d == 0), default=1)
        raise LayerInvalid(
            f"channel shuffle with {g} groups needs a channel count divisible by {g}, but receives {c}.",
            f"set groups to {lower}, or give the layer before {c + (g - c % g)} channels.",
        )
    formulas = (
        f"C = {c}: channel g*{c // g} + i moves to i*{g} + g ({g} groups of {c // g})",
        "output shape = input shape",
    )
    return LayerResult(shape, 0, 0, formulas, (), rf)


def custom(spec: S.Custom, shape: Shape, rf: ReceptiveField) -> LayerResult:
    """A custom layer's shapes were measured on import (the core cannot run torch): on that input it gives
    that output; an operation that kept its shape is taken to keep it on another input, unless it holds
    weights sized for the channels it was imported with."""
    measured_in, measured_out = spec.input_shape, spec.output_shape
    if measured_in is None or measured_out is None:
        raise LayerInvalid(
            "This custom layer's output shape is unknown: it was not measured on import.",
            "import the network again, so that the operation is run once and its shapes recorded.",
        )
    if tuple(shape) == tuple(measured_in):
        out = tuple(measured_out)
        formula = f"output = {shape_text(out)} (measured on import)"
    elif measured_in == measured_out and (spec.params == 0 or shape[0] == measured_in[0]):
        out = tuple(shape)
        formula = f"output = input = {shape_text(out)} (the operation kept its shape on import)"
    else:
        raise LayerInvalid(
            f"This custom layer was measured on a {shape_text(measured_in)} input, giving {shape_text(measured_out)}; "
            f"its output for {shape_text(shape)} is unknown.",
            f"give it a {shape_text(measured_in)} input again, or import the changed network.",
        )
    whole = rf
    if is_map(shape) and out != tuple(shape):  # an unknown operation may mix the whole map
        size = tuple(rf.size[a] + (shape[1 + a] - 1) * rf.jump[a] for a in range(2))
        whole = ReceptiveField(size, rf.jump, rf.start)  # type: ignore[arg-type]
    formulas = (formula, f"params = {spec.params} (counted on import)", f"source: {spec.source}")
    return LayerResult(out, spec.params, 0, formulas, (), whole)


RULES = {
    "squeezeexcitation": squeeze_excitation,
    "channelshuffle": channel_shuffle,
    "custom": custom,
}
