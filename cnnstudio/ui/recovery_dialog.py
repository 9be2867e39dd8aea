"""The questions about autosaves a crash left: which to restore, which to delete, and what to keep for later.

Every crashed autosave is listed (two windows may have crashed, each with its own edits); the user restores
one into this window, deletes those they do not want, or keeps them all for the next start. Nothing is
deleted without a click on Delete.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.ui.autosave import Recovered


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecoveryDialog", text)


def describe(recovered: Recovered) -> str:
    """One line: the project, its file (or that it was never saved) and when the edits were kept."""
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(recovered.written))
    if recovered.original is not None:
        return _tr("“{0}” ({1}), unsaved changes kept at {2}").format(
            recovered.project.name, recovered.original.name, when
        )
    return _tr("“{0}” (never saved), kept at {1}").format(recovered.project.name, when)


class RecoveryDialog(QDialog):
    """Restore one crashed autosave into this window, delete some, or keep them for later.

    ``chosen`` is the autosave to restore once the dialog is accepted; ``deleted`` lists those deleted.
    """

    def __init__(self, found: list[Recovered], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recover unsaved work"))
        self.found = list(found)
        self.chosen: Recovered | None = None
        self.deleted: list[Recovered] = []
        intro = QLabel(
            self.tr(
                "CNN Studio did not close normally. These unsaved changes were kept; restore one into this "
                "window, or keep them for the next start."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        for recovered in self.found:
            item = QListWidgetItem(describe(recovered))
            item.setToolTip(str(recovered.original or recovered.path))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(self.tr("Restore"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.later_button = QPushButton(self.tr("Keep for later"))
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.restore_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.later_button.clicked.connect(self.reject)
        self.restore_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(560, 300)

    def _selected(self) -> Recovered | None:
        row = self.list.currentRow()
        return self.found[row] if 0 <= row < len(self.found) else None

    def restore_selected(self) -> None:
        self.chosen = self._selected()
        if self.chosen is not None:
            self.accept()

    def delete_selected(self, confirm: bool = True) -> None:
        """Delete the selected autosave's edits, after asking (they cannot be brought back)."""
        recovered = self._selected()
        if recovered is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Delete unsaved changes"),
                self.tr("Delete {0}? They cannot be brought back.").format(describe(recovered)),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        recovered.forget()
        self.deleted.append(recovered)
        row = self.list.currentRow()
        self.found.pop(row)
        self.list.takeItem(row)
        if not self.found:
            self.reject()


def ask_about_file_autosave(parent: QWidget, recovered: Recovered) -> QMessageBox.StandardButton:
    """Opening a file whose window crashed with unsaved changes: Yes restores them, No opens the file as
    saved and keeps them for later, Discard deletes them."""
    return QMessageBox.question(
        parent,
        _tr("Recover unsaved work"),
        _tr(
            "A CNN Studio window that did not close normally kept unsaved changes to this file:\n{0}\n\n"
            "Yes: restore them. No: open the file as saved and keep them for later. Discard: delete them."
        ).format(describe(recovered)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Discard,
        QMessageBox.StandardButton.Yes,
    )


def ask_overwrite_changed(parent: QWidget, name: str) -> QMessageBox.StandardButton:
    """Saving over a file that changed on disk since it was opened: Yes overwrites, No saves under another
    name, Cancel saves nothing."""
    return QMessageBox.question(
        parent,
        _tr("File changed on disk"),
        _tr(
            "“{0}” was changed on disk after you opened it (by another window or program). Saving now "
            "replaces those changes with yours.\n\nYes: overwrite it. No: save yours under another name."
        ).format(name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
