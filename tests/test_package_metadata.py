"""The package says what it is under: an SPDX licence string (PEP 639) and the licence text beside it."""

import sys
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parents[1]


def test_license_is_an_spdx_string_with_its_file() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # The TOML-table form ({text = ...}) is deprecated by setuptools and stops building in 2027.
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text


def test_pyqtgraph_floor_excludes_the_releases_that_break_the_window() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert "pyqtgraph>=0.14" in deps


def test_the_min_constraints_pin_every_floor_of_pyproject() -> None:
    """make test-min installs exactly the floors: the committed constraints file is what pyproject says now."""
    requirements = pytest.importorskip("packaging.requirements")
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import lowest_versions
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    committed = (ROOT / "packaging" / "constraints-min.txt").read_text(encoding="utf-8")
    assert committed == lowest_versions.constraints_text(pyproject), "run python packaging/lowest_versions.py"
    pins = {}
    for line in committed.splitlines():
        if line and not line.startswith("#"):
            pin = requirements.Requirement(line)
            pins[(pin.name.lower(), str(pin.marker))] = str(pin.specifier)
    project = pyproject["project"]
    extras = [r for extra in project["optional-dependencies"].values() for r in extra]
    wanted = [
        requirements.Requirement(t)
        for t in (*pyproject["build-system"]["requires"], *project["dependencies"], *extras)
    ]
    for requirement in wanted:  # read independently of the script, with pip's own requirement parser
        (floor,) = [s.version for s in requirement.specifier if s.operator == ">="]
        assert pins[(requirement.name.lower(), str(requirement.marker))] == f"=={floor}", requirement
    assert len(pins) == len({(r.name.lower(), str(r.marker)) for r in wanted}), "a pin without a requirement"


def test_floors_are_the_versions_make_test_min_proved() -> None:
    """The floors below which something was seen to break (docs/packaging.md, "Lowest versions")."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    for floor in ("torch>=2.9.1", "torchvision>=0.24.1", "numpy>=2.0", "scipy>=1.13"):
        assert any(d.split("  #")[0] == floor for d in deps), floor
    assert all(">=6.7" in d for d in deps if d.startswith("PySide6")), "6.5/6.6 are built against numpy 1"
