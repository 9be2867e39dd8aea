"""Refresh the translations: core strings, lupdate over cnnstudio/ui, lrelease to .qm.

    .venv/bin/python resources/translations/update.py            # update .ts files and compile .qm
    .venv/bin/python resources/translations/update.py --release  # only compile the .ts files

lupdate cannot follow a module-level helper such as ``settings_fields.tr(text)`` (which returns
``QT_TRANSLATE_NOOP(CONTEXT, text)``): it would file those strings under an empty context, where the
panel's ``QCoreApplication.translate(CONTEXT, ...)`` never looks. So lupdate reads a temporary copy of the
sources in which such calls are spelled out as ``QT_TRANSLATE_NOOP("<context>", ...)``. Source locations are
left out of the .ts (``-locations none``) so that edits elsewhere in a file do not churn it.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
UI = ROOT / "cnnstudio" / "ui"
LANGUAGES = ("zh_CN",)
BIN = Path(sys.executable).parent

_CONTEXT = re.compile(r'^_?CONTEXT\s*=\s*"(\w+)"', re.MULTILINE)
_HELPER = re.compile(
    r"^def (?P<name>\w+)\(text: str\) -> str:\n(?:\s+\"\"\".*\"\"\"\n)?\s+return "
    r'(?P<call>QT_TRANSLATE_NOOP|QCoreApplication\.translate)\((?P<context>_?CONTEXT|"\w+"), text\)',
    re.MULTILINE,
)


def spell_out_helpers(source: str) -> str:
    """Replace calls of a module's one-line translate helper (``_tr(text)``) with a literal-context call."""
    for helper in _HELPER.finditer(source):
        context = helper.group("context").strip('"')
        if "CONTEXT" in context:
            named = _CONTEXT.search(source)
            if named is None:
                continue
            context = named.group(1)
        call = re.compile(rf"(?<![\w.]){helper.group('name')}\(")
        body = call.sub(f'{helper.group("call")}("{context}", ', source.replace(helper.group(0), ""))
        source = body
    return source


def tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else name


def update_ts(ts: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for path in sorted(UI.rglob("*.py")):
            copy = Path(tmp) / path.relative_to(ROOT)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(spell_out_helpers(path.read_text(encoding="utf-8")), encoding="utf-8")
            files.append(str(copy))
        lst = Path(tmp) / "files.lst"
        lst.write_text("\n".join(files), encoding="utf-8")
        language = ts.stem.split("_", 1)[1]
        command = [tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", f"@{lst}"]
        subprocess.run([*command, "-target-language", language, "-ts", str(ts)], check=True)


def release(ts: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", action="store_true", help="only compile the .ts files to .qm")
    args = parser.parse_args(argv)
    if not args.release:
        subprocess.run([sys.executable, str(HERE / "extract_core_strings.py")], check=True)
    for language in LANGUAGES:
        ts = HERE / f"cnnstudio_{language}.ts"
        if not args.release:
            update_ts(ts)
        release(ts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
