"""A TorchScript file (``torch.jit.save``) -> an ``fx.GraphModule`` that ``from_module`` imports like any module.

A scripted module keeps no Python classes, only its submodules (each with its class's ``original_name`` and
qualified type name, its constants such as ``stride`` and its tensors) and each method's TorchScript graph.
The walk here reads the graphs from ``forward`` down: a call to a submodule whose type is one of torch.nn's
layers that the studio knows (``module_layers.MODULES``) becomes that layer, rebuilt from its constants and
given its ``state_dict``; any other submodule (a ``Sequential``, a residual block, a user's class) is entered
and its graph read in place. Operations between calls (``aten::add``, ``aten::cat``, ``aten::flatten``...)
become the fx calls of the same torch functions, so that ``graph_blocks`` recovers residual and concat
blocks, channel shuffles and squeeze-and-excitation gates exactly as it does for a traced module. Sizes read
from a running value (``n, c, h, w = x.shape``, ``c // groups``) stay fx calls on it, and a free function the
code calls (torchvision's ``channel_shuffle``) is read in place from the file's code (``script_functions``). The rebuilt module is checked against the scripted one on a
random input before it is handed on: a difference means a layer was rebuilt wrongly and the import stops.
"""

from __future__ import annotations

import inspect
import operator
import warnings
import zipfile
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import fx, nn

from cnnstudio.core.project import Project
from cnnstudio.training.export.formats import TORCHSCRIPT_META
from cnnstudio.training.importers.from_module import ImportFailed
from cnnstudio.training.importers.module_layers import MODULES
from cnnstudio.training.importers.recorded_layers import recorded_project
from cnnstudio.training.importers.script_functions import ArchiveFunctions, FunctionUnreadable
from cnnstudio.training.importers.sources import Source, SourceError

_TORCH_LAYERS = "__torch__.torch.nn.modules."
_LAYER_CLASSES = {cls.__name__: cls for cls in MODULES}
# aten operations written as a torch function whose fx call ``module_layers.function_spec`` reads.
_FUNCTIONS = {
    "relu": F.relu, "relu_": F.relu, "relu6": F.relu6, "sigmoid": torch.sigmoid, "sigmoid_": torch.sigmoid,
    "tanh": torch.tanh, "tanh_": torch.tanh, "hardswish": F.hardswish, "hardswish_": F.hardswish,
    "hardsigmoid": F.hardsigmoid, "hardsigmoid_": F.hardsigmoid, "silu": F.silu, "silu_": F.silu,
    "flatten": torch.flatten, "adaptive_avg_pool2d": F.adaptive_avg_pool2d, "max_pool2d": F.max_pool2d,
    "cat": torch.cat,
}  # fmt: skip
_METHODS = {"size", "view", "reshape"}
# torch.nn.functional's functions a scripted forward calls, as the calls themselves (their TorchScript code
# branches on the input's sizes, which the walk keeps symbolic)
_FUNCTIONAL = {
    f"__torch__.torch.nn.functional.{name}": getattr(F, name)
    for name in ("adaptive_avg_pool2d", "adaptive_max_pool2d", "max_pool2d", "avg_pool2d", "dropout", "relu",
                 "relu6", "hardswish", "hardsigmoid", "silu", "gelu", "sigmoid", "tanh", "interpolate")
}  # fmt: skip
_KEPT_METHODS = {"contiguous": 1, "expand_as": 2}  # x.contiguous(memory_format): the values are x's
# Operations on sizes and flags (``c // groups``, ``stride == 1``): Python's, computed at once when their
# values are known, else written as fx calls on the sizes read from the running value.
_SCALAR = {
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "gt": operator.gt, "le": operator.le,
    "ge": operator.ge, "add": operator.add, "sub": operator.sub, "mul": operator.mul,
    "floordiv": operator.floordiv, "div": operator.truediv, "remainder": operator.mod, "neg": operator.neg,
    "__getitem__": operator.getitem, "len": len, "Int": int, "Float": float, "Bool": bool,
    "__not__": operator.not_, "__contains__": operator.contains, "__is__": operator.is_,
    "__isnot__": operator.is_not,
}  # fmt: skip


