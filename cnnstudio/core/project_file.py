"""Reading and writing ``*.cnnproj.json`` (docs/file-format.md).

Loading either returns a valid ``Project`` or raises ``ProjectFileError`` with one line that names the file
and the JSON path at fault, so the GUI can show it in a dialog and the CLI can print it. Older versions are
brought up to date by ordered migrations; a newer version is refused rather than half understood. Unknown
keys are carried through so that nothing a user (or a newer program) wrote is lost on save.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from cnnstudio.core.atomic import atomic_write_bytes
from cnnstudio.core.errors import ProjectFileError, SpecError
from cnnstudio.core.project import DEFAULT_DATASET, DEFAULT_TRAINING, InputShape, Project
from cnnstudio.core.specs import MAX_NESTING, layers_from_json
from cnnstudio.core.values import UP_TO, is_int, shown, too_big

FORMAT = "cnnstudio-project"
CURRENT_VERSION = 1
SUFFIX = ".cnnproj.json"
KNOWN_KEYS = (
    "format",
    "version",
    "name",
    "input",
    "layers",
    "dataset",
    "training",
    "runs",
)  # unknown_keys too
# Far beyond any real project (blocks nest at most specs.MAX_NESTING deep, about 3 levels each).
MAX_JSON_DEPTH = 200


def project_stem(project_path: str | Path) -> str:
    """``net`` for ``net.cnnproj.json`` (or ``net.json``): the name the runs and export folders take."""
    name = Path(project_path).name
    return name[: -len(SUFFIX)] if name.endswith(SUFFIX) else Path(name).stem


def runs_folder(project_path: str | Path) -> Path:
    """``<folder>/<stem>.runs`` for ``<folder>/<stem>.cnnproj.json``: the runs beside their project."""
    path = Path(project_path)
    return path.with_name(f"{project_stem(path)}.runs")


class _Bad(Exception):
    """A problem at a JSON path; turned into ProjectFileError with the file name attached."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)


