"""A torch.fx graph -> the core's layer list, with residual and concat blocks recovered from the graph.

The core's networks are series-parallel: a chain of layers, where a block forks the value and joins it again
(``residual``: ``layers(x) + shortcut(x)``, the shortcut being x or a strided 1x1 conv + BatchNorm;
``concat``: the branches' outputs joined along channels). The walk follows the value from the input: a node
with one user continues the chain; at a fork it finds the join (the first node after which nothing between
them is still needed) and converts each path from the fork to the join as a chain of its own.

Each converted spec remembers the module it came from (``Converted.sources``), so that the weights can be
copied into the model the project builds, whose children are indexed like the layers.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
from torch import fx, nn

from cnnstudio.core import specs as S
from cnnstudio.training.importers.custom_layers import custom_spec
from cnnstudio.training.importers.dense_concats import nest_concatenations
from cnnstudio.training.importers.known_gaps import operation_gap
from cnnstudio.training.importers.mobile_patterns import (
    channel_shuffle,
    chunk_count,
    excitation,
    is_chunk,
    linear_excitation,
    unexpanded,
)
from cnnstudio.training.importers.module_layers import function_spec, global_mean_specs, module_spec

Path = tuple[int, ...]


class UnsupportedGraph(ValueError):
    """A part of the graph the core's layers cannot express; the message names the node and its code."""


@dataclass
class Converted:
    """A chain of specs, with the source modules of those that hold weights, by path in the chain."""

    layers: list[S.LayerSpec] = field(default_factory=list)
    sources: list[tuple[Path, str, nn.Module]] = field(default_factory=list)  # (path, part, module)

    def add(self, spec: S.LayerSpec, module: nn.Module | None = None) -> None:
        if module is not None:
            self.sources.append(((len(self.layers),), "", module))
        self.layers.append(spec)

    def add_parts(self, spec: S.LayerSpec, parts: dict[str, nn.Module]) -> None:
        """A layer whose weights are several modules' (squeeze-and-excitation: ``fc1``, ``fc2``)."""
        for part, module in parts.items():
            self.sources.append(((len(self.layers),), part, module))
        self.layers.append(spec)

    def add_block(
        self, spec: S.LayerSpec, parts: list[tuple[int, Converted]], shortcut: list[nn.Module]
    ) -> None:
        index = len(self.layers)
        for branch, inner in parts:
            for path, part, module in inner.sources:
                self.sources.append(((index, branch, *path), part, module))
        for k, module in enumerate(shortcut):
            self.sources.append(((index,), f"shortcut.{k}", module))
        self.layers.append(spec)


_ADD = {operator.add, torch.add, operator.iadd}
_MUL = {operator.mul, torch.mul, operator.imul}
# x times a gate of itself, written out: x * sigmoid(x) is SiLU, x * hardsigmoid(x) is Hardswish.
_SELF_GATED: dict[tuple[str, ...], type[S.LayerSpec]] = {("sigmoid",): S.SiLU, ("hardsigmoid",): S.Hardswish}
_SIZE_METHODS = {"size", "dim"}


