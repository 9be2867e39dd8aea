"""Which network a recorded run was made with, so that no view shows one network's data under another's name.

A run record in the project (``{"id", "number" or "name", "folder", "network"}``) carries the fingerprint of the network
(input shape and layers) the run trained; the run folder keeps that network itself
(``network.cnnproj.json``, see ``training.trained_run``). Comparing fingerprints tells, without reading a
file or importing torch, whether a run belongs to the network now in the editor: after an edit, the older
run's maps are shown under its own layer names and marked, never under the edited network's names.
Training settings are not part of the network: a run made at another learning rate is still this network's.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cnnstudio.core.project import Project

FINGERPRINT_KEY = "network"
NUMBER_KEY = "number"
# The default names older versions stored, in each language the window spoke ("Run 3", "第 3 次训练").
_OLD_DEFAULT_NAMES = (re.compile(r"Run (\d+)"), re.compile(r"第\s*(\d+)\s*次训练"))


def network_fingerprint(project: Project) -> str:
    """A short, stable digest of the network: its input shape and its layers with every field."""
    network = {"input": project.input.to_dict(), "layers": [layer.to_dict() for layer in project.layers]}
    text = json.dumps(network, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:20]


def same_network(a: Project, b: Project) -> bool:
    """True when both projects have the same network (settings, dataset and name may differ)."""
    return a.input == b.input and a.layers == b.layers


def run_matches(record: Mapping[str, Any], project: Project) -> bool | None:
    """Whether the recorded run was made with ``project``'s network; None when the record does not say
    (runs recorded before fingerprints were kept: their network is read from their folder instead)."""
    recorded = record.get(FINGERPRINT_KEY)
    if not isinstance(recorded, str) or not recorded:
        return None
    return recorded == network_fingerprint(project)


def record_folder(record: Mapping[str, Any], project_path: str | Path | None) -> Path | None:
    """Where a recorded run's files are: its recorded folder when it exists, else beside the project under
    the run's id (a project moved with its runs folder); None when neither can be said."""
    from cnnstudio.core.project_file import runs_folder

    recorded = Path(str(record.get("folder", "")))
    if record.get("folder") and recorded.is_dir():
        return recorded
    if project_path is None or not record.get("id"):
        return None
    return runs_folder(project_path) / str(record["id"])


def default_run_number(record: Mapping[str, Any]) -> int | None:
    """The number of a run that keeps its default name, None when the user named it.

    A new record stores its number and no name, so the window says "Run 3" or "第 3 次训练" in whatever
    language it speaks now; a name beside a number is one the user typed. Older records stored the default
    name in the language of the day: those names, in either language, are read as numbers too.
    """
    name = record.get("name")
    number = record.get(NUMBER_KEY)
    if not name:
        return number if isinstance(number, int) and not isinstance(number, bool) else None
    if number is not None:
        return None
    for pattern in _OLD_DEFAULT_NAMES:
        match = pattern.fullmatch(str(name).strip())
        if match:
            return int(match.group(1))
    return None


def run_label(record: Mapping[str, Any], default: str = "Run {0}") -> str:
    """The name a run is shown and found by: the user's name, else ``default`` with its number (the
    window passes its translation of "Run {0}"), else the run's id."""
    number = default_run_number(record)
    if number is not None:
        return default.format(number)
    return str(record.get("name") or record.get("id") or "")
