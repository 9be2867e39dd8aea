"""The source of a custom layer: one torch call with constant arguments, checked before anything runs it.

A custom layer keeps an imported operation the studio has no layer for as the code that computes it, so that
it can still be built, trained and exported. That code comes from a project file, which may come from anyone:
so it is never run as Python as written. It must be a single call, either

- an expression of the layer's input ``x``: ``torch.cumsum(x, dim=1)``, ``F.normalize(x, dim=1)``,
  ``x.clamp(-1.0, 1.0)``, ``operator.mul(x, 2.0)``; or
- a module: ``nn.GroupNorm(4, 32)``, ``nn.PReLU(num_parameters=16)``,

whose arguments are literals (numbers, strings, booleans, None, tuples and lists of them) or ``x``, and whose
function is not one that reaches outside the network (files, devices, global settings: ``torch.save``,
``torch.hub.load``, ``torch.set_num_threads``...). The builder (``training.build``) takes only what passes,
as data: it looks the function up by name and calls it with the literal arguments, never running the text.
Pure Python (``ast``), so that the core checks a file without importing torch.
"""

from __future__ import annotations

import ast
from typing import Any, Literal

INPUT = "x"  # the name of the layer's input in an expression
MODULE_ROOTS = ("nn", "torch.nn")
FUNCTION_ROOTS = ("torch", "F", "torch.nn.functional", "operator", "math")
# Parts of a name that lead outside the network's arithmetic; ``_private`` names are refused too.
_REFUSED = frozenset({
    "save", "load", "hub", "jit", "compile", "utils", "backends", "cuda", "mps", "xpu", "distributed",
    "multiprocessing", "ops", "classes", "library", "package", "onnx", "export", "fx", "from_file", "fromfile",
    "set_default_device", "set_default_dtype", "set_num_threads", "set_num_interop_threads", "manual_seed",
    "seed", "set_rng_state", "set_grad_enabled", "use_deterministic_algorithms", "autograd", "profiler",
    "testing", "storage", "serialization", "cpu", "_C", "open", "exec", "eval", "system",
})  # fmt: skip
Kind = Literal["expression", "module"]


def _dotted(node: ast.expr) -> str | None:
    """``torch.nn.functional.relu`` for an attribute chain of plain names; None otherwise."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _constant(node: ast.expr) -> bool:
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(_constant(e) for e in node.elts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return _constant(node.operand)
    return isinstance(node, ast.Constant) and not isinstance(node.value, bytes)


def _parse(source: object) -> tuple[ast.Call, str] | str:
    """The call and its function's dotted name, or the reason it is refused."""
    if not isinstance(source, str) or not source.strip():
        return "must be one torch call as text, such as torch.cumsum(x, dim=1) or nn.GroupNorm(4, 32)"
    if len(source) > 2000:
        return "must be one call of at most 2000 characters"
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except SyntaxError:
        return f"is not a Python expression: {source.strip()[:80]!r}"
    if not isinstance(tree, ast.Call):
        return f"must be a single call, such as torch.cumsum(x, dim=1), got {source.strip()[:80]!r}"
    name = _dotted(tree.func)
    if name is None:
        return "must call a function by its name (torch.X, F.X, nn.X, operator.X or a method of x)"
    parts = name.split(".")
    if any(p.startswith("_") or p in _REFUSED for p in parts[1:]) or parts[0].startswith("_"):
        return f"calls {name}, which reaches outside the network; a custom layer computes on x only"
    arguments = [*tree.args, *(k.value for k in tree.keywords)]
    if any(k.arg is None for k in tree.keywords) or any(isinstance(a, ast.Starred) for a in tree.args):
        return "must spell out its arguments (no *args or **kwargs)"
    for argument in arguments:
        if not (_constant(argument) or (isinstance(argument, ast.Name) and argument.id == INPUT)):
            return f"has an argument that is neither a constant nor x: {ast.unparse(argument)[:60]}"
    return tree, name


def source_problem(source: object) -> str | None:
    """Why ``source`` cannot be a custom layer's source, or None when it can."""
    parsed = _parse(source)
    if isinstance(parsed, str):
        return parsed
    call, name = parsed
    uses_input = any(isinstance(n, ast.Name) and n.id == INPUT for n in ast.walk(call))
    if source_kind(source) == "module":
        if uses_input:
            return "a module's constructor cannot take x; write the module, as nn.GroupNorm(4, 32)"
        return None
    root = name.rsplit(".", 1)[0] if "." in name else ""
    if root != INPUT and root not in FUNCTION_ROOTS:
        return f"calls {name}; a custom layer calls torch, F, operator or math functions, or a method of x"
    if not uses_input:
        return "must compute on the layer's input x, as torch.cumsum(x, dim=1)"
    return None


def source_kind(source: object) -> Kind:
    """``module`` for ``nn.X(...)`` (built once, may hold weights), ``expression`` for a call on ``x``."""
    parsed = _parse(source)
    if isinstance(parsed, str):
        return "expression"
    _, name = parsed
    root, _, last = name.rpartition(".")
    return "module" if root in MODULE_ROOTS and last[:1].isupper() else "expression"


class Input:
    """Where the layer's input goes among a call's arguments (``parts``' stand-in for ``x``)."""

    def __repr__(self) -> str:
        return INPUT


INPUT_ARGUMENT = Input()


def _value(node: ast.expr) -> Any:
    return INPUT_ARGUMENT if isinstance(node, ast.Name) and node.id == INPUT else ast.literal_eval(node)


def parts(source: str) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
    """The checked call as data: its dotted name, its arguments and keywords, ``INPUT_ARGUMENT`` for ``x``
    (so that a builder resolves the name and calls it without evaluating any text)."""
    problem = source_problem(source)
    if problem:
        raise ValueError(f"custom layer source {problem}")
    call, name = _parse(source)  # type: ignore[misc]
    args = tuple(_value(a) for a in call.args)
    kwargs = {k.arg: _value(k.value) for k in call.keywords if k.arg is not None}
    return name, args, kwargs


def with_input(source: str, name: str) -> str:
    """The expression with its input renamed (``torch.cumsum(h, dim=1)``), for a generated ``forward``."""

    class Rename(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.Name:
            return ast.Name(id=name, ctx=node.ctx) if node.id == INPUT else node

    tree = ast.parse(source.strip(), mode="eval")
    return ast.unparse(Rename().visit(tree))


def imports_needed(source: str) -> set[str]:
    """The names of ``torch``, ``F``, ``nn``, ``operator`` and ``math`` that ``source`` reads."""
    tree = ast.parse(source.strip(), mode="eval")
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} & {
        "torch",
        "F",
        "nn",
        "operator",
        "math",
    }
