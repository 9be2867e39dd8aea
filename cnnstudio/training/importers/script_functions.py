"""The graphs of the free functions a TorchScript file calls (``prim::CallFunction``), read from its code.

A scripted module's graphs call a Python function it used, such as torchvision's ``channel_shuffle``, by
name only; torch's Python API gives no way from that call to the function's graph. The archive holds the
function's TorchScript source (``code/__torch__/<module path>.py``), as ``torch.jit.save`` wrote it:
calls spelled ``torch.view(x, ...)``, which the archive's own reader resolves to aten operators. Here that
one function is parsed with ``ast``, its ``torch.X`` calls written as ``torch.ops.aten.X`` (the same
operators, spelled as ``torch.jit.CompilationUnit`` resolves them) and compiled on its own, so that the walk
reads its graph in place like a method's. A function that does not compile alone (it calls other
functions of the file, or a class) is named in the import's message rather than guessed at.
"""

from __future__ import annotations

import ast
import zipfile
from pathlib import Path
from typing import Any

import torch


class FunctionUnreadable(ValueError):
    """The function's code is absent or does not compile alone; the message names it."""


class ArchiveFunctions:
    """Looks functions up by qualified name (``__torch__.torchvision.models.shufflenetv2.channel_shuffle``)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.graphs: dict[str, Any] = {}

    def graph(self, qualified: str) -> Any:
        if qualified not in self.graphs:
            self.graphs[qualified] = _compiled(_source(self.path, qualified), qualified)
        return self.graphs[qualified]


def _source(path: Path | None, qualified: str) -> str:
    module, _, name = qualified.rpartition(".")
    suffix = "/code/" + module.replace(".", "/") + ".py"
    try:
        with zipfile.ZipFile(path) as archive:  # type: ignore[arg-type]
            member = next((n for n in archive.namelist() if n.endswith(suffix)), None)
            text = archive.read(member).decode("utf-8") if member else ""
    except (OSError, TypeError, zipfile.BadZipFile, UnicodeDecodeError):
        text = ""
    found = (
        [n for n in ast.parse(text).body if isinstance(n, ast.FunctionDef) and n.name == name] if text else []
    )
    if not found:
        raise FunctionUnreadable(f"calls the function {qualified}, whose code the file does not hold")
    return ast.unparse(_AtenCalls().visit(found[0]))


class _AtenCalls(ast.NodeTransformer):
    """``torch.view(x, s)`` -> ``torch.ops.aten.view(x, s)`` and ``ops.prim.X`` -> ``torch.ops.prim.X``: the
    operators the archive's reader means by those names."""

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        if isinstance(node.value, ast.Name) and node.value.id == "ops":
            torch_ops = ast.Attribute(ast.Name("torch", ast.Load()), "ops", ast.Load())
            return ast.copy_location(ast.Attribute(torch_ops, node.attr, node.ctx), node)
        self.generic_visit(node)
        if isinstance(node.value, ast.Name) and node.value.id == "torch":
            operators = ast.Attribute(ast.Attribute(node.value, "ops", ast.Load()), "aten", ast.Load())
            return ast.copy_location(ast.Attribute(operators, node.attr, node.ctx), node)
        return node


def _compiled(source: str, qualified: str) -> Any:
    try:
        unit = torch.jit.CompilationUnit(source + "\n")
        return unit.find_function(qualified.rpartition(".")[2]).graph
    except Exception as exc:  # TorchScript's compiler raises RuntimeError with its own source excerpt
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise FunctionUnreadable(
            f"calls the function {qualified}, whose code does not compile alone ({first[:120]})"
        ) from None
