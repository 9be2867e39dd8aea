"""The Python API for notebooks and scripts (``import cnnstudio``; docs/api.md).

``cnnstudio`` exposes these names lazily (``cnnstudio/__init__.py``): ``import cnnstudio`` imports neither
torch nor Qt, and ``load`` and ``Project.summary()`` never do; ``build`` and ``from_module`` load torch when
called, ``open_in_studio`` starts the window in a process of its own.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnnstudio.core import project as core_project
from cnnstudio.core import project_file as files
from cnnstudio.core.summary_view import Summary

if TYPE_CHECKING:
    from torch import nn


@dataclasses.dataclass(frozen=True)
class Project(core_project.Project):
    """The core's project with what a notebook adds: ``summary()``. (On the core class it would make the core
    import its own summary module from the project module, a cycle the architecture forbids.)"""

    def summary(self) -> Summary:
        """The layer table: ``print()`` it in a terminal; Jupyter shows it as an HTML table."""
        return Summary(self)

    @classmethod
    def of(cls, project: core_project.Project) -> Project:
        if isinstance(project, cls):
            return project
        return cls(**{f.name: getattr(project, f.name) for f in dataclasses.fields(project)})


def load(path: str | Path) -> Project:
    """The project in a ``.cnnproj.json`` file (``ProjectFileError`` names the problem and its place)."""
    return Project.of(files.load(path))


def save(project: core_project.Project, path: str | Path) -> None:
    """Write ``project`` atomically (``ProjectSaveError`` on failure)."""
    files.save(project, path)


def build(project: core_project.Project | str | Path) -> nn.Module:
    """The project's network as a torch module with fresh weights (index ``i`` is layer ``i``)."""
    from cnnstudio.training.build import build_model

    return build_model(project if isinstance(project, core_project.Project) else load(project))


def from_module(module: nn.Module, input_shape: Sequence[int], name: str | None = None) -> Project:
    """``module`` (taking images of ``input_shape``, C x H x W) as a project, as ``cnnstudio import`` does:
    traced with torch.fx, checked to compute the same output; ``ImportFailed`` names a part it cannot take."""
    from cnnstudio.training.importers.from_module import from_module as import_module

    return Project.of(import_module(module, input_shape, name or type(module).__name__).project)


def open_in_studio(
    what: core_project.Project | str | Path | nn.Module, input_shape: Sequence[int] | None = None
) -> subprocess.Popen:
    """Open a project, a project file or a module (imported first, with ``input_shape``) in a new window.

    The window runs in its own process, so the notebook's kernel stays free; the process is returned. A
    project or module is written to a temporary file first (File > Save as keeps it elsewhere).
    """
    path = _as_file(what, input_shape)
    return subprocess.Popen([sys.executable, "-m", "cnnstudio", str(path)], start_new_session=True)


def _as_file(what: Any, input_shape: Sequence[int] | None) -> Path:
    if isinstance(what, (str, Path)):
        return Path(what)
    if not isinstance(what, core_project.Project):
        if input_shape is None:
            raise ValueError("open_in_studio(module) needs input_shape=(C, H, W)")
        what = from_module(what, input_shape)
    folder = Path(tempfile.mkdtemp(prefix="cnnstudio-"))
    stem = re.sub(r"[^\w.-]+", "_", what.name).strip("._") or "project"  # a name is not a safe file name
    path = folder / f"{stem}{files.SUFFIX}"
    save(what, path)
    return path
