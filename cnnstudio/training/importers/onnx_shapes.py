"""The size arithmetic an exporter writes around reshapes, and the reshapes, transposes and slices it feeds.

``torch.onnx.export`` writes ``x.view(n, groups, c // groups, h, w)`` as Shape, Gather, Div, Cast,
Unsqueeze and Concat nodes computing the target from the running value's shape. ONNX's shape inference knows
every size of a value but the batch, so those nodes are evaluated here as Python numbers while the graph is
read, the batch standing as ``BATCH``: the target becomes ``[BATCH, 2, 4, 8, 8]``. A reshape, a transpose
or a slice of a running value is then written as the torch call a person would write (``x.reshape(-1, 2, 4,
8, 8)``, ``x.transpose(1, 2)``, ``x.chunk(2, 1)[b]``), so that ``graph_blocks`` finds ShuffleNet's channel
shuffle and channel split, and a squeeze-and-excitation gate, exactly as in a traced module; what it does
not recognise it keeps as a custom layer (``torch.narrow(x, 1, 0, 3)``) or names.

Where a size is unknown (a graph without shape information), the older reading stays: Shape of a value as
``("shape", node)``, index 0 as ``BATCH``, ``[:2]`` as ``[BATCH, CHANNELS]``.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import fx

BATCH, CHANNELS = "batch", "channels"  # sizes an exporter computes: Shape(x)[0], Shape(x)[1]
Dims = list[int | None]

_ARITHMETIC: dict[str, Callable[[int, int], int]] = {
    "Add": operator.add, "Sub": operator.sub, "Mul": operator.mul,
    "Div": lambda a, b: int(a / b) if isinstance(a, int) and isinstance(b, int) else a / b,  # ONNX truncates
}  # fmt: skip


class ShapeUnsupported(ValueError):
    """A reshape or slice the import cannot write as a torch call; the message says which."""


def static_dims(model: Any) -> dict[str, Dims]:
    """Every value's sizes as ONNX's shape inference finds them (None where unknown), by value name."""
    import onnx

    try:
        inferred = onnx.shape_inference.infer_shapes(model, data_prop=True)
    except Exception:  # an inference error is the checker's business; without sizes the old reading stays
        return {}
    found: dict[str, Dims] = {}
    for info in [*inferred.graph.value_info, *inferred.graph.input, *inferred.graph.output]:
        tensor = info.type.tensor_type
        if tensor.HasField("shape"):
            found[info.name] = [d.dim_value if d.HasField("dim_value") else None for d in tensor.shape.dim]
    return found


def number(value: Any) -> Any:
    """A stored one-value tensor or a size as a Python number; anything else as it is."""
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return value.item()
    return value


def is_constant(value: Any) -> bool:
    return isinstance(value, torch.Tensor) and value.numel() == 1


def _listed(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, torch.Tensor):
        return value.flatten().tolist()
    if isinstance(value, (int, str)):
        return [value]
    return None


def size_arithmetic(op: str, attrs: dict[str, Any], inputs: list[Any], dims: Dims | None) -> Any:
    """The value of a node computing sizes (a list, a number, ``BATCH``), or None when it computes data.

    ``dims`` are the sizes of the node's first input, for Shape."""
    first = inputs[0] if inputs else None
    if op == "Shape" and isinstance(first, fx.Node):
        if dims and len(dims) > 1 and all(d is not None for d in dims[1:]):
            return [BATCH, *dims[1:]]
        return ("shape", first)
    sizes = isinstance(first, list) or (isinstance(first, tuple) and first[:1] == ("shape",))
    if op == "Gather" and sizes and is_constant(inputs[1]):
        index = int(inputs[1])
        if isinstance(first, list):
            return first[index] if -len(first) <= index < len(first) else None
        return BATCH if index == 0 else None
    if op == "Slice" and sizes and is_constant(inputs[1]) and is_constant(inputs[2]):
        start, end = int(inputs[1]), int(inputs[2])
        if isinstance(first, list):
            return first[start:end]
        return [BATCH, CHANNELS][start:end] if start == 0 else None  # x.shape[:2], as Upsample(size=) writes
    if op in ("Unsqueeze", "Cast", "Squeeze", "Identity") and _is_size_value(first):
        value = number(first)
        if op == "Unsqueeze":
            return [value] if not isinstance(value, list) else value
        return value
    if (
        op == "Concat"
        and any(isinstance(v, list) for v in inputs)
        and not any(isinstance(v, fx.Node) for v in inputs)
    ):
        listed = [_listed(v) for v in inputs]
        return None if any(v is None for v in listed) else [item for v in listed for item in v]  # type: ignore[union-attr]
    if op in _ARITHMETIC and len(inputs) == 2 and all(_is_number(v) for v in inputs):
        a, b = (number(v) for v in inputs)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return _ARITHMETIC[op](a, b)
    return None


def _is_size_value(value: Any) -> bool:
    return value == BATCH or is_constant(value) or isinstance(value, (int, list))


def _is_number(value: Any) -> bool:
    """A size worked out here, or a stored single number, with at least one of them worked out here."""
    return isinstance(value, int) or is_constant(value)


def flattening(target: Any, dims: Dims | None) -> bool:
    """A Reshape to (batch, -1), or to (batch, n) where n is all of the value's other sizes."""
    target = _listed(target) if not isinstance(target, tuple) else None
    if not target or len(target) != 2 or not _is_batch(target[0], dims):
        return False
    if target[1] == -1:
        return True
    rest = dims[1:] if dims else []
    return bool(rest) and all(d is not None for d in rest) and target[1] == math.prod(rest)  # type: ignore[arg-type]


