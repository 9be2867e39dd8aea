"""Packaging files (issue 7.3): the validators accept them, and they agree with each other and the program.

The .desktop file, the AppStream metadata, the icon, the PyInstaller spec and pyproject.toml each name the
application; a rename in one that misses another gives a menu entry without an icon or a software-centre
page that launches nothing, and no unit test of the program would notice. The freedesktop validators run
where they are installed (``apt-get install desktop-file-utils appstream``) and are skipped elsewhere.
"""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.cnnstudio.CnnStudio"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
SPEC = PACKAGING / "cnnstudio.spec"
MIME = PACKAGING / f"{APP_ID}.mime.xml"
PROJECT_TYPE = "application/x-cnnstudio-project"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
ICONS = ROOT / "resources" / "icons"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def console_scripts() -> dict[str, str]:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["scripts"]


def spec_call_keywords(function: str) -> dict[str, object]:
    """Literal keyword arguments of the spec's ``EXE(...)`` or ``COLLECT(...)`` call (the spec is Python)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), str(SPEC))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == function:
            return {
                k.arg: ast.literal_eval(k.value)
                for k in node.keywords
                if k.arg and isinstance(k.value, ast.Constant)
            }
    raise AssertionError(f"{SPEC.name} has no {function}(...) call")


def run_validator(*command: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed")
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_desktop_file_passes_desktop_file_validate() -> None:
    result = run_validator("desktop-file-validate", str(DESKTOP))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Hints are advice; errors and warnings are not accepted.
    assert not re.search(r"\b(error|warning):", output), output


def test_metainfo_passes_appstreamcli_validate() -> None:
    result = run_validator("appstreamcli", "validate", "--no-net", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"^[EW]: ", result.stdout, re.MULTILINE), result.stdout


def test_desktop_file_and_metainfo_name_the_same_application() -> None:
    root = metainfo()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    entry = desktop_entry()
    assert entry["Icon"] == APP_ID, "the icon is installed under the application id"
    assert entry["Name"] == root.findtext("name")
    categories = [c for c in entry["Categories"].split(";") if c]
    assert [c.text for c in root.iter("category")] == categories


def test_exec_is_the_console_script_from_pyproject() -> None:
    entry = desktop_entry()
    program = entry["Exec"].split()[0]
    assert entry["TryExec"] == program
    scripts = console_scripts()
    assert scripts.get(program) == "cnnstudio.cli:entry", f"Exec runs {program!r}; pyproject has {scripts}"
    assert metainfo().findtext("provides/binary") == program
    # The bundle's executable has the same name, so the menu entry works with a linked bundle too.
    assert spec_call_keywords("EXE")["name"] == program
    assert spec_call_keywords("COLLECT")["name"] == program


def test_metainfo_release_is_the_program_version() -> None:
    from cnnstudio import __version__

    versions = [release.get("version") for release in metainfo().iter("release")]
    assert versions and versions[0] == __version__, "the newest <release> comes first and is this version"


def test_icon_files_exist_and_are_what_they_claim() -> None:
    svg = ET.parse(ICONS / "cnnstudio.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 256 256"
    png = (ICONS / "cnnstudio.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (256, 256), "installed into hicolor/256x256"
    assert '"icons" / "cnnstudio.png"' in SPEC.read_text(encoding="utf-8"), "the bundle uses the same icon"


def test_install_script_puts_every_file_where_the_desktop_looks(tmp_path: Path) -> None:
    if shutil.which("sh") is None or shutil.which("install") is None:
        pytest.skip("needs a POSIX shell and install(1)")
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "cnnstudio").write_text("#!/bin/sh\n")
    subprocess.run(
        ["sh", str(PACKAGING / "install_desktop.sh"), "--prefix", str(tmp_path), "--bundle", str(bundle)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    share = tmp_path / "share"
    assert (share / "applications" / DESKTOP.name).read_bytes() == DESKTOP.read_bytes()
    assert (share / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()
    icon = desktop_entry()["Icon"]
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{icon}.svg").is_file()
    assert (share / "icons" / "hicolor" / "256x256" / "apps" / f"{icon}.png").is_file()
    assert (tmp_path / "bin" / "cnnstudio").resolve() == (bundle / "cnnstudio").resolve()
    assert (share / "mime" / "packages" / f"{APP_ID}.xml").read_bytes() == MIME.read_bytes()
    if shutil.which("update-mime-database"):  # the database a double-click looks the type up in
        globs = (share / "mime" / "globs2").read_text(encoding="utf-8")
        assert f"{PROJECT_TYPE}:*.cnnproj.json" in globs


def test_desktop_file_and_metainfo_carry_the_chinese_name_and_summary() -> None:
    entry = desktop_entry()
    for key in ("Name", "GenericName", "Comment", "Keywords"):
        assert re.search(r"[\u4e00-\u9fff]", entry[f"{key}[zh_CN]"]), key  # Chinese, not a copy
    root = metainfo()
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    chinese = {e.tag: e.text for e in root if e.get(lang) == "zh-CN"}
    assert chinese.get("name") == entry["Name[zh_CN]"]
    assert chinese.get("summary") == entry["Comment[zh_CN]"]


def test_project_files_have_a_mime_type_that_opens_them() -> None:
    mime = ET.parse(MIME).getroot()
    (kind,) = mime.findall(f"{MIME_NS}mime-type")
    assert kind.get("type") == PROJECT_TYPE
    assert [g.get("pattern") for g in kind.findall(f"{MIME_NS}glob")] == ["*.cnnproj.json"]
    assert kind.find(f"{MIME_NS}sub-class-of").get("type") == "application/json"
    entry = desktop_entry()
    assert PROJECT_TYPE in entry["MimeType"].split(";")
    assert "%f" in entry["Exec"].split(), "the double-clicked file reaches the program"
    assert metainfo().findtext("provides/mediatype") == PROJECT_TYPE


def _spec_call(function: str) -> ast.Call:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), str(SPEC))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == function]
    assert len(calls) == 1, f"{SPEC.name} should call {function}(...) once"
    return calls[0]


def test_spec_is_windowed_on_windows_and_a_console_program_elsewhere() -> None:
    (console,) = [k.value for k in _spec_call("EXE").keywords if k.arg == "console"]
    text = SPEC.read_text(encoding="utf-8")
    assert 'WINDOWS = sys.platform == "win32"' in text
    assert ast.unparse(console) == "not WINDOWS"


def test_spec_makes_a_macos_app_bundle_that_opens_projects() -> None:
    call = _spec_call("BUNDLE")
    keywords = {k.arg: k.value for k in call.keywords}
    assert ast.literal_eval(keywords["name"]) == "CNN Studio.app"
    assert ast.unparse(keywords["bundle_identifier"]) == "APP_ID"
    assert f'APP_ID = "{APP_ID}"' in SPEC.read_text(encoding="utf-8")
    plist = ast.literal_eval(keywords["info_plist"])
    (project,) = plist["CFBundleDocumentTypes"]
    assert project["CFBundleTypeExtensions"] == ["cnnproj.json"] and project["CFBundleTypeRole"] == "Editor"
    assert ast.unparse(call.args[0]) == "coll", "the bundle wraps the one-folder app"


def test_spec_collects_files_that_exist() -> None:
    text = SPEC.read_text(encoding="utf-8")
    compile(text, str(SPEC), "exec")  # PyInstaller executes it as Python
    assert (ROOT / "packaging" / "cnnstudio_main.py").is_file()
    assert (ROOT / "resources").is_dir() and (ROOT / "cnnstudio" / "data").is_dir()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "packaging/cnnstudio.spec" in makefile, "`make package` builds this spec"


def test_bundle_entry_point_prints_the_version() -> None:
    result = subprocess.run(
        [sys.executable, str(PACKAGING / "cnnstudio_main.py"), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    from cnnstudio import __version__

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"cnnstudio {__version__}"  # docs/cli.md: as `cnnstudio --version`


def test_a_built_wheel_carries_the_translations_icon_and_digits(tmp_path: Path) -> None:
    """``pip install .`` (not editable) must give a program that still speaks Chinese and has its icon."""
    pytest.importorskip("setuptools")
    import zipfile

    from cnnstudio.ui.resource_files import APP_ICON, TRANSLATIONS

    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    build = subprocess.run(
        [*command, str(ROOT), "-w", str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("cnnstudio-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "cnnstudio"
    needed = [TRANSLATIONS / "cnnstudio_zh_CN.qm", APP_ICON, package / "data" / "digits.npz"]
    for path in needed:
        assert path.is_file() and path.is_relative_to(package), f"{path}: a wheel would leave it out"
        assert f"cnnstudio/{path.relative_to(package).as_posix()}" in names
