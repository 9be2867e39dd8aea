"""What counts as a number in a project file, and how a bad value is quoted in a message.

One place for the checks the layer specs, the training settings and the dataset options all make, because
the file is JSON a person may have edited: ``1e999`` reads as infinity, ``NaN`` and ``Infinity`` are
accepted by Python's reader, and an integer may have any number of digits. ``math.isfinite(10**400)`` and
``float(10**400)`` raise OverflowError, so a plain ``isinstance`` check followed by float arithmetic ended
in a traceback (issue 11.4). Integers are bounded by torch's int64, the largest size any tensor can have.
"""

from __future__ import annotations

import math
from typing import Any

MAX_INT = 2**63 - 1  # torch sizes are int64: anything larger cannot reach a tensor
_SHOWN_DIGITS = 12


def is_int(value: Any) -> bool:
    """A JSON integer (not ``true``/``false``) that fits in int64."""
    return isinstance(value, int) and not isinstance(value, bool) and -MAX_INT - 1 <= value <= MAX_INT


def too_big(value: Any) -> bool:
    """An integer beyond int64: the message then names the limit, since "must be positive" would puzzle."""
    return isinstance(value, int) and not isinstance(value, bool) and value > MAX_INT


UP_TO = f" up to {MAX_INT:,}"  # appended to "must be a positive integer" for such a value


def is_number(value: Any) -> bool:
    """A finite JSON number: not a bool, not NaN or infinity, not an integer too large for a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, int):
        return abs(value) <= 2**1023  # float(value) works; beyond, it raises OverflowError
    return math.isfinite(value)


def shown(value: Any) -> str:
    """``repr(value)`` for a message, a huge integer shortened (``1000000000000… (401 digits)``) so that the
    message stays one readable line; a tuple is shown as the JSON list it was."""
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**_SHOWN_DIGITS:
        if value.bit_length() > 14_000:  # str() refuses more than 4,300 digits
            return f"an integer of about {int(value.bit_length() * math.log10(2))} digits"
        text = str(value)
        return f"{text[:_SHOWN_DIGITS]}… ({len(text.lstrip('-'))} digits)"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def printable(text: str) -> str:
    """``text`` safe for a terminal: control characters (ESC, CR, NUL, ...) shown as escapes, so that a
    project name cannot move the cursor, recolour the terminal or hide the rest of the line (issue 11.4)."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
