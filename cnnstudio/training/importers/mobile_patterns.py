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
