"""An fx node the core has no layer for -> a custom layer that keeps it: its source (one torch call, which
``core.custom_source`` accepts), the shapes it had when the traced module ran once, and its parameters.

Only what can be written back as such a call becomes a custom layer: a function or method of the running
value with constant arguments (``torch.cumsum(x, dim=1)``, ``x.clamp(0.0, 1.0)``), or a module torch ships
whose ``repr`` is its own constructor (``nn.GroupNorm(4, 32)``), checked by building it again. Anything else
(an operation on two running values, a parameter read in ``forward``) stays an error naming the node.
"""

from __future__ import annotations

import inspect
import math
import operator
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F
from torch import fx, nn

from cnnstudio.core import specs as S
from cnnstudio.core.custom_source import parts, source_problem
from cnnstudio.training.mobile_modules import custom_module

# Where a function may come from, and the name the source calls it by.
_HOMES: tuple[tuple[str, Any], ...] = (("torch", torch), ("F", F), ("operator", operator), ("math", math))


def _literal(value: Any) -> str | None:
    """Python source for a constant argument, or None when it is not a plain literal."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    if isinstance(value, (tuple, list)):
        parts = [_literal(v) for v in value]
        if any(p is None for p in parts):
            return None
        inner = ", ".join(parts)  # type: ignore[arg-type]
        return f"({inner},)" if isinstance(value, tuple) and len(value) == 1 else (
            f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
        )  # fmt: skip
    return None


def _function_name(target: Any) -> str | None:
    name = getattr(target, "__name__", None)
    if not isinstance(name, str):
        return None
    for home, namespace in _HOMES:
        if getattr(namespace, name, None) is target:
            return f"{home}.{name}"
    return None


def _arguments(node: fx.Node, value: fx.Node, skip: int) -> str | None:
    """The call's arguments after the first ``skip`` as source (``x`` for the value), or None."""
    parts = []
    named = [(None, arg) for arg in node.args[skip:]] + list(node.kwargs.items())
    for key, arg in named:
        text = "x" if arg is value else _literal(arg)
        if text is None:
            return None
        parts.append(text if key is None else f"{key}={text}")
    return ", ".join(parts)


def node_source(node: fx.Node, value: fx.Node) -> str | None:
    """The call of ``node`` on the value ``x`` as source, or None when it is not one call on constants."""
    source = None
    if node.op == "call_function":
        name, arguments = _function_name(node.target), _arguments(node, value, 0)
        if name and arguments is not None:
            source = f"{name}({arguments})"
    elif node.op == "call_method" and node.args[:1] == (value,):
        arguments = _arguments(node, value, 1)
        if arguments is not None:
            source = f"x.{node.target}({arguments})"
    if source is None or source_problem(source):
        return None
    return source


def module_source(module: nn.Module) -> str | None:
    """``nn.GroupNorm(4, 32, eps=1e-05, affine=True)`` for a module torch ships whose repr rebuilds it."""
    cls = type(module)
    if getattr(nn, cls.__name__, None) is not cls or list(module.children()):
        return None
    text = repr(module)
    if "\n" in text or not text.startswith(cls.__name__ + "("):
        return None
    source = _without_defaults("nn." + text, cls)
    if source_problem(source):
        return None
    try:
        again = custom_module(S.Custom(source=source))
    except Exception:  # a repr that is not its constructor: not a source that rebuilds the module
        return None
    mine, theirs = module.state_dict(), again.state_dict()
    if mine.keys() != theirs.keys() or any(mine[k].shape != theirs[k].shape for k in mine):
        return None
    return source


def _without_defaults(source: str, cls: type) -> str:
    """``nn.GroupNorm(4, 32)`` for the repr ``nn.GroupNorm(4, 32, eps=1e-05, affine=True)``: as a person
    writes it, and as a model.py export spells it, so that the import of either reads the same."""
    if source_problem(source):
        return source
    try:
        defaults = {k: p.default for k, p in inspect.signature(cls).parameters.items()}
    except (TypeError, ValueError):
        return source
    name, args, kwargs = parts(source)
    kept = {
        k: v
        for k, v in kwargs.items()
        if k not in defaults or defaults[k] != v or type(defaults[k]) is not type(v)
    }
    return f"{name}({', '.join([*map(repr, args), *(f'{k}={v!r}' for k, v in kept.items())])})"


def shape_of(node: fx.Node) -> tuple[int, ...] | None:
    """A node's output shape without the batch, from ``ShapeProp``'s run (None if it did not run)."""
    meta = node.meta.get("tensor_meta")
    shape = getattr(meta, "shape", None)
    return tuple(int(v) for v in shape[1:]) if shape is not None else None


def custom_spec(
    node: fx.Node, value: fx.Node, module: nn.Module | None, measure: Callable[[], None]
) -> S.Custom | None:
    """The custom layer for ``node`` applied to ``value``; ``measure`` runs the traced module once (lazily)
    so that every node has its shape."""
    source = module_source(module) if module is not None else node_source(node, value)
    if source is None:
        return None
    measure()
    shape_in, shape_out = shape_of(value), shape_of(node)
    if shape_in is None or shape_out is None or not shape_out:
        return None
    params = sum(p.numel() for p in module.parameters()) if module is not None else 0
    return S.Custom(source=source, input_shape=shape_in, output_shape=shape_out, params=params)
