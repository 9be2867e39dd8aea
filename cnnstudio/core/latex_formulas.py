"""A layer's formulas as LaTeX, for a lesson's slides or a paper: ``floor((227 + 2*0 - 11) / 4) + 1 = 55``
becomes ``\\left\\lfloor \\frac{227 + 2 \\cdot 0 - 11}{4} \\right\\rfloor + 1 = 55`` in an ``align*``.

Converted from the core's own formula text (the one the inspector and ``cnnstudio summary`` show), so the
LaTeX can never state other numbers than the program computed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_BRACKETS = {"floor": (r"\left\lfloor ", r" \right\rfloor"), "ceil": (r"\left\lceil ", r" \right\rceil")}
_NOTE = re.compile(r"\s*\(([A-Za-z][^()]*)\)\s*$")  # "(pooling keeps the channels)" at the end
_WORD = re.compile(r"[A-Za-z_][A-Za-z_]+")


def _closing(text: str, start: int) -> int:
    """The index of the parenthesis closing the one at ``start``."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    raise ValueError(f"unbalanced parentheses in {text!r}")


def _expression(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        word = _WORD.match(text, i)
        if word and word.group() in _BRACKETS and text.startswith("(", word.end()):
            end = _closing(text, word.end())
            left, right = _BRACKETS[word.group()]
            out.append(left + _fraction(text[word.end() + 1 : end]) + right)
            i = end + 1
        elif word:
            out.append(r"\text{" + word.group().replace("_", r"\_") + "}")
            i = word.end()
        elif text[i] == "*":
            out.append(r" \cdot ")
            i += 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _fraction(inner: str) -> str:
    """``(a) / b`` inside floor/ceil as ``\\frac{a}{b}``; anything else as it is."""
    inner = inner.strip()
    if inner.startswith("("):
        end = _closing(inner, 0)
        rest = inner[end + 1 :].strip()
        if rest.startswith("/") and re.fullmatch(r"/\s*[\w.]+", rest):
            return r"\frac{" + _expression(inner[1:end]) + "}{" + _expression(rest[1:].strip()) + "}"
    return _expression(inner)


def formula_latex(line: str) -> str:
    """One formula line as a LaTeX math line, ``lhs &= rhs`` for an ``align*`` environment."""
    note = ""
    found = _NOTE.search(line)
    if found:
        line, note = line[: found.start()], r" \quad \text{(" + found.group(1) + ")}"
    lhs, sep, rhs = line.partition(" = ")
    if not sep:
        return _expression(line) + note
    return f"{_expression(lhs)} &= {_expression(rhs)}{note}"


def layer_latex(formulas: Sequence[str]) -> str:
    """A layer's formulas as one ``align*`` environment."""
    body = " \\\\\n".join(formula_latex(line) for line in formulas if line.strip())
    return "\\begin{align*}\n" + body + "\n\\end{align*}"
