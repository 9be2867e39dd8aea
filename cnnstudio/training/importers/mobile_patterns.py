"""Graph patterns of mobile networks that become one core layer each: ShuffleNet's channel shuffle
(``view`` into groups, ``transpose``, ``view`` back), its channel split (``chunk`` along channels) and the
squeeze-and-excitation gate of MobileNetV3 and EfficientNet (``x * gate(x)``)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence

import torch
from torch import fx, nn

from cnnstudio.core import specs as S


def _arg(node: fx.Node, index: int, name: str, default: object) -> object:
    return node.args[index] if len(node.args) > index else node.kwargs.get(name, default)


def is_chunk(node: fx.Node) -> bool:
    """``x.chunk(n, dim=1)`` / ``torch.chunk(x, n, 1)`` whose parts are all taken by index."""
    if not (
        (node.op == "call_method" and node.target == "chunk")
        or (node.op == "call_function" and node.target is torch.chunk)
    ):
        return False
    users = list(node.users)
    return (
        _arg(node, 2, "dim", 0) == 1
        and isinstance(chunk_count(node), int)
        and bool(users)
        and all(u.op == "call_function" and u.target is operator.getitem and isinstance(u.args[1], int)
                for u in users)
    )  # fmt: skip


def chunk_count(node: fx.Node) -> object:
    return _arg(node, 1, "chunks", None)


def _is_view(node: fx.Node | None) -> bool:
    return node is not None and node.op == "call_method" and node.target in ("view", "reshape")


def channel_shuffle(
    node: fx.Node, value: fx.Node, only_user: Callable[[fx.Node], fx.Node | None]
) -> tuple[int, fx.Node] | None:
    """``(groups, last node)`` when ``node`` starts torchvision's ``channel_shuffle`` (or the studio's own
    export of it) on ``value``: ``view(n, groups, c // groups, h, w)``, ``transpose(1, 2)``, optionally
    ``contiguous()``, then a ``view`` or ``reshape`` back to four dimensions."""
    if not (_is_view(node) and node.args[:1] == (value,)):
        return None
    sizes = node.args[1:] if len(node.args) > 2 else node.args[1]
    if not isinstance(sizes, Sequence) or len(sizes) != 5 or not isinstance(sizes[1], int):
        return None
    swap = only_user(node)
    if swap is None or not (
        (swap.op == "call_function" and swap.target is torch.transpose)
        or (swap.op == "call_method" and swap.target == "transpose")
    ) or tuple(swap.args[1:]) not in ((1, 2), (2, 1)):  # fmt: skip
        return None
    last = only_user(swap)
    if last is not None and last.op == "call_method" and last.target == "contiguous":
        last = only_user(last)
    if not _is_view(last):
        return None
    assert last is not None
    back = last.args[1:] if len(last.args) > 2 else last.args[1]
    if not isinstance(back, Sequence) or len(back) != 4:
        return None
    return sizes[1], last


def excitation(
    layers: Sequence[S.LayerSpec], sources: Sequence[tuple[tuple[int, ...], str, nn.Module]]
) -> tuple[S.SqueezeExcitation, dict[str, nn.Module]] | None:
    """The squeeze-and-excitation block whose gate path is ``layers`` (with their weights' modules)."""
    if len(layers) != 5:
        return None
    pool, fc1, act, fc2, gate = layers
    convs_ok = all(
        isinstance(c, S.Conv2d) and S.pair(c.kernel_size) == (1, 1) and S.pair(c.stride) == (1, 1)
        and c.padding == 0 and c.groups == 1 and c.bias
        for c in (fc1, fc2)
    )  # fmt: skip
    if not (
        isinstance(pool, S.AdaptiveAvgPool2d) and S.pair(pool.output_size) == (1, 1) and convs_ok
        and act.type in S.SE_ACTIVATIONS and gate.type in S.SE_GATES
    ):  # fmt: skip
        return None
    modules = {path: module for path, part, module in sources if not part}
    if set(modules) != {(1,), (3,)}:
        return None
    assert isinstance(fc1, S.Conv2d)
    spec = S.SqueezeExcitation(
        squeeze_channels=fc1.out_channels, activation=act.type, scale_activation=gate.type
    )
    return spec, {"fc1": modules[(1,)], "fc2": modules[(3,)]}


# Reshapes a gate written with Linear layers goes through: (N, C, 1, 1) -> (N, C) -> ... -> (N, C, 1, 1).
_RESHAPES = {"view", "reshape", "flatten", "squeeze", "unsqueeze", "expand", "expand_as"}


def unexpanded(gate: object, fork: fx.Node) -> object:
    """``y`` for ``y.expand_as(x)`` (the classic SENet code: ``x * y.expand_as(x)``), ``gate`` otherwise."""
    expanded = isinstance(gate, fx.Node) and gate.op == "call_method" and gate.target == "expand_as"
    return gate.args[0] if expanded and gate.args[1:] == (fork,) else gate  # type: ignore[union-attr]


def _is_reshape(node: fx.Node, modules: dict[str, nn.Module]) -> bool:
    if node.op == "call_module":
        return isinstance(modules.get(str(node.target)), nn.Flatten)
    return (node.op == "call_method" and node.target in _RESHAPES) or (
        node.op == "call_function" and node.target in (torch.flatten, torch.squeeze, torch.unsqueeze)
    )


def linear_excitation(
    fork: fx.Node,
    gate: object,
    modules: dict[str, nn.Module],
    describe: Callable[[fx.Node], S.LayerSpec | None],
) -> tuple[S.SqueezeExcitation, dict[str, nn.Module]] | None:
    """The squeeze-and-excitation block of a gate written with ``nn.Linear`` (Hu et al.'s SENet:
    pool, flatten, Linear, ReLU, Linear, sigmoid, view back to (N, C, 1, 1)), its Linear layers as the
    block's 1x1 convolutions (the same weights, reshaped: the same function and parameter count). None
    when ``gate`` is not such a path from ``fork``; ``describe`` gives a node's layer spec."""
    path: list[fx.Node] = []
    node = gate
    while isinstance(node, fx.Node) and node is not fork and len(path) < 16:
        path.append(node)
        node = node.args[0] if node.args else None
    if node is not fork:
        return None
    layers = [n for n in reversed(path) if not _is_reshape(n, modules)]
    specs = [describe(n) for n in layers]
    fcs = [modules.get(str(n.target)) if n.op == "call_module" else None for n in layers]
    if len(layers) != 5 or not all(isinstance(fcs[i], nn.Linear) and fcs[i].bias is not None for i in (1, 3)):
        return None
    pool, act, scale = specs[0], specs[2], specs[4]
    if not (isinstance(pool, S.AdaptiveAvgPool2d) and S.pair(pool.output_size) == (1, 1)):
        return None
    if act is None or scale is None or act.type not in S.SE_ACTIVATIONS or scale.type not in S.SE_GATES:
        return None
    fc1, fc2 = (_as_conv(fcs[i]) for i in (1, 3))  # type: ignore[arg-type]
    spec = S.SqueezeExcitation(
        squeeze_channels=fc1.out_channels, activation=act.type, scale_activation=scale.type
    )
    return spec, {"fc1": fc1, "fc2": fc2}


def _as_conv(linear: nn.Linear) -> nn.Conv2d:
    """A Linear layer on a (N, C) vector as the 1x1 convolution on (N, C, 1, 1) computing the same."""
    conv = nn.Conv2d(linear.in_features, linear.out_features, 1)
    with torch.no_grad():
        conv.weight.copy_(linear.weight.reshape(conv.weight.shape))
        conv.bias.copy_(linear.bias)  # type: ignore[union-attr]
    return conv
