"""``cnnstudio`` behaves like other commands (issue 18.2): --version, usage errors with their own status,
the friendly message without a display, JSON on every failure with --json, and names without control
characters on the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cnnstudio import __version__
from cnnstudio.cli import main
from cnnstudio.core import project_file as files
from cnnstudio.core.project import default_project

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_prints_the_design_line(capsys) -> None:
    assert run(capsys, "--version") == (0, f"cnnstudio {__version__}\n", "")


def test_version_as_a_program_imports_neither_torch_nor_qt() -> None:
    code = "import sys; from cnnstudio.cli import main; main(['--version']); print(sorted(m for m in ('torch', 'PySide6') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.stdout.splitlines() == [f"cnnstudio {__version__}", "[]"]


@pytest.mark.parametrize(
    "argv",
    [["summary"], ["summary", "a", "b"], ["--nope"], ["export", "f.json"], ["template", "--set"], ["train"]],
)
def test_usage_errors_exit_64_apart_from_an_invalid_network(capsys, argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 64 and out == ""
    assert err.startswith("usage: cnnstudio") and err.splitlines()[-1].startswith("cnnstudio: ")
    assert "Traceback" not in err and "error:" not in err  # one wording: "cnnstudio: <what>: <why>"


def test_with_json_every_failure_is_a_json_object(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "summary", "--json")
    assert code == 64 and json.loads(out)["status"] == 64 and json.loads(out)["event"] == "error"
    code, out, _ = run(capsys, "summary", str(tmp_path / "missing.cnnproj.json"), "--json")
    assert code == 1 and json.loads(out) == {
        "event": "error", "status": 1, "message": f"{tmp_path / 'missing.cnnproj.json'}: no such file"
    }  # fmt: skip
    bad = default_project().replace(layers=default_project().layers[:3] + default_project().layers[-1:])
    files.save(bad, tmp_path / "bad.cnnproj.json")
    code, out, _ = run(capsys, "summary", str(tmp_path / "bad.cnnproj.json"), "--json")
    assert code == 2 and json.loads(out)["valid"] is False  # docs/cli.md's object, not an error event


def test_options_without_a_subcommand_are_a_usage_error(capsys) -> None:
    code, _, err = run(capsys, "--json")
    assert code == 64 and "unrecognized arguments: --json" in err


def test_a_name_with_terminal_controls_is_printed_escaped(capsys, tmp_path: Path) -> None:
    path = tmp_path / "evil.cnnproj.json"
    files.save(default_project().replace(name="evil\x1b]0;pwned\x07\x1b[2J\rCR\x00"), path)
    code, out, _ = run(capsys, "summary", str(path))
    assert code == 0 and out.startswith("evil\\x1b]0;pwned\\x07\\x1b[2J\\rCR\\x00: input 3 x 32 x 32")
    assert not any(ch in out for ch in "\x1b\x07\r\x00")


def test_without_a_display_the_window_command_says_so_instead_of_aborting(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    for command in (["-m", "cnnstudio"], ["-c", "import sys; sys.argv[0] = 'cnnstudio-gui'; from cnnstudio.cli import gui_main; gui_main()"]):  # fmt: skip
        result = subprocess.run(
            [sys.executable, *command], capture_output=True, text=True, timeout=60, cwd=ROOT, env=env
        )
        if not sys.platform.startswith("linux"):
            pytest.skip("the display check is Linux's (macOS and Windows always have a screen)")
        assert result.returncode == 1, result.stderr  # not 134, Qt's abort
        assert result.stderr.startswith("cnnstudio: no display found") and result.stderr.count("\n") == 1


def test_the_installed_commands_point_at_these_functions() -> None:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["cnnstudio"] == "cnnstudio.cli:entry"
    assert project["gui-scripts"]["cnnstudio-gui"] == "cnnstudio.cli:gui_main"
    assert any(dep.startswith("tqdm") for dep in project["dependencies"])
