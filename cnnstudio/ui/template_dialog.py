"""New from template: the built-in templates with what each one teaches and its size."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core.project import Project
from cnnstudio.core.templates import CS231N_ARGUMENTS, TEMPLATES, cs231n_pattern
from cnnstudio.ui.core_text import layer_place, translate_core
from cnnstudio.ui.theme import Tone, literal, set_themed_text, toned_span

GENERATOR = "cs231n"  # the template whose numbers are arguments, set in the form under the list


class TemplateDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New from template"))
        self.project: Project | None = None
        self.list = QListWidget()
        # Five templates in view whatever the font: presenter mode's left two and a half.
        self.list.setMinimumHeight(5 * self.list.fontMetrics().lineSpacing() + 12)
        self.detail = QLabel(wordWrap=True)
        self.detail.setMinimumHeight(80)
        for name, template in TEMPLATES.items():
            item = QListWidgetItem(translate_core(template.title))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(self.tr("Command line: cnnstudio template {0}").format(name))
            self.list.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self._build_arguments())
        layout.addWidget(buttons)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.setCurrentRow(0)
        self.resize(560, 480)

    def _build_arguments(self) -> QGroupBox:
        """Spin boxes and check boxes for the cs231n pattern's numbers (N, M, K, widths, input, classes)."""
        self.arguments = QGroupBox(self.tr("INPUT -> [[CONV -> RELU]*N -> POOL?]*M -> [FC -> RELU]*K -> FC"))
        form = QFormLayout(self.arguments)
        self.argument_editors: dict[str, QSpinBox | QCheckBox] = {}
        for arg in CS231N_ARGUMENTS:
            if isinstance(arg.default, bool):
                editor = QCheckBox()
                editor.setChecked(arg.default)
                editor.toggled.connect(self._on_arguments_changed)
            else:
                editor = QSpinBox()
                editor.setRange(arg.minimum, arg.maximum)
                editor.setValue(arg.default)
                editor.valueChanged.connect(self._on_arguments_changed)
            help_text = translate_core(arg.help)
            editor.setToolTip(help_text)
            label = QLabel(translate_core(arg.label))  # words, not the raw n, m, k, fc_width
            label.setToolTip(help_text)
            form.addRow(label, editor)
            self.argument_editors[arg.name] = editor
        self.arguments.setVisible(False)
        return self.arguments

    def argument_values(self) -> dict[str, int | bool]:
        return {
            name: editor.isChecked() if isinstance(editor, QCheckBox) else editor.value()
            for name, editor in self.argument_editors.items()
        }

    def _on_arguments_changed(self, *_args) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._on_current_changed(item, None)

    def _on_current_changed(self, item: QListWidgetItem | None, _previous) -> None:
        if item is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        template = TEMPLATES[name]
        self.arguments.setVisible(name == GENERATOR)
        project = cs231n_pattern(**self.argument_values()) if name == GENERATOR else template.make()
        self.project = project.replace(name=translate_core(project.name))  # "形状 CNN" for a Chinese class
        report = self.project.report
        about = self.tr("<b>{0}</b><br>{1}<br>Input {2} · {3:,} parameters").format(
            translate_core(template.title),
            translate_core(template.description),
            " x ".join(map(str, report.input_shape)),
            report.total_params,
        )
        set_themed_text(
            self.detail, literal(about) + self._problem_text(report)
        )  # red again after a scheme switch

    def _problem_text(self, report) -> str:
        """The first layer that cannot work, as a ``set_themed_text`` piece in the error tone."""
        bad = report.first_error()
        if bad is None:
            return ""
        where = layer_place(self.project.layers, bad.path)
        text = self.tr("{0}: {1}").format(where, translate_core(bad.message))
        return "<br>" + toned_span(Tone.ERROR, html.escape(text))

    def choose(self, name: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentRow(row)
