"""Lessons a teacher hands out: a project plus a task, with locked fields, hidden answers and a goal.

A lesson file (``*.cnnlesson.json``, docs/file-format.md) holds a whole project, the task in words, the
fields the student may not change, which answers the program keeps from the student (the live output
sizes, the parameter counts), and a goal made of conditions on figures: "test accuracy >= 0.9 with at most
50,000 parameters", or "the output is 32x8x8". The student's program checks the goal when asked or after
a run, and writes a small result file: who, which lesson, the figures, the network itself and its
fingerprint, and a signature.

What the signature can and cannot prove (said the same way in the docs): it is an HMAC-SHA256 keyed with a
secret that the lesson file carries. It detects a result file edited by hand after the program wrote it (a
changed figure, name or network no longer matches the signature). It cannot stop a student who reads the
key out of the lesson file and signs a made-up result with the same algorithm: anything the student's own
computer can sign, the student can sign. The network in the result is checked independently: collecting
results recomputes its parameter count and output shape and its fingerprint, so those figures cannot be
faked without changing the network itself; an accuracy can only be confirmed by training that network
again.

Pure Python: the lesson is data; the GUI's student mode and the teacher's "collect results" use it.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cnnstudio.core.atomic import atomic_write_bytes
from cnnstudio.core.errors import CoreError, ProjectFileError
from cnnstudio.core.project import Project
from cnnstudio.core.project_file import loads, project_to_dict
from cnnstudio.core.run_records import network_fingerprint

FORMAT = "cnnstudio-lesson"
RESULT_FORMAT = "cnnstudio-lesson-result"
VERSION = 1
SUFFIX = ".cnnlesson.json"
RESULT_SUFFIX = ".cnnresult.json"
METRICS = ("test_accuracy", "params", "output_shape")
OPERATORS = (">=", "<=", "==")
HIDEABLE = ("shapes", "params")  # the live output sizes and the parameter counts (and their formulas)
LOCKABLE_SECTIONS = ("name", "input", "dataset", "training", "layers")


class LessonError(CoreError):
    """A lesson or result file that cannot be read, or a lesson that contradicts itself."""


@dataclass(frozen=True)
class Condition:
    """One part of the goal: ``metric op value`` (accuracies as fractions, a shape as [C, H, W] or [N])."""

    metric: str
    op: str
    value: Any

    def check(self, actual: Any) -> bool | None:
        """True or False, or None when the figure is not known yet (no run)."""
        if actual is None:
            return None
        if self.metric == "output_shape":
            return list(actual) == list(self.value) if self.op == "==" else False
        if self.op == ">=":
            return actual >= self.value - 1e-12
        if self.op == "<=":
            return actual <= self.value + 1e-12
        return actual == self.value

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "op": self.op, "value": self.value}


@dataclass(frozen=True)
class ConditionResult:
    condition: Condition
    actual: Any
    met: bool | None


@dataclass(frozen=True)
class Lesson:
    """A task on a project; ``key`` signs the students' results (see the module's note on what it proves)."""

    title: str
    task: str
    project: Project
    goal: tuple[Condition, ...] = ()
    locked: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    key: str = field(default_factory=lambda: secrets.token_hex(16))
    # the title and task in other languages: {"zh_CN": {"title": ..., "task": ...}}
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def title_in(self, language: str) -> str:
        return self.translations.get(language, {}).get("title") or self.title

    def task_in(self, language: str) -> str:
        return self.translations.get(language, {}).get("task") or self.task

    @property
    def lesson_id(self) -> str:
        """Names this lesson in the results (a digest of its title, task and goal)."""
        text = json.dumps([self.title, self.task, [c.to_dict() for c in self.goal]], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


# -- figures and the goal ------------------------------------------------------------------------------------
def network_figures(project: Project) -> dict[str, Any]:
    """The figures the network itself gives (no run needed): parameters and output shape."""
    report = project.report
    shape = report.output_shape
    return {"params": report.total_params, "output_shape": None if shape is None else list(shape)}


def check_goal(goal: Sequence[Condition], figures: Mapping[str, Any]) -> list[ConditionResult]:
    return [ConditionResult(c, figures.get(c.metric), c.check(figures.get(c.metric))) for c in goal]


def goal_met(results: Sequence[ConditionResult]) -> bool:
    return bool(results) and all(r.met is True for r in results)


# -- locks ---------------------------------------------------------------------------------------------------
def locked_changes(lesson: Lesson, new: Project) -> list[str]:
    """The locked fields that ``new`` changes from the lesson's project (empty: the edit is allowed).

    A lock is a section (``input``, ``dataset``, ``training``, ``layers``, ``name``), one training or
    dataset key (``training.optimizer``), or one top-level layer (``layers.2``: it must stay as it is, in
    its place)."""
    old = lesson.project
    broken = []
    for lock in lesson.locked:
        section, _, key = lock.partition(".")
        if section == "layers" and key:
            index = int(key)
            if len(new.layers) <= index or new.layers[index] != old.layers[index]:
                broken.append(lock)
        elif key:
            if getattr(old, section).get(key) != getattr(new, section).get(key):
                broken.append(lock)
        elif getattr(old, section) != getattr(new, section):
            broken.append(lock)
    return broken


def _check_lock(lock: Any, project: Project) -> str:
    if not isinstance(lock, str):
        raise LessonError(f"locked: each lock must be a text such as 'input' or 'training.lr', got {lock!r}")
    section, _, key = lock.partition(".")
    if section not in LOCKABLE_SECTIONS:
        raise LessonError(
            f"locked: {lock!r} is not one of {', '.join(LOCKABLE_SECTIONS)} (or 'training.KEY')"
        )
    if section == "layers" and key and not (key.isdigit() and int(key) < len(project.layers)):
        raise LessonError(f"locked: {lock!r} names no layer of the project ({len(project.layers)} layers)")
    if key and section in ("name", "input"):
        raise LessonError(f"locked: {section} has no parts to lock; write {section!r}")
    return lock


# -- the lesson file -----------------------------------------------------------------------------------------
def lesson_to_dict(lesson: Lesson) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": lesson.title,
        "task": lesson.task,
        "goal": [c.to_dict() for c in lesson.goal],
        "locked": list(lesson.locked),
        "hidden": list(lesson.hidden),
        "key": lesson.key,
        "translations": {lang: dict(texts) for lang, texts in lesson.translations.items()},
        "project": project_to_dict(lesson.project),
    }


def lesson_from_dict(data: Any) -> Lesson:
    """A lesson from its JSON form; ``LessonError`` names the key at fault."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LessonError(f"not a lesson file (its 'format' must be {FORMAT!r})")
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise LessonError(f"version {data.get('version')!r}: this program reads lesson files up to {VERSION}")
    for key in ("title", "task", "key"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise LessonError(f"{key}: must be a non-empty text")
    project = _project(data.get("project"), "project")
    goal = tuple(_condition(item, i) for i, item in enumerate(_list(data, "goal")))
    locked = tuple(_check_lock(lock, project) for lock in _list(data, "locked"))
    hidden = tuple(_list(data, "hidden"))
    for item in hidden:
        if item not in HIDEABLE:
            raise LessonError(f"hidden: {item!r} is not one of {', '.join(HIDEABLE)}")
    translations = data.get("translations", {})
    if not isinstance(translations, dict) or not all(
        isinstance(texts, dict) and all(isinstance(t, str) for t in texts.values())
        for texts in translations.values()
    ):
        raise LessonError('translations: must map a language to {"title": text, "task": text}')
    return Lesson(data["title"], data["task"], project, goal, locked, hidden, data["key"], translations)


def _project(data: Any, where: str) -> Project:
    """A project from its JSON form, through the project file's own reader (its checks and messages)."""
    try:
        return loads(json.dumps(data), source=where)
    except ProjectFileError as exc:
        raise LessonError(str(exc)) from None


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise LessonError(f"{key}: must be a list, got {value!r}")
    return value


def _condition(item: Any, index: int) -> Condition:
    where = f"goal[{index}]"
    if not isinstance(item, dict):
        raise LessonError(f"{where}: must be an object with metric, op and value")
    metric, op, value = item.get("metric"), item.get("op"), item.get("value")
    if metric not in METRICS:
        raise LessonError(f"{where}.metric: {metric!r} is not one of {', '.join(METRICS)}")
    if op not in OPERATORS or (metric == "output_shape" and op != "=="):
        raise LessonError(f"{where}.op: {op!r} does not apply to {metric} (use {', '.join(OPERATORS)})")
    if metric == "output_shape":
        if not (isinstance(value, list) and value and all(isinstance(v, int) and v > 0 for v in value)):
            raise LessonError(f"{where}.value: an output shape is a list of sizes such as [32, 8, 8]")
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise LessonError(f"{where}.value: must be a number, got {value!r}")
    elif metric.endswith("accuracy") and not 0 <= value <= 1:
        raise LessonError(f"{where}.value: an accuracy is a fraction between 0 and 1, got {value!r}")
    return Condition(metric, op, value)


def save_lesson(lesson: Lesson, path: str | Path) -> None:
    text = json.dumps(lesson_to_dict(lesson), indent=2, ensure_ascii=False) + "\n"
    atomic_write_bytes(Path(path), text.encode("utf-8"))


def load_lesson(path: str | Path) -> Lesson:
    """The lesson at ``path``; ``LessonError`` names the file and the problem in one line."""
    try:
        return lesson_from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LessonError(f"{path}: cannot be read: {exc}") from None
    except LessonError as exc:
        raise LessonError(f"{path}: {exc}") from None


# -- results -------------------------------------------------------------------------------------------------
def _signed_text(result: Mapping[str, Any]) -> bytes:
    unsigned = {k: v for k, v in result.items() if k != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def make_result(
    lesson: Lesson, student: str, project: Project, figures: Mapping[str, Any], written: str
) -> dict:
    """The signed result of ``student`` for ``lesson``: ``figures`` (a run's accuracies) with the network's
    own figures added, the goal's verdict, the network and its fingerprint. ``written``: an ISO time."""
    all_figures = {**dict(figures), **network_figures(project)}
    results = check_goal(lesson.goal, all_figures)
    result = {
        "format": RESULT_FORMAT,
        "version": VERSION,
        "lesson": lesson.title,
        "lesson_id": lesson.lesson_id,
        "student": student,
        "written": written,
        "figures": all_figures,
        "goal_met": goal_met(results),
        "network_fingerprint": network_fingerprint(project),
        "network": {"input": project.input.to_dict(), "layers": [s.to_dict() for s in project.layers]},
    }
    result["signature"] = hmac.new(lesson.key.encode(), _signed_text(result), hashlib.sha256).hexdigest()
    return result


def signature_valid(result: Mapping[str, Any], key: str) -> bool:
    expected = hmac.new(key.encode(), _signed_text(result), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, str(result.get("signature", "")))


def save_result(result: Mapping[str, Any], path: str | Path) -> None:
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    atomic_write_bytes(Path(path), text.encode("utf-8"))


def result_file_name(student: str, lesson: Lesson) -> str:
    """``<student>-<lesson id>.cnnresult.json`` with only safe characters in the student's part."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in student.strip())[:40] or "student"
    return f"{safe}-{lesson.lesson_id}{RESULT_SUFFIX}"


@dataclass(frozen=True)
class CollectedResult:
    """One row of the teacher's table."""

    file: str
    student: str
    lesson: str
    written: str
    figures: Mapping[str, Any]
    goal_met: bool | None
    signature: str  # "valid", "invalid", "other lesson" or "unreadable"
    network_checked: bool | None  # the network's own figures and fingerprint match the file's


def collect_results(folder: str | Path, lesson: Lesson) -> list[CollectedResult]:
    """Every result file in ``folder``, checked against ``lesson`` (its key and goal), sorted by student."""
    rows = [_collect_one(path, lesson) for path in sorted(Path(folder).glob(f"*{RESULT_SUFFIX}"))]
    return sorted(rows, key=lambda row: (row.student.lower(), row.file))


def _collect_one(path: Path, lesson: Lesson) -> CollectedResult:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != RESULT_FORMAT:
            raise ValueError("not a result file")
    except (OSError, UnicodeDecodeError, ValueError):
        return CollectedResult(path.name, "", "", "", {}, None, "unreadable", None)
    figures = data.get("figures") if isinstance(data.get("figures"), dict) else {}
    if data.get("lesson_id") != lesson.lesson_id:
        signature = "other lesson"
    else:
        signature = "valid" if signature_valid(data, lesson.key) else "invalid"
    return CollectedResult(
        path.name,
        str(data.get("student", "")),
        str(data.get("lesson", "")),
        str(data.get("written", "")),
        figures,
        goal_met(check_goal(lesson.goal, figures)) if signature != "other lesson" else None,
        signature,
        _network_checks(data, figures),
    )


def _network_checks(data: Mapping[str, Any], figures: Mapping[str, Any]) -> bool | None:
    """Rebuild the result's network and compare its fingerprint, parameters and output shape with the file's."""
    network = data.get("network")
    if not isinstance(network, dict):
        return None
    try:
        project = _project({"format": "cnnstudio-project", "version": 1, **network}, "network")
    except LessonError:
        return None
    own = network_figures(project)
    return (
        network_fingerprint(project) == data.get("network_fingerprint")
        and own["params"] == figures.get("params")
        and own["output_shape"] == figures.get("output_shape")
    )


CSV_COLUMNS = ("student", "lesson", "written", *METRICS, "goal_met", "signature", "network_checked", "file")


def results_csv(rows: Iterable[CollectedResult]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        shape = row.figures.get("output_shape")
        values = {
            "student": row.student,
            "lesson": row.lesson,
            "written": row.written,
            **{m: row.figures.get(m, "") for m in METRICS},
            "output_shape": "x".join(str(v) for v in shape) if isinstance(shape, list) else "",
            "goal_met": "" if row.goal_met is None else ("yes" if row.goal_met else "no"),
            "signature": row.signature,
            "network_checked": ""
            if row.network_checked is None
            else ("yes" if row.network_checked else "no"),
            "file": row.file,
        }
        writer.writerow([_csv_safe(values[c]) for c in CSV_COLUMNS])
    return out.getvalue()


def _csv_safe(value: Any) -> Any:
    """A spreadsheet would run a cell starting with = + - @ as a formula: such text gets a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
