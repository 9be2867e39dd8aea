"""Reading typed values from the project's ``dataset`` dict, with messages that name the key.

Why not trust the dict: it comes from a JSON file a student may have edited by hand, so every value is
checked once here and a bad one becomes a :class:`DatasetError` such as
``dataset.val_fraction: must be a number from 0 to 0.9, got '10%'``. Unknown keys are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from cnnstudio.core.values import is_number, shown

from .errors import DatasetError

T = TypeVar("T")


def _bad(prefix: str, key: str, what: str, value: Any) -> DatasetError:
    return DatasetError(f"{prefix}.{key}: must be {what}, got {shown(value)}")


def get_bool(values: Mapping[str, Any], key: str, default: bool, *, prefix: str = "dataset") -> bool:
    """A JSON ``true``/``false``; anything else (``"yes"``, ``1``) is refused rather than guessed."""
    value = values.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise _bad(prefix, key, "true or false", value)
    return value


def _number(
    values: Mapping[str, Any], key: str, low: float, high: float, whole: bool, prefix: str
) -> float | None:
    """The value as a finite number in ``[low, high]`` (``None`` when absent); ``whole`` wants no fraction."""
    value = values.get(key)
    if value is None:
        return None
    ok = is_number(value)  # finite, and not an integer too large for a float (OverflowError)
    if ok and whole:
        ok = float(value).is_integer()
    if not ok or not low <= value <= high:
        what = f"a whole number from {low:g} to {high:g}" if whole else f"a number from {low:g} to {high:g}"
        raise _bad(prefix, key, what, value)
    return float(value)


def get_int(
    values: Mapping[str, Any], key: str, default: T, *, low: int, high: int, prefix: str = "dataset"
) -> int | T:
    """An integer in ``[low, high]``; a float with no fraction (``3000.0``) is accepted as JSON allows it."""
    value = _number(values, key, low, high, True, prefix)
    return default if value is None else int(value)


def get_float(
    values: Mapping[str, Any], key: str, default: float, *, low: float, high: float, prefix: str = "dataset"
) -> float:
    """A finite number in ``[low, high]``."""
    value = _number(values, key, low, high, False, prefix)
    return default if value is None else value


def get_str(
    values: Mapping[str, Any], key: str, default: str | None, *, prefix: str = "dataset"
) -> str | None:
    """A non-empty string, or ``default`` when the key is absent."""
    value = values.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str) or not value.strip():
        raise _bad(prefix, key, "a non-empty text", value)
    return value
