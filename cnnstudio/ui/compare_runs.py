"""The compare view's "Runs" tab: the recorded runs of both sides on one plot, grouped by the network they
trained (a run record's fingerprint), each group drawn as its runs (thin), their mean (thick) and a shaded
spread (mean ± one sample standard deviation, or min-max), from ``core.run_overlay``.

Plot items are made once per group slot and fed with ``setData`` when the sides, the metric or the spread
change (the pyqtgraph pattern of ``widgets.metric_plots``); slots a smaller comparison does not need are
hidden, not removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cnnstudio.core.project import Project
from cnnstudio.core.run_overlay import Band, group_by_network, mean_band
from cnnstudio.core.run_records import record_folder, run_matches
from cnnstudio.ui.train.run_title import run_title
from cnnstudio.ui.widgets.metric_plots import RUN_COLOURS

RUNS_PER_GROUP = 12  # thin lines drawn per network; the band and mean use every run


@dataclass
class RunCurve:
    name: str
    epochs: list[int]
    series: dict[str, list[float]]


@dataclass
class Group:
    """The runs of one network, named after the side(s) it came from."""

    label: str
    runs: list[RunCurve]
    earlier: bool = False  # made with an earlier network than its side's current one (a run before an edit)


def collect_groups(sides: Sequence[tuple[str, Project, Path | None]]) -> list[Group]:
    """The runs recorded in each side's project (read from their folders), grouped by network across the
    sides: the same network on both sides is one group."""
    from cnnstudio.training.history import HISTORY_FILE, RunHistory

    records, owner = [], {}
    for label, project, path in sides:
        for record in project.runs:
            folder = record_folder(record, path)
            if folder is None or not (folder / HISTORY_FILE).is_file() or id(record) in owner:
                continue
            records.append(record)
            owner[id(record)] = (label, folder, run_matches(record, project) is False)
    groups = []
    for members in group_by_network(records).values():
        labels = list(dict.fromkeys(owner[id(r)][0] for r in members))
        runs = []
        for record in members:
            try:
                history = RunHistory.load(owner[id(record)][1] / HISTORY_FILE)
            except ValueError:
                continue
            series = {name: list(getattr(history, name)) for name in METRICS}
            runs.append(RunCurve(run_title(record), list(history.epochs), series))
        if runs:
            earlier = all(owner[id(r)][2] for r in members)
            groups.append(Group(" = ".join(labels), runs, earlier))
    return groups


METRICS = ("val_loss", "val_accuracy", "train_loss", "train_accuracy")


class GroupItems:
    """One network's plot items: a band, its two edges, the mean and thin run lines (made once)."""

    def __init__(self, plot: pg.PlotItem, colour: QColor) -> None:
        shade = QColor(colour)
        shade.setAlpha(60)
        self.low = pg.PlotDataItem(pen=pg.mkPen(shade, width=1))
        self.high = pg.PlotDataItem(pen=pg.mkPen(shade, width=1))
        self.band = pg.FillBetweenItem(self.low, self.high, brush=pg.mkBrush(shade))
        self.mean = pg.PlotDataItem(
            pen=pg.mkPen(colour, width=3), symbol="o", symbolSize=6, symbolBrush=colour
        )
        faint = QColor(colour)
        faint.setAlpha(110)
        self.runs = [pg.PlotDataItem(pen=pg.mkPen(faint, width=1)) for _ in range(RUNS_PER_GROUP)]
        for item in (self.band, self.low, self.high, *self.runs, self.mean):
            plot.addItem(item)

    def show(self, group: Group | None, band: Band | None, metric: str) -> None:
        visible = group is not None and band is not None
        for item in (self.band, self.low, self.high, self.mean, *self.runs):
            item.setVisible(visible)
        if not visible:
            return
        epochs = np.asarray(band.epochs, dtype=np.float64)
        self.low.setData(epochs, np.asarray(band.low, dtype=np.float64))
        self.high.setData(epochs, np.asarray(band.high, dtype=np.float64))
        self.mean.setData(epochs, np.asarray(band.mean, dtype=np.float64))
        for k, item in enumerate(self.runs):
            run = group.runs[k] if k < len(group.runs) else None
            item.setVisible(run is not None)
            if run is not None:
                item.setData(np.asarray(run.epochs, np.float64), np.asarray(run.series[metric], np.float64))


class RunsOverlay(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metric = QComboBox()
        for key, text in (
            ("val_loss", self.tr("validation loss")),
            ("val_accuracy", self.tr("validation accuracy")),
            ("train_loss", self.tr("training loss")),
            ("train_accuracy", self.tr("training accuracy")),
        ):
            self.metric.addItem(text, key)
        self.spread = QComboBox()
        self.spread.addItem(self.tr("mean ± 1 standard deviation (n − 1)"), "std")
        self.spread.addItem(self.tr("mean, lowest to highest run"), "minmax")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.plot_widget = pg.PlotWidget(background="w")
        self.plot = self.plot_widget.getPlotItem()
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.setLabel("bottom", self.tr("epoch"))
        self.plot.getAxis("left").enableAutoSIPrefix(False)  # accuracy 0.7, not "700 (x0.001)"
        self.legend = self.plot.addLegend(offset=(-10, 10))
        self.slots: list[GroupItems] = []
        self.groups: list[Group] = []
        self.bands: list[Band] = []
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Curve")))
        bar.addWidget(self.metric)
        bar.addWidget(QLabel(self.tr("Shaded")))
        bar.addWidget(self.spread)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.note)
        layout.addWidget(self.plot_widget, 1)
        self.metric.currentIndexChanged.connect(lambda _i: self.redraw())
        self.spread.currentIndexChanged.connect(lambda _i: self.redraw())

    def set_groups(self, groups: list[Group]) -> None:
        self.groups = groups
        while len(self.slots) < len(groups):
            colour = QColor(RUN_COLOURS[len(self.slots) % len(RUN_COLOURS)])
            self.slots.append(GroupItems(self.plot, colour))
        self.redraw()

    def legend_text(self, group: Group) -> str:
        """The side, whether it is that side's network of now or an earlier one, and the runs by name: two
        networks of one project (runs before and after an edit) must not read alike."""
        side = self.tr("{0}, earlier network").format(group.label) if group.earlier else group.label
        names = [run.name for run in group.runs]
        if len(names) == 1:
            return self.tr("{0}: {1}").format(side, names[0])
        shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        return self.tr("{0}: mean of {1} runs ({2})").format(side, len(names), shown)

    def redraw(self) -> None:
        metric, spread = self.metric.currentData(), self.spread.currentData()
        self.bands = [mean_band(((r.epochs, r.series[metric]) for r in g.runs), spread) for g in self.groups]
        self.legend.clear()
        for k, slot in enumerate(self.slots):
            group = self.groups[k] if k < len(self.groups) else None
            slot.show(group, self.bands[k] if group else None, metric)
            if group is not None:
                self.legend.addItem(slot.mean, self.legend_text(group))
        self.plot.setLabel("left", self.metric.currentText())
        if not self.groups:
            self.note.setText(self.tr("Neither side has recorded runs: train a network (or open a project with "
                                      "runs) to overlay its curves here."))  # fmt: skip
        else:
            self.note.setText(self.tr("The thick line is the mean over a network's runs (different seeds); "
                                      "an epoch only some runs reached is averaged over those."))  # fmt: skip
