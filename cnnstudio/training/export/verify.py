"""Generated code is checked before an export reports success: it compiles, and ``model.py`` builds the
network the editor showed.

Why: the exporters paste values from a project (its name, class names, layer fields) into Python source;
``literals.py`` makes each one a literal, and this is the second line of defence the issue asked for (11.1):
a file that would not compile or would build another network is never written. ``model.py`` is run in a
namespace of its own with its module built on torch's ``meta`` device, which allocates nothing, so a
VGG-sized network costs milliseconds; the forward pass on a meta tensor checks every shape.
"""

from __future__ import annotations

import ast

import torch

from cnnstudio.core.project import Project
from cnnstudio.training.errors import TrainingError


class GeneratedCodeError(TrainingError):
    """The exporter produced a file that does not compile or does not build the project's network."""


def _compiled(source: str, filename: str):
    try:
        return compile(source, filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:  # ValueError: a NUL byte in the source
        raise GeneratedCodeError(
            f"the generated {filename} does not compile ({exc}); nothing was written"
        ) from None


def check_script(source: str, filename: str, docstring_start: str) -> ast.Module:
    """``source`` compiles and its module docstring starts as intended (no text escaped from it)."""
    _compiled(source, filename)
    tree = ast.parse(source)
    doc = ast.get_docstring(tree, clean=False) or ""
    if not doc.startswith(docstring_start):
        raise GeneratedCodeError(f"the generated {filename} has a damaged docstring; nothing was written")
    return tree


def _is_literal(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except ValueError:
        return False
    return True


def _runs_nothing(node: ast.stmt) -> bool:
    """True for the statements model.py is made of, none of which runs code when the module is imported:
    torch imports, ``NAME = literal`` or ``NAME = OtherName``, and an undecorated class of plain methods
    whose defaults are literals."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        return all(n == "torch" or n.startswith("torch.") for n in names)
    if isinstance(node, ast.Assign):
        return all(isinstance(t, ast.Name) for t in node.targets) and (
            isinstance(node.value, ast.Name) or _is_literal(node.value)
        )
    if isinstance(node, ast.ClassDef):
        return not node.decorator_list and not node.keywords and all(
            isinstance(f, ast.FunctionDef) and not f.decorator_list
            and all(_is_literal(d) for d in f.args.defaults + [d for d in f.args.kw_defaults if d])
            for f in node.body
        )  # fmt: skip
    return False


def check_model_source(source: str, project: Project, docstring_start: str) -> None:
    """``model.py``'s ``Model()`` has the project's parameter count and output shape (on the meta device)."""
    tree = check_script(source, "model.py", docstring_start)
    if not all(_runs_nothing(node) for node in tree.body[1:]):
        raise GeneratedCodeError("the generated model.py runs code on import; nothing was written")
    namespace: dict[str, object] = {"__name__": "cnnstudio_export_check"}
    report = project.report
    try:
        exec(_compiled(source, "model.py"), namespace)
        with torch.device("meta"):
            model = namespace["Model"]().eval()  # type: ignore[operator]
            params = sum(p.numel() for p in model.parameters())
            output = tuple(model(torch.empty((2, *project.input.shape))).shape[1:])
    except Exception as exc:
        reason = (str(exc).strip().splitlines() or [""])[0][:200]
        raise GeneratedCodeError(
            f"the generated model.py does not build the network ({type(exc).__name__}: {reason}); "
            "nothing was written"
        ) from None
    if params != report.total_params or output != tuple(report.output_shape or ()):
        raise GeneratedCodeError(
            f"the generated model.py builds another network ({params:,} parameters, output {list(output)}; "
            f"expected {report.total_params:,}, {list(report.output_shape or ())}); nothing was written"
        )
