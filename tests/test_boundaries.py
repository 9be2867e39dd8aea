"""The layers import only downward: core is pure Python, training never touches Qt (DESIGN.md section 1)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cnnstudio"
QT = {"PySide6", "pyqtgraph", "shiboken6"}
FORBIDDEN = {
    "core": QT | {"torch", "torchvision", "numpy", "cnnstudio.training", "cnnstudio.ui"},
    "training": QT | {"cnnstudio.ui"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violates(name: str, forbidden: set[str]) -> bool:
    return any(name == f or name.startswith(f + ".") for f in forbidden)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_module_imports_upward(layer: str) -> None:
    bad = [
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in sorted(imported_modules(path))
        if violates(name, FORBIDDEN[layer])
    ]
    assert not bad, "\n".join(bad)


def test_summary_cli_loads_neither_torch_nor_qt() -> None:
    code = (
        "import sys; import cnnstudio.core.project_file, cnnstudio.core.summary, cnnstudio.core.templates, "
        "cnnstudio.cli; heavy = sorted(m for m in ('torch', 'PySide6', 'numpy') if m in sys.modules); print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
