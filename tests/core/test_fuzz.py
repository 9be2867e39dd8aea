"""Fuzzing: random JSON and random layer settings get a clear error or a valid result, never a traceback."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnnstudio.cli import main
from cnnstudio.core import project_file as files
from cnnstudio.core.errors import ProjectFileError
from cnnstudio.core.specs import LAYER_TYPES
from cnnstudio.core.summary import summary_json, summary_table

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 40) | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)
field_values = st.one_of(
    st.integers(-3, 12),
    st.booleans(),
    st.none(),
    st.sampled_from(["same", "valid", "x", ""]),
    st.lists(st.integers(-1, 6), min_size=0, max_size=3),
    st.floats(-1, 2, allow_nan=False),
)
FIELDS = [
    "out_channels",
    "kernel_size",
    "stride",
    "padding",
    "dilation",
    "groups",
    "bias",
    "ceil_mode",
    "p",
    "out_features",
    "output_size",
    "norm_type",
    "eps",
    "momentum",
    "count_include_pad",
    "negative_slope",
]


@st.composite
def layer_dicts(draw, depth: int = 0):
    kind = draw(st.sampled_from(sorted(LAYER_TYPES)))
    layer = {"type": kind}
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=5, unique=True)):
        layer[name] = draw(field_values)
    if kind == "residual" and depth < 2:
        layer["layers"] = draw(st.lists(layer_dicts(depth + 1), max_size=3))
    if kind == "concat" and depth < 2:
        layer["branches"] = draw(st.lists(st.lists(layer_dicts(depth + 1), max_size=2), max_size=3))
    return layer


@st.composite
def project_docs(draw):
    return {
        "format": "cnnstudio-project",
        "version": draw(st.sampled_from([0, 1, 1, 1, 2, "1", None])),
        "input": {k: draw(st.integers(-1, 40)) for k in ("channels", "height", "width")},
        "layers": draw(st.lists(layer_dicts(), max_size=8)),
    }


def check(text: str) -> None:
    try:
        project = files.loads(text, "fuzz.json")
    except ProjectFileError as exc:
        message = str(exc)
        assert message.startswith("fuzz.json: ") and "\n" not in message and len(message) < 600
        return
    summary_json(project, formulas=True)
    summary_table(project, formulas=True)
    bad = project.report.first_error()
    if bad is not None:  # an invalid network always says why, and a fix when there is one
        assert bad.error and bad.output_shape is None and (bad.fix is None or bad.fix.endswith("."))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_random_json_never_raises_anything_else(value) -> None:
    check(json.dumps(value))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(project_docs())
def test_random_layer_settings_get_an_error_or_a_report(doc) -> None:
    check(json.dumps(doc))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=project_docs(), as_json=st.booleans())
def test_cli_summary_exits_with_a_status_not_a_traceback(tmp_path_factory, capsys, doc, as_json) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "p.json"
    path.write_text(json.dumps(doc))
    code = main(["summary", str(path), *(["--json"] if as_json else [])])
    out, err = capsys.readouterr()
    assert code in (0, 1, 2)
    assert "Traceback" not in err
    if as_json and code != 1:
        assert json.loads(out)["valid"] is (code == 0)
