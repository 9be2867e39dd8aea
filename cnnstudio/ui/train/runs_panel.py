"""The project's runs: listed, shown or hidden on the plots, renamed in place and removed.

A run record in the project (``{"id", "name", "folder"}``) points at the folder the engine wrote
(``history.json``, ``best.pt``, ``probe_maps.npz``); the panel reads each history and hands it to the plots,
so runs of earlier sessions overlay the new one for comparison.

The plots draw at most :data:`MAX_DRAWN` runs, the newest, one colour each: a ninth would repeat a colour
(two runs no one can tell apart), and each drawn run holds its plot items (about 250 KB: 100 runs of a long
lesson grew the window by a fifth, benchmarks/soak.py). Older runs stay in the list, unticked; a tick draws
one again (read back from its folder) in place of the oldest drawn.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core.run_records import run_matches
from cnnstudio.training.batch_curve import load_batch_curve
from cnnstudio.training.history import HISTORY_FILE, RunHistory
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.theme import Tone, set_item_tone, swatch
from cnnstudio.ui.train.run_notices import change_mark
from cnnstudio.ui.train.run_title import run_title
from cnnstudio.ui.widgets.metric_plots import RUN_COLOURS, MetricPlots
from cnnstudio.ui.widgets.signal_blocking import signals_blocked

MAX_DRAWN = len(RUN_COLOURS)


def run_folder(document: ProjectDocument, record: dict[str, Any]) -> Path:
    """Where a run's files are: its recorded folder, or beside the project under its id (a moved project)."""
    recorded = Path(record.get("folder", ""))
    if record.get("folder") and recorded.is_dir():
        return recorded
    return document.runs_folder() / str(record.get("id", ""))


