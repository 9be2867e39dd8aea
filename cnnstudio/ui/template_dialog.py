"""New from template: the built-in templates with what each one teaches and its size."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core.project import Project
from cnnstudio.core.templates import TEMPLATES


class TemplateDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New from template"))
        self.project: Project | None = None
        self.list = QListWidget()
        self.detail = QLabel(wordWrap=True)
        self.detail.setMinimumHeight(80)
        for name, template in TEMPLATES.items():
            item = QListWidgetItem(f"{template.title}   ({name})")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.detail)
        layout.addWidget(buttons)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.setCurrentRow(0)
        self.resize(560, 480)

    def _on_current_changed(self, item: QListWidgetItem | None, _previous) -> None:
        if item is None:
            return
        template = TEMPLATES[item.data(Qt.ItemDataRole.UserRole)]
        self.project = template.make()
        report = self.project.report
        self.detail.setText(
            self.tr("<b>{0}</b><br>{1}<br>Input {2} · {3:,} parameters").format(
                template.title,
                template.description,
                " x ".join(map(str, report.input_shape)),
                report.total_params,
            )
        )

    def choose(self, name: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentRow(row)
