"""The words of lessons in the reader's language: a goal's conditions, their state, the locks."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cnnstudio.core.lesson import Condition, ConditionResult

_SYMBOLS = {">=": "≥", "<=": "≤", "==": "="}


def _tr(text: str) -> str:
    return QCoreApplication.translate("LessonText", text)


def metric_name(metric: str) -> str:
    return {
        "test_accuracy": _tr("test accuracy"),
        "params": _tr("parameters"),
        "output_shape": _tr("output size"),
    }[metric]


def value_text(metric: str, value) -> str:
    if metric.endswith("accuracy"):
        return f"{value:.1%}"
    if metric == "output_shape":
        return "x".join(str(v) for v in value)
    return f"{value:,}"


def condition_text(condition: Condition) -> str:
    """E.g. "test accuracy ≥ 90.0%", "parameters ≤ 50,000", "output size = 32x8x8"."""
    return (
        f"{metric_name(condition.metric)} {_SYMBOLS[condition.op]} "
        f"{value_text(condition.metric, condition.value)}"
    )


def state_text(result: ConditionResult | None, show_value: bool = True) -> str:
    """Where the student stands on one condition (the value itself only when the lesson does not hide it)."""
    if result is None:
        return _tr("(hidden: press Check goal)")
    if result.met is None:
        return _tr("(train once to measure)")
    now = _tr(" (now {0})").format(value_text(result.condition.metric, result.actual)) if show_value else ""
    return (_tr("✓ met") if result.met else _tr("✗ not yet")) + now


def lock_text(lock: str) -> str:
    section, _, key = lock.partition(".")
    if section == "layers" and key:
        return _tr("layer {0}").format(key)
    names = {
        "name": _tr("project name"),
        "input": _tr("input size"),
        "dataset": _tr("dataset"),
        "training": _tr("training settings"),
        "layers": _tr("the network's layers"),
    }
    return names[section] if not key else f"{names[section]}: {key}"
