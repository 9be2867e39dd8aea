"""The inspector: edit the selected layer and read its formulas with the numbers filled in.

Every value change goes to ``ProjectDocument.set_field`` at once (so every size below updates while a spin
box is being dragged; the document merges a drag into one undo step). Syncing the editors from the document
blocks their signals, so showing a value never edits it again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core import specs as S
from cnnstudio.core.budget import FLOAT32, size_text
from cnnstudio.core.layer_catalog import CATALOG, POOL_KINDS, switch_pool_kind
from cnnstudio.core.layer_rules import shape_text
from cnnstudio.core.project import Project
from cnnstudio.core.run_records import same_network
from cnnstudio.core.unknown_keys import unknown_fields
from cnnstudio.ui import presenter
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.design.field_editors import FieldEditor, StrideEditor, make_editor
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.problem_text import unknown_key_text
from cnnstudio.ui.theme import Tone, set_text_colour, set_themed_style
from cnnstudio.ui.widgets.signal_blocking import signals_blocked


class Inspector(QScrollArea):
    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        self.title = QLabel()
        presenter.keep_font(self.title, 1.3, bold=True)
        self.description = QLabel(wordWrap=True)
        self.pool_kind = QComboBox()
        self.pool_kind.addItems([self.tr("max"), self.tr("average"), self.tr("L2 / Lp")])
        self.pool_kind.currentIndexChanged.connect(self._on_pool_kind_changed)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.problem = QLabel(wordWrap=True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shapes = QLabel(wordWrap=True)
        self.formulas = QLabel(wordWrap=True)
        presenter.keep_font(self.formulas, fixed=True)
        self.formulas.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_latex = QPushButton(self.tr("Copy formulas as LaTeX"))
        self.copy_latex.setToolTip(
            self.tr("An align* environment with these formulas and numbers, for slides")
        )
        self.copy_latex.clicked.connect(self.copy_formulas_latex)
        self.copy_latex.setVisible(False)
        self._formula_lines: tuple[str, ...] = ()
        # The course texts' forms of the same numbers (core.course_notes): grey, upright (an italic is
        # faked badly for Chinese), selectable like the formulas.
        self.course_notes = QLabel(wordWrap=True)
        self.course_notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_text_colour(self.course_notes, Tone.MUTED)
        self.notes = QLabel(wordWrap=True)
        self.field_error = QLabel(wordWrap=True)
        set_text_colour(self.field_error, Tone.ERROR)
        for widget in (
            self.title,
            self.description,
            self.pool_kind,
            self.form_host,
            self.field_error,
            self.problem,
            self.shapes,
            self.formulas,
            self.copy_latex,
            self.course_notes,
            self.notes,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._editors: dict[str, FieldEditor] = {}
        self._shown: tuple | None = None
        self.doc.selection_changed.connect(lambda _path: self.refresh())
        self.doc.changed.connect(self._on_document_changed)
        self.refresh()

    def editor(self, name: str) -> FieldEditor:
        return self._editors[name]

    def _on_document_changed(self, old: Project, new: Project) -> None:
        if not same_network(old, new):  # a training setting or a run record: nothing shown here changed
            self.refresh()

    def refresh(self) -> None:
        path = self.doc.selected_path
        spec = self.doc.selected_spec()
        if path is None or spec is None:
            self._show_nothing()
            return
        if self._shown != (path, spec.type):
            self._build(spec)
            self._shown = (path, spec.type)
        self._sync(spec)
        self._show_report(path)

    def _show_nothing(self) -> None:
        self._shown = None
        self._clear_form()
        self.title.setText(self.tr("No layer selected"))
        self.description.setText(self.tr("Select a layer to edit it, or drag one in from the palette."))
        for label in (
            self.problem,
            self.shapes,
            self.formulas,
            self.course_notes,
            self.notes,
            self.field_error,
        ):
            label.clear()
        self.pool_kind.setVisible(False)
        self._formula_lines = ()
        self.copy_latex.setVisible(False)

    def copy_formulas_latex(self) -> str:
        """The shown layer's formulas as LaTeX (core.latex_formulas), on the clipboard; returns them."""
        from cnnstudio.core.latex_formulas import layer_latex

        text = layer_latex(self._formula_lines)
        QApplication.clipboard().setText(text)
        return text

    def _clear_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self._editors = {}

    def _build(self, spec: S.LayerSpec) -> None:
        self._clear_form()
        info = CATALOG[spec.type]
        self.title.setText(translate_core(info.title))
        self.description.setText(translate_core(info.description))
        self.pool_kind.setVisible(spec.type in POOL_KINDS)
        for field in info.fields:
            editor = make_editor(field)
            editor.value_changed.connect(lambda value, name=field.name: self._on_value_changed(name, value))
            self.form.addRow(translate_core(field.label), editor)
            self._editors[field.name] = editor

    def _sync(self, spec: S.LayerSpec) -> None:
        for name, editor in self._editors.items():
            with signals_blocked(editor):
                if isinstance(editor, StrideEditor):
                    editor.set_value(getattr(spec, name), kernel=spec.kernel_size)  # type: ignore[attr-defined]
                else:
                    editor.set_value(getattr(spec, name))
        if spec.type in POOL_KINDS:
            with signals_blocked(self.pool_kind):
                self.pool_kind.setCurrentIndex(POOL_KINDS.index(spec.type))

    def _show_report(self, path: tuple[int, ...]) -> None:
        report = self.doc.project.report.find(path)
        if report.skipped:
            self.shapes.setText(self.tr("Not computed: an earlier layer cannot work."))
        else:
            rf = translate_core(report.receptive_field.text()) if report.receptive_field else "—"
            self.shapes.setText(
                self.tr(
                    "Input: {0}\nOutput: {1}\nActivations: {2:,} values · {3} per image (float32)\n"
                    "Parameters: {4:,} · {5}   MACs: {6:,}\nReceptive field: {7}"
                ).format(
                    shape_text(report.input_shape),
                    shape_text(report.output_shape),
                    report.activation_values,
                    size_text(FLOAT32 * report.activation_values),
                    report.params,
                    size_text(FLOAT32 * report.params),
                    report.macs,
                    rf,
                )
            )
        self.formulas.setText(translate_core("\n".join(report.formulas)))
        self._formula_lines = tuple(report.formulas)
        self.copy_latex.setVisible(bool(report.formulas))
        self.course_notes.setText("\n".join(f"• {translate_core(note)}" for note in report.notes))
        self.course_notes.setVisible(bool(report.notes))
        if report.error:
            fix = self.tr("\nFix: {0}").format(translate_core(report.fix)) if report.fix else ""
            self.problem.setText(f"✖ {translate_core(report.error)}{fix}")
            set_themed_style(
                self.problem, "color: {error}; background: {error_fill}; padding: 6px; border-radius: 4px;"
            )
        else:
            self.problem.clear()
            set_themed_style(self.problem, "")
        spec = self.doc.selected_spec()
        unknown = [unknown_key_text(k, k.key) for k in unknown_fields(spec)] if spec is not None else []
        notes = [translate_core(w) for w in report.warnings] + unknown  # a typo kept in the file (18.4)
        self.notes.setText("\n".join(f"⚠ {note}" for note in notes))
        set_text_colour(self.notes, Tone.WARNING)

    def _on_value_changed(self, name: str, value) -> None:
        path = self.doc.selected_path
        if path is None:
            return
        error = self.doc.set_field(path, name, value)
        self.field_error.setText(error or "")

    def _on_pool_kind_changed(self, index: int) -> None:
        path, spec = self.doc.selected_path, self.doc.selected_spec()
        if path is None or spec is None or spec.type not in POOL_KINDS or POOL_KINDS[index] == spec.type:
            return
        new = switch_pool_kind(spec, POOL_KINDS[index])
        self.doc.replace_layer(path, new, self.tr("Switch to {0}").format(new.type))
