"""Project -> a standalone ``model.py``: one plain ``nn.Module`` class a person could have typed.

Why generate names instead of mirroring ``build.py``'s ``nn.Sequential``: ``self.conv1`` and a ``forward``
that reads top to bottom, one line per layer with the shape it produces, is what a student writes and can
follow; ``self[7]`` is not. The price is that the studio's state_dict keys are positional (``4.weight``,
``3.layers.0.bias``), so the generated file carries a table ``STUDIO_NAMES`` from the studio's module paths
to its own, and its ``load_state_dict`` accepts either naming. Only the core's specs and inferred shapes are
read here (never the torch modules), so the file describes exactly what the editor showed; the tests check
that it loads the studio's weights strictly and gives the studio model's outputs.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from cnnstudio.core import specs as S
from cnnstudio.core.project import Project
from cnnstudio.core.shapes import LayerReport, projection_stride, shape_text
from cnnstudio.training.export.literals import escaped, literal
from cnnstudio.training.export.mobile_code import mobile_lines

# The attribute name a person would give each kind of layer (numbered when a list holds several).
_BASE_NAMES = {
    "conv2d": "conv", "maxpool2d": "pool", "avgpool2d": "pool", "lppool2d": "pool",
    "adaptiveavgpool2d": "adaptive_pool", "adaptivemaxpool2d": "adaptive_pool", "batchnorm2d": "bn",
    "dropout": "dropout", "dropout2d": "dropout", "flatten": "flatten", "linear": "fc", "relu": "relu",
    "sigmoid": "sigmoid", "tanh": "tanh", "gelu": "gelu", "softmax": "softmax", "leakyrelu": "leaky_relu",
    "elu": "elu", "residual": "res", "concat": "concat", "convtranspose2d": "deconv", "upsample": "up",
    "relu6": "relu6", "hardswish": "hardswish", "hardsigmoid": "hardsigmoid", "silu": "silu", "identity": "identity",
    "squeezeexcitation": "se", "channelshuffle": "shuffle", "custom": "custom",
}  # fmt: skip
_STATEFUL = ("conv2d", "convtranspose2d", "batchnorm2d", "linear")
# Names model.py itself defines or imports: a class of that name would replace them.
_TAKEN = frozenset({"F", "nn", "torch", "math", "operator", "Model", "MEAN", "STD"})
V = TypeVar("V")  # the layers with weights or buffers in a state_dict


@dataclass(frozen=True)
class ModelCode:
    """The generated file and what other exporters need to know about it."""

    source: str
    class_name: str
    title: str  # how the module docstring starts, unescaped: the exporter checks that it reads so
    # studio module path ("3.layers.0") -> this file's module path ("res1_conv1"), stateful modules only
    studio_names: Mapping[str, str] = field(default_factory=dict)

    def readable_state_dict(self, state: Mapping[str, V]) -> dict[str, V]:
        """The studio's state_dict under this file's names (what ``model.py``'s own class saves)."""
        renamed = {}
        for key, value in state.items():
            module, _, leaf = key.rpartition(".")
            renamed[f"{self.studio_names.get(module, module)}.{leaf}"] = value
        return renamed


def class_name_for(project_name: str) -> str:
    """``"Shapes CNN"`` -> ``ShapesCNN``, ``"LeNet-5"`` -> ``LeNet5``; ``Net`` when nothing usable is left."""
    words = re.findall(r"[A-Za-z0-9]+", project_name)
    name = "".join(w[:1].upper() + w[1:] for w in words)
    if not name or name[0].isdigit():
        name = "Net" + name
    if keyword.iskeyword(name) or name in _TAKEN:
        name += "Net"
    return name


def _numbered(items: Sequence[S.LayerSpec]) -> list[str]:
    """``conv1, conv2, bn, fc1, fc2``: a number only where a list holds more than one of a kind."""
    bases = [_BASE_NAMES[spec.type] for spec in items]
    seen: dict[str, int] = {}
    names = []
    for base in bases:
        seen[base] = seen.get(base, 0) + 1
        names.append(f"{base}{seen[base]}" if bases.count(base) > 1 else base)
    return names


def _args(*positional: object, **keywords: object) -> str:
    """Constructor arguments as Python source; keywords equal to ``None`` are left out."""
    parts = [literal(v) for v in positional]
    parts += [f"{k}={literal(v)}" for k, v in keywords.items() if v is not None]
    return ", ".join(parts)


def _unless(value: object, default: object) -> object:
    return None if value == default else value


def module_source(spec: S.LayerSpec, report: LayerReport) -> str:
    """The ``nn.X(...)`` call for one layer, with torch's defaults left out (mirrors ``build._layer``)."""
    shape = report.input_shape
    assert shape is not None
    if isinstance(spec, S.Conv2d):
        return "nn.Conv2d(" + _args(
            shape[0], spec.out_channels, kernel_size=spec.kernel_size, stride=_unless(spec.stride, 1),
            padding=_unless(spec.padding, 0), dilation=_unless(spec.dilation, 1),
            groups=_unless(spec.groups, 1), bias=_unless(spec.bias, True),
        ) + ")"  # fmt: skip
    if isinstance(spec, (S.MaxPool2d, S.AvgPool2d, S.LPPool2d)):
        window = {"stride": spec.stride, "padding": _unless(getattr(spec, "padding", 0), 0)}
        if isinstance(spec, S.MaxPool2d):
            window["dilation"] = _unless(spec.dilation, 1)
        window["ceil_mode"] = _unless(spec.ceil_mode, False)
        if isinstance(spec, S.AvgPool2d):
            window["count_include_pad"] = _unless(spec.count_include_pad, True)
            return f"nn.AvgPool2d({_args(spec.kernel_size, **window)})"
        if isinstance(spec, S.LPPool2d):
            return f"nn.LPPool2d({_args(spec.norm_type, spec.kernel_size, **window)})"
        return f"nn.MaxPool2d({_args(spec.kernel_size, **window)})"
    if isinstance(spec, (S.AdaptiveAvgPool2d, S.AdaptiveMaxPool2d)):
        kind = "AdaptiveAvgPool2d" if isinstance(spec, S.AdaptiveAvgPool2d) else "AdaptiveMaxPool2d"
        return f"nn.{kind}({_args(spec.output_size)})"
    if isinstance(spec, S.BatchNorm2d):
        kind = "BatchNorm2d" if len(shape) == 3 else "BatchNorm1d"  # on a flat vector, as build.py does
        return f"nn.{kind}(" + _args(
            shape[0], eps=_unless(spec.eps, 1e-5), momentum=_unless(spec.momentum, 0.1),
            affine=_unless(spec.affine, True),
        ) + ")"  # fmt: skip
    if isinstance(spec, S.Dropout):
        return f"nn.{'Dropout2d' if isinstance(spec, S.Dropout2d) else 'Dropout'}(p={literal(spec.p)})"
    if isinstance(spec, S.Linear):
        return f"nn.Linear({_args(shape[0], spec.out_features, bias=_unless(spec.bias, True))})"
    if isinstance(spec, S.LeakyReLU):
        return f"nn.LeakyReLU({_args(_unless(spec.negative_slope, 0.01))})".replace("(None)", "()")
    if isinstance(spec, S.ELU):
        return f"nn.ELU({_args(_unless(spec.alpha, 1.0))})".replace("(None)", "()")
    if isinstance(spec, S.ConvTranspose2d):
        return "nn.ConvTranspose2d(" + _args(
            shape[0], spec.out_channels, spec.kernel_size, stride=_unless(spec.stride, 1),
            padding=_unless(spec.padding, 0), output_padding=_unless(spec.output_padding, 0),
            groups=_unless(spec.groups, 1), bias=_unless(spec.bias, True), dilation=_unless(spec.dilation, 1),
        ) + ")"  # fmt: skip
    if isinstance(spec, S.Upsample):
        if spec.size is not None:
            return f"nn.Upsample({_args(size=S.pair(spec.size), mode=spec.mode)})"
        return f"nn.Upsample({_args(scale_factor=spec.scale_factor, mode=spec.mode)})"
    simple = {
        "flatten": "nn.Flatten()", "relu": "nn.ReLU()", "sigmoid": "nn.Sigmoid()", "tanh": "nn.Tanh()",
        "gelu": "nn.GELU()", "softmax": "nn.Softmax(dim=1)", "relu6": "nn.ReLU6()",
        "hardswish": "nn.Hardswish()", "hardsigmoid": "nn.Hardsigmoid()", "silu": "nn.SiLU()",
        "identity": "nn.Identity()",
    }  # fmt: skip
    if spec.type in simple:
        return simple[spec.type]
    raise ValueError(f"no PyTorch source for layer type {spec.type!r}")


class _Writer:
    """Walks the network once, collecting ``__init__`` lines, ``forward`` lines and the name table."""

    def __init__(self) -> None:
        self.init: list[str] = []
        self.forward: list[str] = []
        self.names: dict[str, str] = {}

    def sequence(
        self, specs: Sequence[S.LayerSpec], reports: Sequence[LayerReport], prefix: str, studio: str,
        src: str, dst: str,
    ) -> None:  # fmt: skip
        """Layers applied one after another, reading ``src`` first and leaving the result in ``dst``."""
        if not specs and src != dst:
            self.forward.append(f"{dst} = {src}")
        for i, (spec, report, name) in enumerate(zip(specs, reports, _numbered(specs))):
            self.layer(spec, report, prefix + name, f"{studio}{i}", src if i == 0 else dst, dst)

    def layer(
        self, spec: S.LayerSpec, report: LayerReport, name: str, studio: str, src: str, dst: str
    ) -> None:
        shape = f"  # {shape_text(report.output_shape)}"
        if isinstance(spec, S.Residual):
            self.residual(spec, report, name, studio, src, dst)
        elif isinstance(spec, S.Concat):
            self.concat(spec, report, name, studio, src, dst)
        elif isinstance(spec, (S.SqueezeExcitation, S.ChannelShuffle, S.Custom)):
            mobile = mobile_lines(spec, report, name, studio, src, dst)
            self.init += mobile.init
            self.forward += mobile.forward
            self.names.update(mobile.names)
        else:
            self.init.append(f"self.{name} = {module_source(spec, report)}{shape}")
            self.forward.append(f"{dst} = self.{name}({src}){shape}")
            if spec.type in _STATEFUL:
                self.names[studio] = name

    def residual(
        self, spec: S.Residual, report: LayerReport, name: str, studio: str, src: str, dst: str
    ) -> None:
        assert report.input_shape is not None and report.output_shape is not None
        span = f"{shape_text(report.input_shape)} -> {shape_text(report.output_shape)}"
        self.init.append(f"# {name}: residual block, {span}")
        self.forward.append(f"# {name}: residual block, {span}")
        if src == dst:  # the block's input must outlive the layers that overwrite dst
            self.forward.append(f"{name}_in = {src}")
            src = f"{name}_in"
        self.sequence(spec.layers, report.children[0], f"{name}_", f"{studio}.layers.", src, dst)
        shape = f"  # {shape_text(report.output_shape)}"
        if report.input_shape == report.output_shape:
            self.forward.append(f"{dst} = {dst} + {src}{shape}")
            return
        c_in, c_out = report.input_shape[0], report.output_shape[0]
        stride = projection_stride(report.input_shape, report.output_shape)
        stride_arg = stride[0] if stride[0] == stride[1] else stride
        self.init.append(f"self.{name}_shortcut = nn.Sequential(  # 1x1 projection, as in ResNet")
        self.init.append(f"    nn.Conv2d({c_in}, {c_out}, kernel_size=1, stride={stride_arg!r}, bias=False),")
        self.init.append(f"    nn.BatchNorm2d({c_out}),")
        self.init.append(f"){shape}")
        self.names[f"{studio}.shortcut.0"] = f"{name}_shortcut.0"
        self.names[f"{studio}.shortcut.1"] = f"{name}_shortcut.1"
        self.forward.append(f"{dst} = {dst} + self.{name}_shortcut({src}){shape}")

    def concat(self, spec: S.Concat, report: LayerReport, name: str, studio: str, src: str, dst: str) -> None:
        assert report.input_shape is not None
        span = f"{shape_text(report.input_shape)} -> {shape_text(report.output_shape)}"
        feed = "each on its group of channels" if spec.split else "on the same input"
        title = f"# {name}: {len(spec.branches)} branches {feed}, joined along channels, {span}"
        self.init.append(title)
        self.forward.append(title)
        outputs = []
        inputs = [src] * len(spec.branches)
        if spec.split:  # ShuffleNet V2's channel split: branch b takes the b-th group of channels
            inputs = [f"{name}_in{b + 1}" for b in range(len(spec.branches))]
            parts = ", ".join(inputs) + ("," if len(inputs) == 1 else "")
            self.forward.append(f"{parts} = torch.chunk({src}, {len(inputs)}, dim=1)")
        for b, (branch, reports) in enumerate(zip(spec.branches, report.children)):
            out = f"{name}_branch{b + 1}"
            self.sequence(branch, reports, f"{out}_", f"{studio}.branches.{b}.", inputs[b], out)
            outputs.append(out)
        self.forward.append(
            f"{dst} = torch.cat([{', '.join(outputs)}], dim=1)  # {shape_text(report.output_shape)}"
        )


_LOAD_METHOD = '''
    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Load weights saved from this class, or CNN Studio's (positional names, renamed first)."""
        renamed = {}
        for key, value in state_dict.items():
            module, _, leaf = key.rpartition(".")
            renamed[f"{STUDIO_NAMES.get(module, module)}.{leaf}"] = value
        return super().load_state_dict(renamed, strict=strict, assign=assign)
'''


def _constants(
    project: Project,
    class_names: Sequence[str] | None,
    mean: Sequence[float] | None,
    std: Sequence[float] | None,
) -> list[str]:
    lines = [f"INPUT_SHAPE = {project.input.shape!r}  # channels, height, width"]
    if mean is not None and std is not None:
        lines.append(
            f"MEAN = {literal(tuple(float(m) for m in mean))}  # per channel: feed (image - MEAN) / STD"
        )
        lines.append(f"STD = {literal(tuple(float(s) for s in std))}")
    if class_names is not None:
        lines.append(f"CLASS_NAMES = {literal(tuple(str(c) for c in class_names))}")
    return lines


def _imports(code: str) -> str:
    """The import lines the generated class reads (``torch.cat``, a custom layer's ``F.`` or ``math.``)."""
    lines = [
        f"import {module}" for module in ("math", "operator", "torch") if re.search(rf"\b{module}\.", code)
    ]
    if re.search(r"\bF\.", code):
        lines.append("import torch.nn.functional as F")
    return "\n".join([*lines, "from torch import nn"])


def generate_model_code(
    project: Project,
    *,
    class_names: Sequence[str] | None = None,
    mean: Sequence[float] | None = None,
    std: Sequence[float] | None = None,
) -> ModelCode:
    """The source of ``model.py`` for a valid ``project``; ``ValueError`` for one that cannot work.

    ``class_names``, ``mean`` and ``std`` (from a checkpoint) become constants, so that a user of the file
    knows how the images were whitened and what each output means.
    """
    report = project.report
    if not report.valid:
        bad = report.first_error()
        raise ValueError(f"the network cannot work: {bad.message if bad else 'invalid'}")
    writer = _Writer()
    writer.sequence(project.layers, report.layers, "", "", "x", "x")
    name = class_name_for(project.name)
    c, h, w = project.input.shape
    table = "".join(f"    {literal(k)}: {literal(v)},\n" for k, v in writer.names.items())
    init = "".join(f"        {line}\n" for line in writer.init)
    forward = "".join(f"        {line}\n" for line in writer.forward)
    out = shape_text(report.output_shape)
    title = f"{project.name}: a network designed in CNN Studio"
    source = f'''"""{escaped(title)}, as plain PyTorch (CNN Studio is not needed).

Input: a batch of N x {c} x {h} x {w} images. Output: N x {out}. Parameters: {report.total_params:,}.

    model = {name}()
    model.load_state_dict(torch.load("weights.pt", weights_only=True))  # this file's or CNN Studio's names
    model.eval()
    logits = model(torch.randn(1, {c}, {h}, {w}))
"""

{_imports(init + forward)}

{chr(10).join(_constants(project, class_names, mean, std))}

# CNN Studio names its layers by position ("0.weight", "3.layers.1.bias"); this table maps those module
# names to the ones below, so that load_state_dict accepts a state_dict saved by the studio as it is.
STUDIO_NAMES = {{
{table}}}


class {name}(nn.Module):
    def __init__(self):
        super().__init__()
{init}
    def forward(self, x):
{forward}        return x
{_LOAD_METHOD}'''
    if name != "Model":
        source += f"\n\nModel = {name}  # a fixed name for scripts such as train_ddp.py\n"
    return ModelCode(source, name, title, dict(writer.names))