class GraphWalk:
    """Converts one traced graph; ``modules`` are the traced module's named submodules."""

    def __init__(
        self, graph: fx.Graph, modules: dict[str, nn.Module], measure: Callable[[], None] = lambda: None
    ) -> None:
        nest_concatenations(graph)  # DenseNet's cat([x0, f1, f2]) as cat([cat([x0, f1]), f2])
        self.nodes = list(graph.nodes)
        self.order = {node: i for i, node in enumerate(self.nodes)}
        self.modules = modules
        self.measure = measure  # runs the module once so that nodes know their shapes (for custom layers)

    # -- the walk ------------------------------------------------------------------------------------------
    def convert(self) -> Converted:
        inputs = [n for n in self.nodes if n.op == "placeholder"]
        outputs = [n for n in self.nodes if n.op == "output"]
        if len(inputs) != 1:
            raise UnsupportedGraph(
                f"the network takes {len(inputs)} inputs; the studio's networks take one image"
            )
        result = outputs[0].args[0]
        if not isinstance(result, fx.Node):
            raise UnsupportedGraph(
                "the network returns several values (a tuple or dict); it must return one tensor"
            )
        return self.chain(inputs[0], result)

    def tensor_users(self, node: fx.Node) -> list[fx.Node]:
        return [u for u in node.users if not self._is_size(u)]

    def _is_size(self, node: fx.Node) -> bool:
        if node.op == "call_method" and node.target in _SIZE_METHODS:
            return True
        return node.op == "call_function" and node.target is getattr and node.args[1] == "shape"

    def chain(self, start: fx.Node, end: fx.Node, first: fx.Node | None = None) -> Converted:
        """The specs from ``start``'s value (excluded) to ``end``'s (included); ``first``, when given, is the
        first node of the path (``start`` being a fork whose other users lead elsewhere)."""
        out = Converted()
        value = start
        while value is not end:
            users = [first] if first is not None and value is start else self.tensor_users(value)
            if not users:
                raise UnsupportedGraph(f"the value of {_label(value)} is not used on the way to the output")
            if len(users) == 1 and not self._is_join(users[0]):
                value = self._unary(users[0], value, out)
            else:
                value = self._block(value, out)
            if self.order[value] > self.order[end]:
                raise UnsupportedGraph(f"{_label(end)} is not reached from {_label(start)} as one chain")
        return out

    def _is_join(self, node: fx.Node) -> bool:
        """Adds and concatenations of two or more running values (``x + 1.0`` is a custom layer)."""
        return (self._is_add(node) or self._is_cat(node)) and len(node.all_input_nodes) > 1

    def _is_add(self, node: fx.Node) -> bool:
        return (node.op == "call_function" and node.target in _ADD) or (
            node.op == "call_method" and node.target in ("add", "add_")
        )

    def _is_cat(self, node: fx.Node) -> bool:
        return node.op == "call_function" and node.target is torch.cat

    def _unary(self, node: fx.Node, value: fx.Node, out: Converted) -> fx.Node:
        if node.op == "call_module":
            module = self.modules[str(node.target)]
            spec = module_spec(module) or custom_spec(node, value, module, self.measure)
            if spec is None:
                raise UnsupportedGraph(
                    f"{node.target}: {type(module).__name__} has no layer here, and a custom layer keeps only "
                    "torch.nn's own layers (such as nn.GroupNorm(4, 32))"
                )
            out.add(spec, module if any(True for _ in module.parameters()) or _has_buffers(module) else None)
            return node
        shuffle = channel_shuffle(node, value, self._only_user)
        if shuffle is not None:
            out.add(S.ChannelShuffle(groups=shuffle[0]))
            return shuffle[1]
        if is_chunk(node) and node.args[:1] == (value,):
            return node  # the split belongs to the concat block its chunks start
        first = node.args[:1] == (value,)
        specs = global_mean_specs(node.op, node.target, node.args, node.kwargs) if first else None
        if specs is None:
            spec = function_spec(
                node.op, node.target, node.args, node.kwargs, lambda a: self._batch_size(a, value)
            )
            specs = (spec,) if spec is not None and first else None
        if specs is None:
            custom = custom_spec(node, value, None, self.measure)
            gap = operation_gap(node.target) if custom is None else None
            if gap:
                raise UnsupportedGraph(f"{_label(node)}: {gap}")
            if custom is None:
                raise UnsupportedGraph(
                    f"{_label(node)}: {_code(node)} has no layer here, and a custom layer keeps only one call "
                    "on the running value with constant arguments (such as torch.cumsum(x, dim=1))"
                )
            specs = (custom,)
        for spec in specs:
            out.add(spec)
        return node

    def _only_user(self, node: fx.Node) -> fx.Node | None:
        users = self.tensor_users(node)
        return users[0] if len(users) == 1 else None

    def _batch_size(self, arg: object, value: fx.Node) -> bool:
        return (
            isinstance(arg, fx.Node)
            and arg.op == "call_method"
            and arg.target == "size"
            and arg.args[1:] == (0,)
        )

    # -- blocks --------------------------------------------------------------------------------------------
    def join_of(self, fork: fx.Node) -> fx.Node:
        """The first node after ``fork`` by which every value computed from it since has been used."""
        live = {fork}
        for node in self.nodes[self.order[fork] + 1 :]:
            if not any(arg in live for arg in node.all_input_nodes):
                continue
            live.add(node)
            here = self.order[node]
            live = {n for n in live if any(self.order[u] > here for u in self.tensor_users(n)) or n is node}
            if live == {node} and node is not fork:
                return node
        raise UnsupportedGraph(f"the paths that fork at {_label(fork)} never join")

    def branch(self, fork: fx.Node, end: object) -> Converted:
        """One path of a block, from the fork to one of the join's inputs (empty when that is the fork)."""
        if end is fork:
            return Converted()
        if not isinstance(end, fx.Node):
            raise UnsupportedGraph(f"a block joins a constant ({end!r}) to the paths from {_label(fork)}")
        ancestors = self.ancestors(end, stop=fork)
        firsts = [u for u in self.tensor_users(fork) if u is end or u in ancestors]
        if len(firsts) != 1:
            raise UnsupportedGraph(f"the path from {_label(fork)} to {_label(end)} forks again at its start")
        return self.chain(fork, end, firsts[0])

    def ancestors(self, node: fx.Node, stop: fx.Node) -> set[fx.Node]:
        """The nodes ``node`` depends on after ``stop`` in the graph's order."""
        seen: set[fx.Node] = set()
        todo = list(node.all_input_nodes)
        while todo:
            n = todo.pop()
            if n in seen or self.order[n] <= self.order[stop]:
                continue
            seen.add(n)
            todo.extend(n.all_input_nodes)
        return seen

    def _block(self, fork: fx.Node, out: Converted) -> fx.Node:
        join = self.join_of(fork)
        if is_chunk(fork):
            self._split(fork, join, out)
        elif _is_mul(join) and len(join.args) == 2 and fork in join.args:
            self._gated(fork, join, out)
        elif self._is_add(join) and len(join.args) == 2 and all(isinstance(a, fx.Node) for a in join.args):
            self._residual(fork, join, out)
        elif self._is_cat(join) and _cat_dim(join) == 1:
            paths = [self.branch(fork, end) for end in join.args[0]]
            out.add_block(
                S.Concat(branches=tuple(tuple(p.layers) for p in paths)), list(enumerate(paths)), []
            )
        else:
            raise UnsupportedGraph(
                f"{_label(join)}: {_code(join)} joins paths in a way the studio's blocks do not (they are: "
                "x + layers(x), a residual block; channel concatenation of branches, a concat block; and "
                "x * gate(x), a squeeze-and-excitation block)"
            )
        return join

    def _gated(self, fork: fx.Node, join: fx.Node, out: Converted) -> None:
        """``x * gate(x)``: a squeeze-and-excitation block (its gate of 1x1 convolutions or of Linear
        layers), or SiLU / Hardswish written out."""
        other = unexpanded(join.args[1] if join.args[0] is fork else join.args[0], fork)
        found = linear_excitation(fork, other, self.modules, self._spec_of)
        if found is not None:
            out.add_parts(*found)
            return
        gate = self.branch(fork, other)
        found = excitation(gate.layers, gate.sources)
        swish = _SELF_GATED.get(tuple(spec.type for spec in gate.layers))
        if swish is not None:  # x * sigmoid(x) written out
            out.add(swish())
        elif found is None:
            raise UnsupportedGraph(
                f"{_label(join)}: the input is multiplied by {[s.type for s in gate.layers]}, which is not a "
                "squeeze-and-excitation gate (channel mean, 1x1 conv or Linear, activation, 1x1 conv or Linear, "
                "sigmoid or hardsigmoid)"
            )
        else:
            out.add_parts(*found)

    def _spec_of(self, node: fx.Node) -> S.LayerSpec | None:
        """The layer one node is on its own (a module, or a function call on its first argument)."""
        if node.op == "call_module":
            return module_spec(self.modules[str(node.target)])
        specs = global_mean_specs(node.op, node.target, node.args, node.kwargs)
        if specs:
            return specs[0]
        return function_spec(node.op, node.target, node.args, node.kwargs, lambda a: False)

    def _split(self, chunk: fx.Node, join: fx.Node, out: Converted) -> None:
        """ShuffleNet V2's unit: ``x1, x2 = x.chunk(2, dim=1); cat((x1, branch(x2)))``, chunk b feeding
        the b-th input of the join."""
        parts = {u.args[1]: u for u in chunk.users}
        ends = join.args[0] if self._is_cat(join) and _cat_dim(join) == 1 else None
        if not isinstance(ends, (list, tuple)) or sorted(parts) != list(range(len(ends))):
            raise UnsupportedGraph(
                f"{_label(join)}: the channel groups of {_label(chunk)} are not joined back in order along channels"
            )
        if chunk_count(chunk) != len(ends):
            raise UnsupportedGraph(
                f"{_label(chunk)}: some of its {chunk_count(chunk)} channel groups are unused"
            )
        paths = []
        for b, end in enumerate(ends):
            start = parts[b]
            if end is not start and (not isinstance(end, fx.Node) or start not in self.ancestors(end, chunk)):
                raise UnsupportedGraph(f"{_label(join)}: its input {b} does not come from channel group {b}")
            paths.append(Converted() if end is start else self.chain(start, end))
        spec = S.Concat(branches=tuple(tuple(p.layers) for p in paths), split=True)
        out.add_block(spec, list(enumerate(paths)), [])

    def _residual(self, fork: fx.Node, join: fx.Node, out: Converted) -> None:
        paths = [self.branch(fork, end) for end in join.args]
        paths.sort(key=lambda p: len(p.layers), reverse=True)
        main, shortcut = paths
        modules = [module for _, _, module in shortcut.sources]
        # an nn.Identity shortcut (the studio's own ResidualBlock, as TorchScript keeps it) is x
        shortcut.layers = [layer for layer in shortcut.layers if not isinstance(layer, S.Identity)]
        if shortcut.layers and not _projection(shortcut.layers):
            raise UnsupportedGraph(
                f"{_label(join)}: the shortcut {[s.type for s in shortcut.layers]} is neither x nor a 1x1 conv + BatchNorm"
            )
        out.add_block(S.Residual(layers=tuple(main.layers)), [(0, main)], modules)


def _projection(layers: list[S.LayerSpec]) -> bool:
    if len(layers) != 2:
        return False
    conv, norm = layers
    return (
        isinstance(conv, S.Conv2d) and S.pair(conv.kernel_size) == (1, 1) and not conv.bias and conv.padding == 0
        and conv.groups == 1 and S.pair(conv.dilation) == (1, 1) and isinstance(norm, S.BatchNorm2d)
        and norm.affine
    )  # fmt: skip


def _is_mul(node: fx.Node) -> bool:
    return (node.op == "call_function" and node.target in _MUL) or (
        node.op == "call_method" and node.target in ("mul", "mul_")
    )


def _cat_dim(node: fx.Node) -> object:
    return node.args[1] if len(node.args) > 1 else node.kwargs.get("dim", 0)


def _has_buffers(module: nn.Module) -> bool:
    return any(True for _ in module.buffers())


def _label(node: fx.Node) -> str:
    """The node as the file names it (an ONNX node and its operator), or its fx name."""
    return str(node.meta.get("origin") or node.name)


def _code(node: fx.Node) -> str:
    target = (
        node.target if isinstance(node.target, str) else getattr(node.target, "__name__", str(node.target))
    )
    return f"{node.op} {target}"