class ScriptGraphError(ValueError):
    """A part of the scripted graph that has no fx form here; the message names the operation and where."""


def torchscript_source(path: Path, input_shape: tuple[int, int, int] | None = None) -> Source:
    """The module in ``path`` as an ``fx.GraphModule`` of torch.nn layers (``SourceError`` when unreadable,
    ``ImportFailed`` naming the operation the studio has no layer for)."""
    scripted = load_scripted(path)
    try:
        module = ScriptWalk(scripted, ArchiveFunctions(path)).graph_module()
    except (ScriptGraphError, FunctionUnreadable) as exc:
        raise ImportFailed(f"{path}: {exc}") from None
    recorded = _recorded(path)
    recorded_shape = recorded.input.shape if recorded else None
    shape = input_shape or recorded_shape or (_first_channels(module) or 3, 224, 224)
    name = recorded.name if recorded else path.name.split(".")[0]
    source = Source(module, name, input_shape=shape, recorded=recorded)
    _check_rebuilt(scripted, module, shape, path)
    return source


def load_scripted(path: Path) -> torch.jit.ScriptModule:
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    try:
        with warnings.catch_warnings():  # "torch.jit.load is deprecated": the files exist and are read
            warnings.simplefilter("ignore", FutureWarning)
            return torch.jit.load(str(path), map_location="cpu")
    except (
        Exception
    ) as exc:  # RuntimeError, ValueError... from the C++ reader: a file that is not TorchScript
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SourceError(f"{path}: not a TorchScript file torch.jit.load can read ({first[:160]})") from None


def _recorded(path: Path) -> Project | None:
    """The project the studio's export put into the archive (absent from others' files)."""
    try:
        with zipfile.ZipFile(path) as archive:
            name = next((n for n in archive.namelist() if n.endswith(f"/extra/{TORCHSCRIPT_META}")), None)
            text = archive.read(name).decode("utf-8") if name else None
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    return recorded_project(text, f"{path}'s recorded project")


def _first_channels(module: fx.GraphModule) -> int | None:
    for node in module.graph.nodes:
        if node.op == "call_module":
            first = module.get_submodule(str(node.target))
            return getattr(first, "in_channels", None)
    return None


def _check_rebuilt(scripted: nn.Module, module: nn.Module, shape: tuple[int, int, int], path: Path) -> None:
    x = torch.randn((1, *shape), generator=torch.Generator().manual_seed(0))
    try:
        with torch.no_grad():
            expected, got = scripted.eval()(x), module.eval()(x)
    except Exception as exc:  # the file's own code failed: most often an image of another size
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise SourceError(
            f"{path}: running it on a {'x'.join(map(str, shape))} image failed ({reason}); "
            "give the image size it takes with --input C,H,W"
        ) from None
    if isinstance(expected, (tuple, list)):  # GoogLeNet's named tuple of (logits, None, None)
        expected = next((v for v in expected if isinstance(v, torch.Tensor)), None)
    if isinstance(expected, torch.Tensor) and isinstance(got, torch.Tensor) and expected.shape == got.shape:
        scale = max(1.0, float(expected.abs().max()))
        if float((expected - got).abs().max()) <= 1e-4 * scale:
            return
    raise SourceError(f"{path}: its layers, rebuilt from the file, do not compute what the file computes")