# -- migrations ----------------------------------------------------------------------------------------------
def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0, the prototype's format: ``input_shape: [C, H, W]``, layers keyed by ``kind`` with torch's
    class names (``"Conv2d"``), and no ``format`` key."""
    out = dict(data)
    if "input_shape" in out and "input" not in out:
        shape = out.pop("input_shape")
        if isinstance(shape, list) and len(shape) == 3:
            out["input"] = {"channels": shape[0], "height": shape[1], "width": shape[2]}
        else:
            raise _Bad("input_shape", f"must be a [channels, height, width] list, got {shown(shape)}")
    if isinstance(out.get("layers"), list):  # anything else is refused by the layer reader, with the reason
        out["layers"] = [_v0_layer(item) for item in out["layers"]]
    out["format"] = FORMAT
    return out


def _v0_layer(item: Any) -> Any:
    if not isinstance(item, dict) or "kind" not in item:
        return item
    layer = {k: v for k, v in item.items() if k != "kind"}
    kind = str(item["kind"]).lower()
    layer = {"type": kind, **layer}
    for key in ("layers",):
        if isinstance(layer.get(key), list):
            layer[key] = [_v0_layer(child) for child in layer[key]]
    if isinstance(layer.get("branches"), list):
        layer["branches"] = [
            [_v0_layer(c) for c in b] if isinstance(b, list) else b for b in layer["branches"]
        ]
    return layer


# MIGRATIONS[n] turns a version-n document into version n+1; applied in order up to CURRENT_VERSION.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("version", 0 if "format" not in data else None)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise _Bad("version", f"must be a non-negative integer, got {shown(version)}")
    if version > CURRENT_VERSION:
        raise _Bad(
            "",
            f"this project was written by a newer CNN Studio (file version {shown(version)}; this program reads "
            f"versions up to {CURRENT_VERSION}). Update CNN Studio to open it.",
        )
    while version < CURRENT_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["version"] = version
    return data


# -- parsing ------------------------------------------------------------------------------------------------
def project_from_dict(data: Any) -> Project:
    """A validated project from a decoded JSON document (any supported version)."""
    if not isinstance(data, dict):
        raise _Bad("", f"the top level must be a JSON object, got {type(data).__name__}")
    looks_like_v0 = "format" not in data and "layers" in data
    if data.get("format") != FORMAT and not looks_like_v0:
        raise _Bad(
            "format", f"not a CNN Studio project (expected {FORMAT!r}, got {shown(data.get('format'))})"
        )
    data = migrate(dict(data))
    name = data.get("name", "Untitled")
    if not isinstance(name, str):
        raise _Bad("name", f"must be a string, got {shown(name)}")
    _check_layer_count(data.get("layers", []))
    try:
        layers = layers_from_json(data.get("layers", []))
    except SpecError as exc:
        raise _Bad("", exc.message) from None
    return Project(
        name=name,
        input=_input_from(data.get("input")),
        layers=layers,
        dataset=_section(data, "dataset", DEFAULT_DATASET),
        training=_section(data, "training", DEFAULT_TRAINING),
        runs=_runs_from(data.get("runs", [])),
        extra={k: v for k, v in data.items() if k not in KNOWN_KEYS},
    )


# The deepest published CNNs have about a thousand layers; 100,000 still opens (in seconds) and trains. A
# 50 MB file of 2.8 million layers took 43 s to summarise and 5 minutes to open in the window: refused here,
# before a single spec is built, in a fraction of a second.
MAX_LAYERS = 200_000


def _check_layer_count(items: Any) -> None:
    """Refuse a network of more than ``MAX_LAYERS`` layers (blocks' layers included), counted in the JSON."""
    count, stack = 0, [items]
    while stack:
        current = stack.pop()
        if not isinstance(current, list):
            continue
        count += len(current)
        if count > MAX_LAYERS:
            raise _Bad(
                "layers",
                f"has more than {MAX_LAYERS:,} layers; CNN Studio works with networks up to that size",
            )
        for item in current:
            if isinstance(item, dict):
                stack.append(item.get("layers"))
                branches = item.get("branches")
                if isinstance(branches, list):
                    stack.extend(branches)


def _input_from(value: Any) -> InputShape:
    if not isinstance(value, Mapping):
        raise _Bad("input", f"must be an object with channels, height and width, got {shown(value)}")
    numbers = []
    for key in ("channels", "height", "width"):
        n = value.get(key)
        if not is_int(n) or n < 1:
            raise _Bad(
                f"input.{key}", f"must be a positive integer{UP_TO if too_big(n) else ''}, got {shown(n)}"
            )
        numbers.append(n)
    return InputShape(
        *numbers, extra={k: v for k, v in value.items() if k not in ("channels", "height", "width")}
    )


def _section(data: Mapping[str, Any], key: str, default: Mapping[str, Any]) -> dict[str, Any]:
    """The section as written; the default only when it is missing. Training keys that are absent take
    the default's values (docs/file-format.md requires them), but a dataset is kept exactly: shapes' sizes must not
    leak into a ``digits`` or ``folder`` section, and each loader has its own defaults."""
    value = data.get(key)
    if value is None:
        return dict(default)
    if not isinstance(value, Mapping):
        raise _Bad(key, f"must be an object, got {shown(value)}")
    return dict(value) if key == "dataset" else {**default, **value}


def _runs_from(value: Any) -> tuple[dict[str, Any], ...]:
    if not isinstance(value, list) or not all(isinstance(r, Mapping) for r in value):
        raise _Bad("runs", "must be a list of objects")
    return tuple(dict(r) for r in value)


def project_to_dict(project: Project) -> dict[str, Any]:
    out: dict[str, Any] = {
        "format": FORMAT,
        "version": CURRENT_VERSION,
        "name": project.name,
        "input": project.input.to_dict(),
        "layers": [layer.to_dict() for layer in project.layers],
        "dataset": dict(project.dataset),
        "training": dict(project.training),
    }
    if project.runs:
        out["runs"] = [dict(r) for r in project.runs]
    out.update({k: v for k, v in project.extra.items() if k not in out})
    return out


# -- files ---------------------------------------------------------------------------------------------------
def loads(text: str, source: str = "<string>") -> Project:
    data = _decoded(text, source)
    where = _lone_surrogate(data)
    if where is not None:
        raise ProjectFileError(source, f"{where}: contains an escaped half of a character (\\ud800-\\udfff)")
    try:
        return project_from_dict(data)
    except _Bad as exc:
        raise ProjectFileError(source, str(exc)) from None


def _decoded(text: str, source: str) -> Any:
    """The JSON document; its nesting is limited before anything recursive walks it (issue 11.4: a file of
    990 nested brackets ended in RecursionError, a 5,000-digit number in ValueError)."""
    too_deep = ProjectFileError(
        source,
        f"lists and objects are nested more than {MAX_JSON_DEPTH} levels deep "
        f"(a project's blocks nest at most {MAX_NESTING} deep)",
    )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProjectFileError(
            source, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise too_deep from None
    except ValueError:  # Python refuses to read an integer of more than sys.get_int_max_str_digits() digits
        raise ProjectFileError(source, "holds a number with more than 4,300 digits") from None
    if _deeper_than(data, MAX_JSON_DEPTH):
        raise too_deep
    return data


def _deeper_than(value: Any, limit: int) -> bool:
    """True when lists and objects nest more than ``limit`` levels (iterative: no recursion to exhaust)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _lone_surrogate(value: Any, where: str = "") -> str | None:
    """The JSON path of the first text holding a lone surrogate (``"\\ud800"`` decodes to one), else None.

    Such text cannot be written back as UTF-8, so it would break the next save and every printout.
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return where or "the file"
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _lone_surrogate(key, where) or _lone_surrogate(
                item, f"{where}.{key}" if where else str(key)
            )
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _lone_surrogate(item, f"{where}[{index}]")
            if found:
                return found
    return None


def load(path: str | Path) -> Project:
    """Read a project file; every failure is a ``ProjectFileError`` with a one-line reason."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProjectFileError(str(path), "no such file") from None
    except IsADirectoryError:
        raise ProjectFileError(str(path), "is a folder, not a project file") from None
    except OSError as exc:
        raise ProjectFileError(str(path), f"cannot be read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProjectFileError(str(path), f"not UTF-8 text (bad byte at offset {exc.start})") from None
    if not text.strip():
        raise ProjectFileError(str(path), "the file is empty")
    return loads(text, str(path))


def dumps(project: Project) -> str:
    return json.dumps(project_to_dict(project), indent=2, ensure_ascii=False) + "\n"


def save(project: Project, path: str | Path) -> None:
    """Write atomically; on failure raise ``ProjectSaveError`` and leave the previous file as it was."""
    atomic_write_bytes(path, dumps(project).encode("utf-8"))