class RunsPanel(QWidget):
    run_chosen = Signal(str, object)  # run id, its folder: the Train page replays its maps

    def __init__(self, document: ProjectDocument, plots: MetricPlots, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc, self.plots = document, plots
        self.list = QListWidget()
        self.list.setToolTip(
            self.tr(
                "Tick to overlay a run (the plots draw up to {0} at once); double-click to rename it"
            ).format(MAX_DRAWN)
        )
        self.remove_button = QPushButton(self.tr("Remove run"))
        self.remove_button.clicked.connect(self.remove_selected)
        # Only while the list has the focus, and only the Delete key: the platform's Delete binding adds Ctrl+D
        # on X11, and a window-wide Delete would fight the network editor's.
        remove = QShortcut(QKeySequence("Del"), self.list, self.remove_selected)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentItemChanged.connect(self._on_current_changed)
        plots.run_visibility_changed.connect(self._on_run_visibility_changed)
        self._live: tuple[str, str] | None = None  # (id, name) of the run training now, not yet a record
        self._shown: tuple | None = None  # (file, records, live run) the list shows
        self._marked: tuple | None = None  # (input, layers, records) the greyed runs were judged against
        self._off_plots: set[str] = set()  # recorded runs not drawn (beyond MAX_DRAWN), unticked in the list
        document.changed.connect(self.sync)
        self.sync()

    def set_live_run(self, run_id: str | None, name: str = "") -> None:
        """Show the run that is training at the end of the list (or none), and on the plots as the current
        run: it becomes an ordinary, renameable and removable entry when it finishes and the project records it."""
        self._live = (run_id, name) if run_id else None
        if run_id and run_id not in self.plots.run_ids():  # drawn after making room: a colour of its own
            self._make_room(self._records())
            self.plots.add_run(run_id, name, current=True)
        self.sync()

    def sync(self) -> None:
        """Match the list and the plots to the project's run records (new, renamed, removed)."""
        self._mark_networks()
        shown = (self.doc.path, self.doc.project.runs, self._live)  # runs folders are beside the file
        if shown == self._shown:
            return  # a layer edit keeps the same records: no rebuilding the list on every spin-box step
        self._shown = shown
        records = self._records()
        self._off_plots &= set(records)
        self._make_room(records)
        live = self._live[0] if self._live else None
        for run_id in self.plots.run_ids():
            # Only the run training now may lack a record: after New or Open, the last run's curves and
            # its legend entry go with the project they belonged to.
            if (run_id not in records and run_id != live) or run_id in self._off_plots:
                self.plots.remove_run(run_id)
        for run_id, record in records.items():
            name = run_title(record) or run_id
            if run_id in self._off_plots:
                continue
            if run_id not in self.plots.run_ids():
                self.plots.add_run(run_id, name, current=False)
                self._load_history(run_id, record)
            elif self.plots.run_name(run_id) != name:
                self.plots.rename_run(run_id, name)
        self._fill(records)
        self._marked = None
        self._mark_networks()
        self.plots.redraw()

    def _records(self) -> dict[str, dict[str, Any]]:
        return {str(r.get("id")): r for r in self.doc.project.runs if r.get("id")}

    def _make_room(self, records: dict[str, dict[str, Any]], keep: str | None = None) -> None:
        """Take the oldest drawn runs off the plots until at most MAX_DRAWN are drawn, the live run and
        ``keep`` included (never taken off)."""
        kept = {self._live[0] if self._live else None, keep} - {None}
        drawn = [r for r in records if r not in self._off_plots and r not in kept]
        for taken in drawn[: max(0, len(drawn) - (MAX_DRAWN - len(kept)))]:
            self._off_plots.add(taken)
            if taken in self.plots.run_ids():
                self.plots.remove_run(taken)

    def _draw_again(self, run_id: str) -> None:
        """A run ticked in the list that was off the plots: drawn from its folder, in the oldest's place."""
        records = self._records()
        self._off_plots.discard(run_id)
        self._make_room(records, keep=run_id)
        self.plots.add_run(run_id, run_title(records[run_id]) or run_id, current=False)
        self._load_history(run_id, records[run_id])
        self.plots.redraw()
        with signals_blocked(self.list):  # the rows stay (this runs inside one's itemChanged)
            for row in range(self.list.count()):
                self._show_state(self.list.item(row))

    def _mark_networks(self) -> None:
        """Grey out, with a tooltip, the runs made with another network than the one in the editor (only
        while the list can be seen: a hidden Train page costs a layer edit nothing)."""
        if not self.isVisible():
            return
        key = (self.doc.project.input, self.doc.project.layers, self.doc.project.runs)
        if key == self._marked:
            return
        self._marked = key
        records = {str(r.get("id")): r for r in self.doc.project.runs}
        with signals_blocked(self.list):
            for row in range(self.list.count()):
                item = self.list.item(row)
                record = records.get(item.data(Qt.ItemDataRole.UserRole))
                if record is None:  # the live run: its own tooltip
                    continue
                older = run_matches(record, self.doc.project) is False
                grey = self.palette().color(QPalette.ColorRole.PlaceholderText)
                item.setForeground(grey if older else QBrush())
                item.setToolTip(
                    self.tr("Made with an earlier network than the one in the editor") if older else ""
                )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._mark_networks()

    def _load_history(self, run_id: str, record: dict[str, Any]) -> None:
        folder = run_folder(self.doc, record)
        # A run whose files were deleted keeps its name in the list; its curves are simply empty.
        with contextlib.suppress(OSError, ValueError, KeyError):
            history = RunHistory.load(folder / HISTORY_FILE)
            self.plots.set_history(run_id, {**history.to_dict(), **load_batch_curve(folder)})
            self.plots.set_changes(run_id, [change_mark(record) for record in history.changes])

    def _fill(self, records: dict[str, dict[str, Any]]) -> None:
        with signals_blocked(self.list):
            self.list.clear()
            for run_id, record in records.items():
                item = self._item(run_id, run_title(record) or run_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.list.addItem(item)
            if self._live is not None and self._live[0] not in records:
                self.list.addItem(self._live_item(*self._live))
        self._enable_remove()

    def _item(self, run_id: str, text: str) -> QListWidgetItem:
        """A run's row: its colour, and a tick that shows or hides its curves."""
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, run_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        self._show_state(item)
        return item

    def _show_state(self, item: QListWidgetItem) -> None:
        """A row's tick (drawn or not) and colour swatch (none for a run off the plots)."""
        run_id = item.data(Qt.ItemDataRole.UserRole)
        drawn = run_id in self.plots.run_ids()
        visible = drawn and self.plots.is_run_visible(run_id)
        item.setCheckState(Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked)
        # A run off the plots has no colour; a clear swatch keeps its name in line with the others.
        item.setIcon(swatch(self.plots.run_colour(run_id) if drawn else QColor(Qt.GlobalColor.transparent)))

    def _live_item(self, run_id: str, name: str) -> QListWidgetItem:
        item = self._item(run_id, self.tr("{0} (training…)").format(name))  # not editable: no record yet
        set_item_tone(item, Tone.MUTED)  # grey, upright: a slanted Chinese font reads badly
        item.setToolTip(self.tr("Training now: it joins the project's runs when it ends"))
        return item

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        run_id = item.data(Qt.ItemDataRole.UserRole)
        ticked = item.checkState() == Qt.CheckState.Checked
        if run_id not in self._off_plots:
            self.plots.set_run_visible(run_id, ticked)
        elif ticked:
            self._draw_again(run_id)
        name = item.text().strip()
        record = self._records().get(run_id)
        if record is not None and not self._is_live(item) and name and name != (run_title(record) or run_id):
            self.doc.rename_run(run_id, name)

    def _on_run_visibility_changed(self, run_id: str, visible: bool) -> None:
        """A run hidden from the plots' legend is unticked here too."""
        state = Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == run_id and item.checkState() != state:
                with signals_blocked(self.list):
                    item.setCheckState(state)

    def _on_current_changed(self, item: QListWidgetItem | None, _previous) -> None:
        self._enable_remove()
        if item is None:
            return
        run_id = item.data(Qt.ItemDataRole.UserRole)
        record = next((r for r in self.doc.project.runs if str(r.get("id")) == run_id), None)
        if record is not None:
            self.run_chosen.emit(run_id, run_folder(self.doc, record))

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None and not self._is_live(item):
            self.doc.remove_run(item.data(Qt.ItemDataRole.UserRole))

    def _enable_remove(self) -> None:
        """The Remove button only while a recorded run is chosen (not with an empty list, nor for the live run)."""
        item = self.list.currentItem()
        self.remove_button.setEnabled(item is not None and not self._is_live(item))

    def _is_live(self, item: QListWidgetItem) -> bool:
        return self._live is not None and item.data(Qt.ItemDataRole.UserRole) == self._live[0]
