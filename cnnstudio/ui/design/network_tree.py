"""The network as a tree of layer cards: drop layers in, drag them around, see every size and error live.

Each row is a layer: its label and key settings, output size and parameter count, all read from the core's
report. A layer that cannot work turns red and carries a child line with the reason and the fix; a warning
gets an amber line. Residual blocks hold their layers as children; concat blocks hold one child per branch.
The tree is rebuilt only when the structure changes; otherwise the rows are updated in place, which keeps an
edit on a 50-layer network well inside one frame.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QEvent, QMimeData, Qt
from PySide6.QtGui import QBrush, QDrag, QDragMoveEvent, QDropEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeWidget, QTreeWidgetItem, QWidget

from cnnstudio.core import specs as S
from cnnstudio.core.budget import FLOAT32, size_text
from cnnstudio.core.edits import selection_after_removal
from cnnstudio.core.labels import TITLES, fields_text
from cnnstudio.core.layer_catalog import CATALOG
from cnnstudio.core.layer_rules import shape_text
from cnnstudio.core.project import Project
from cnnstudio.core.run_records import same_network
from cnnstudio.core.shapes import LayerReport
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.design.icons import layer_icon
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.theme import Tone, colour
from cnnstudio.ui.widgets.signal_blocking import signals_blocked

LAYER_MIME = "application/x-cnnstudio-layer-type"
MOVE_MIME = "application/x-cnnstudio-layer-path"

PATH_ROLE = Qt.ItemDataRole.UserRole + 1  # layer path (tuple) of a layer row
DROP_ROLE = Qt.ItemDataRole.UserRole + 2  # list path (tuple) a branch row accepts drops into

FIT_MARGIN_PX = 12  # an item's text margins and a little air, so a fitted column never elides


def activation_text(report: LayerReport) -> str:
    """A layer's output for one image: its values and their float32 bytes (cs231n's memory count)."""
    return f"{report.activation_values:,} · {size_text(FLOAT32 * report.activation_values)}"


def layer_mime(kind: str) -> QMimeData:
    data = QMimeData()
    data.setData(LAYER_MIME, QByteArray(kind.encode()))
    return data


class NetworkTree(QTreeWidget):
    """The layer list of a ``ProjectDocument``; every change goes through the document (undoable)."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("NetworkTree", "Layer"),
        QT_TRANSLATE_NOOP("NetworkTree", "Output"),
        QT_TRANSLATE_NOOP("NetworkTree", "Activations"),
        QT_TRANSLATE_NOOP("NetworkTree", "Params"),
    )
    DATA_COLUMNS = (1, 2, 3)  # output, activations, parameters: fitted to their texts

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        self._signature: tuple = ()
        self._rows: dict[tuple[int, ...], QTreeWidgetItem] = {}
        self._row_state: dict[tuple[int, ...], tuple] = {}  # what each row shows, to skip unchanged rows
        self.setHeaderLabels([self.tr(c) for c in self.COLUMNS])
        # One line per row: uniform heights let Qt skip measuring every row after an edit (the editor's
        # refresh went from ~30 to ~13 ms on 50 layers); a long note is elided and its tooltip, the
        # inspector and the status line show it whole.
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(False)
        self.setIndentation(18)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Not ResizeToContents: that measures every row of the column after each changed cell (a quarter
        # of an edit's refresh on 50 layers). The columns are fitted on a rebuild and widened when a new
        # text does not fit (_fit_text).
        for column in self.DATA_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.customContextMenuRequested.connect(self._on_context_menu)
        self.itemSelectionChanged.connect(self._on_selection_changed)
        self.doc.changed.connect(self._on_document_changed)
        self.doc.selection_changed.connect(self._on_document_selection)
        # Delete and Ctrl+D are the window's Edit actions, bound to this list (window.py); Backspace too:
        QShortcut(QKeySequence(Qt.Key.Key_Backspace), self, self.delete_selected)
        self.refresh()

    # -- building ------------------------------------------------------------------------------------------
    def _structure(self) -> tuple:
        return tuple(_row_kind(r) for r in self.doc.project.report.walk())

    def refresh(self) -> None:
        """Rebuild when layers were added, removed or moved; otherwise just update the texts."""
        signature = self._structure()
        if signature != self._signature:
            self._signature = signature
            self._rebuild()
        else:
            for report in self.doc.project.report.walk():
                self._fill(self._rows[report.path], report)
        self._on_document_selection(self.doc.selected_path)

    def changeEvent(self, event: QEvent) -> None:
        """Presenter mode: rows rebuilt, so the columns fit the larger text and the notes take its size; a
        new colour scheme: rows rebuilt in its colours."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):  # or a new colour scheme
            self._signature = ()
            self.refresh()

    def _on_document_changed(self, old: Project, new: Project) -> None:
        """Redraw only the rows whose report changed: the core gives an unchanged layer the very report
        it had, so an edit in a 500-layer network touches the few rows it changes."""
        if same_network(old, new):
            return
        changed = _changed_reports(old.report.layers, new.report.layers)
        if changed is None:
            self.refresh()  # rows added, removed or turned into another kind: rebuild
            return
        for report in changed:
            self._fill(self._rows[report.path], report)
        self._on_document_selection(self.doc.selected_path)

    def _rebuild(self) -> None:
        project = self.doc.project
        with signals_blocked(self):
            self.clear()
            self._rows = {}
            self._row_state = {}
            self._add_rows(self.invisibleRootItem(), project.layers, project.report.layers)
            self.expandAll()
            for column in self.DATA_COLUMNS:
                self.resizeColumnToContents(column)  # the header's label counts too
                for item in self._rows.values():
                    self._fit_text(column, item.text(column))

    def _add_rows(self, parent: QTreeWidgetItem, specs, reports) -> None:
        for spec, report in zip(specs, reports):
            item = QTreeWidgetItem(parent)
            item.setData(0, PATH_ROLE, report.path)
            item.setIcon(0, layer_icon(spec.type))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)
            self._rows[report.path] = item
            self._fill(item, report)
            self._add_notes(item, report)
            if spec.type == "residual":
                self._add_rows(item, spec.layers, report.children[0])
            elif spec.type == "concat":
                for b, (branch, reports_b) in enumerate(zip(spec.branches, report.children)):
                    row = QTreeWidgetItem(item, [self.tr("branch {0}").format(b)])
                    row.setData(0, DROP_ROLE, (*report.path, b))
                    row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled)
                    row.setForeground(0, QBrush(colour(Tone.MUTED)))
                    self._add_rows(row, branch, reports_b)

    def _fill(self, item: QTreeWidgetItem, report: LayerReport) -> None:
        spec = self._spec(report.path)
        # An edit changes the rows below it, not all of them: rows whose content is the same are left alone,
        # since each changed item costs Qt a relayout of a word-wrapped row (benchmarks/editor_refresh.py).
        state = (spec, report.output_shape, report.params, report.skipped, report.error, report.formulas)
        previous = self._row_state.get(report.path)
        if previous == state:
            return
        self._row_state[report.path] = state
        title = translate_core(TITLES.get(spec.type, spec.type))
        fields = translate_core(fields_text(spec))
        texts = (
            f"{report.path[-1]}  {title}  {fields}".rstrip(),
            shape_text(report.output_shape) if not report.skipped else self.tr("not computed"),
            activation_text(report) if report.ok else "",
            f"{report.params:,}" if report.params else "",
        )
        for column, text in enumerate(texts):
            if item.text(column) != text:  # each set is a dataChanged and a relayout of the row
                item.setText(column, text)
                if column:
                    self._fit_text(column, text)
        item.setToolTip(0, translate_core("\n".join(report.formulas) or CATALOG[spec.type].description))
        failed = report.error is not None
        if previous is not None and (previous[3], previous[4] is not None) == (report.skipped, failed):
            return  # the colours and the font stay as they are
        muted = report.skipped or spec.type == "custom"  # a custom layer: kept as imported, not editable
        tone = Tone.ERROR if failed else Tone.MUTED if muted else None
        for column in range(len(self.COLUMNS)):
            # None: the palette's text and base, so the row follows the colour scheme (an invalid QColor
            # brush painted black text, unreadable on a dark base)
            item.setData(
                column, Qt.ItemDataRole.BackgroundRole, QBrush(colour(Tone.ERROR_FILL)) if failed else None
            )
            item.setData(column, Qt.ItemDataRole.ForegroundRole, QBrush(colour(tone)) if tone else None)
        font = item.font(0)
        font.setBold(failed)
        item.setFont(0, font)

    def _fit_text(self, column: int, text: str) -> None:
        """Widen ``column`` when ``text`` would be elided (rare: a shape gains a digit)."""
        needed = self.fontMetrics().horizontalAdvance(text) + FIT_MARGIN_PX
        if needed > self.columnWidth(column):
            self.setColumnWidth(column, needed)

    def _add_notes(self, item: QTreeWidgetItem, report: LayerReport) -> None:
        """Child lines under a layer: its error with the fix (red), or its warnings (amber)."""
        notes = []
        if report.error is not None and not report.children:
            notes.append((f"✖ {translate_core(report.error)}", Tone.ERROR))
            if report.fix:
                notes.append(("   " + self.tr("Fix: {0}").format(translate_core(report.fix)), Tone.ERROR))
        elif report.error is not None:
            notes.append((f"✖ {translate_core(report.error)}", Tone.ERROR))
        notes += [(f"⚠ {translate_core(w)}", Tone.WARNING) for w in report.warnings]
        if report.type == "custom":
            notes.append(("ⓘ " + self.tr("Custom layer: an imported operation kept as its code; it trains and "
                                         "exports as it was, but cannot be edited here."), Tone.MUTED))  # fmt: skip
        for text, tone in notes:
            note = QTreeWidgetItem(item, [text])
            note.setFirstColumnSpanned(True)
            note.setFlags(Qt.ItemFlag.ItemIsEnabled)
            note.setForeground(0, QBrush(colour(tone)))
            font = QFont(note.font(0))
            font.setPointSizeF(font.pointSizeF() * 0.92)
            note.setFont(0, font)
            note.setToolTip(0, text)

    def _spec(self, path: tuple[int, ...]) -> S.LayerSpec:
        from cnnstudio.core.edits import get_at

        return get_at(self.doc.project.layers, path)

    def row(self, path: tuple[int, ...]) -> QTreeWidgetItem:
        return self._rows[path]

    def note_texts(self, path: tuple[int, ...]) -> list[str]:
        """The error and warning lines under a layer (what a student reads)."""
        item = self._rows[path]
        return [
            item.child(i).text(0)
            for i in range(item.childCount())
            if item.child(i).data(0, PATH_ROLE) is None and item.child(i).data(0, DROP_ROLE) is None
        ]

    # -- selection ------------------------------------------------------------------------------------------
    def _on_selection_changed(self) -> None:
        items = self.selectedItems()
        path = items[0].data(0, PATH_ROLE) if items else None
        self.doc.select(tuple(path) if path is not None else None)

    def _on_document_selection(self, path) -> None:
        item = self._rows.get(tuple(path)) if path is not None else None
        if item is not None and not item.isSelected():
            with signals_blocked(self):
                self.setCurrentItem(item)
        elif item is None:
            with signals_blocked(self):
                self.clearSelection()

    # -- editing ----------------------------------------------------------------------------------------------
    def delete_selected(self) -> None:
        """Delete the selected layer and select the next one, so Delete pressed again goes on deleting."""
        path = self.doc.selected_path
        if path is not None:
            self.doc.remove_layer(path)
            self.doc.select(selection_after_removal(self.doc.project.layers, path))

    def duplicate_selected(self) -> None:
        if self.doc.selected_path is not None:
            self.doc.duplicate_layer(self.doc.selected_path)

    def _on_context_menu(self, pos) -> None:
        item = self.itemAt(pos)
        path = item.data(0, PATH_ROLE) if item else None
        menu = QMenu(self)
        if path is not None:
            self.doc.select(tuple(path))
            menu.addAction(self.tr("Duplicate"), self.duplicate_selected)
            menu.addAction(self.tr("Delete"), self.delete_selected)
            if self._spec(tuple(path)).type == "concat":
                menu.addAction(self.tr("Add branch"), lambda: self.doc.add_branch(tuple(path)))
        else:
            menu.addAction(self.tr("Nothing selected")).setEnabled(False)
        menu.exec(self.viewport().mapToGlobal(pos))

    # -- drag and drop ----------------------------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [LAYER_MIME, MOVE_MIME]

    def startDrag(self, actions) -> None:
        item = self.currentItem()
        path = item.data(0, PATH_ROLE) if item else None
        if path is None:
            return
        data = QMimeData()
        data.setData(MOVE_MIME, QByteArray(json.dumps(list(path)).encode()))
        drag = QDrag(self)
        drag.setMimeData(data)
        drag.exec(Qt.DropAction.MoveAction)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(LAYER_MIME) or event.mimeData().hasFormat(MOVE_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        super().dragMoveEvent(event)
        if event.mimeData().hasFormat(LAYER_MIME) or event.mimeData().hasFormat(MOVE_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        target = self.drop_target(self.itemAt(event.position().toPoint()), self.dropIndicatorPosition())
        if self.drop(event.mimeData(), target):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop_target(self, item: QTreeWidgetItem | None, where) -> tuple[int, ...]:
        """The layer path a drop lands at, from the row under the cursor and the indicator position."""
        position = QAbstractItemView.DropIndicatorPosition
        if item is None or where == position.OnViewport:
            return (len(self.doc.project.layers),)
        while item is not None and item.data(0, PATH_ROLE) is None and item.data(0, DROP_ROLE) is None:
            item = item.parent()  # a note line: treat as its layer
        if item is None:
            return (len(self.doc.project.layers),)
        branch = item.data(0, DROP_ROLE)
        if branch is not None:
            return (*branch, item.childCount() if where != position.AboveItem else 0)
        path = tuple(item.data(0, PATH_ROLE))
        spec = self._spec(path)
        if where == position.OnItem and spec.type == "residual":
            return (*path, 0, len(spec.layers))
        if where == position.AboveItem:
            return path
        return (*path[:-1], path[-1] + 1)

    def drop(self, data: QMimeData, target: tuple[int, ...]) -> bool:
        """Insert a new layer from the palette, or move an existing one, at ``target``."""
        if data.hasFormat(LAYER_MIME):
            kind = bytes(data.data(LAYER_MIME).data()).decode()
            if kind not in CATALOG:
                return False
            self.doc.insert_layer(target, CATALOG[kind].default)
            return True
        if data.hasFormat(MOVE_MIME):
            source = tuple(json.loads(bytes(data.data(MOVE_MIME).data()).decode()))
            if target[: len(source)] == source or target == source:
                return False
            self.doc.move_layer(source, target)
            return True
        return False


def _row_kind(report: LayerReport) -> tuple:
    """What decides a layer's rows (itself, its note lines, its children): when it differs, rebuild."""
    children = tuple(len(branch) for branch in report.children)
    return (report.path, report.type, report.error, report.fix, report.warnings, children)


def _changed_reports(old: Sequence[LayerReport], new: Sequence[LayerReport]) -> list[LayerReport] | None:
    """The reports of ``new`` that are not ``old``'s (a block's children only where the block changed), or
    None when the rows themselves must change (see :func:`_row_kind`)."""
    if len(old) != len(new):
        return None
    changed: list[LayerReport] = []
    for before, after in zip(old, new):
        if before is after:
            continue  # the same report object: this row and every row under it are as they were
        if _row_kind(before) != _row_kind(after):
            return None
        changed.append(after)
        for old_branch, new_branch in zip(before.children, after.children):
            inner = _changed_reports(old_branch, new_branch)
            if inner is None:
                return None
            changed += inner
    return changed
