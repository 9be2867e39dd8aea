"""The studio's own custom layers (and LP pools) in its ONNX files, put back whole from the recorded project.

A custom layer is an operation the studio has no layer for, so its ONNX nodes are, by definition, ones the
graph reader may not know (``torch.cumsum`` is a CumSum node, ``nn.GroupNorm`` a Reshape,
InstanceNormalization, Reshape, Mul and Add); an LPPool2d is written as seven nodes (Pow, AveragePool, Sign,
Abs, Relu, Mul, Pow) that only mean "LP pool" together. The exporter names every node after the module that made it
(``/1/CumSum``, ``/8/branches.0/branches.0.1/Mul``); the record says which modules are custom layers and what
each one is. So, in a file that records its project, the nodes of a custom layer's module are read as one
island: the recorded call on the island's input, with the island's stored tensors as the module's weights
(in order, each reshaped to its parameter's shape). ``from_onnx`` still checks the whole rebuilt network
against onnxruntime, so an island read wrongly stops the import rather than giving another network.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import fx, nn

from cnnstudio.core import specs as S
from cnnstudio.core.custom_source import INPUT, INPUT_ARGUMENT, parts, source_kind
from cnnstudio.training.mobile_modules import custom_module

ISLANDS = (S.Custom, S.LPPool2d)  # the layers whose ONNX nodes are read as one island


def custom_layers(layers: Sequence[S.LayerSpec], prefix: str = "") -> dict[str, S.LayerSpec]:
    """The recorded islands by the module name ``build_model`` gives them (``8.branches.0.1``)."""
    found: dict[str, S.LayerSpec] = {}
    for i, spec in enumerate(layers):
        name = f"{prefix}{i}"
        if isinstance(spec, ISLANDS):
            found[name] = spec
        elif isinstance(spec, S.Residual):
            found.update(custom_layers(spec.layers, f"{name}.layers."))
        elif isinstance(spec, S.Concat):
            for b, branch in enumerate(spec.branches):
                found.update(custom_layers(branch, f"{name}.branches.{b}."))
    return found


def module_of(node_name: str) -> str | None:
    """The module name an exporter's node name gives (``/8/branches.0/branches.0.1/Mul`` ->
    ``8.branches.0.1``): each scope is named relative to the last one that is not a container's."""
    scopes = node_name.strip("/").split("/")[:-1]
    if not node_name.startswith("/") or not scopes:
        return None
    kept = [s for s, after in zip(scopes, [*scopes[1:], ""]) if not after.startswith(s + ".")]
    return ".".join(kept)


def owner(node_name: str, customs: dict[str, S.LayerSpec]) -> str | None:
    """The custom layer whose module made the node, or None."""
    module = module_of(node_name)
    if module is None:
        return None
    return next((name for name in customs if module == name or module.startswith(name + ".")), None)


def island_call(
    graph: fx.Graph, root: nn.Module, spec: S.LayerSpec, x: fx.Node, stored: list[torch.Tensor], name: str
) -> fx.Node:
    """The recorded layer on ``x`` as fx: a module call (with ``stored`` as its weights), or the call of a
    custom layer's function, which ``graph_blocks`` keeps as the same custom layer."""
    if isinstance(spec, S.LPPool2d) or source_kind(spec.source) == "module":  # type: ignore[attr-defined]
        module = _module(spec)
        _load(module, stored, spec)
        target = f"custom_{name.replace('.', '_')}"
        root.add_module(target, module)
        return graph.call_module(target, (x,))
    assert isinstance(spec, S.Custom)
    function, args, kwargs = parts(spec.source)
    args = tuple(x if a is INPUT_ARGUMENT else a for a in args)
    kwargs = {k: x if v is INPUT_ARGUMENT else v for k, v in kwargs.items()}
    owner_name, _, method = function.rpartition(".")
    if owner_name == INPUT:
        return graph.call_method(method, (x, *args), kwargs)
    (call,) = [n for n in custom_module(spec).graph.nodes if n.op == "call_function"]  # the named function
    return graph.call_function(call.target, args, kwargs)


def _module(spec: S.LayerSpec) -> nn.Module:
    if isinstance(spec, S.LPPool2d):
        return nn.LPPool2d(spec.norm_type, spec.kernel_size, spec.stride, spec.ceil_mode)
    assert isinstance(spec, S.Custom)
    return custom_module(spec)


def _load(module: nn.Module, stored: list[torch.Tensor], spec: S.LayerSpec) -> None:
    state = module.state_dict()
    weights = [k for k, v in state.items() if v.is_floating_point()]
    if [state[k].numel() for k in weights] != [t.numel() for t in stored]:
        raise ValueError(f"{spec.type} layer: the file holds {len(stored)} weights for its {len(weights)}")
    module.load_state_dict({**state, **{k: t.reshape(state[k].shape) for k, t in zip(weights, stored)}})
