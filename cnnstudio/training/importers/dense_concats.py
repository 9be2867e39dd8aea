"""DenseNet's concatenations as nested concat blocks.

A dense block concatenates every earlier output before each layer: ``cat([x0, f1, f2])``, then
``cat([x0, f1, f2, f3])``... That is not series-parallel as written (x0 feeds every concatenation), but it is
the same as ``y_k = cat([y_(k-1), f_k])`` with ``f_k = layer_k(y_(k-1))``: a concat block with an empty branch
and the layer, once per layer. This pass rewrites the traced graph that way before the walk, so DenseNet
imports as a chain of such blocks: each concatenation of n values whose first n-1 were already concatenated
reads that earlier result instead, a concatenation of one value is that value, and a repeated one is the
first.
"""

from __future__ import annotations

import torch
from torch import fx


def _parts(node: fx.Node) -> tuple[fx.Node, ...] | None:
    """The values a channel concatenation joins, or None for any other node."""
    if not (node.op == "call_function" and node.target is torch.cat):
        return None
    dim = node.args[1] if len(node.args) > 1 else node.kwargs.get("dim", 0)
    values = node.args[0] if node.args else node.kwargs.get("tensors")
    if dim != 1 or not isinstance(values, (list, tuple)) or not all(isinstance(v, fx.Node) for v in values):
        return None
    return tuple(values)


def nest_concatenations(graph: fx.Graph) -> None:
    """Rewrite ``graph`` in place (see the module's docstring); a graph without such concatenations is left
    as it is."""
    seen: dict[tuple[fx.Node, ...], fx.Node] = {}
    for node in list(graph.nodes):
        parts = _parts(node)
        if parts is None:
            continue
        if len(parts) == 1 or parts in seen:
            node.replace_all_uses_with(parts[0] if len(parts) == 1 else seen[parts])
            graph.erase_node(node)
            continue
        earlier = seen.get(parts[:-1])
        if earlier is not None:
            node.args = ([earlier, parts[-1]], *node.args[1:])
        seen[parts] = node
