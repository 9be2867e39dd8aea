"""The layers import only downward (docs/architecture.md, "Layers"), checked by import-linter.

The contracts live in pyproject.toml ([tool.importlinter]); `make lint` runs them too. import-linter builds
the import graph from every import statement (relative ones and those inside functions included), which an
AST walk of absolute imports missed: a planted `from ..training import engine` in core passed it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the package under ``root`` with that folder's pyproject.toml."""
    script = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_a_planted_relative_import_breaks_the_core_contract(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "cnnstudio", tmp_path / "cnnstudio", ignore=shutil.ignore_patterns("resources", "data")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "cnnstudio" / "core" / "planted.py").write_text("from ..training import engine\n")

    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert "cnnstudio.core.planted -> cnnstudio.training.engine" in result.stdout


def test_summary_cli_loads_neither_torch_nor_qt(tmp_path: Path) -> None:
    """`cnnstudio summary` runs in milliseconds: the whole command, parsers included, loads no heavy module."""
    path = tmp_path / "lenet.cnnproj.json"
    code = (
        "import sys; from cnnstudio.cli import main; "
        f"status = main(['template', 'lenet5', '-o', {str(path)!r}]) or main(['summary', {str(path)!r}]); "
        "heavy = sorted(m for m in ('torch', 'PySide6', 'numpy') if m in sys.modules); "
        "print(status, heavy, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "LeNet" in result.stdout or "conv2d" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "0 []"
