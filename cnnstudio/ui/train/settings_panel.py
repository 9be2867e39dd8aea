"""The training panel: dataset, split, augmentation, optimiser, schedule, regularisation and device.

Every widget writes straight into the document as an undoable edit (one undo step per field, merged while
a spin box is being turned) and re-reads the document when it changes, so Undo, opening a file and the
command line all see the same settings. A bad combination is shown under the fields with the core's own
message and blocks Start, the way a bad layer does.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core.dataset_catalog import DATASET_NAMES, DESCRIPTIONS
from cnnstudio.core.errors import CoreError
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.ui.choice_text import choice_text
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.theme import Tone, set_text_colour
from cnnstudio.ui.train import settings_fields as fields
from cnnstudio.ui.widgets.signal_blocking import signals_blocked
from cnnstudio.ui.widgets.spin_value import show_value


def _t(text: str) -> str:
    return QCoreApplication.translate(fields.CONTEXT, text)


class SettingsPanel(QWidget):
    """Forms for the project's ``dataset`` and ``training`` sections; ``problem()`` says what blocks Start."""

    problem_changed = Signal(str)  # "" when the settings can train

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        self.editors: dict[tuple[str, str], QWidget] = {}
        self._rows: dict[tuple[str, str], tuple[QLabel, QWidget]] = {}
        self._notes: dict[tuple[str, str], QLabel] = {}  # grey lines under fields (the loss's formula)
        self._forms: dict[str, QFormLayout] = {}
        self._problem = ""
        self._shown: tuple[dict, dict] | None = None  # the sections the widgets show now
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._dataset_box())
        for group in fields.GROUPS:
            form = self._forms[group] = QFormLayout()
            if group == fields.DATA:
                self.data_box.layout().addLayout(form)
                continue
            box = QGroupBox(_t(group))
            box.setLayout(form)
            layout.addWidget(box)
        for field in fields.FIELDS:
            self._add_field(field)
        self.problem_label = QLabel(wordWrap=True)
        set_text_colour(self.problem_label, Tone.ERROR)
        layout.addWidget(self.problem_label)
        layout.addStretch(1)
        document.changed.connect(self.refresh)
        self.refresh()

    # -- building -------------------------------------------------------------------------------------------
    def _dataset_box(self) -> QGroupBox:
        self.data_box = QGroupBox(_t(fields.DATA))
        box_layout = QVBoxLayout(self.data_box)
        self.dataset_combo = QComboBox()
        for name in DATASET_NAMES:
            self.dataset_combo.addItem(choice_text("dataset", name), name)
        self.dataset_combo.setToolTip(self.tr("Built-in sets need no download"))
        self.dataset_combo.currentIndexChanged.connect(self._on_dataset_chosen)
        self.dataset_info = QLabel(wordWrap=True)
        set_text_colour(self.dataset_info, Tone.MUTED)
        box_layout.addWidget(self.dataset_combo)
        box_layout.addWidget(self.dataset_info)
        return self.data_box

    def _add_field(self, field: fields.Field) -> None:
        editor = self._editor(field)
        editor.setToolTip(_t(field.help) if field.help else "")
        label = QLabel(_t(field.label))
        label.setToolTip(editor.toolTip())
        self._forms[field.group].addRow(label, editor)
        self.editors[(field.section, field.key)] = editor
        self._rows[(field.section, field.key)] = (label, editor)
        if field.note is not None:
            note = self._notes[(field.section, field.key)] = QLabel(wordWrap=True)
            set_text_colour(note, Tone.MUTED)
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._forms[field.group].addRow(note)

    def _editor(self, field: fields.Field) -> QWidget:
        commit = lambda value, f=field: self._on_value_edited(f, value)  # noqa: E731
        if field.kind == "bool":
            box = QCheckBox()
            box.toggled.connect(commit)
            return box
        if field.kind == "choice":
            combo = QComboBox()
            for choice in field.choices:
                combo.addItem(choice_text(field.key, choice), choice)
            combo.currentIndexChanged.connect(lambda _i, c=combo: commit(c.currentData()))
            return combo
        if field.kind == "path":
            return self._path_editor(commit)
        if field.kind == "bias":
            return self._bias_editor(field, commit)
        box = QSpinBox() if field.kind == "int" else QDoubleSpinBox()
        if field.kind == "float":
            box.setDecimals(field.decimals)
            box.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        box.setRange(field.low, field.high)
        box.setSingleStep(field.step)
        box.setKeyboardTracking(False)
        box.valueChanged.connect(commit)
        return box

    def _path_editor(self, commit) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        holder.line = QLineEdit()
        holder.line.setPlaceholderText(self.tr("default folder"))
        holder.line.editingFinished.connect(lambda: commit(holder.line.text().strip() or None))
        browse = QPushButton(self.tr("Browse…"))

        def choose() -> None:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Dataset folder"), holder.line.text())
            if folder:
                holder.line.setText(folder)
                commit(folder)

        browse.clicked.connect(choose)
        row.addWidget(holder.line, 1)
        row.addWidget(browse)
        return holder

    def _bias_editor(self, field: fields.Field, commit) -> QWidget:
        """torch's default, zero, or a small positive constant (course 000) with its value beside it."""
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        holder.bias_combo = QComboBox()
        for key in ("default", "zero", "constant"):
            holder.bias_combo.addItem(choice_text("bias_init", key), key)
        holder.bias_value = QDoubleSpinBox(decimals=field.decimals, singleStep=field.step)
        holder.bias_value.setRange(field.low, field.high)
        holder.bias_value.setKeyboardTracking(False)

        def chosen() -> None:
            key = holder.bias_combo.currentData()
            holder.bias_value.setEnabled(key == "constant")
            commit(holder.bias_value.value() if key == "constant" else key)

        holder.bias_combo.currentIndexChanged.connect(lambda _i: chosen())
        holder.bias_value.valueChanged.connect(lambda value: commit(value))
        row.addWidget(holder.bias_combo, 1)
        row.addWidget(holder.bias_value)
        return holder

    # -- document -> widgets ------------------------------------------------------------------------------
    def refresh(self) -> None:
        project = self.doc.project
        dataset, training = project.dataset, project.training
        if (dataset, training) == self._shown:
            return  # a layer edit: nothing here changed (the editor's refresh must stay within a frame)
        self._shown = (dict(dataset), dict(training))
        name = dataset.get("name", "shapes")
        with signals_blocked(self.dataset_combo):
            self.dataset_combo.setCurrentIndex(self.dataset_combo.findData(name))
        self.dataset_info.setText(translate_core(DESCRIPTIONS.get(name, "")))
        for field in fields.FIELDS:
            label, editor = self._rows[(field.section, field.key)]
            visible = field.shown is None or field.shown(dataset, training)
            label.setVisible(visible)
            editor.setVisible(visible)
            note = self._notes.get((field.section, field.key))
            if note is not None:
                note.setText(field.note(training))
                note.setVisible(visible and bool(note.text()))
            with signals_blocked(editor, *editor.findChildren(QWidget)):  # a compound editor's parts too
                _show_value(editor, fields.read(field, dataset, training))
        self._check(training)

    def _check(self, training: dict[str, Any]) -> None:
        try:
            TrainingSettings.from_dict(training)
            problem = ""
        except CoreError as exc:
            problem = translate_core(str(exc))
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        if problem != self._problem:
            self._problem = problem
            self.problem_changed.emit(problem)

    def problem(self) -> str:
        return self._problem

    def set_device_names(self, names: dict[str, str]) -> None:
        """Name what ``auto``, ``cpu``, ``cuda`` and ``mps`` mean on this machine (found in the background)."""
        combo = self.editors[("training", "device")]
        for i in range(combo.count()):
            key = combo.itemData(i)
            name = choice_text("device", key)
            combo.setItemText(i, f"{name} — {translate_core(names[key])}" if key in names else name)

    # -- widgets -> document ------------------------------------------------------------------------------
    def _on_dataset_chosen(self, _index: int) -> None:
        name = self.dataset_combo.currentData()
        project = self.doc.project
        if name and name != project.dataset.get("name", "shapes"):
            self.doc.push(
                project.replace(dataset={**project.dataset, "name": name}), self.tr("Change dataset")
            )

    def _on_value_edited(self, field: fields.Field, value: Any) -> None:
        project = self.doc.project
        if fields.read(field, project.dataset, project.training) == value:
            return
        dataset, training = fields.write(field, value, project.dataset, project.training)
        text = self.tr("Set {0}").format(_t(field.label).strip())
        self.doc.push(
            project.replace(dataset=dataset, training=training), text, merge_key=("setting", field.key)
        )


def _show_value(editor: QWidget, value: Any) -> None:
    if isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QComboBox):
        editor.setCurrentIndex(max(0, editor.findData(value)))
    elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
        show_value(editor, value)
    elif hasattr(editor, "line"):
        editor.line.setText(str(value or ""))
    elif hasattr(editor, "bias_combo"):
        constant = not isinstance(value, str)
        editor.bias_combo.setCurrentIndex(
            max(0, editor.bias_combo.findData("constant" if constant else value))
        )
        editor.bias_value.setEnabled(constant)
        show_value(editor.bias_value, value if constant else fields.BIAS_CONSTANT)  # 10**400 in a file too
