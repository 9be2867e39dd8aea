"""A TorchScript file (``torch.jit.save``) -> an ``fx.GraphModule`` that ``from_module`` imports like any module.

A scripted module keeps no Python classes, only its submodules (each with its class's ``original_name`` and
qualified type name, its constants such as ``stride`` and its tensors) and each method's TorchScript graph.
The walk here reads the graphs from ``forward`` down: a call to a submodule whose type is one of torch.nn's
layers that the studio knows (``module_layers.MODULES``) becomes that layer, rebuilt from its constants and
given its ``state_dict``; any other submodule (a ``Sequential``, a residual block, a user's class) is entered
and its graph read in place. Operations between calls (``aten::add``, ``aten::cat``, ``aten::flatten``...)
become the fx calls of the same torch functions, so that ``graph_blocks`` recovers residual and concat
blocks exactly as it does for a traced module. The rebuilt module is checked against the scripted one on a
random input before it is handed on: a difference means a layer was rebuilt wrongly and the import stops.
"""

from __future__ import annotations

import inspect
import json
import operator
import warnings
import zipfile
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import fx, nn

from cnnstudio.training.export.formats import TORCHSCRIPT_META
from cnnstudio.training.importers.from_module import ImportFailed
from cnnstudio.training.importers.module_layers import MODULES
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


class ScriptGraphError(ValueError):
    """A part of the scripted graph that has no fx form here; the message names the operation and where."""


def torchscript_source(path: Path, input_shape: tuple[int, int, int] | None = None) -> Source:
    """The module in ``path`` as an ``fx.GraphModule`` of torch.nn layers (``SourceError`` when unreadable,
    ``ImportFailed`` naming the operation the studio has no layer for)."""
    scripted = load_scripted(path)
    try:
        module = ScriptWalk(scripted).graph_module()
    except ScriptGraphError as exc:
        raise ImportFailed(f"{path}: {exc}") from None
    meta = _studio_meta(path)
    shape = input_shape or _input_shape(meta.get("input"), _first_channels(module))
    source = Source(module, str(meta.get("name") or path.name.split(".")[0]), input_shape=shape)
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


def _studio_meta(path: Path) -> dict[str, Any]:
    """The studio's extra file inside the archive (absent in others' files: then nothing is known)."""
    try:
        with zipfile.ZipFile(path) as archive:
            name = next((n for n in archive.namelist() if n.endswith(f"/extra/{TORCHSCRIPT_META}")), None)
            data = json.loads(archive.read(name)) if name else {}
    except (OSError, zipfile.BadZipFile, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _input_shape(value: Any, channels: int | None) -> tuple[int, int, int]:
    if isinstance(value, list) and len(value) == 3 and all(isinstance(v, int) and v > 0 for v in value):
        return value[0], value[1], value[2]
    return (channels or 3, 224, 224)


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
    if isinstance(expected, torch.Tensor) and isinstance(got, torch.Tensor) and expected.shape == got.shape:
        scale = max(1.0, float(expected.abs().max()))
        if float((expected - got).abs().max()) <= 1e-4 * scale:
            return
    raise SourceError(f"{path}: its layers, rebuilt from the file, do not compute what the file computes")


class ScriptWalk:
    """Reads a scripted module's graphs into one fx graph whose modules are rebuilt torch.nn layers."""

    def __init__(self, scripted: torch.jit.ScriptModule) -> None:
        self.scripted = scripted
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
            env.update(zip(node.outputs(), outputs))
        return [env[v] for v in block.outputs()]

    def node(self, node: Any, env: dict[Any, Any], where: str) -> list[Any]:
        kind = node.kind()
        args = [env[v] for v in node.inputs()]
        if kind == "prim::Constant":
            return [node.output().toIValue()]
        if kind == "prim::GetAttr":
            return [self._attribute(*args[0], node.s("name"), where)]
        if kind == "prim::CallMethod":
            module, path = args[0]
            return self.call(module, path, node.s("name"), args[1:])
        if kind in ("prim::ListConstruct", "prim::TupleConstruct"):
            return [list(args)]
        if kind in ("prim::ListUnpack", "prim::TupleUnpack"):
            return list(args[0])
        if kind == "aten::append":
            args[0].append(args[1])
            return [args[0]]
        if kind == "prim::If" and not isinstance(args[0], fx.Node):
            return self.block(list(node.blocks())[0 if args[0] else 1], env, where)
        if kind.startswith("aten::"):
            return [self._aten(kind.removeprefix("aten::"), args, where)]
        raise ScriptGraphError(f"{where}: operator {kind} has no layer in the studio")

    def _attribute(self, module: Any, path: str, name: str, where: str) -> Any:
        value = getattr(module, name)
        if isinstance(value, torch.jit.ScriptModule):
            return (value, f"{path}.{name}" if path else name)
        if isinstance(value, torch.Tensor):
            raise ScriptGraphError(f"{where}: uses the tensor {name} directly, outside any layer")
        return value

    def _aten(self, name: str, args: list[Any], where: str) -> Any:
        if name in ("add", "add_") and len(args) == 3 and args[2] == 1:
            return self.graph.call_function(operator.add, tuple(args[:2]))
        if name == "dropout":
            return self.graph.call_function(F.dropout, (args[0], args[1]))
        if name in _METHODS:
            rest = args[1] if name != "size" else [args[1]]
            return self.graph.call_method(name, (args[0], *rest))
        function = _FUNCTIONS.get(name)
        if function is None:
            raise ScriptGraphError(f"{where}: operator aten::{name} has no layer in the studio")
        return self.graph.call_function(function, tuple(args))

    def _layer(self, module: Any, path: str) -> nn.Module | None:
        """``module`` rebuilt as the torch.nn layer it was scripted from (None: not a layer the studio knows)."""
        qualified = module._c._type().qualified_name()
        cls = _LAYER_CLASSES.get(module.original_name)
        if cls is None or not qualified.startswith(_TORCH_LAYERS):
            return None
        parameters = inspect.signature(cls).parameters
        kwargs: dict[str, Any] = {"device": "meta"} if "device" in parameters else {}
        for name in parameters:
            if name == "bias":
                kwargs[name] = getattr(module, "bias", None) is not None
            elif name not in ("device", "dtype") and hasattr(module, name):
                kwargs[name] = getattr(module, name)
        layer = cls(**kwargs)  # on the meta device: no time spent initialising weights replaced at once
        layer.load_state_dict(module.state_dict(), assign=True)
        return layer.train(module.training)
