"""Write the pip constraints that pin every dependency of pyproject.toml to its lowest allowed version.

pip has no "lowest versions" resolution, so ``make test-min`` installs the package with this file as a
constraint (``pip install -c packaging/constraints-min.txt -e '.[dev]'``) and runs the tests: a floor in
pyproject.toml that is too low then fails there, not on a user's machine. Every requirement (the
dependencies and every extra) names its floor with ``>=``; the pin keeps the requirement's environment
marker, so the two PySide6 lines (one per Python range) stay two. tests/test_lowest_versions.py checks that
the committed file is what this script writes now.

    python packaging/lowest_versions.py            # rewrite packaging/constraints-min.txt
    python packaging/lowest_versions.py --check    # exit 1 when the file is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
CONSTRAINTS = ROOT / "packaging" / "constraints-min.txt"
HEADER = (
    "# The lowest version pyproject.toml allows of each dependency (every extra included), for make test-min.\n"
    "# Written by packaging/lowest_versions.py from pyproject.toml: do not edit by hand.\n"
)
# name, then the specifiers up to an optional "; marker" (PEP 508 without URLs or extras, as pyproject uses).
REQUIREMENT = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?P<specs>[^;]*?)\s*(;\s*(?P<marker>.+))?$"
)


def floor_pin(requirement: str) -> str:
    """``"numpy>=2.0,<3; python_version < '3.12'"`` -> ``"numpy==2.0; python_version < '3.12'"``."""
    match = REQUIREMENT.match(requirement)
    if match is None:
        raise ValueError(f"cannot read the requirement {requirement!r}")
    floors = [s.strip()[2:].strip() for s in match["specs"].split(",") if s.strip().startswith(">=")]
    if len(floors) != 1:
        raise ValueError(f"{requirement!r} names no single '>=' floor; make test-min needs one")
    marker = f"; {match['marker'].strip()}" if match["marker"] else ""
    return f"{match['name']}=={floors[0]}{marker}"


def requirements(pyproject: dict) -> list[str]:
    """The build requirements, the dependencies, then every extra's, each requirement once (dev repeats
    export's onnx). The build's floor matters too: tests build a wheel with --no-build-isolation."""
    project = pyproject["project"]
    found = [*pyproject.get("build-system", {}).get("requires", []), *project.get("dependencies", [])]
    for extra in project.get("optional-dependencies", {}).values():
        found.extend(extra)
    return list(dict.fromkeys(found))


def constraints_text(pyproject: dict) -> str:
    pins = dict.fromkeys(floor_pin(r) for r in requirements(pyproject))
    return HEADER + "".join(f"{pin}\n" for pin in pins)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the file is current")
    args = parser.parse_args(argv)
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:
        print("lowest_versions.py needs Python 3.11 or newer (tomllib); the constraints file was not checked")
        return 0 if args.check else 1
    text = constraints_text(tomllib.loads(PYPROJECT.read_text(encoding="utf-8")))
    if args.check:
        current = CONSTRAINTS.read_text(encoding="utf-8") if CONSTRAINTS.is_file() else ""
        if current != text:
            print(
                f"{CONSTRAINTS.relative_to(ROOT)} is out of date: run python {Path(__file__).relative_to(ROOT)}"
            )
            return 1
        return 0
    CONSTRAINTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
