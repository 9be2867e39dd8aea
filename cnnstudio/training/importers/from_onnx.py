"""An ONNX file -> an ``fx.GraphModule`` of torch.nn layers that ``from_module`` imports like any module.

The file is read with the onnx package and checked with ``onnx.checker`` (a truncated or foreign file is a
one-line message, not a protobuf traceback). Its nodes are read in order: a node with weights or settings
becomes the torch.nn layer ``onnx_layers`` rebuilds for it; Add and Concat become the fx calls that
``graph_blocks`` turns into residual and concat blocks; Identity, Constant and the shape arithmetic an
exporter writes for ``x.view(x.size(0), -1)`` are followed as values. A node the studio has no layer for
stops the import with its operator and its name. The image size comes from the graph's input (the batch
axis may be symbolic); the rebuilt module is checked against onnxruntime when it is installed.

ONNX keeps only what inference computes: dropout is absent from an exported graph, and a BatchNorm exported
in eval mode may have been folded into the convolution before it (the studio's own export keeps it).
"""

from __future__ import annotations

import operator
from pathlib import Path
from typing import Any

import torch
from torch import fx, nn

from cnnstudio.core import project_file
from cnnstudio.core.errors import CoreError
from cnnstudio.core.project import Project
from cnnstudio.training.export.formats import ONNX_PROJECT_KEY
from cnnstudio.training.importers.from_module import ImportFailed
from cnnstudio.training.importers.onnx_layers import LAYERS, OnnxUnsupported
from cnnstudio.training.importers.sources import Source, SourceError

_PASS_THROUGH = {"Identity"}
BATCH, CHANNELS = "batch", "channels"  # the sizes an exporter computes: Shape(x)[0], Shape(x)[1]


def onnx_source(path: Path, input_shape: tuple[int, int, int] | None = None) -> Source:
    """The network in ``path`` (``SourceError`` when unreadable, ``ImportFailed`` naming an unknown node)."""
    model = load_onnx(path)
    walk = OnnxWalk(model)
    try:
        module = walk.graph_module()
    except OnnxUnsupported as exc:
        raise ImportFailed(f"{path}: {exc}") from None
    shape = input_shape or walk.input_shape() or (3, 224, 224)
    _check_against_runtime(path, module, shape, walk.batch())
    recorded = _recorded_project(model)
    name = recorded.name if recorded else path.name.split(".")[0]
    layers = recorded.layers if recorded else ()
    return Source(module, name, input_shape=shape, recorded_layers=layers)


