"""Write cnnstudio/ui/core_strings.py: the core's fixed user-visible strings, marked for lupdate.

The core cannot call ``tr()`` (it imports no Qt), so its strings are collected here, from the core's own
tables (layer catalog, dataset lines, templates, layer titles) and from the constant sentences in the rule
modules (read with ``ast``, so a new error message is picked up without anyone listing it), and written
as ``QT_TRANSLATE_NOOP("core", ...)`` calls that lupdate reads. ``cnnstudio.ui.core_text.translate_core``
looks them up at run time. Messages with numbers in them are templates in ``core_text.py`` instead.

Run by ``update.py``; run it alone with ``.venv/bin/python resources/translations/extract_core_strings.py``.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "cnnstudio" / "ui" / "core_strings.py"
# Modules whose constant sentences (errors, fixes, warnings) are shown in the window.
RULE_MODULES = (
    "layer_rules.py",
    "layer_result.py",
    "window_rules.py",
    "mobile_rules.py",
    "shapes.py",
    "exercises.py",
    "readiness.py",
    "dataset_size.py",
    "course_notes.py",
)


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def table_strings() -> list[str]:
    """Strings from the core's data tables, in the order a translator meets them in the window."""
    sys.path.insert(0, str(ROOT))
    from cnnstudio.core.dataset_catalog import DESCRIPTIONS
    from cnnstudio.core.layer_catalog import CATALOG, GROUPS
    from cnnstudio.core.templates import CS231N_ARGUMENTS, TEMPLATES

    found: list[str] = list(GROUPS)
    for info in CATALOG.values():
        found += [info.title, *_lines(info.description), *_lines(info.formula)]
        for field in info.fields:
            found += [field.label, field.tooltip]
    found += DESCRIPTIONS.values()
    for template in TEMPLATES.values():
        found += [template.title, template.description]
    for argument in CS231N_ARGUMENTS:
        found += [argument.label, argument.help]
    return found


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            ids.add(id(body[0].value))
    return ids


def sentence_strings(path: Path) -> list[str]:
    """Constant strings that read as sentences (a space, more than two words), not docstrings or f-string parts."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
    found = []
    for node in ast.walk(tree):
        text = node.value if isinstance(node, ast.Constant) and id(node) not in skip else None
        if isinstance(text, str) and len(text.split()) > 2 and not text.startswith((" ", "-")):
            found.append((node.lineno, text))
    return [text for _line, text in sorted(found)]


def collect() -> list[str]:
    found = table_strings()
    for name in RULE_MODULES:
        found += sentence_strings(ROOT / "cnnstudio" / "core" / name)
    unique: dict[str, None] = {}
    for text in found:
        if text and text.strip():
            unique.setdefault(text, None)
    return list(unique)


def render(strings: list[str]) -> str:
    rows = "\n".join(f'    QT_TRANSLATE_NOOP("core", {json.dumps(s, ensure_ascii=False)}),' for s in strings)
    return (
        '"""The core\'s fixed user-visible strings, for lupdate (generated: do not edit).\n\n'
        "Made by resources/translations/extract_core_strings.py from cnnstudio.core; translated at run time\n"
        'by cnnstudio.ui.core_text.translate_core in the "core" context.\n"""\n\n'
        "from PySide6.QtCore import QT_TRANSLATE_NOOP\n\n"
        f"CORE_STRINGS = (\n{rows}\n)  # fmt: skip\n"
    )


def main() -> int:
    strings = collect()
    OUTPUT.write_text(render(strings), encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(strings)} strings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
