"""The open project as a Qt document: the one place the GUI changes a project.

Every edit is a ``QUndoCommand`` that swaps one immutable ``Project`` for another, so undo is exact and cheap
(specs are shared between versions). Views subscribe to ``changed(old, new)``, skip when their part of the
project is the same, and re-read ``project`` (and its cached ``report``); they never edit the project
themselves and never compute a shape (docs/architecture.md, "How an edit flows").
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from cnnstudio.core import edits
from cnnstudio.core import project_file as files
from cnnstudio.core.file_stamp import FileStamp, changed_since, stamp
from cnnstudio.core.project import InputShape, Project, default_project
from cnnstudio.core.specs import LayerSpec


def _title(spec: LayerSpec) -> str:
    """The layer's name as the palette shows it ("ReLU", "Residual block"), for the Undo menu."""
    from cnnstudio.core.labels import TITLES
    from cnnstudio.ui.core_text import translate_core

    return translate_core(TITLES.get(spec.type, spec.type))


class _SetProject(QUndoCommand):
    """Replace the project with ``new``; consecutive edits with the same ``merge_key`` merge into one step."""

    def __init__(self, doc: ProjectDocument, new: Project, text: str, merge_key: object = None) -> None:
        super().__init__(text)
        self._doc = doc
        self._old = doc.project
        self._new = new
        self._merge_key = merge_key

    def id(self) -> int:
        return 1 if self._merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _SetProject) or other._merge_key != self._merge_key:
            return False
        self._new = other._new
        return True

    # Runs are records of what happened, not edits: undoing a layer change must not forget a run made since.
    def redo(self) -> None:
        self._doc._apply(self._new.replace(runs=self._doc.project.runs))

    def undo(self) -> None:
        self._doc._apply(self._old.replace(runs=self._doc.project.runs))


