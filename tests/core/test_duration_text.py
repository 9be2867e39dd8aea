"""Times as the Train page and ``cnnstudio train`` write them."""

from __future__ import annotations

from cnnstudio.core.labels import duration_text


def test_minutes_and_seconds_then_hours_rounded_to_the_second() -> None:
    assert duration_text(0) == "0:00"
    assert duration_text(59.6) == "1:00"
    assert duration_text(3599.4) == "59:59"
    assert duration_text(3725) == "1:02:05"


def test_unknown_or_negative_times() -> None:
    assert duration_text(None) == "—"
    assert duration_text(-3) == "0:00"
