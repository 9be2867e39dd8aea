"""The Train page's views of one run: probe image and epoch slider, a line naming the run, and the
activation maps, pooling and results tabs, all showing one (network, run) pair (``ShownRun``).

Which run: the one training now, the one picked in the runs list, or, for a project just opened, its
newest recorded run, read from its folder the first time the views are shown (opening stays fast). When
the network in the editor is no longer the one the run was made with, the run's maps keep their own layer
names and the line above the tabs says so; the teaching tools then get nothing from it (they say they
need a run of the current network) rather than a model or maps of another network.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.theme import Tone, set_text_colour
from cnnstudio.ui.train.channel_view import ChannelView
from cnnstudio.ui.train.feature_space_view import FeatureSpaceView
from cnnstudio.ui.train.health_view import HealthView
from cnnstudio.ui.train.map_views import ActivationView, PoolingView
from cnnstudio.ui.train.probe_bar import ProbeBar
from cnnstudio.ui.train.results_view import ResultsView
from cnnstudio.ui.train.run_title import run_title
from cnnstudio.ui.train.shown_run import ShownRun, load_shown_run
from cnnstudio.ui.widgets.scrolling_tabs import ScrollingTabs

OLDER = (Tone.WARNING, True)  # amber, bold: a run of another network than the one in the editor
SAME = (Tone.MUTED, False)


class RunViews(QWidget):
    probe_changed = Signal()  # the user chose another probe image
    shown_changed = Signal(object)  # the id of the run every view now shows, or None

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        self.shown: ShownRun | None = None
        self._pending: Mapping[str, Any] | None = None  # a recorded run to read when first needed
        self._known = (document.path, document.project.runs)
        self.probe = ProbeBar()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        self.activations = ActivationView(document)
        self.pooling = PoolingView(document)
        self.results_view = ResultsView()
        self.channels = ChannelView(document)
        self.features = FeatureSpaceView(document)
        self.health = HealthView()
        # The tabs without maps of their own to scroll scroll as a whole when they do not fit: the health
        # view's charts alone asked for 352 px, which the splitter took from the curves above (150 px at
        # 1366 x 768, less in Chinese and presenter mode).
        self.tabs = ScrollingTabs()
        self.tabs.addTab(self.activations, self.tr("Activation maps"), scroll=False)
        self.tabs.addTab(self.pooling, self.tr("Pooling: before and after"), scroll=False)
        self.tabs.addTab(self.results_view, self.tr("Results"), scroll=False)
        self.tabs.addTab(self.channels, self.tr("Channels: what each detects"), scroll=False)
        self.tabs.addTab(self.features, self.tr("Feature space"))
        self.tabs.addTab(self.health, self.tr("Training health"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.probe)
        layout.addWidget(self.note)
        layout.addWidget(self.tabs, 1)
        self.results_view.cell_chosen.connect(self._on_cell_chosen)
        self.drill = None  # the open drill-down dialog
        self.probe.position_changed.connect(lambda _i: self.redraw())
        self.probe.probe_changed.connect(self.probe_changed)
        document.changed.connect(self._on_document_changed)
        self.show_newest()

    # -- which run ------------------------------------------------------------------------------------------
    def set_shown(self, shown: ShownRun | None, *, defer_hidden: bool = False) -> None:
        """Show ``shown`` (None: no run) in every view: slider, maps, pooling, results and the note."""
        self.shown, self._pending = shown, None
        self._set_epochs()
        self.channels.set_run(shown)
        self.features.set_run(shown)
        self.health.set_run(shown)
        self.show_results()
        self.redraw(defer_hidden)
        self.shown_changed.emit(shown.run_id if shown is not None else None)

    def show_record(self, record: Mapping[str, Any]) -> bool:
        """Show a recorded run of the project, read from its folder."""
        from cnnstudio.ui.train.runs_panel import run_folder

        self.set_shown(load_shown_run(record, run_folder(self.doc, dict(record)), self.doc.project))
        return True

    def _on_document_changed(self) -> None:
        """Another project (opened, new, recovered), or runs added or removed: show its newest run when
        the one shown is no longer among them. A layer edit only re-reads the note."""
        path, runs = self.doc.path, self.doc.project.runs
        if (path, runs) != self._known:
            moved = path != self._known[0]
            self._known = (path, runs)
            if moved or not self._still_there():
                self.show_newest()
            else:
                self._follow_rename()
        self._update_note()

    def _follow_rename(self) -> None:
        """The shown run renamed in the runs list: every line that names it says its new name."""
        shown = self.shown
        record = next((r for r in self.doc.project.runs if shown and str(r.get("id")) == shown.run_id), None)
        if record is not None and run_title(record):
            shown.name = run_title(record)

    def _still_there(self) -> bool:
        if self.shown is None:
            return self._pending is not None
        return self.shown.live or any(str(r.get("id")) == self.shown.run_id for r in self.doc.project.runs)

    def show_newest(self) -> None:
        """Show the project's newest recorded run (read when first needed), or none."""
        records = [r for r in self.doc.project.runs if r.get("id")]
        self.set_shown(None)
        self._pending = records[-1] if records else None
        if self.isVisible():
            self.load_pending()

    def load_pending(self) -> None:
        """Read the run chosen for a reopened project, once (when the views or the teaching tools need it)."""
        if self._pending is not None:
            self.show_record(self._pending)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load_pending()

    # -- drawing --------------------------------------------------------------------------------------------
    def redraw(self, defer_hidden: bool = False) -> None:
        """Draw the shown run's maps at the slider's epoch; with ``defer_hidden`` the hidden tab waits."""
        shown = self.shown
        snapshot = shown.snapshot(self.probe.selected()) if shown is not None else None
        network = shown.network if shown is not None else None
        if shown is not None and network is None:
            snapshot = None  # maps whose layers nobody can name are not shown
        self.probe.show_image(snapshot.image if snapshot is not None else None)
        self.activations.show_snapshot(snapshot, network, defer_hidden=defer_hidden)
        self.pooling.show_snapshot(snapshot, network, defer_hidden=defer_hidden)
        self._update_note()

    def snapshot_added(self) -> None:
        """The shown run kept another epoch (or a newer live snapshot), or ended: the slider follows."""
        if self.shown is not None:
            self._set_epochs()

    def _set_epochs(self) -> None:
        shown = self.shown
        self.probe.set_epochs(shown.store.epochs() if shown is not None else [], shown is None or shown.live)

    def show_results(self) -> None:
        shown = self.shown
        if shown is not None and shown.results is not None:
            self.results_view.show_results(shown.results)
        elif shown is None or shown.live:
            self.results_view.clear(self.tr("Results appear here when a run ends."))
        else:
            self.results_view.clear(
                self.tr(
                    "{0} kept no results (it was recorded by an earlier version of CNN Studio, or stopped "
                    "before they were measured)."
                ).format(shown.name)
            )

    def _on_cell_chosen(self, true_class: int, predicted_class: int) -> None:
        """Open the images behind a confusion-matrix cell (issue 16.4)."""
        shown = self.shown
        if shown is None or shown.folder is None or shown.results is None:
            return
        from cnnstudio.training.trained_run import TrainedRun
        from cnnstudio.ui.train.drill_down import DrillDownDialog

        if self.drill is not None:
            self.drill.close()
        self.drill = DrillDownDialog(
            TrainedRun(shown.folder), shown.results.class_names, true_class, predicted_class, self
        )
        self.drill.show()

    def _update_note(self) -> None:
        shown = self.shown
        if shown is None:
            self.note.hide()
            return
        if shown.network is None:
            text, style = (
                self.tr(
                    "{0}: the network it was made with is not recorded, so its maps cannot be named."
                ).format(shown.name),
                OLDER,
            )
        elif not shown.matches(self.doc.project):
            text, style = (
                self.tr(
                    "{0}, made with an earlier network: its maps and results are shown under that network's own "
                    "layers. Train again to see the network you are editing."
                ).format(shown.name),
                OLDER,
            )
        elif shown.live:
            text, style = self.tr("Showing {0} (training…)").format(shown.name), SAME
        else:
            text, style = self.tr("Showing {0}").format(shown.name), SAME
        if shown.problems:
            text += " " + self.tr("(not everything could be read: {0})").format("; ".join(shown.problems))
        self.note.setText(text)
        set_text_colour(self.note, *style)
        self.note.show()

    # -- what the teaching tools read ------------------------------------------------------------------------
    def _current(self) -> ShownRun | None:
        """The shown run if it was made with the network in the editor, else None."""
        self.load_pending()
        shown = self.shown
        return shown if shown is not None and shown.matches(self.doc.project) else None

    def teaching_snapshot(self):
        """The maps at the slider's epoch, of a run of the current network (else None)."""
        shown = self._current()
        return shown.snapshot(self.probe.selected()) if shown is not None else None

    def teaching_model(self):
        """The trained model of the current network's run (None while it trains, or for an older network)."""
        shown = self._current()
        return shown.model() if shown is not None else None

    def teaching_samples(self):
        """The shown run's test images (any network of the same input size may look at them)."""
        self.load_pending()
        if self.shown is None or self.shown.samples is None:
            return None
        from cnnstudio.training.results import teaching_samples

        return teaching_samples(self.shown.samples)

    def teaching_note(self) -> str:
        """Why the teaching tools show no trained model although a run is shown, or ""."""
        self.load_pending()
        shown = self.shown
        if shown is None or shown.matches(self.doc.project):
            return ""
        return self.tr(
            "{0} was made with an earlier network: the tools below use untrained weights and example images "
            "until you train the network you are editing (Train page, Start)."
        ).format(shown.name)