def _recorded_project(model: Any) -> Project | None:
    """The project the studio's export recorded in the file (None for others' files, or an unreadable one)."""
    text = next((p.value for p in model.metadata_props if p.key == ONNX_PROJECT_KEY), None)
    if text is None:
        return None
    try:
        return project_file.loads(text, "the ONNX file's recorded project")
    except CoreError:
        return None


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

    def __init__(self, model: Any) -> None:
        from onnx import numpy_helper

        self.model = model
        self.graph = fx.Graph()
        self.root = nn.Module()
        self.values: dict[str, Any] = {
            t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in model.graph.initializer
        }
        self.count = 0
        # before opset 9 the initialisers were listed among the inputs too
        self.inputs = [i for i in model.graph.input if i.name not in self.values]

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
        for node in self.model.graph.node:
            results = self.node(node)
            for name, value in zip(node.output, results):
                self.values[name] = value
        outputs = [self.values[o.name] for o in self.model.graph.output]
        if len(outputs) != 1 or not isinstance(outputs[0], fx.Node):
            raise OnnxUnsupported(f"the graph gives {len(outputs)} outputs; it must give one tensor")
        self.graph.output(outputs[0])
        return fx.GraphModule(self.root, self.graph, class_name="OnnxModel")

    def node(self, node: Any) -> list[Any]:
        from onnx import helper, numpy_helper

        attrs = {a.name: _decoded(helper.get_attribute_value(a)) for a in node.attribute}
        inputs = [self.values[name] if name else None for name in node.input]
        where = f"node {node.name or self.count} ({node.op_type})"
        self.count += 1
        if node.domain not in ("", "ai.onnx"):
            raise OnnxUnsupported(
                f"{where}: operator {node.domain}.{node.op_type} has no layer in the studio"
            )
        if node.op_type == "Constant":
            return [torch.from_numpy(numpy_helper.to_array(attrs["value"]).copy())]
        if node.op_type in _PASS_THROUGH:
            return [inputs[0]]
        try:
            shape_value = self._shape_arithmetic(node.op_type, attrs, inputs)
            if shape_value is not None:
                return [shape_value]
            if node.op_type in ("Add", "Sum") and all(isinstance(v, fx.Node) for v in inputs):
                return [self.graph.call_function(operator.add, tuple(inputs))]
            if node.op_type == "Add":
                return [self._bias(inputs)]
            if node.op_type == "Concat" and all(isinstance(v, fx.Node) for v in inputs):
                return [self.graph.call_function(torch.cat, (list(inputs), attrs.get("axis", 0)))]
            silu = self._silu(inputs) if node.op_type == "Mul" else None
            if silu is not None:
                return [silu]
            if node.op_type == "Reshape" and _flattening(inputs[1]):
                return [self._layer(nn.Flatten(), inputs[0])]
            if node.op_type in LAYERS and isinstance(inputs[0], fx.Node):
                return [self._layer(LAYERS[node.op_type](attrs, inputs), inputs[0]), None]
        except OnnxUnsupported as exc:
            raise OnnxUnsupported(f"{where}: {exc}") from None
        raise OnnxUnsupported(f"{where}: operator {node.op_type} has no layer in the studio")

    def _layer(self, module: nn.Module, value: fx.Node) -> fx.Node:
        name = f"layer{len(self.root._modules)}"
        self.root.add_module(name, module)
        return self.graph.call_module(name, (value,))

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

    def _bias(self, inputs: list[Any]) -> fx.Node:
        """``MatMul`` then ``Add`` of a stored vector: a Linear layer with its bias."""
        value, bias = inputs if isinstance(inputs[0], fx.Node) else inputs[::-1]
        layer = self.root.get_submodule(str(value.target)) if value.op == "call_module" else None
        if not (isinstance(layer, nn.Linear) and layer.bias is None and isinstance(bias, torch.Tensor)):
            raise OnnxUnsupported("adding a constant has no layer in the studio")
        if bias.numel() != layer.out_features or len(value.users) != 1:
            raise OnnxUnsupported("adding a constant has no layer in the studio")
        layer.bias = nn.Parameter(bias.reshape(-1).clone())
        return value

    def _shape_arithmetic(self, op: str, attrs: dict[str, Any], inputs: list[Any]) -> Any:
        """What an exporter writes for ``x.size(0)`` (Shape, Gather 0, Unsqueeze, Concat with -1) and for
        ``x.shape[:2]`` (Shape, Slice): lists of sizes, ``BATCH`` and ``CHANNELS`` standing for the computed."""
        first = inputs[0] if inputs else None
        if op == "Shape" and isinstance(first, fx.Node):
            return ("shape", first)
        if op == "Gather" and isinstance(first, tuple) and _constant(inputs[1]) and int(inputs[1]) == 0:
            return BATCH
        if op == "Slice" and isinstance(first, tuple) and _constant(inputs[1]) and int(inputs[1]) == 0:
            return [BATCH, CHANNELS][: int(inputs[2])]  # x.shape[:2], as torch writes Upsample(size=...)
        if op == "Unsqueeze" and (first == BATCH or _constant(first)):
            return [first] if first == BATCH else first.unsqueeze(0)
        if (
            op == "Concat"
            and any(isinstance(v, list) for v in inputs)
            and all(not isinstance(v, fx.Node) for v in inputs)
        ):
            return [item for v in inputs for item in (v if isinstance(v, list) else v.flatten().tolist())]
        return None


def _constant(value: Any) -> bool:
    return isinstance(value, torch.Tensor) and value.numel() == 1


def _flattening(shape: Any) -> bool:
    """A Reshape to (batch, -1): ``x.view(x.size(0), -1)`` or a stored [0, -1] (0 keeps the batch axis)."""
    if isinstance(shape, torch.Tensor):
        shape = shape.flatten().tolist()
    return isinstance(shape, list) and len(shape) == 2 and shape[0] in (BATCH, 0) and shape[1] == -1


def _decoded(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, list):
        return [v.decode() if isinstance(v, bytes) else v for v in value]
    return value
