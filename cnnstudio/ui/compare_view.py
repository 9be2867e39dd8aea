"""File > Compare with…: two networks side by side, aligned layer by layer by ``core.network_diff`` (the
alignment ``cnnstudio diff`` prints), with what differs marked twice: a sign in the first column and on each
differing cell (~ changed setting, + added, − removed, · only fed another shape; ▲/▼ a number that grew or
shrank), and a background from a colour-blind-safe palette (Okabe-Ito hues, light enough for black text on a
projector). Each side is the current project, a template, a project file or an imported network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core.errors import CoreError
from cnnstudio.core.layer_rules import shape_text
from cnnstudio.core.network_diff import NetworkDiff, Row, Side, diff_networks
from cnnstudio.core.project import Project
from cnnstudio.core.templates import TEMPLATES
from cnnstudio.ui.core_text import translate_core

MARKS = {"same": "", "reshaped": "·", "changed": "~", "added": "+", "removed": "−"}
COLOURS = {  # Okabe-Ito orange, sky blue, vermillion, yellow, lightened for black text
    "changed": "#fbd89a",
    "added": "#b9dcf2",
    "removed": "#f3c1a8",
    "reshaped": "#f6efb0",
}
NUMBERS = ("output_shape", "params", "macs", "activation_bytes")
FILE, IMPORT = "file", "import"
LAYER_COLUMN = 230  # pixels at most for a layer cell: both sides' numbers fit on a 1366-pixel screen


class SideChooser(QComboBox):
    """Where one side's network comes from: the current project, a template, a file or an import (the
    two last ask, then stay in the list under their names)."""

    def __init__(
        self, current: Project, current_path: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.paths: dict[int, Path] = {}  # id(project) -> its file: where its runs are
        if current_path is not None:
            self.paths[id(current)] = Path(current_path)
        self.addItem(self.tr("Current project: {0}").format(current.name), current)
        for template in TEMPLATES.values():  # titles and descriptions in the installed language
            self.addItem(self.tr("Template: {0}").format(translate_core(template.title)), template.name)
            self.setItemData(
                self.count() - 1, translate_core(template.description), Qt.ItemDataRole.ToolTipRole
            )
        self.insertSeparator(self.count())
        self.addItem(self.tr("Project file…"), FILE)
        self.addItem(self.tr("Import a network…"), IMPORT)
        self._last = 0
        self.activated.connect(self._on_activated)

    def project(self) -> Project:
        data = self.currentData()
        if not isinstance(data, str):
            return data
        project = TEMPLATES[data].make()
        return project.replace(name=translate_core(project.name))  # as New from template names it

    def project_path(self) -> Path | None:
        """The chosen project's file (its runs are beside it); None for a template."""
        return self.paths.get(id(self.currentData()))

    def add_project(self, project: Project, label: str) -> None:
        """Offer ``project`` (a file's or an import's) above the separator, and choose it."""
        index = self.count() - 3
        self.insertItem(index, label, project)
        self.setCurrentIndex(index)

    def _on_activated(self, index: int) -> None:
        data = self.itemData(index)
        if data in (FILE, IMPORT):
            path = self._ask_file() if data == FILE else self._ask_import()
            project = _load(self, path) if path else None
            if project is None:
                self.setCurrentIndex(self._last)
                return
            self.paths[id(project)] = Path(path)
            self.add_project(project, f"{project.name} ({Path(path).name})")
        self._last = self.currentIndex()

    def _ask_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Compare with a project"),
            "",
            self.tr("CNN Studio projects (*.cnnproj.json *.json)"),
        )
        return path

    def _ask_import(self) -> str | None:
        from cnnstudio.ui.import_dialog import ImportDialog

        current = self.paths.get(id(self.itemData(0)))  # the import is written beside the current project
        dialog = ImportDialog(str(current.parent if current else Path.home()), self)
        return str(dialog.path) if dialog.exec() and dialog.path is not None else None


def _load(parent: QWidget, path: str) -> Project | None:
    from cnnstudio.core import project_file

    try:
        return project_file.load(path)
    except (CoreError, OSError) as exc:
        QMessageBox.critical(parent, parent.tr("Cannot compare"), str(exc))
        return None


