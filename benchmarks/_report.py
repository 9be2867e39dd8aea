"""The one way a benchmark reports a figure, so that `make bench` can collect them into docs/benchmarks.md.

Each benchmark prints its own human-readable lines and, for every figure measured against a goal, one
``RESULT {json}`` line with the figure, its unit, the same-run baseline and the goal.
"""

from __future__ import annotations

import json
import sys


def report(
    name: str,
    value: float,
    unit: str,
    goal: str,
    met: bool,
    baseline: str = "",
    ratio: float | None = None,
) -> None:
    """Print one ``RESULT`` line; ``goal`` is human text (``"<= 30 ms"``), ``met`` whether this run met it."""
    row = {
        "name": name,
        "value": round(value, 4),
        "unit": unit,
        "goal": goal,
        "met": bool(met),
        "baseline": baseline,
        "ratio": None if ratio is None else round(ratio, 4),
    }
    print("RESULT " + json.dumps(row), flush=True)
    sys.stdout.flush()
