"""Fuzzing the command line (issue 8.3): whatever file ``cnnstudio summary`` is given, it answers with an
exit status of 0, 1 or 2 and, when it refuses, one line on stderr; never a traceback.

tests/core/test_fuzz.py fuzzes the loader and the summary functions, and the CLI with layer lists; this
file feeds the CLI in-process (``cnnstudio.cli.main``) whole documents: any JSON value, projects one or a
few mutations away from valid, raw bytes and truncated files, and checks what a script would read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnnstudio.cli import main
from cnnstudio.core import project_file as files
from cnnstudio.core.project import default_project
from cnnstudio.core.templates import make_template

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# A lone surrogate ("\ud800", valid as a JSON escape) is left out: it crashes the CLI when it reaches the
# output (test_a_lone_surrogate_in_the_name_is_refused_not_a_traceback below).
ODD_TEXT = ["", "x", "same", "valid", "\u00e9\u4e2d", "\x00", "1e309", "-1", "NaN", " " * 3]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.integers(-3, 40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
    | st.sampled_from(ODD_TEXT)
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=16,
)

# Valid starting points: the default project and a few templates with blocks (residual, concat).
BASES = [
    files.project_to_dict(default_project()),
    *(files.project_to_dict(make_template(name)) for name in ("lenet5", "resnet18", "googlenet")),
]
SECTIONS = ("format", "version", "name", "input", "layers", "dataset", "training", "runs")


@st.composite
def near_valid_projects(draw) -> dict:
    """A valid project with one to four things changed: a field, a layer, a section, a key removed."""
    doc = json.loads(json.dumps(draw(st.sampled_from(BASES))))
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["field", "layer", "section", "drop", "input", "nested"]))
        layers = doc.get("layers")
        if action == "field" and isinstance(layers, list) and layers:
            layer = layers[draw(st.integers(0, len(layers) - 1))]
            if isinstance(layer, dict):
                key = draw(st.sampled_from([*layer.keys(), "kernel_size", "stride", "padding", "p", "type"]))
                layer[key] = draw(json_values)
        elif action == "layer" and isinstance(layers, list):
            layers.insert(draw(st.integers(0, len(layers))), draw(json_values))
        elif action == "section":
            doc[draw(st.sampled_from(SECTIONS))] = draw(json_values)
        elif action == "drop" and doc:
            doc.pop(draw(st.sampled_from(sorted(doc))), None)
        elif action == "input" and isinstance(doc.get("input"), dict):
            doc["input"][draw(st.sampled_from(["channels", "height", "width", "extra"]))] = draw(json_values)
        elif action == "nested" and isinstance(layers, list):
            blocks = [
                item
                for item in layers
                if isinstance(item, dict) and item.get("type") in ("residual", "concat")
            ]
            if blocks:
                block = draw(st.sampled_from(blocks))
                key = "layers" if block["type"] == "residual" else "branches"
                block[key] = draw(json_values)
    return doc


def summary(path: Path, as_json: bool, formulas: bool, capsys) -> tuple[int, str, str]:
    capsys.readouterr()  # drop what an earlier example left
    argv = ["summary", str(path), *(["--json"] if as_json else []), *(["--formulas"] if formulas else [])]
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def check_answer(code: int, out: str, err: str, as_json: bool) -> None:
    """The contract of docs/cli.md, as a script reading stdout, stderr and the status sees it."""
    assert code in (0, 1, 2), (code, out, err)
    assert "Traceback" not in out + err
    warnings = [line for line in err.splitlines(keepends=True) if line.startswith("cnnstudio: warning: ")]
    err = "".join(line for line in err.splitlines(keepends=True) if line not in warnings)
    if code == 1:  # unreadable: one line saying why; with --json also an error event, else nothing on stdout
        assert err.startswith("cnnstudio: ") and err.endswith("\n") and err.count("\n") == 1, err
        assert len(err) < 800
        if as_json:
            assert json.loads(out) == {"event": "error", "status": 1, "message": err[len("cnnstudio: ") : -1]}
        else:
            assert out == ""
        return
    if as_json:
        answer = json.loads(out)
        assert answer["valid"] is (code == 0)
        if code == 2:
            first = answer["errors"][0]
            assert isinstance(first["index"], int) and first["type"] and first["message"]
        assert err == ""
    elif code == 2:  # the table is printed, and the first error's one line goes to stderr
        assert err.startswith("cnnstudio: ") and err.count("\n") == 1, err
    else:
        assert out.strip() and err == ""


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz_cli")


@FUZZ
@given(value=json_values, as_json=st.booleans(), formulas=st.booleans())
def test_any_json_document(folder, capsys, value, as_json, formulas) -> None:
    path = folder / "any.cnnproj.json"
    path.write_text(json.dumps(value), encoding="utf-8", errors="surrogatepass")
    check_answer(*summary(path, as_json, formulas, capsys), as_json)


@FUZZ
@given(doc=near_valid_projects(), as_json=st.booleans(), formulas=st.booleans())
def test_projects_a_few_changes_away_from_valid(folder, capsys, doc, as_json, formulas) -> None:
    path = folder / "near.cnnproj.json"
    path.write_text(json.dumps(doc), encoding="utf-8", errors="surrogatepass")
    check_answer(*summary(path, as_json, formulas, capsys), as_json)


@FUZZ
@given(data=st.binary(max_size=200), as_json=st.booleans())
def test_raw_bytes(folder, capsys, data, as_json) -> None:
    path = folder / "bytes.cnnproj.json"
    path.write_bytes(data)
    check_answer(*summary(path, as_json, False, capsys), as_json)


@FUZZ
@given(base=st.sampled_from(BASES), cut=st.floats(0.0, 1.0), as_json=st.booleans())
def test_truncated_files(folder, capsys, base, cut, as_json) -> None:
    text = json.dumps(base, indent=2).encode()
    path = folder / "cut.cnnproj.json"
    path.write_bytes(text[: int(len(text) * cut)])
    code, out, err = summary(path, as_json, False, capsys)
    check_answer(code, out, err, as_json)
    if cut < 0.99:  # a cut file is never read as a (smaller) project
        assert code == 1


def test_a_missing_file_and_a_folder_are_one_line_refusals(folder, capsys) -> None:
    for path in (folder / "absent.cnnproj.json", folder):
        for as_json in (False, True):
            code, out, err = summary(path, as_json, False, capsys)
            assert code == 1
            check_answer(code, out, err, as_json)


def test_a_lone_surrogate_in_the_name_is_refused_not_a_traceback(folder, capsys) -> None:
    doc = {**BASES[0], "name": "\ud800"}
    path = folder / "surrogate.cnnproj.json"
    path.write_text(json.dumps(doc), encoding="ascii")  # json.dumps escapes it: a valid JSON file
    for as_json in (False, True):
        check_answer(*summary(path, as_json, False, capsys), as_json)