class ProjectDocument(QObject):
    # The project value changed (an edit, an undo, a load): (old, new) Projects, so that a view can skip when
    # its part is the same (both are immutable; unchanged parts are shared, so comparing them is cheap).
    changed = Signal(object, object)
    file_state_changed = Signal()  # path or modified flag changed: the window title follows
    selection_changed = Signal(object)  # the selected layer path (tuple) or None
    replaced = Signal()  # another project altogether (new, opened, recovered): views drop what they showed

    def __init__(
        self, project: Project | None = None, path: Path | None = None, parent: QObject | None = None
    ):
        super().__init__(parent)
        self._project = project or default_project()
        self._path = path
        self.disk_stamp: FileStamp | None = stamp(path) if path is not None else None  # as opened or saved
        self._runs_changed = False  # run records added, renamed or removed since the last save
        self._unsaved_outside_undo = False  # edits restored after a crash: no undo step may make them "saved"
        self._selected: tuple[int, ...] | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    def _on_clean_changed(self, _clean: bool) -> None:
        self.file_state_changed.emit()

    # -- state ------------------------------------------------------------------------------------------------
    @property
    def project(self) -> Project:
        return self._project

    @property
    def path(self) -> Path | None:
        return self._path

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean() or self._runs_changed or self._unsaved_outside_undo

    def mark_modified(self) -> None:
        """The project differs from its file in a way no undo step reverts (edits restored after a crash):
        it stays modified until saved, whatever is undone."""
        self._unsaved_outside_undo = True
        self.file_state_changed.emit()

    @property
    def selected_path(self) -> tuple[int, ...] | None:
        return self._selected

    def select(self, path: tuple[int, ...] | None) -> None:
        if path != self._selected:
            self._selected = path
            self.selection_changed.emit(path)

    def selected_spec(self) -> LayerSpec | None:
        if self._selected is None:
            return None
        try:
            return edits.get_at(self._project.layers, self._selected)
        except (IndexError, TypeError):
            return None

    def _apply(self, project: Project) -> None:
        old, self._project = self._project, project
        if self._selected is not None and self.selected_spec() is None:
            self._selected = None
            self.selection_changed.emit(None)
        self.changed.emit(old, project)

    # -- edits (each one undo step) ----------------------------------------------------------------------------
    def push(self, project: Project, text: str, merge_key: object = None) -> None:
        self.undo_stack.push(_SetProject(self, project, text, merge_key))

    def insert_layer(self, path: tuple[int, ...], spec: LayerSpec) -> None:
        self.push(
            self._project.with_layers(edits.insert_at(self._project.layers, path, spec)),
            self.tr("Add {0}").format(_title(spec)),
        )
        self.select(path)

    def remove_layer(self, path: tuple[int, ...]) -> None:
        spec = edits.get_at(self._project.layers, path)
        self.select(None)
        self.push(
            self._project.with_layers(edits.remove_at(self._project.layers, path)),
            self.tr("Delete {0}").format(_title(spec)),
        )

    def move_layer(self, source: tuple[int, ...], target: tuple[int, ...]) -> tuple[int, ...]:
        spec = edits.get_at(self._project.layers, source)
        layers, final = edits.move(self._project.layers, source, target)
        self.push(self._project.with_layers(layers), self.tr("Move {0}").format(_title(spec)))
        self.select(final)
        return final

    def duplicate_layer(self, path: tuple[int, ...]) -> None:
        spec = edits.get_at(self._project.layers, path)
        copy_path = (*path[:-1], path[-1] + 1)
        self.push(
            self._project.with_layers(edits.insert_at(self._project.layers, copy_path, spec)),
            self.tr("Duplicate {0}").format(_title(spec)),
        )
        self.select(copy_path)

    def replace_layer(
        self, path: tuple[int, ...], spec: LayerSpec, text: str, merge_key: object = None
    ) -> None:
        self.push(
            self._project.with_layers(edits.replace_at(self._project.layers, path, spec)), text, merge_key
        )

    def set_field(self, path: tuple[int, ...], name: str, value: Any) -> str | None:
        """Set one field of the layer at ``path``; returns the field's error (and changes nothing) if invalid.

        Successive changes of the same field merge into one undo step, so dragging a spin box is one undo.
        """
        spec = edits.get_at(self._project.layers, path)
        new = spec.with_field(name, value)
        problems = [msg for field, msg in new.field_errors() if field == name]
        if problems:
            return f"{name}: {problems[0]}"
        if new != spec:
            self.replace_layer(
                path, new, self.tr("Change {0} {1}").format(_title(spec), name), merge_key=(path, name)
            )
        return None

    def add_branch(self, path: tuple[int, ...]) -> None:
        self.push(
            self._project.with_layers(edits.add_branch(self._project.layers, path)), self.tr("Add branch")
        )

    def set_input(self, shape: InputShape) -> None:
        self.push(self._project.replace(input=shape), self.tr("Change input size"), merge_key="input")

    def set_name(self, name: str) -> None:
        self.push(self._project.replace(name=name), self.tr("Rename project"), merge_key="name")

    def set_dataset(self, dataset: Mapping[str, Any]) -> None:
        self.push(
            self._project.replace(dataset=dict(dataset)), self.tr("Change dataset"), merge_key="dataset"
        )

    def set_training(self, training: Mapping[str, Any]) -> None:
        self.push(
            self._project.replace(training=dict(training)),
            self.tr("Change training settings"),
            merge_key="training",
        )

    # -- run references (the histories themselves live beside the project file) ---------------------------------
    def add_run(self, record: Mapping[str, Any]) -> None:
        self._set_runs((*self._project.runs, dict(record)))

    def rename_run(self, run_id: str, name: str) -> None:
        self._set_runs(tuple({**r, "name": name} if r.get("id") == run_id else r for r in self._project.runs))

    def remove_run(self, run_id: str) -> None:
        """Forget a run (its folder stays on disk, so nothing is lost by a wrong click)."""
        self._set_runs(tuple(r for r in self._project.runs if r.get("id") != run_id))

    def mark_clean(self) -> None:
        """Treat the current state as saved (scripts and demos that close the window without asking)."""
        self._runs_changed = self._unsaved_outside_undo = False
        self.undo_stack.setClean()
        self.file_state_changed.emit()

    def _set_runs(self, runs: tuple[Mapping[str, Any], ...]) -> None:
        """Run records change outside the undo stack (see ``_SetProject``) but still need saving."""
        self._apply(self._project.replace(runs=runs))
        self._runs_changed = True
        self.file_state_changed.emit()

    def runs_folder(self) -> Path:
        """Where this project's run histories and checkpoints live: beside the file, or in a cache folder."""
        if self._path is not None:
            return files.runs_folder(self._path)
        from PySide6.QtCore import QStandardPaths

        cache = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
        return Path(cache or Path.home() / ".cache" / "cnnstudio") / "unsaved.runs"

    # -- files ------------------------------------------------------------------------------------------------
    def replace_all(self, project: Project, path: Path | None, disk: FileStamp | None = None) -> None:
        """A new or opened project: not undoable, clean. ``disk`` is the file as it was read (see
        :meth:`changed_on_disk`); by default the file as it is now."""
        self._path = path
        self.disk_stamp = disk if disk is not None or path is None else stamp(path)
        self._runs_changed = self._unsaved_outside_undo = False
        self.select(None)
        self.undo_stack.clear()
        self._apply(project)
        self.replaced.emit()
        self.file_state_changed.emit()

    def open(self, path: Path) -> None:
        """Load ``path``; raises ``ProjectFileError`` (one-line message) and keeps the current project if bad."""
        disk = stamp(path)
        project = files.load(path)
        self.replace_all(project, Path(path), disk)

    def changed_on_disk(self) -> bool:
        """True when the file now holds other bytes than when it was opened or last saved here (another
        window or program saved it): saving over it would lose that work without a word."""
        return self._path is not None and changed_since(self._path, self.disk_stamp)

    def save(self, path: Path | None = None) -> None:
        """Save atomically; raises ``ProjectSaveError`` and leaves the file and the document as they were."""
        target = Path(path) if path is not None else self._path
        if target is None:
            raise ValueError("no file name yet: use save(path)")
        self._move_runs_beside(target)
        files.save(self._project, target)
        self._path = target
        self.disk_stamp = stamp(target)
        self._runs_changed = self._unsaved_outside_undo = False
        self.undo_stack.setClean()
        self.file_state_changed.emit()

    def _move_runs_beside(self, target: Path) -> None:
        """Runs made before the first save (or before a Save As) move into the new file's runs folder."""
        old_base = self.runs_folder()
        new_base = files.runs_folder(target)
        if old_base == new_base or not self._project.runs:
            return
        moved = []
        for record in self._project.runs:
            folder = Path(str(record.get("folder", "")))
            if record.get("folder") and folder.is_dir() and folder.parent == old_base:
                destination = new_base / folder.name
                try:
                    new_base.mkdir(parents=True, exist_ok=True)
                    shutil.move(str(folder), str(destination))
                except OSError:
                    moved.append(dict(record))  # left where it was: the record still finds it
                    continue
                moved.append({**record, "folder": str(destination)})
            else:
                moved.append(dict(record))
        self._apply(self._project.replace(runs=tuple(moved)))

    def title(self) -> str:
        """Window title: file name (or project name) with ``*`` when there are unsaved changes (Qt's marker)."""
        name = self._path.name if self._path else self.tr("{0} (unsaved)").format(self._project.name)
        return f"{name}[*] — CNN Studio"
