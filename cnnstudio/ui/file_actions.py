"""Files as a user expects them: new, open, save, recent files, the unsaved-changes prompt, autosave.

Kept apart from the window so that the rules (which file names, what is offered after a crash) are tested
without menus. Every failure ends in a message box with the core's one-line reason; nothing is lost.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from cnnstudio.core import project_file as files
from cnnstudio.core.errors import CoreError, ProjectFileError, ProjectSaveError
from cnnstudio.core.project import Project
from cnnstudio.ui.document import ProjectDocument

MAX_RECENT = 8
FILE_FILTER = "CNN Studio projects (*.cnnproj.json *.json);;All files (*)"
AUTOSAVE_MS = 30_000


def recent_files(settings: QSettings) -> list[str]:
    value = settings.value("recent_files", [])
    items = [value] if isinstance(value, str) else list(value or [])
    return [p for p in items if Path(p).exists()][:MAX_RECENT]


def remember_recent(settings: QSettings, path: Path) -> list[str]:
    items = [str(path)] + [p for p in recent_files(settings) if p != str(path)]
    settings.setValue("recent_files", items[:MAX_RECENT])
    return items[:MAX_RECENT]


def autosave_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".local" / "share" / "cnnstudio") / "autosave"


class FileActions(QObject):
    """Open/save/new for one document and window; knows the recent list and the autosave."""

    def __init__(self, document: ProjectDocument, window: QWidget, settings: QSettings) -> None:
        super().__init__(window)
        self.doc = document
        self.window = window
        self.settings = settings
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.write_autosave)
        self._autosave.start()

    # -- prompts ------------------------------------------------------------------------------------------
    def may_discard(self) -> bool:
        """True if the current project may be replaced: saved, or the user chose Save or Discard."""
        if not self.doc.is_modified():
            return True
        answer = QMessageBox.question(
            self.window,
            self.tr("Unsaved changes"),
            self.tr("Save the changes to “{0}” first?").format(self.doc.project.name),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _error(self, title: str, error: CoreError) -> None:
        QMessageBox.critical(self.window, title, str(error))

    # -- actions ---------------------------------------------------------------------------------------------
    def new(self, project: Project) -> bool:
        if not self.may_discard():
            return False
        self.discard_autosave()
        self.doc.replace_all(project, None)
        return True

    def ask_open_path(self) -> str:
        """The project file the user picks to open, or "" when they cancel."""
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Open project"), self._folder(), FILE_FILTER
        )
        return path

    def open(self, path: str | Path | None = None) -> bool:
        path = path or self.ask_open_path()
        if not path:
            return False
        if not self.may_discard():
            return False
        try:
            self.doc.open(Path(path))
        except ProjectFileError as exc:
            self._error(self.tr("Cannot open project"), exc)
            return False
        self.discard_autosave()
        remember_recent(self.settings, Path(path))
        return True

    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self._save_to(self.doc.path)

    def save_as(self) -> bool:
        suggestion = str(Path(self._folder()) / f"{self.doc.project.name or 'project'}{files.SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Save project as"), suggestion, FILE_FILTER
        )
        if not path:
            return False
        if not path.endswith(".json"):
            path += files.SUFFIX
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        try:
            self.doc.save(path)
        except ProjectSaveError as exc:
            self._error(self.tr("Cannot save project"), exc)
            return False
        self.discard_autosave()
        remember_recent(self.settings, path)
        return True

    def _folder(self) -> str:
        recent = recent_files(self.settings)
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    # -- autosave -----------------------------------------------------------------------------------------------
    def _autosave_path(self) -> Path:
        key = str(self.doc.path) if self.doc.path else f"unsaved-{os.getpid()}"
        return autosave_folder() / (hashlib.sha1(key.encode()).hexdigest()[:16] + files.SUFFIX)

    def write_autosave(self) -> Path | None:
        """Keep a copy of unsaved edits where a crash cannot take them (never over the user's file)."""
        if not self.doc.is_modified():
            return None
        target = self._autosave_path()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            files.save(
                self.doc.project.replace(
                    extra={**self.doc.project.extra, "autosave_of": str(self.doc.path or "")}
                ),
                target,
            )
        except (OSError, ProjectSaveError):
            return None
        return target

    def discard_autosave(self) -> None:
        self._autosave_path().unlink(missing_ok=True)

    def offer_recovery(self) -> bool:
        """After a crash: offer the newest autosave back (Restore / Discard). True if restored."""
        folder = autosave_folder()
        found = sorted(folder.glob(f"*{files.SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
        if not found or os.environ.get("CNNSTUDIO_NO_AUTOSAVE_PROMPT"):
            return False
        newest = found[0]
        try:
            project = files.load(newest)
        except ProjectFileError:
            newest.unlink(missing_ok=True)
            return False
        original = str(project.extra.get("autosave_of") or "")
        answer = QMessageBox.question(
            self.window,
            self.tr("Recover unsaved work"),
            self.tr("CNN Studio did not close normally. Restore the unsaved changes to “{0}”?").format(
                original or project.name
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Yes,
        )
        for path in found:
            path.unlink(missing_ok=True)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        extra = {k: v for k, v in project.extra.items() if k != "autosave_of"}
        self.doc.replace_all(project.replace(extra=extra), Path(original) if original else None)
        self.doc.push(self.doc.project, self.tr("Restore unsaved changes"))  # marks it modified
        return True

    def clean_exit(self) -> None:
        self.discard_autosave()
        self._autosave.stop()
