"""Files as a user expects them: new, open, save, recent files, the unsaved-changes prompt, autosave.

Kept apart from the window so that the rules (which file names, what is offered after a crash) are tested
without menus. Every failure ends in a message box with the core's one-line reason; nothing is lost.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from cnnstudio.core import project_file as files
from cnnstudio.core.errors import CoreError, ProjectFileError, ProjectSaveError
from cnnstudio.core.project import Project
from cnnstudio.ui.autosave import AutosaveSlot, Recovered, crashed_autosaves, same_file
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.recovery_dialog import RecoveryDialog, ask_about_file_autosave, ask_overwrite_changed

MAX_RECENT = 8
AUTOSAVE_MS = 30_000


def recent_files(prefs: QSettings) -> list[str]:
    value = prefs.value("recent_files", [])
    items = [value] if isinstance(value, str) else list(value or [])
    return [p for p in items if Path(p).exists()][:MAX_RECENT]


def remember_recent(prefs: QSettings, path: Path) -> list[str]:
    items = [str(path)] + [p for p in recent_files(prefs) if p != str(path)]
    prefs.setValue("recent_files", items[:MAX_RECENT])
    return items[:MAX_RECENT]


def autosave_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".local" / "share" / "cnnstudio") / "autosave"


class FileActions(QObject):
    """Open/save/new for one document and window; knows the recent list and the autosave."""

    def __init__(self, document: ProjectDocument, window: QWidget, prefs: QSettings) -> None:
        super().__init__(window)
        self.doc = document
        self.window = window
        self.prefs = prefs
        self.autosave = AutosaveSlot(autosave_folder())
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

    def file_filter(self) -> str:
        """The file dialogs' filter, in the window's language (a module constant stayed English)."""
        return self.tr("CNN Studio projects (*.cnnproj.json *.json)") + ";;" + self.tr("All files (*)")

    def ask_open_path(self) -> str:
        """The project file the user picks to open, or "" when they cancel."""
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Open project"), self._folder(), self.file_filter()
        )
        return path

    def open(self, path: str | Path | None = None) -> bool:
        path = path or self.ask_open_path()
        if not path:
            return False
        if not self.may_discard():
            return False
        path = Path(
            path
        ).absolute()  # `cnnstudio-gui FILE` gives it relative: recent files and runs need it whole
        try:
            self.doc.open(path)
        except ProjectFileError as exc:
            self._error(self.tr("Cannot open project"), exc)
            return False
        self.discard_autosave()
        remember_recent(self.prefs, Path(path))
        self._offer_file_autosave(Path(path))
        return True

    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self._save_to(self.doc.path)

    def save_as(self) -> bool:
        suggestion = str(Path(self._folder()) / f"{self.doc.project.name or 'project'}{files.SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Save project as"), suggestion, self.file_filter()
        )
        if not path:
            return False
        if not path.endswith(".json"):
            path += files.SUFFIX
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        if same_file(path, self.doc.path) and self.doc.changed_on_disk():
            answer = ask_overwrite_changed(self.window, path.name)
            if answer == QMessageBox.StandardButton.No:
                return self.save_as()
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            self.doc.save(path)
        except ProjectSaveError as exc:
            self._error(self.tr("Cannot save project"), exc)
            return False
        self.discard_autosave()
        remember_recent(self.prefs, path)
        return True

    def _folder(self) -> str:
        recent = recent_files(self.prefs)
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    # -- autosave ---------------------------------------------------------------------------------------------
    def write_autosave(self) -> Path | None:
        """Keep a copy of unsaved edits where a crash cannot take them (never over the user's file)."""
        if not self.doc.is_modified():
            self.autosave.remove()  # undone back to the saved state: nothing to recover
            return None
        return self.autosave.write(self.doc.project, self.doc.path, self.doc.disk_stamp)

    def discard_autosave(self) -> None:
        self.autosave.remove()

    def offer_recovery(self) -> bool:
        """At a start without a file: list every autosave a crash left (never a running window's) and
        restore the one the user picks. True if one was restored."""
        if os.environ.get("CNNSTUDIO_NO_AUTOSAVE_PROMPT"):
            return False
        found = crashed_autosaves(autosave_folder())
        if not found:
            return False
        dialog = RecoveryDialog(found, self.window)
        if not dialog.exec() or dialog.chosen is None:
            return False
        self._restore(dialog.chosen)
        return True

    def _offer_file_autosave(self, path: Path) -> bool:
        """After opening ``path``: offer the unsaved changes a crashed window kept for it. True if restored."""
        if os.environ.get("CNNSTUDIO_NO_AUTOSAVE_PROMPT"):
            return False
        mine = [r for r in crashed_autosaves(autosave_folder()) if same_file(r.original, path)]
        for recovered in mine:  # newest first; each is asked about, none is dropped unasked
            answer = ask_about_file_autosave(self.window, recovered)
            if answer == QMessageBox.StandardButton.Yes:
                self._restore(recovered)
                return True
            if answer == QMessageBox.StandardButton.Discard:
                recovered.forget()
        return False

    def _restore(self, recovered: Recovered) -> None:
        """Put the crashed window's edits in this window; they become this window's autosave before the
        old file goes, so a second crash loses nothing either."""
        self.doc.replace_all(recovered.project, recovered.original, recovered.disk)
        self.doc.mark_modified()
        if self.write_autosave() is not None:
            recovered.forget()

    def clean_exit(self) -> None:
        self.autosave.close()
        self._autosave.stop()