class ScriptWalk:
    """Reads a scripted module's graphs into one fx graph whose modules are rebuilt torch.nn layers."""

    def __init__(self, scripted: torch.jit.ScriptModule, functions: ArchiveFunctions | None = None) -> None:
        self.scripted = scripted
        self.functions = functions or ArchiveFunctions(None)
        self.graph = fx.Graph()
        self.root = nn.Module()

    def graph_module(self) -> fx.GraphModule:
        method = self.scripted._c._get_method("forward")
        inputs = list(method.graph.inputs())[1:]
        if len(inputs) != 1:
            raise ScriptGraphError(
                f"forward takes {len(inputs)} inputs; the studio's networks take one image"
            )
        x = self.graph.placeholder("x")
        (result,) = self.call(self.scripted, "", "forward", [x])
        if isinstance(result, list) and [v is None for v in result].count(False) == 1:
            result = next(
                v for v in result if v is not None
            )  # GoogLeNet's (logits, None, None) when scripted
        if not isinstance(result, fx.Node):
            raise ScriptGraphError("forward does not return one tensor")
        self.graph.output(result)
        return fx.GraphModule(self.root, self.graph, class_name=self.scripted.original_name)

    def call(self, module: Any, path: str, method: str, args: list[Any]) -> list[Any]:
        """The values ``module.method(*args)`` returns, its operations added to the fx graph."""
        layer = self._layer(module, path) if method == "forward" else None
        if layer is not None:
            self.root.add_module(path.replace(".", "_"), layer)
            return [self.graph.call_module(path.replace(".", "_"), tuple(args))]
        graph = module._c._get_method(method).graph
        env: dict[Any, Any] = dict(zip(graph.inputs(), [(module, path), *args]))
        return self.block(graph, env, f"{path or module.original_name}.{method}")

    def block(self, block: Any, env: dict[Any, Any], where: str) -> list[Any]:
        for node in block.nodes():
            outputs = self.node(node, env, where)
            for output in outputs:  # named in the import's messages as the code that made it
                if isinstance(output, fx.Node) and "origin" not in output.meta:
                    output.meta["origin"] = f"{where} ({node.kind()})"
            env.update(zip(node.outputs(), outputs))
        return [env[v] for v in block.outputs()]

    def node(self, node: Any, env: dict[Any, Any], where: str) -> list[Any]:
        kind = node.kind()
        args = [env[v] for v in node.inputs()]
        if kind == "prim::Constant":
            if node.output().type().kind() == "FunctionType":
                return [_Function(str(node.output().type()))]
            return [node.output().toIValue()]
        if kind == "prim::CallFunction" and isinstance(args[0], _Function):
            functional = _FUNCTIONAL.get(args[0].name)
            if functional is not None:  # F.adaptive_avg_pool2d(x, (1, 1)): the call itself, which
                return [self.graph.call_function(functional, tuple(args[1:]))]  # function_spec reads
            graph = self.functions.graph(args[0].name)
            return self.block(graph, dict(zip(graph.inputs(), args[1:])), args[0].name)
        if kind == "prim::GetAttr":
            return [self._attribute(*args[0], node.s("name"), where)]
        if kind == "prim::CallMethod":
            module, path = args[0]
            if node.s("name") == "__len__":  # len(self.branches): a ModuleList's length
                return [len(list(module.children()))]
            return self.call(module, path, node.s("name"), args[1:])
        if kind == "prim::Uninitialized":  # the value of a branch that raises: never read
            return [None]
        if kind == "prim::unchecked_cast":  # a type refinement (Optional[T] -> T): the same value
            return [args[0]]
        if kind in ("prim::ListConstruct", "prim::TupleConstruct"):
            return [list(args)]
        if kind in ("prim::ListUnpack", "prim::TupleUnpack"):
            if isinstance(args[0], fx.Node):  # n, c, h, w = x.shape; x1, x2 = x.chunk(2, dim=1)
                count = len(list(node.outputs()))
                return [self.graph.call_function(operator.getitem, (args[0], i)) for i in range(count)]
            return list(args[0])
        if kind == "aten::append":
            args[0].append(args[1])
            return [args[0]]
        if kind == "prim::If" and not isinstance(args[0], fx.Node):
            return self.block(list(node.blocks())[0 if args[0] else 1], env, where)
        if kind.startswith("aten::"):
            return [self._aten(kind.removeprefix("aten::"), args, where, node)]
        raise ScriptGraphError(f"{where}: operator {kind} has no layer in the studio")

    def _attribute(self, module: Any, path: str, name: str, where: str) -> Any:
        value = getattr(module, name)
        if isinstance(value, torch.jit.ScriptModule):
            return (value, f"{path}.{name}" if path else name)
        if isinstance(value, torch.Tensor):
            raise ScriptGraphError(f"{where}: uses the tensor {name} directly, outside any layer")
        return value

    def _aten(self, name: str, args: list[Any], where: str, node: Any) -> Any:
        if name == "warn":  # a warning the code prints (GoogLeNet's about its scripted outputs): no value
            return None
        if name == "__getitem__" or not _gives_tensors(node):  # parts[b] of x.chunk(n, 1) too
            return self._scalar(name, args, where)
        if name in _KEPT_METHODS:
            return self.graph.call_method(name, tuple(args[: _KEPT_METHODS[name]]))
        if name in ("add", "add_") and len(args) == 3 and args[2] == 1:
            return self.graph.call_function(operator.add, tuple(args[:2]))
        if name == "dropout":
            return self.graph.call_function(F.dropout, (args[0], args[1]))
        if name in _METHODS:
            rest = args[1] if name != "size" else args[1:]
            return self.graph.call_method(name, (args[0], *rest))
        function = _FUNCTIONS.get(name)
        if function is not None:
            return self.graph.call_function(function, tuple(args))
        function = getattr(
            torch, name.rstrip("_"), None
        )  # cumsum_ computes what cumsum does, without aliasing
        if not callable(function) or name.startswith("_"):
            raise ScriptGraphError(f"{where}: operator aten::{name} has no layer in the studio")
        # the torch function of the same name, called as a person writes it (the keyword-only arguments by
        # name, defaults left out): graph_blocks makes it a custom layer, or names it
        positional, keywords = _by_schema(node, args)
        return self.graph.call_function(function, tuple(positional), keywords)

    def _scalar(self, name: str, args: list[Any], where: str) -> Any:
        """A size, a flag or a list of them: its value when known, else an fx call computing it."""
        if name == "size":
            return self.graph.call_method("size", tuple(args))
        if name == "__getitem__" and isinstance(args[0], list) and isinstance(args[1], int):
            return args[0][args[1]]
        function = _SCALAR.get(name)
        if function is None:
            raise ScriptGraphError(f"{where}: operator aten::{name} on sizes has no layer in the studio")
        if any(isinstance(a, fx.Node) for a in args):
            return self.graph.call_function(function, tuple(args))
        return function(*args)

    def _layer(self, module: Any, path: str) -> nn.Module | None:
        """``module`` rebuilt as the torch.nn layer it was scripted from: one the studio knows, or another
        of torch's own leaf layers (``nn.GroupNorm``...), which the import keeps as a custom layer. None for
        anything else (a container, a person's class: its code is read instead)."""
        qualified = module._c._type().qualified_name()
        cls = _LAYER_CLASSES.get(module.original_name)
        if cls is None and not list(module.children()):
            found = getattr(nn, module.original_name, None)
            cls = found if isinstance(found, type) and issubclass(found, nn.Module) else None
        if cls is None or not qualified.startswith(_TORCH_LAYERS):
            return None
        parameters = inspect.signature(cls).parameters
        kwargs: dict[str, Any] = {"device": "meta"} if "device" in parameters else {}
        for name in parameters:
            if name == "bias":
                kwargs[name] = getattr(module, "bias", None) is not None
            elif name not in ("device", "dtype") and hasattr(module, name):
                kwargs[name] = getattr(module, name)
        try:  # on the meta device: no time spent initialising weights replaced at once
            layer = cls(**kwargs)
            layer.load_state_dict(module.state_dict(), assign=True)
        except (TypeError, ValueError, RuntimeError):  # its settings are not all kept as constants
            if cls in MODULES:
                raise
            return None
        return layer.train(module.training)


class _Function:
    """A free function a graph calls (``prim::CallFunction``), by its qualified name."""

    def __init__(self, name: str) -> None:
        self.name = name


def _gives_tensors(node: Any) -> bool:
    """Whether an aten node's results are tensors (or lists of them), not sizes or flags."""
    kinds = [output.type() for output in node.outputs()]
    return any(
        t.kind() == "TensorType"
        or (t.kind() in ("ListType", "OptionalType", "TupleType") and "Tensor" in t.str())
        for t in kinds
    )


def _by_schema(node: Any, args: list[Any]) -> tuple[list[Any], dict[str, Any]]:
    """An aten call's arguments split as its schema declares them: positional, and keyword-only by name."""
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    for argument, value in zip(torch._C.parse_schema(node.schema()).arguments, args):
        if not argument.kwarg_only:
            positional.append(value)
        elif not (argument.has_default_value() and value == argument.default_value):
            keywords[argument.name] = value
    return positional, keywords