def _is_batch(value: Any, dims: Dims | None) -> bool:
    """The batch size as a target's first entry: computed, ONNX's 0 (keep it), or the graph's fixed batch."""
    return value in (BATCH, 0) or bool(dims and dims[0] is not None and value == dims[0])


def reshape_target(target: Any, dims: Dims | None) -> list[int]:
    """The target as ``x.reshape`` takes it: the batch as -1 (its size follows from the others)."""
    listed = _listed(target) if not isinstance(target, tuple) else None
    if listed is None or not all(v == BATCH or isinstance(v, int) for v in listed):
        raise ShapeUnsupported("its target shape is computed in a way the import cannot follow")
    sizes = [BATCH if i == 0 and _is_batch(v, dims) else v for i, v in enumerate(listed)]
    for i, v in enumerate(sizes):
        if v == 0 and dims and i < len(dims):  # ONNX's 0: the value's own size there
            sizes[i] = dims[i]
    known = dims[1:] if dims else []
    if BATCH in sizes and -1 in sizes and known and all(d is not None for d in known):
        others = math.prod(v for v in sizes if v not in (BATCH, -1))
        sizes[sizes.index(-1)] = math.prod(known) // max(1, others)  # type: ignore[arg-type]
    if sizes.count(BATCH) + sizes.count(-1) > 1 or (sizes.count(BATCH) == 0 and -1 not in sizes):
        raise ShapeUnsupported(f"target {listed}: only reshapes that keep the batch are imported")
    return [-1 if v == BATCH else int(v) for v in sizes]  # type: ignore[arg-type]


def transpose_call(perm: Sequence[int]) -> tuple[str, tuple[Any, ...]]:
    """``("transpose", (a, b))`` when ``perm`` swaps two axes (ShuffleNet's [0, 2, 1, 3, 4]), else
    ``("permute", (perm,))``."""
    moved = [i for i, p in enumerate(perm) if p != i]
    if len(moved) == 2:
        return "transpose", tuple(moved)
    return "permute", (list(perm),)


def slice_part(
    inputs: list[Any], attrs: dict[str, Any], dims: Dims | None
) -> tuple[str, tuple[int, ...]] | None:
    """A Slice of a running value along one axis: ``("chunk", (parts, index))`` when it is one of equal
    channel groups (ShuffleNet V2's split), ``("narrow", (axis, start, length))`` otherwise; None when the
    slice has steps or several axes."""
    if len(inputs) >= 3:  # opset 10+: data, starts, ends, axes, steps
        starts, ends = _listed(inputs[1]), _listed(inputs[2])
        axes = _listed(inputs[3]) if len(inputs) > 3 and inputs[3] is not None else None
        steps = _listed(inputs[4]) if len(inputs) > 4 and inputs[4] is not None else None
    else:
        starts, ends, axes, steps = attrs.get("starts"), attrs.get("ends"), attrs.get("axes"), None
    if not starts or not ends or len(starts) != 1 or len(ends) != 1 or (steps and steps != [1]):
        return None
    axis = int((axes or [0])[0])
    size = dims[axis] if dims and -len(dims) <= axis < len(dims) else None
    if size is None or not all(isinstance(v, int) for v in (*starts, *ends)):
        return None
    start, end = (max(0, min(size, v if v >= 0 else size + v)) for v in (starts[0], ends[0]))
    width = end - start
    if width <= 0:
        return None
    if axis in (1, -3) and size % width == 0 and start % width == 0 and width < size:
        return "chunk", (size // width, start // width)
    return "narrow", (axis, start, width)


class ExampleRun:
    """The sizes of the values read so far, found by running the fx graph on an example input, for where
    ONNX's shape inference loses them (after a Slice whose bounds are computed, as ShuffleNet's split).
    Each node runs once, and only when a size is asked for past the last one run."""

    def __init__(
        self, graph: fx.Graph, root: torch.nn.Module, shape: Sequence[int | None], batch: int | None
    ) -> None:
        self.graph, self.root = graph, root
        self.shape, self.batch = list(shape), batch
        self.values: dict[fx.Node, Any] = {}

    def dims(self, node: fx.Node) -> Dims | None:
        if not self.shape or any(d is None for d in self.shape):
            return None  # an image size the file leaves open: nothing to run
        if node not in self.values:
            self._run_to(node)
        value = self.values.get(node)
        return [self.batch, *value.shape[1:]] if isinstance(value, torch.Tensor) else None

    def _run_to(self, last: fx.Node) -> None:
        with torch.no_grad():
            for node in self.graph.nodes:
                if node not in self.values:
                    self.values[node] = self._run(node)
                if node is last:
                    return

    def _run(self, node: fx.Node) -> Any:
        args = fx.node.map_arg(node.args, lambda n: self.values[n])
        kwargs = fx.node.map_arg(node.kwargs, lambda n: self.values[n])
        if node.op == "placeholder":
            return torch.zeros(self.batch or 1, *self.shape)  # type: ignore[misc]
        if node.op == "call_module":
            return self.root.get_submodule(str(node.target))(*args, **kwargs)
        if node.op == "call_function":
            return node.target(*args, **kwargs)  # type: ignore[operator]
        if node.op == "call_method":
            return getattr(args[0], str(node.target))(*args[1:], **kwargs)
        return None
