"""An ONNX file -> an ``fx.GraphModule`` of torch.nn layers that ``from_module`` imports like any module.

The file is read with the onnx package and checked with ``onnx.checker`` (a truncated or foreign file is a
one-line message, not a protobuf traceback). Its nodes are read in order: a node with weights or settings
becomes the torch.nn layer ``onnx_layers`` rebuilds for it; Add, Mul and Concat of running values become
the fx calls that ``graph_blocks`` turns into residual and concat blocks and squeeze-and-excitation gates;
Identity, Constant and the size arithmetic an exporter writes around reshapes are followed as values, and
reshapes, transposes and slices become the torch calls a person writes (``onnx_shapes``), where ShuffleNet's
channel shuffle and split are found. Each fx node keeps the ONNX node it came from (``meta["origin"]``), so
that a part the studio has no layer for is named by its node and operator. The image size comes from the graph's input (the batch
axis may be symbolic); the rebuilt module is checked against onnxruntime when it is installed.

ONNX keeps only what inference computes: dropout is absent from an exported graph, and a BatchNorm exported
in eval mode may have been folded into the convolution before it (the studio's own export keeps it; a folded
projection shortcut is given back a BatchNorm by ``onnx_folded``).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import fx, nn

from cnnstudio.core import specs as S
from cnnstudio.training.export.formats import ONNX_PROJECT_KEY
from cnnstudio.training.importers.from_module import ImportFailed
from cnnstudio.training.importers.onnx_folded import unfold_projections
from cnnstudio.training.importers.onnx_islands import custom_layers, island_call, owner
from cnnstudio.training.importers.onnx_layers import LAYERS, OnnxUnsupported
from cnnstudio.training.importers.onnx_shapes import (
    ExampleRun,
    ShapeUnsupported,
    flattening,
    is_constant,
    reshape_target,
    size_arithmetic,
    slice_part,
    static_dims,
    transpose_call,
)
from cnnstudio.training.importers.recorded_layers import recorded_project
from cnnstudio.training.importers.sources import Source, SourceError

_PASS_THROUGH = {"Identity"}


def onnx_source(path: Path, input_shape: tuple[int, int, int] | None = None) -> Source:
    """The network in ``path`` (``SourceError`` when unreadable, ``ImportFailed`` naming an unknown node)."""
    model = load_onnx(path)
    text = next((p.value for p in model.metadata_props if p.key == ONNX_PROJECT_KEY), None)
    recorded = recorded_project(text, f"{path}'s recorded project")
    walk = OnnxWalk(model, recorded.layers if recorded else ())
    try:
        module = walk.graph_module()
    except OnnxUnsupported as exc:
        raise ImportFailed(f"{path}: {exc}") from None
    shape = input_shape or walk.input_shape() or (3, 224, 224)
    _check_against_runtime(path, module, shape, walk.batch())
    name = recorded.name if recorded else path.name.split(".")[0]
    return Source(module, name, input_shape=shape, recorded=recorded)


def load_onnx(path: Path) -> Any:
    try:
        import onnx
    except ImportError:
        raise SourceError("ONNX import needs the onnx package: pip install onnx") from None
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    try:
        model = onnx.load(str(path))
        onnx.checker.check_model(model)
    except Exception as exc:  # DecodeError (truncated, not protobuf), ValidationError (not a valid model)
        reason = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
        raise SourceError(f"{path}: not an ONNX model onnx can read ({reason})") from None
    if not model.graph.node:
        raise SourceError(f"{path}: not an ONNX model onnx can read (its graph has no nodes)")
    return model


def _check_against_runtime(path: Path, module: nn.Module, shape: tuple[int, int, int], batch: int) -> None:
    try:
        import onnxruntime
    except ImportError:
        return  # the import still checks the project's model against the rebuilt one (from_module)
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    x = torch.randn((batch, *shape), generator=torch.Generator().manual_seed(0))
    try:
        (expected, *_) = session.run(None, {session.get_inputs()[0].name: x.numpy()})
    except Exception as exc:
        reason = " ".join(str(exc).split())[:200]
        raise SourceError(
            f"{path}: running it on a {'x'.join(map(str, shape))} image failed ({reason}); "
            "give the image size it takes with --input C,H,W"
        ) from None
    with torch.no_grad():
        got = module.eval()(x)
    expected = torch.from_numpy(expected)
    scale = max(1.0, float(expected.abs().max()))
    if got.shape != expected.shape or float((got - expected).abs().max()) > 1e-4 * scale:
        raise SourceError(f"{path}: its layers, rebuilt from the file, do not compute what the file computes")


class OnnxWalk:
    """Reads an ONNX graph into one fx graph whose modules are rebuilt torch.nn layers."""

    def __init__(self, model: Any, recorded: Sequence[S.LayerSpec] = ()) -> None:
        from onnx import numpy_helper

        self.model = model
        self.graph = fx.Graph()
        self.root = nn.Module()
        self.values: dict[str, Any] = {
            t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in model.graph.initializer
        }
        self.count = 0
        self.dims = static_dims(model)
        self.where = ""  # the ONNX node being read, kept on the fx nodes made for it
        self.chunks: dict[tuple[fx.Node, int], fx.Node] = {}
        self.customs = custom_layers(recorded)  # the recorded custom layers, read as islands
        self.stored = {t.name for t in model.graph.initializer}
        # before opset 9 the initialisers were listed among the inputs too
        self.inputs = [i for i in model.graph.input if i.name not in self.values]
        first = self.inputs[0].type.tensor_type.shape.dim if len(self.inputs) == 1 else []
        sizes = [d.dim_value if d.dim_value > 0 else None for d in first]
        self.example = ExampleRun(self.graph, self.root, sizes[1:], sizes[0] if sizes else None)

    def batch(self) -> int:
        """The batch size the graph was exported for, or 1 when it is symbolic."""
        dims = self.inputs[0].type.tensor_type.shape.dim if len(self.inputs) == 1 else []
        return dims[0].dim_value if dims and dims[0].dim_value > 0 else 1

    def input_shape(self) -> tuple[int, int, int] | None:
        if len(self.inputs) != 1:
            return None
        dims = [d.dim_value for d in self.inputs[0].type.tensor_type.shape.dim]
        return (dims[1], dims[2], dims[3]) if len(dims) == 4 and all(d > 0 for d in dims[1:]) else None

    def graph_module(self) -> fx.GraphModule:
        if len(self.inputs) != 1:
            raise OnnxUnsupported(
                f"the graph takes {len(self.inputs)} inputs; the studio's networks take one image"
            )
        self.values[self.inputs[0].name] = self.graph.placeholder("x")
        nodes = list(self.model.graph.node)
        while nodes:
            custom = owner(nodes[0].name, self.customs) if self.customs else None
            if custom is None:
                self._read(nodes.pop(0))
                continue
            island = []
            while nodes and (nodes[0].op_type == "Constant" or owner(nodes[0].name, self.customs) == custom):
                island.append(nodes.pop(0))
            self._island(island, custom)
        outputs = [self.values[o.name] for o in self.model.graph.output]
        if len(outputs) != 1 or not isinstance(outputs[0], fx.Node):
            raise OnnxUnsupported(f"the graph gives {len(outputs)} outputs; it must give one tensor")
        self.graph.output(outputs[0])
        unfold_projections(self.graph, self.root)
        return fx.GraphModule(self.root, self.graph, class_name="OnnxModel")

    def _dims(self, name: str) -> Any:
        """The sizes of value ``name``: ONNX's shape inference's, or else those of an example run."""
        dims = self.dims.get(name)
        value = self.values.get(name)
        if isinstance(value, fx.Node) and not (dims and all(d is not None for d in dims[1:])):
            return self.example.dims(value) or dims
        return dims

    def _read(self, node: Any) -> None:
        for name, value in zip(node.output, self.node(node)):
            self.values[name] = value

    def _island(self, nodes: list[Any], custom: str) -> None:
        """The nodes of one recorded custom layer as that layer (``onnx_islands``)."""
        inside: set[str] = set()
        stored: list[torch.Tensor] = []
        x = None
        for node in nodes:
            if node.op_type == "Constant":
                self._read(node)
                continue
            self.where = f"node {node.name} ({node.op_type})"
            for name in node.input:
                if name in inside or not name:
                    continue
                if name in self.stored and all(t is not self.values[name] for t in stored):
                    stored.append(self.values[name])
                elif x is None and isinstance(self.values.get(name), fx.Node):
                    x = self.values[name]
            inside.update(node.output)
        last = [n for n in nodes if n.op_type != "Constant"][-1]
        if x is None:
            raise OnnxUnsupported(f"{self.where}: the custom layer {custom} has no input in the graph")
        try:
            result = island_call(self.graph, self.root, self.customs[custom], x, stored, custom)
        except ValueError as exc:
            raise OnnxUnsupported(f"{self.where}: {exc}") from None
        result.meta["origin"] = self.where
        self.values[last.output[0]] = result

    def node(self, node: Any) -> list[Any]:
        from onnx import helper, numpy_helper

        attrs = {a.name: _decoded(helper.get_attribute_value(a)) for a in node.attribute}
        inputs = [self.values[name] if name else None for name in node.input]
        where = f"node {node.name or self.count} ({node.op_type})"
        self.where = where
        self.count += 1
        if node.domain not in ("", "ai.onnx"):
            raise OnnxUnsupported(
                f"{where}: operator {node.domain}.{node.op_type} has no layer in the studio"
            )
        if node.op_type == "Constant":
            return [torch.from_numpy(numpy_helper.to_array(attrs["value"]).copy())]
        if node.op_type in _PASS_THROUGH:
            return [inputs[0]]
        dims = self._dims(node.input[0]) if node.input else None
        try:
            size_value = size_arithmetic(node.op_type, attrs, inputs, dims)
            if size_value is not None:
                return [size_value]
            result = self._running(node.op_type, attrs, inputs, dims, len(node.output))
        except (OnnxUnsupported, ShapeUnsupported) as exc:
            raise OnnxUnsupported(f"{where}: {exc}") from None
        if result is not None:
            return result
        raise OnnxUnsupported(f"{where}: operator {node.op_type} has no layer in the studio; {READABLE}")

    def _running(
        self, op: str, attrs: dict[str, Any], inputs: list[Any], dims: Any, outputs: int
    ) -> list[Any] | None:
        """The fx values a node computing on running values gives, or None when it is not one read here."""
        values = [v for v in inputs if v is not None]
        if op in ("Add", "Sum") and all(isinstance(v, fx.Node) for v in values):
            return [self._call(operator.add, tuple(values))]
        bias = self._bias(inputs) if op == "Add" else None
        if bias is not None:
            return [bias]
        if op == "Concat" and all(isinstance(v, fx.Node) for v in values):
            return [self._call(torch.cat, (list(values), attrs.get("axis", 0)))]
        if op == "Mul" and len(values) == 2 and all(isinstance(v, fx.Node) for v in values):
            return [self._silu(values) or self._call(operator.mul, tuple(values))]
        if not isinstance(inputs[0], fx.Node):
            return None
        x = inputs[0]
        if op == "Reshape":
            if flattening(inputs[1], dims):
                return [self._layer(nn.Flatten(), x)]
            return [self._method("reshape", (x, *reshape_target(inputs[1], dims)))]
        if op == "Transpose":
            method, args = transpose_call(attrs.get("perm", list(range(len(dims or [])))[::-1]))
            return [self._method(method, (x, *args))]
        if op == "Slice":
            part = slice_part(inputs, attrs, dims)
            if part is None:
                raise OnnxUnsupported("a slice with steps or over several axes: only one range of one axis")
            return [
                self._chunk(x, *part[1]) if part[0] == "chunk" else self._call(torch.narrow, (x, *part[1]))
            ]
        if op == "Expand":  # y.expand_as(x) before a product: the same values, broadcast
            return [self._method("expand", (x, *reshape_target(inputs[1], dims)))]
        if op == "Split":
            return self._split(x, attrs, inputs, dims, outputs)
        if op == "ReduceMean":
            axes = attrs.get("axes") or (
                inputs[1].tolist() if len(inputs) > 1 and inputs[1] is not None else None
            )
            return [self._method("mean", (x, axes), {"keepdim": bool(attrs.get("keepdims", 1))})]
        if op in LAYERS:
            return [self._layer(LAYERS[op](attrs, inputs), x), None]
        gelu = self._gelu(inputs) if op == "Mul" else None
        if gelu is not None:
            return [gelu]
        call = _torch_call(op, inputs)
        return [self._call(*call)] if call is not None else None

    def _call(self, function: Any, args: tuple[Any, ...], kwargs: dict[str, Any] | None = None) -> fx.Node:
        node = self.graph.call_function(function, args, kwargs or {})
        node.meta["origin"] = self.where
        return node

    def _method(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any] | None = None) -> fx.Node:
        node = self.graph.call_method(name, args, kwargs or {})
        node.meta["origin"] = self.where
        return node

    def _chunk(self, x: fx.Node, parts: int, index: int) -> fx.Node:
        """Part ``index`` of ``x.chunk(parts, 1)``, one chunk node per value (ShuffleNet V2's split)."""
        if (x, parts) not in self.chunks:
            self.chunks[(x, parts)] = self._call(torch.chunk, (x, parts, 1))
        return self._call(operator.getitem, (self.chunks[(x, parts)], index))

    def _split(
        self, x: fx.Node, attrs: dict[str, Any], inputs: list[Any], dims: Any, outputs: int
    ) -> list[Any]:
        given = attrs.get("split") or (
            inputs[1].tolist() if len(inputs) > 1 and inputs[1] is not None else None
        )
        axis = attrs.get("axis", 0)
        if axis != 1 or (given and len(set(given)) != 1):
            raise OnnxUnsupported(
                f"a split along axis {axis} into {given}: only equal channel groups (x.chunk(n, 1))"
            )
        return [self._chunk(x, outputs, b) for b in range(outputs)]

    def _layer(self, module: nn.Module, value: fx.Node) -> fx.Node:
        name = f"layer{len(self.root._modules)}"
        self.root.add_module(name, module)
        node = self.graph.call_module(name, (value,))
        node.meta["origin"] = self.where
        return node

    def _silu(self, inputs: list[Any]) -> fx.Node | None:
        """``x * sigmoid(x)``, as torch writes SiLU: one SiLU layer (the sigmoid dropped when unused)."""
        for x, gate in (inputs, inputs[::-1]):
            if (
                isinstance(gate, fx.Node) and gate.op == "call_module" and gate.args[0] is x
                and isinstance(self.root.get_submodule(str(gate.target)), nn.Sigmoid)
            ):  # fmt: skip
                silu = self._layer(nn.SiLU(), x)
                if not gate.users:
                    self.graph.erase_node(gate)
                return silu
        return None

    def _gelu(self, inputs: list[Any]) -> fx.Node | None:
        """``x * (erf(x / sqrt(2)) + 1) * 0.5``, as torch writes GELU before opset 20: one GELU layer."""
        product, half = inputs if len(inputs) == 2 else (None, None)
        if not (is_constant(half) and float(half) == 0.5 and _call_of(product, operator.mul)):
            return None
        x, plus = product.args if _call_of(product.args[1], torch.add) else product.args[::-1]
        erf = plus.args[0] if _call_of(plus, torch.add) and plus.args[1:] == (1.0,) else None
        div = erf.args[0] if _call_of(erf, torch.erf) else None
        if not (_call_of(div, torch.div) and div.args[0] is x and abs(div.args[1] - 2**0.5) < 1e-4):
            return None
        gelu = self._layer(nn.GELU(), x)
        for node in (product, plus, erf, div):  # each used only on the way to the next
            if not node.users:
                self.graph.erase_node(node)
        return gelu

    def _bias(self, inputs: list[Any]) -> fx.Node | None:
        """``MatMul`` then ``Add`` of a stored vector: a Linear layer with its bias (None: another Add)."""
        value, bias = inputs if isinstance(inputs[0], fx.Node) else inputs[::-1]
        if not isinstance(value, fx.Node) or value.op != "call_module" or not isinstance(bias, torch.Tensor):
            return None
        layer = self.root.get_submodule(str(value.target))
        if not (isinstance(layer, nn.Linear) and layer.bias is None and bias.numel() == layer.out_features):
            return None
        if len(value.users) != 1:
            return None
        layer.bias = nn.Parameter(bias.reshape(-1).clone())
        return value


# Operators without a layer that are one torch call on the running value (with a stored number): written as
# that call, which graph_blocks names or, where the studio has custom layers, keeps as one.
_UNARY = {
    "Erf": torch.erf, "Exp": torch.exp, "Log": torch.log, "Abs": torch.abs, "Neg": torch.neg,
    "Sqrt": torch.sqrt, "Reciprocal": torch.reciprocal, "Sign": torch.sign, "Floor": torch.floor,
    "Ceil": torch.ceil, "Sin": torch.sin, "Cos": torch.cos, "Softplus": F.softplus, "Softsign": F.softsign,
    "Mish": F.mish,
}  # fmt: skip
# What the message for an operator without a layer says the studio reads.
READABLE = (
    "the studio reads Conv, ConvTranspose, Gemm/MatMul, the poolings, BatchNormalization, its activations, "
    "Flatten, Resize, Dropout, Add and Concat blocks, squeeze-and-excitation gates, channel shuffles and "
    "splits, and one-input elementwise operators (kept as custom layers)"
)
_WITH_NUMBER = {"Add": torch.add, "Sub": torch.sub, "Mul": torch.mul, "Div": torch.div, "Pow": torch.pow}


def _torch_call(op: str, inputs: list[Any]) -> tuple[Any, tuple[Any, ...]] | None:
    if op in _UNARY and len(inputs) == 1 and isinstance(inputs[0], fx.Node):
        return _UNARY[op], (inputs[0],)
    if op in _WITH_NUMBER and len(inputs) == 2 and isinstance(inputs[0], fx.Node) and is_constant(inputs[1]):
        return _WITH_NUMBER[op], (inputs[0], float(inputs[1]))
    return None


def _call_of(value: Any, function: Any) -> bool:
    return isinstance(value, fx.Node) and value.op == "call_function" and value.target is function


def _decoded(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, list):
        return [v.decode() if isinstance(v, bytes) else v for v in value]
    return value