class CompareDialog(QDialog):
    """The side-by-side table of two networks, its totals and what differs, in words."""

    COLUMNS = 11  # mark | A: layer, output, params, MACs, memory | B: the same

    def __init__(
        self, current: Project, parent: QWidget | None = None, current_path: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare networks"))
        self.resize(1200, 640)
        self.side_a, self.side_b = SideChooser(current, current_path), SideChooser(current, current_path)
        self.side_b.setCurrentIndex(1)
        choosers = QGridLayout()
        choosers.addWidget(QLabel(self.tr("A:")), 0, 0)
        choosers.addWidget(self.side_a, 0, 1)
        choosers.addWidget(QLabel(self.tr("B:")), 0, 2)
        choosers.addWidget(self.side_b, 0, 3)
        choosers.setColumnStretch(1, 1)
        choosers.setColumnStretch(3, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.totals = QLabel()
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.legend = QLabel(
            self.tr(
                "~ changed settings   + only in B   − only in A   · same settings, another input shape   "
                "▲/▼ B's number is larger/smaller"
            )
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        from cnnstudio.ui.compare_runs import RunsOverlay

        self.runs = RunsOverlay()
        layers = QWidget()
        column = QVBoxLayout(layers)
        column.addWidget(self.summary)
        column.addWidget(self.table, 1)
        column.addWidget(self.totals)
        column.addWidget(self.legend)
        self.tabs = QTabWidget()
        self.tabs.addTab(layers, self.tr("Layer by layer"))
        self.tabs.addTab(self.runs, self.tr("Runs"))
        layout = QVBoxLayout(self)
        layout.addLayout(choosers)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.diff: NetworkDiff | None = None
        for chooser in (self.side_a, self.side_b):
            chooser.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()

    def compare(self, a: Project, b: Project) -> None:
        """Show ``a`` against ``b`` (the choosers' projects, or given ones from a test or a script)."""
        self.diff = diff_networks(a, b)
        self._fill(self.diff)

    def refresh(self) -> None:
        if isinstance(self.side_a.currentData(), Project | str) and isinstance(
            self.side_b.currentData(), Project | str
        ):
            a, b = self.side_a.project(), self.side_b.project()
            self.compare(a, b)
            self.compare_runs([("A", a, self.side_a.project_path()), ("B", b, self.side_b.project_path())])

    def compare_runs(self, sides) -> None:
        """Overlay the runs recorded in each side's project: (label, project, its file or None) per side."""
        from cnnstudio.ui.compare_runs import collect_groups

        self.runs.set_groups(collect_groups(sides))

    # -- the table --------------------------------------------------------------------------------------
    def _fill(self, diff: NetworkDiff) -> None:
        headers = [""] + [
            f"{side}: {name}"
            for side in ("A", "B")
            for name in (
                self.tr("layer"),
                self.tr("output"),
                self.tr("parameters"),
                self.tr("MACs"),
                self.tr("activation bytes"),
            )
        ]
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(diff.rows))
        for r, row in enumerate(diff.rows):
            self._fill_row(r, row)
        self.table.resizeColumnsToContents()
        for column in (1, 6):  # long settings are cut short: the row's tooltip lists them all
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), LAYER_COLUMN))
        differing = diff.differing
        counts = {s: sum(row.status == s for row in differing) for s in ("changed", "added", "removed")}
        if diff.equal:
            self.summary.setText(self.tr("The two networks are the same."))
        else:
            self.summary.setText(
                self.tr("{0} layers differ: {1} changed, {2} only in B, {3} only in A.").format(
                    len(differing), counts["changed"], counts["added"], counts["removed"]
                )
            )
        if diff.inputs[0] != diff.inputs[1]:
            self.summary.setText(
                self.summary.text()
                + "  "
                + self.tr("~ Input: A {0}, B {1}.").format(*(shape_text(i) for i in diff.inputs))
            )
        self.totals.setText(self._totals_text(diff))

    def _fill_row(self, r: int, row: Row) -> None:
        differences = set(row.differences)
        mark = QTableWidgetItem(MARKS[row.status])
        mark.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.setItem(r, 0, mark)
        for offset, side, other in ((1, row.a, row.b), (6, row.b, row.a)):
            for k, text in enumerate(self._cells(row, side, other, differences)):
                item = QTableWidgetItem(text)
                if k:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, offset + k, item)
        colour = COLOURS.get(row.status)
        for c in range(self.COLUMNS):
            item = self.table.item(r, c)
            if colour:
                item.setBackground(QBrush(QColor(colour)))
                item.setForeground(QBrush(QColor("black")))
            if c == 0 or "~" in item.text() or "▲" in item.text() or "▼" in item.text():
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
        if row.fields:
            tip = "\n".join(f"{name}: {a} → {b}" for name, (a, b) in row.fields.items())
            for c in range(self.COLUMNS):
                self.table.item(r, c).setToolTip(tip)

    def _cells(self, row: Row, side: Side | None, other: Side | None, differences: set[str]) -> list[str]:
        if side is None:
            return [""] * 5
        layer = f"{side.index}  {side.type}"  # from 0, as the Design page, maps and health number layers
        if row.fields:
            settings = ", ".join(
                f"{name}={_short(value[0 if side is row.a else 1])}" for name, value in row.fields.items()
            )
            layer += f"  ~ {settings}"
        values: list[Any] = [side.output_shape, side.params, side.macs, side.activation_bytes]
        cells = [layer]
        for name, value in zip(NUMBERS, values):
            text = (
                shape_text(value)
                if name == "output_shape" and value
                else f"{value:,}"
                if value is not None
                else "?"
            )
            if other is not None and name in differences and side is row.b:
                text = f"{_arrow(getattr(other, name), value)} {text}"
            elif other is not None and name in differences:
                text = f"~ {text}" if name == "output_shape" else text
            cells.append(text)
        return cells

    def _totals_text(self, diff: NetworkDiff) -> str:
        names = {
            "layers": self.tr("Layers"),
            "params": self.tr("Parameters"),
            "macs": self.tr("Multiply-adds"),
            "activation_bytes": self.tr("Activation memory per image (bytes)"),
        }
        lines = []
        for key, (a, b) in diff.totals.items():
            lines.append(f"{names.get(key, key)}: A {a:,}   B {b:,}   B − A {b - a:+,}")
        return "\n".join(lines)

    def differing_rows(self) -> list[tuple[str, str, str]]:
        """(mark, A's layer cell, B's layer cell) of every row that is not the same: what a reader scans."""
        out = []
        for r in range(self.table.rowCount()):
            mark = self.table.item(r, 0).text()
            if mark:
                out.append((mark, self.table.item(r, 1).text(), self.table.item(r, 6).text()))
        return out


def _arrow(a: Any, b: Any) -> str:
    if isinstance(a, int) and isinstance(b, int):
        return "▲" if b > a else "▼"
    return "~"


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:21] + "…"
