"""Projection shortcuts whose BatchNorm an exporter folded away, given back a BatchNorm that changes nothing.

``torch.onnx.export`` folds each BatchNorm into the convolution before it by default, so a ResNet's
projection shortcut (1x1 conv + BatchNorm) arrives as a lone 1x1 convolution with a bias. The studio's
residual block has exactly one kind of projection, conv + BatchNorm, so the shortcut is rewritten as the
convolution without its bias followed by a BatchNorm whose running statistics are 0 and ``1 - eps`` (it
divides by sqrt(1 - eps + eps) = 1) and whose bias is the convolution's: the same function, with the
BatchNorm's scale (one value per channel) more parameters than the file holds.
"""

from __future__ import annotations

import operator

import torch
from torch import fx, nn

EPS = 1e-5


def unfold_projections(graph: fx.Graph, root: nn.Module) -> int:
    """Rewrite every folded projection shortcut in ``graph`` (modules in ``root``); how many there were."""
    count = 0
    for node in list(graph.nodes):
        if node.op != "call_function" or node.target is not operator.add or len(node.args) != 2:
            continue
        for arg in node.args:
            conv = _folded_projection(arg, root)
            if conv is None:
                continue
            name = f"{arg.target}_bn"
            root.add_module(name, _identity_norm(conv))
            conv.bias = None
            with graph.inserting_after(arg):
                norm = graph.call_module(name, (arg,))
            node.replace_input_with(arg, norm)
            count += 1
            break
    return count


def _folded_projection(value: object, root: nn.Module) -> nn.Conv2d | None:
    """The 1x1 convolution with a bias straight from a fork to an Add (the fork feeding the other path)."""
    if not isinstance(value, fx.Node) or value.op != "call_module" or len(value.users) != 1:
        return None
    conv = root.get_submodule(str(value.target))
    source = value.args[0]
    ok = (
        isinstance(conv, nn.Conv2d) and conv.bias is not None and conv.kernel_size == (1, 1)
        and conv.padding == (0, 0) and conv.groups == 1 and conv.dilation == (1, 1)
        and isinstance(source, fx.Node) and len(source.users) > 1
    )  # fmt: skip
    return conv if ok else None


def _identity_norm(conv: nn.Conv2d) -> nn.BatchNorm2d:
    norm = nn.BatchNorm2d(conv.out_channels, eps=EPS)
    with torch.no_grad():
        norm.bias.copy_(conv.bias)
        norm.running_var.fill_(1.0 - EPS)
    return norm.eval()
