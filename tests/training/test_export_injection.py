"""Nothing in a project can run code through an export, or make an export write a file that is broken
(issue 11.1): names, class names and settings reach model.py and train_ddp.py only as literals.

Hypothesis feeds hostile strings (triple quotes, backslash escapes such as ``\\N`` and ``\\x``, NUL, ESC,
CR, line separators, bidirectional overrides, braces and ``%`` formats) as the project name and the class
names; each generated file must compile, run nothing but its definitions, and give back the exact text.
"""

from __future__ import annotations

import builtins
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from engine_fixtures import small_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnnstudio.cli import main
from cnnstudio.core.project_file import save
from cnnstudio.training.export import pytorch_code as code_module
from cnnstudio.training.export.ddp_script import script_source, script_title
from cnnstudio.training.export.literals import literal
from cnnstudio.training.export.pytorch_code import generate_model_code
from cnnstudio.training.export.verify import GeneratedCodeError, check_model_source

CANARY = "CNNSTUDIO_INJECTED"
PAYLOAD = f'"""\n__import__("builtins").{CANARY} = 1\n"""'
HOSTILE = [
    '"""', "'''", '"', "'", "\\", "\\N", "\\x", "\\u12", "\\", "\x00", "\r", "\n", "\x1b[31m", "\u2028",
    "\u202e", "\x85", "{", "}", "{name}", "%(prog)s", "%d", "#", "\t", PAYLOAD, "中文", "\\'''",
]  # fmt: skip
hostile_text = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=6), max_size=8).map("".join)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def run_module(source: str) -> dict:
    namespace: dict = {"__name__": "exported_for_test", "__file__": "generated.py"}
    exec(compile(source, "generated.py", "exec"), namespace)
    assert not hasattr(builtins, CANARY)
    return namespace


@FUZZ
@given(name=hostile_text, class_names=st.lists(hostile_text, min_size=1, max_size=3))
def test_model_py_takes_any_name_and_class_names_as_text(name: str, class_names: list[str]) -> None:
    project = small_project().replace(name=name)
    code = generate_model_code(project, class_names=class_names, mean=(0.5,), std=(0.25,))
    check_model_source(code.source, project, code.title)  # the exporter's own check passes
    module = run_module(code.source)
    assert module["__doc__"].startswith(f"{name}: a network designed in CNN Studio")
    assert module["CLASS_NAMES"] == tuple(class_names)
    assert module["MEAN"] == (0.5,) and module["Model"].__name__ == code.class_name


@FUZZ
@given(name=hostile_text)
def test_train_ddp_py_takes_any_name_as_text(name: str, capsys) -> None:
    project = small_project().replace(name=name)
    code = generate_model_code(project)
    module = run_module(script_source(project, code))
    assert module["__doc__"].startswith(script_title(project, code))
    with pytest.raises(SystemExit) as done:  # what `python train_ddp.py --help` runs
        module["parse_args"](["--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("usage:")


def test_literals_give_back_every_value() -> None:
    values = ["", '"""', "\\N{x}", "\x00\r\n\x1b", "\u202e", 1.5, -0.0, 10**30, True, None, (1,), [2, "a"]]
    for value in values:
        assert eval(literal(value)) == value
    for value in (float("inf"), float("-inf")):
        assert eval(literal(value)) == value
    assert eval(literal(float("nan"))) != eval(literal(float("nan")))  # NaN, not a NameError
    with pytest.raises(ValueError):
        literal({"a": 1})


@pytest.mark.parametrize("fmt", ["pytorch", "ddp", "state_dict", "torchscript", "onnx"])
def test_every_format_exports_a_hostile_name_without_running_it(fmt: str, tmp_path: Path, capsys) -> None:
    name = f"x{PAYLOAD}\\N\\x\x00\x1b]0;title\x07"
    path = tmp_path / "evil.cnnproj.json"
    save(
        small_project(dataset={"name": "shapes", "num_classes": 4, "num_images": 80}).replace(name=name), path
    )
    assert main(["export", str(path), "--format", fmt, "-o", str(tmp_path / "out") + "/"]) == 0
    written = [Path(line) for line in capsys.readouterr().out.splitlines()]
    assert written and all(p.is_file() for p in written)
    for source in (p for p in written if p.suffix == ".py"):
        result = subprocess.run(
            [sys.executable, "-c", f"import {source.stem}, builtins; assert not hasattr(builtins, {CANARY!r})"],
            cwd=source.parent, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    assert not hasattr(builtins, CANARY)


def test_a_generated_file_that_would_not_work_is_not_written(tmp_path: Path, capsys, monkeypatch) -> None:
    path = tmp_path / "net.cnnproj.json"
    save(small_project(), path)
    real = code_module.generate_model_code

    def off_by_one(project, **kwargs):  # a generator bug: one more input feature than the network has
        code = real(project, **kwargs)
        return dataclasses.replace(code, source=code.source.replace("nn.Linear(", "nn.Linear(1 + "))

    monkeypatch.setattr("cnnstudio.training.export.generate_model_code", off_by_one)
    out = tmp_path / "out" / "model.py"
    assert main(["export", str(path), "--format", "pytorch", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cnnstudio: ") and err.count("\n") == 1 and "model.py" in err
    assert not out.exists()


def test_code_that_runs_on_import_is_refused_before_it_is_run() -> None:
    project = small_project()
    code = generate_model_code(project)
    source = code.source.replace(
        "\nfrom torch import nn", f"\n__import__('builtins').{CANARY} = 1\nfrom torch import nn"
    )
    with pytest.raises(GeneratedCodeError, match="runs code on import"):
        check_model_source(source, project, code.title)
    assert not hasattr(builtins, CANARY)
