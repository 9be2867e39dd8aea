"""Field checks the layer specs share: each appends ``(field, message)`` for a value that is impossible
whatever the input, so that a spec reports every bad field in the order of its fields."""

from __future__ import annotations

from typing import Any

from cnnstudio.core.values import UP_TO, is_int, is_number, shown, too_big


# Integers up to int64 and finite numbers only (core/values.py says why): NaN passed every range check, and
# 10**400 ended in an OverflowError wherever it met a float.
def check_positive_int(problems: list, name: str, value: Any) -> None:
    if not is_int(value) or value < 1:
        problems.append(
            (name, f"must be a positive integer{UP_TO if too_big(value) else ''}, got {shown(value)}")
        )


def check_size(problems: list, name: str, value: Any, minimum: int = 1) -> None:
    kind = "positive" if minimum == 1 else "non-negative"
    if is_int(value):
        ok = value >= minimum
    elif isinstance(value, tuple) and len(value) == 2:
        ok = all(is_int(v) and v >= minimum for v in value)
    else:
        ok = False
    if not ok:
        what = f"a {kind} integer" if is_int(value) else f"a {kind} integer or an [h, w] pair of them"
        big = too_big(value) or (isinstance(value, tuple) and any(too_big(v) for v in value))
        problems.append((name, f"must be {what}{UP_TO if big else ''}, got {shown(value)}"))


def check_bool(problems: list, name: str, value: Any) -> None:
    if not isinstance(value, bool):
        problems.append((name, f"must be true or false, got {shown(value)}"))


def check_range(problems: list, name: str, value: Any, low: float, high: float, *, open_high: bool) -> None:
    if not is_number(value):
        problems.append((name, f"must be a finite number, got {shown(value)}"))
    elif value < low or value > high or (open_high and value == high):
        bracket = ")" if open_high else "]"
        problems.append((name, f"must be in [{low:g}, {high:g}{bracket}, got {shown(value)}"))


def check_choice(problems: list, name: str, value: Any, choices: tuple[str, ...]) -> None:
    if value not in choices:
        problems.append((name, f"must be one of {', '.join(choices)}, got {shown(value)}"))


def check_positive_number(problems: list, name: str, value: Any) -> None:
    if not is_number(value) or value <= 0:
        problems.append((name, f"must be a positive finite number, got {shown(value)}"))
