"""Values into generated Python source: every one as a literal whose value is exactly the value given.

Why by hand and not ``repr``: the exported files are meant to be read, so strings get double quotes as
ruff writes them and Chinese stays Chinese; but nothing a project holds may change what the code does. A
project name is pasted into ``model.py``'s docstring, and a name holding ``\"\"\"`` followed by code ran that
code on import; ``\\N`` or a NUL gave a file that did not compile (issue 11.1). So a backslash, a double
quote and every character that is not printable (control characters, NUL, line and paragraph separators,
and the bidirectional overrides that make code display differently from how it runs) are escaped, in
string literals and docstrings alike, and a float that is not finite is written as ``float("nan")``.
"""

from __future__ import annotations

import math


def escaped(text: str) -> str:
    """``text`` for the inside of a ``"..."`` or ``\"\"\"...\"\"\"`` literal: evaluating it gives ``text`` back."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch.isprintable():
            out.append(ch)
        else:  # "\n", "\x00", "\x1b", "\u2028", "\u202e": the escape Python itself would print
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def literal(value: object) -> str:
    """Python source for a number, string, bool, None, tuple or list (``ValueError`` for anything else)."""
    if isinstance(value, str):
        return f'"{escaped(value)}"'
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, float) and not math.isfinite(value):
        return f'float("{value}")' if value == value else 'float("nan")'
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    raise ValueError(f"no Python literal for a {type(value).__name__}")
