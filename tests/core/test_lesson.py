"""Lesson files, goals, locks and signed results (issue 15.7), against hand-worked figures and torch-free
truth: the parameter counts and shapes of the core (themselves checked against torch elsewhere)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnnstudio.core import specs as S
from cnnstudio.core.lesson import (
    Condition,
    Lesson,
    LessonError,
    check_goal,
    collect_results,
    goal_met,
    lesson_from_dict,
    lesson_to_dict,
    load_lesson,
    locked_changes,
    make_result,
    network_figures,
    result_file_name,
    results_csv,
    save_lesson,
    save_result,
    signature_valid,
)
from cnnstudio.core.project import default_project

READY = Path(__file__).resolve().parents[2] / "cnnstudio" / "resources" / "lessons"


def _lesson(**changes) -> Lesson:
    values = dict(
        title="Small",
        task="Reach 90% with at most 50,000 parameters.",
        project=default_project(),
        goal=(Condition("test_accuracy", ">=", 0.9), Condition("params", "<=", 50000)),
        locked=("input", "dataset", "training.optimizer", "layers.0"),
        hidden=("shapes",),
        key="k" * 32,
    )
    values.update(changes)
    return Lesson(**values)


def test_round_trip_and_file(tmp_path) -> None:
    lesson = _lesson(translations={"zh_CN": {"title": "小", "task": "任务"}})
    assert lesson_from_dict(json.loads(json.dumps(lesson_to_dict(lesson)))) == lesson
    save_lesson(lesson, tmp_path / "a.cnnlesson.json")
    again = load_lesson(tmp_path / "a.cnnlesson.json")
    assert again == lesson and again.title_in("zh_CN") == "小" and again.task_in("en") == lesson.task


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "x"}, "not a lesson file"),
        ({"version": 99}, "version 99"),
        ({"title": ""}, "title: must be"),
        ({"goal": [{"metric": "speed", "op": ">=", "value": 1}]}, "goal[0].metric"),
        ({"goal": [{"metric": "test_accuracy", "op": ">=", "value": 90}]}, "fraction between 0 and 1"),
        ({"goal": [{"metric": "output_shape", "op": ">=", "value": [1]}]}, "goal[0].op"),
        ({"locked": ["layers.99"]}, "names no layer"),
        ({"locked": ["weights"]}, "locked: 'weights'"),
        ({"hidden": ["accuracy"]}, "hidden: 'accuracy'"),
        ({"project": {"format": "cnnstudio-project", "version": 1, "layers": "x"}}, "project:"),
    ],
)
def test_bad_lessons_say_where(change, message) -> None:
    data = {**lesson_to_dict(_lesson()), **change}
    with pytest.raises(LessonError, match=message.replace("[", r"\[").replace("(", r"\(")):
        lesson_from_dict(data)


def test_unreadable_file_names_itself(tmp_path) -> None:
    path = tmp_path / "broken.cnnlesson.json"
    path.write_text("{nope")
    with pytest.raises(LessonError, match=r"broken\.cnnlesson\.json"):
        load_lesson(path)


def test_locks() -> None:
    lesson = _lesson()
    project = lesson.project
    assert locked_changes(lesson, project) == []
    assert locked_changes(lesson, project.replace(training={**project.training, "lr": 0.1})) == []
    assert locked_changes(lesson, project.replace(training={**project.training, "optimizer": "sgd"})) == [
        "training.optimizer"
    ]
    changed_first = project.with_layers((S.Conv2d(out_channels=8, kernel_size=3), *project.layers[1:]))
    assert locked_changes(lesson, changed_first) == ["layers.0"]
    assert locked_changes(lesson, project.with_layers(project.layers[:-1])) == []  # other layers are free
    assert locked_changes(lesson, project.replace(input=project.input.__class__(1, 28, 28))) == ["input"]


def test_goal_checks_with_and_without_a_run() -> None:
    lesson = _lesson()
    figures = network_figures(lesson.project)
    assert figures["output_shape"] == [6] and figures["params"] == lesson.project.report.total_params
    before = check_goal(lesson.goal, figures)
    assert [r.met for r in before] == [None, figures["params"] <= 50000] and not goal_met(before)
    after = check_goal(lesson.goal, {**figures, "test_accuracy": 0.93, "params": 41000})
    assert goal_met(after)
    assert not goal_met(check_goal(lesson.goal, {"test_accuracy": 0.89, "params": 41000}))
    shape = Condition("output_shape", "==", [32, 8, 8])
    assert shape.check([32, 8, 8]) and not shape.check([32, 8, 7])


def test_results_are_signed_and_collected(tmp_path) -> None:
    lesson = _lesson(goal=(Condition("test_accuracy", ">=", 0.5),))
    small = lesson.project.with_layers((*lesson.project.layers[:-3], S.Linear(out_features=6)))
    honest = make_result(lesson, "Li Wei", small, {"test_accuracy": 0.8}, "2026-11-28T09:00:00")
    assert signature_valid(honest, lesson.key) and honest["goal_met"] is True
    assert honest["figures"]["params"] == small.report.total_params
    save_result(honest, tmp_path / result_file_name("Li Wei", lesson))
    edited = dict(honest, figures={**honest["figures"], "test_accuracy": 0.99})
    save_result(edited, tmp_path / "edited.cnnresult.json")
    # re-signed with the key (which the lesson file carries) but with a made-up parameter count
    faked = make_result(lesson, "Zhang", small, {"test_accuracy": 0.7}, "2026-11-28T09:05:00")
    faked["figures"]["params"] = 10
    faked.pop("signature")
    import hashlib
    import hmac

    from cnnstudio.core.lesson import _signed_text

    faked["signature"] = hmac.new(lesson.key.encode(), _signed_text(faked), hashlib.sha256).hexdigest()
    save_result(faked, tmp_path / "faked.cnnresult.json")
    other = make_result(_lesson(title="Other"), "=cmd|' /C calc'!A0", small, {}, "2026-11-28T09:10:00")
    save_result(other, tmp_path / "other.cnnresult.json")
    (tmp_path / "junk.cnnresult.json").write_text("not json")
    rows = {row.file: row for row in collect_results(tmp_path, lesson)}
    name = result_file_name("Li Wei", lesson)
    assert name.startswith("Li_Wei-")
    assert rows[name].signature == "valid" and rows[name].network_checked and rows[name].goal_met
    assert rows["edited.cnnresult.json"].signature == "invalid"
    assert (
        rows["faked.cnnresult.json"].signature == "valid"
        and rows["faked.cnnresult.json"].network_checked is False
    )
    assert rows["other.cnnresult.json"].signature == "other lesson"
    assert rows["junk.cnnresult.json"].signature == "unreadable"
    text = results_csv(collect_results(tmp_path, lesson))
    lines = text.splitlines()
    assert lines[0].startswith("student,lesson,written,test_accuracy")
    assert any(line.startswith("Li Wei,Small,2026-11-28T09:00:00,0.8,") for line in lines)
    assert "'=cmd" in text  # a spreadsheet does not run it


def _solution(lesson: Lesson, layers) -> dict:
    return network_figures(lesson.project.with_layers(layers))


def test_ready_lessons_load_and_can_be_solved() -> None:
    files = sorted(READY.glob("*.cnnlesson.json"))
    assert len(files) >= 3
    lessons = {path.name.split(".")[0]: load_lesson(path) for path in files}
    for lesson in lessons.values():
        assert lesson.project.report.output_shape is not None  # the starting network is valid
        assert lesson.title_in("zh_CN") != lesson.title and lesson.task_in("zh_CN") != lesson.task
        assert not goal_met(check_goal(lesson.goal, network_figures(lesson.project)))  # not solved already
    size = lessons["01-output-size"]
    solved = _solution(
        size,
        (S.Conv2d(out_channels=32, kernel_size=5, padding=2), S.ReLU(), S.MaxPool2d(kernel_size=4)),
    )
    assert goal_met(check_goal(size.goal, solved))
    alexnet = lessons["02-alexnet-conv1"]
    solved = _solution(alexnet, (S.Conv2d(out_channels=96, kernel_size=11, stride=4), S.ReLU()))
    assert solved == {"params": 34944, "output_shape": [96, 55, 55]}  # cs231n's figures
    assert goal_met(check_goal(alexnet.goal, solved))
    small = lessons["04-small-and-accurate"]
    assert network_figures(small.project)["params"] > 2_000_000
