"""``model.py`` lines for squeeze-and-excitation, channel shuffle and custom layers, written as a person
would type them (torchvision's module names for the gate, ShuffleNet's view / transpose / reshape, a custom
layer's own call), so that the file reads without CNN Studio and imports back as the same layers."""

from __future__ import annotations

from dataclasses import dataclass, field

from cnnstudio.core import specs as S
from cnnstudio.core.custom_source import source_kind, with_input
from cnnstudio.core.shapes import LayerReport, shape_text

_ACTIVATIONS = {
    "relu": "nn.ReLU()", "silu": "nn.SiLU()", "relu6": "nn.ReLU6()", "hardswish": "nn.Hardswish()",
    "gelu": "nn.GELU()", "sigmoid": "nn.Sigmoid()", "hardsigmoid": "nn.Hardsigmoid()",
}  # fmt: skip


@dataclass
class Lines:
    init: list[str] = field(default_factory=list)
    forward: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # studio module path -> this file's


def mobile_lines(spec: S.LayerSpec, report: LayerReport, name: str, studio: str, src: str, dst: str) -> Lines:
    shape = f"  # {shape_text(report.output_shape)}"
    out = Lines()
    assert report.input_shape is not None
    if isinstance(spec, S.SqueezeExcitation):
        c, s = report.input_shape[0], spec.squeeze_channels
        out.init += [
            f"# {name}: squeeze-and-excitation, each channel scaled by a gate computed from the whole map",
            f"self.{name}_avgpool = nn.AdaptiveAvgPool2d(1)",
            f"self.{name}_fc1 = nn.Conv2d({c}, {s}, 1)",
            f"self.{name}_activation = {_ACTIVATIONS[spec.activation]}",
            f"self.{name}_fc2 = nn.Conv2d({s}, {c}, 1)",
            f"self.{name}_scale_activation = {_ACTIVATIONS[spec.scale_activation]}",
        ]
        gate = f"self.{name}_fc2(self.{name}_activation(self.{name}_fc1(self.{name}_avgpool({src}))))"
        out.forward += [
            f"{name}_scale = self.{name}_scale_activation({gate})  # {c} x 1 x 1",
            f"{dst} = {src} * {name}_scale{shape}",
        ]
        out.names = {f"{studio}.fc1": f"{name}_fc1", f"{studio}.fc2": f"{name}_fc2"}
    elif isinstance(spec, S.ChannelShuffle):
        c, h, w = report.input_shape
        g = spec.groups
        out.forward.append(
            f"{dst} = {src}.view(-1, {g}, {c // g}, {h}, {w}).transpose(1, 2).reshape(-1, {c}, {h}, {w})"
            f"  # channel shuffle, {g} groups: {shape[4:]}"
        )
    elif isinstance(spec, S.Custom):
        note = "  # custom layer, as imported: " + shape[4:]
        if source_kind(spec.source) == "module":
            out.init.append(f"self.{name} = {spec.source.strip()}{note}")
            out.forward.append(f"{dst} = self.{name}({src}){shape}")
            if spec.params:
                out.names[studio] = name
        else:
            out.forward.append(f"{dst} = {with_input(spec.source, src)}{note}")
    return out
