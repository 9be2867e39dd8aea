"""A run nobody renamed is named in the window's language ("Run 3" / "第 3 次训练"), whatever language it was
made in; a name the user typed is kept as typed. Older files' default names, in either language, count as
default names."""

from __future__ import annotations

import pytest

from cnnstudio.core.project import default_project
from cnnstudio.core.run_records import default_run_number, run_label
from cnnstudio.ui import i18n


@pytest.mark.parametrize(
    ("record", "number"),
    [
        ({"id": "a", "number": 3}, 3),  # as the window records a run now
        ({"id": "a", "name": "Run 3"}, 3),  # older files, made in English...
        ({"id": "a", "name": "第 3 次训练"}, 3),  # ...or in Chinese
        ({"id": "a", "name": "Run 3", "number": 5}, None),  # renamed by the user: kept as typed
        ({"id": "a", "name": "Baseline"}, None),
        ({"id": "a", "name": "Run 3 with dropout"}, None),
        ({"id": "a"}, None),
    ],
)
def test_default_names_are_recognised(record, number) -> None:
    assert default_run_number(record) == number


def test_the_command_line_finds_a_run_by_its_english_default_name() -> None:
    assert run_label({"id": "x", "name": "第 2 次训练"}) == "Run 2"
    assert run_label({"id": "x", "name": "Baseline", "number": 2}) == "Baseline"
    assert run_label({"id": "x"}) == "x"


RUNS = (
    {"id": "r1", "name": "Run 1"},  # recorded by an English window
    {"id": "r2", "name": "第 2 次训练"},  # recorded by a Chinese window
    {"id": "r3", "number": 3},  # recorded now
    {"id": "r4", "name": "Baseline", "number": 4},  # renamed
)


def _shown(window) -> tuple[list[str], list[str]]:
    panel = window.training.runs
    names = [panel.list.item(row).text() for row in range(panel.list.count())]
    return names, [panel.plots.run_name(f"r{k}") for k in range(1, 5)]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Run 1", "Run 2", "Run 3", "Baseline"]),
        ("zh_CN", ["第 1 次训练", "第 2 次训练", "第 3 次训练", "Baseline"]),
    ],
)
def test_runs_list_and_legend_speak_the_window_language(make_window, qapp, language, expected) -> None:
    assert i18n.install_language(qapp, language)
    try:
        window = make_window(default_project().replace(runs=RUNS))
        names, legend = _shown(window)
        assert names == expected and legend == expected
    finally:
        i18n.install_language(qapp, "en")


def test_a_run_renamed_by_the_user_keeps_its_name_and_number(make_window) -> None:
    window = make_window(default_project().replace(runs=RUNS[2:3]))
    item = window.training.runs.list.item(0)
    assert item.text() == "Run 3"
    item.setText("Baseline")
    (record,) = window.document.project.runs
    assert record["name"] == "Baseline" and default_run_number(record) is None
