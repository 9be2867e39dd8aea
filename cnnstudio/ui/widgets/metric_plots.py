"""Live training curves (loss, accuracy, learning rate) for one or more runs, overlaid for comparison.

Appends only write into growable numpy buffers; nothing is drawn until :meth:`MetricPlots.redraw`,
which the GUI calls from a ~30 Hz timer. Training can report hundreds of batches a second, and pushing
every point to pyqtgraph as it arrives would spend the GUI thread on redraws nobody can see.

The x axis counts epochs completed: a batch halfway through epoch 1 sits at 0.5 and epoch 1's summary
at 1.0, as in :attr:`cnnstudio.training.events.BatchProgress.epoch_fraction`. Accuracies are fractions
in [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

# Distinct on white and for the common colour-vision deficiencies (Okabe-Ito, then Tableau extras).
RUN_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f7f7f", "#8c564b")
EPOCH_COLUMNS = ("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr")
SERIES = ("batch_loss", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "lr")
_ALIASES = {"train_acc": "train_accuracy", "val_acc": "val_accuracy", "epochs": "epoch"}
_HISTORY_KEYS = frozenset((*EPOCH_COLUMNS, "batch_epoch", "batch_loss"))


class LearningRateAxis(pg.AxisItem):
    """A log axis that labels only what fits: decades over a wide range, 1-2-5 steps within one.

    pyqtgraph labels all nine steps of each decade when the range spans less than three, so a cosine
    schedule from 3e-3 down to 1e-5 printed "0.009 0.008 0.007 ..." on top of each other.
    """

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        return [(None, learning_rate_ticks(minVal, maxVal))]

    def logTickStrings(self, values, scale, spacing):
        """pyqtgraph's labels ("10⁻⁵", "0.003"), but two digits where a tick is not a whole step of its
        decade (a narrow range: "0.0028"), which its one-digit format would round to a neighbour's label."""
        labels = super().logTickStrings(values, scale, spacing)
        return [
            label if _whole_step(value) else f"{10**value * scale:.2g}"
            for value, label in zip(values, labels)
        ]


def _whole_step(log_value: float) -> bool:
    mantissa = 10 ** (log_value - math.floor(log_value))
    return abs(mantissa - round(mantissa)) < 1e-6


def learning_rate_ticks(low: float, high: float) -> list[float]:
    """Tick positions (log10 of the value) between ``low`` and ``high`` (also log10)."""
    decades = range(math.floor(low), math.ceil(high) + 1)
    for steps in ((1,), (1, 2, 5), tuple(range(1, 10))):
        if steps == (1,) and high - low < 2:
            continue  # fewer than two decades: one or two labels would say too little
        ticks = [d + math.log10(m) for d in decades for m in steps if low <= d + math.log10(m) <= high]
        if len(ticks) >= 2:
            return ticks
    return _linear_ticks(10**low, 10**high) or ticks


def _linear_ticks(low: float, high: float) -> list[float]:
    """Within less than one step of a decade (0.0025 to 0.003): evenly spaced round values, 2 to 5 of them."""
    span = high - low
    if span <= 0:
        return []
    base = 10 ** math.floor(math.log10(span))
    finest = 10 ** (math.floor(math.log10(high)) - 1)  # labels have two digits: no finer step
    for step in (s for s in (base / 5, base / 2, base, base * 2) if s >= finest * 0.999):
        first, last = math.ceil(low / step), math.floor(high / step)
        if 2 <= last - first + 1 <= 5:
            return [math.log10(k * step) for k in range(first, last + 1) if k > 0]
    return []


class _Buffer:
    """Rows of floats that grow by doubling, so appending is amortised O(1) and reading is a view."""

    def __init__(self, columns: int, capacity: int = 256) -> None:
        self._data = np.empty((capacity, columns), dtype=np.float64)
        self._n = 0

    def append(self, row: Sequence[float]) -> None:
        if self._n == len(self._data):
            grown = np.empty((2 * len(self._data), self._data.shape[1]), dtype=np.float64)
            grown[: self._n] = self._data[: self._n]
            self._data = grown  # views handed out earlier keep the old block alive: still valid
        self._data[self._n] = row
        self._n += 1

    def replace(self, rows: np.ndarray) -> None:
        self._data = np.array(rows, dtype=np.float64).reshape(len(rows), self._data.shape[1])
        self._n = len(rows)

    def column(self, index: int) -> np.ndarray:
        """Return column ``index`` of the filled rows as a contiguous array."""
        return np.ascontiguousarray(self._data[: self._n, index])

    def __len__(self) -> int:
        return self._n


@dataclass(eq=False)
class _Run:
    """One training run's data and the plot items that draw it."""

    name: str
    colour: QColor
    curves: dict[str, pg.PlotDataItem]
    best_lines: tuple[pg.InfiniteLine, pg.InfiniteLine]  # on the loss and the accuracy plot
    batches: _Buffer = field(default_factory=lambda: _Buffer(2))
    epochs: _Buffer = field(default_factory=lambda: _Buffer(len(EPOCH_COLUMNS)))
    best_epoch: float | None = None
    visible: bool = True
    batches_dirty: bool = False
    epochs_dirty: bool = False


def _blend(base: QColor, other: QColor, amount: float) -> QColor:
    """Return ``base`` moved ``amount`` of the way towards ``other`` (an opaque tint)."""
    mix = [round(a + (b - a) * amount) for a, b in zip(base.getRgb()[:3], other.getRgb()[:3])]
    return QColor(*mix)


def _value(x: float | None) -> float:
    """Missing values (no validation split, no scheduler) become NaN, which the curves skip."""
    return float("nan") if x is None else float(x)


class MetricPlots(QWidget):
    """Loss, accuracy and (optionally) learning-rate plots sharing one epoch axis; one colour per run."""

    run_visibility_changed = Signal(str, bool)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        show_lr: bool = True,
        orientation: Qt.Orientation = Qt.Orientation.Vertical,
    ) -> None:
        super().__init__(parent)
        self._runs: dict[str, _Run] = {}
        self._current: str | None = None
        self._redraw_count = 0
        palette = self.palette()
        self._background = palette.color(QPalette.ColorRole.Base)
        self._foreground = palette.color(QPalette.ColorRole.WindowText)
        self._canvas = pg.GraphicsLayoutWidget()
        self._canvas.setBackground(self._background)
        self._canvas.ci.setContentsMargins(4, 4, 4, 4)
        self._plots = self._build_plots(show_lr, orientation)
        self._legend = self._build_legend()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._canvas)

    # ----------------------------------------------------------------------------------------- building
    def _build_plots(self, show_lr: bool, orientation: Qt.Orientation) -> dict[str, pg.PlotItem]:
        specs = [("loss", self.tr("loss"), 5), ("accuracy", self.tr("accuracy"), 5)]
        if show_lr:
            specs.append(("lr", self.tr("learning rate"), 3 if orientation == Qt.Orientation.Vertical else 4))
        plots: dict[str, pg.PlotItem] = {}
        for i, (key, label, stretch) in enumerate(specs):
            row, col = (i, 0) if orientation == Qt.Orientation.Vertical else (0, i)
            axes = {"left": LearningRateAxis("left")} if key == "lr" else None
            plot = self._canvas.addPlot(row=row, col=col, axisItems=axes)
            self._style_plot(plot, label)
            plot.getAxis("left").enableAutoSIPrefix(False)  # accuracy 0.3-0.6 must not read "300 (x0.001)"
            layout = self._canvas.ci.layout
            if orientation == Qt.Orientation.Vertical:
                layout.setRowStretchFactor(row, stretch)
            else:
                layout.setColumnStretchFactor(col, stretch)
            if plots:
                plot.setXLink(plots["loss"])
            plots[key] = plot
        if show_lr:
            plots["lr"].setLogMode(y=True)  # schedules span decades
            plots["lr"].showGrid(x=True, y=False)  # a log axis would grid every minor decade step
            plots["lr"].getAxis("left").enableAutoSIPrefix(False)  # "(x0.001)" confuses on a log axis
        if orientation == Qt.Orientation.Vertical:  # one "epoch" under the stack is enough
            for plot in list(plots.values())[:-1]:
                plot.getAxis("bottom").setLabel(None)
                plot.getAxis("bottom").showLabel(False)
        return plots

    def _style_plot(self, plot: pg.PlotItem, y_label: str) -> None:
        """Dark-on-page axes and a light grid at the labelled ticks only.

        The grid pen is an opaque blend rather than pyqtgraph's translucent default: Qt strokes
        translucent lines on a slow path, and the default grid made one repaint cost ~20 ms.
        """
        plot.setMenuEnabled(False)
        plot.hideButtons()
        style = {"color": self._foreground.name(), "font-size": "9pt"}
        grid = _blend(self._background, self._foreground, 0.12)
        for side, text in (("bottom", self.tr("epoch")), ("left", y_label)):
            axis = plot.getAxis(side)
            axis.setPen(self._foreground)
            axis.setTextPen(self._foreground)
            axis.setTickPen(pg.mkPen(grid))
            axis.setStyle(tickAlpha=255, maxTickLevel=0 if side == "bottom" else 1)
            axis.setZValue(-200)  # below the view box (-100): an opaque grid must not cover the curves
            axis.setLabel(text, **style)
        plot.showGrid(x=True, y=True)
        plot.getAxis("left").setWidth(54)  # equal widths keep the stacked plots' x axes aligned

    def _build_legend(self) -> pg.LegendItem:
        # Bottom right of the accuracy plot: the one corner training curves leave empty (accuracy rises,
        # loss falls), and it keeps the best-epoch label at the top of the loss plot readable.
        legend = self._plots["accuracy"].addLegend(offset=(-8, -8), labelTextColor=self._foreground)
        legend.setBrush(
            QColor(self._background.red(), self._background.green(), self._background.blue(), 200)
        )
        legend.setPen(QColor(self._foreground.red(), self._foreground.green(), self._foreground.blue(), 60))
        grey = QColor(self._foreground)
        keys = (
            (self.tr("train"), self._epoch_item(grey, dashed=False)),
            (self.tr("validation"), self._epoch_item(grey, dashed=True)),
            (self.tr("batches"), pg.PlotDataItem(pen=pg.mkPen(grey, width=1))),
        )
        self._key_items = [item for _, item in keys]
        for text, item in keys:
            legend.addItem(item, text)
        legend.sigSampleClicked.connect(self._on_legend_clicked)
        legend.setColumnCount(2)  # two short rows cover less of the curves than one tall column
        return legend

    def _epoch_item(self, colour: QColor, *, dashed: bool) -> pg.PlotDataItem:
        """Per-epoch points: circles joined by lines; validation is dashed with hollow circles."""
        style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        brush = self._background if dashed else colour
        return pg.PlotDataItem(
            pen=pg.mkPen(colour, width=2, style=style),
            symbol="o",
            symbolSize=6,
            symbolPen=pg.mkPen(colour, width=1.5),
            symbolBrush=brush,
            connect="finite",
        )

    # ----------------------------------------------------------------------------------------- runs
    def add_run(self, run_id: str, name: str, *, current: bool = True) -> None:
        """Add an empty run drawn in the next free colour; by default it becomes the current run."""
        if run_id in self._runs:
            raise ValueError(self.tr("run {0!r} exists already").format(run_id))
        used = {run.colour.name() for run in self._runs.values()}
        free = [c for c in RUN_COLOURS if c not in used] or [RUN_COLOURS[len(self._runs) % len(RUN_COLOURS)]]
        colour = QColor(free[0])
        batch = pg.PlotDataItem(pen=pg.mkPen(colour, width=1), autoDownsample=True, downsampleMethod="peak")
        batch.setClipToView(True)  # 10,000+ batch points: draw only what is on screen
        curves = {
            "batch_loss": batch,
            "train_loss": self._epoch_item(colour, dashed=False),
            "val_loss": self._epoch_item(colour, dashed=True),
            "train_accuracy": self._epoch_item(colour, dashed=False),
            "val_accuracy": self._epoch_item(colour, dashed=True),
            # Dots as well: a one-epoch run has a single learning rate, and a lone point draws no line.
            "lr": pg.PlotDataItem(
                pen=pg.mkPen(colour, width=1.5),
                connect="finite",
                symbol="o",
                symbolSize=4,
                symbolPen=None,
                symbolBrush=colour,
            ),
        }
        for key, item in curves.items():
            if self._plot_of(key) in self._plots:  # without an lr plot the lr curve stays unplotted
                self._plots[self._plot_of(key)].addItem(item)
        run = _Run(name, colour, curves, (self._best_line(colour, True), self._best_line(colour, False)))
        self._plots["loss"].addItem(run.best_lines[0])
        self._plots["accuracy"].addItem(run.best_lines[1])
        self._legend.addItem(curves["train_loss"], name)
        self._runs[run_id] = run
        if current or self._current is None:
            self.set_current_run(run_id)
        else:
            self._emphasise(run, False)

    def rename_run(self, run_id: str, name: str) -> None:
        """Show run ``run_id`` as ``name`` in the legend."""
        run = self._run(run_id)
        run.name = name
        label = self._legend.getLabel(run.curves["train_loss"])
        if label is not None:
            label.setText(name)

    def remove_run(self, run_id: str) -> None:
        """Remove run ``run_id`` and its items; its colour becomes free again."""
        self._run(run_id)  # a clear KeyError for unknown ids
        run = self._runs.pop(run_id)
        self._legend.removeItem(run.curves["train_loss"])
        for key, item in run.curves.items():
            if self._plot_of(key) in self._plots:
                self._plots[self._plot_of(key)].removeItem(item)
        self._plots["loss"].removeItem(run.best_lines[0])
        self._plots["accuracy"].removeItem(run.best_lines[1])
        if self._current == run_id:
            self._current = None
            if self._runs:
                self.set_current_run(next(reversed(self._runs)))

    def set_run_visible(self, run_id: str, visible: bool) -> None:
        """Show or hide all curves of a run (the legend keeps its entry, drawn as a closed eye)."""
        run = self._run(run_id)
        run.visible = bool(visible)
        for item in run.curves.values():
            item.setVisible(run.visible)
        for line in run.best_lines:
            line.setVisible(run.visible and run.best_epoch is not None)
        self._legend.update()
        self.run_visibility_changed.emit(run_id, run.visible)

    def is_run_visible(self, run_id: str) -> bool:
        """Return whether run ``run_id`` is drawn."""
        return self._run(run_id).visible

    def set_current_run(self, run_id: str | None) -> None:
        """Draw run ``run_id`` bold and on top, the others thinner and faded, so comparisons stay readable."""
        if run_id is not None:
            self._run(run_id)
        self._current = run_id
        for key, run in self._runs.items():
            self._emphasise(run, key == run_id)

    def current_run(self) -> str | None:
        """Return the emphasised run's id."""
        return self._current

    def run_ids(self) -> list[str]:
        """Return the run ids in the order they were added."""
        return list(self._runs)

    def run_name(self, run_id: str) -> str:
        """Return the name shown for run ``run_id``."""
        return self._run(run_id).name

    def run_colour(self, run_id: str) -> QColor:
        """Return the colour of run ``run_id`` (a run list beside the plots can show it)."""
        return QColor(self._run(run_id).colour)

    def clear(self) -> None:
        """Remove every run."""
        for run_id in list(self._runs):
            self.remove_run(run_id)

    # ----------------------------------------------------------------------------------------- data
    def append_batch(self, run_id: str, epoch: float, loss: float) -> None:
        """Buffer one batch loss at fractional epoch ``epoch`` (drawn on the next :meth:`redraw`)."""
        run = self._run(run_id)
        run.batches.append((float(epoch), _value(loss)))
        run.batches_dirty = True

    def append_epoch(
        self,
        run_id: str,
        epoch: float,
        train_loss: float | None,
        train_acc: float | None,
        val_loss: float | None = None,
        val_acc: float | None = None,
        lr: float | None = None,
    ) -> None:
        """Buffer one epoch's summary; ``None`` marks a value that was not measured."""
        run = self._run(run_id)
        run.epochs.append([float(epoch), *map(_value, (train_loss, train_acc, val_loss, val_acc, lr))])
        run.epochs_dirty = True

    def set_history(self, run_id: str, history: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> None:
        """Replace a run's data with a stored history, e.g. a run loaded from disk.

        ``history`` maps column names to equal-length lists: ``epoch`` or ``epochs`` (default 1..n),
        ``train_loss``, ``train_accuracy``, ``val_loss``, ``val_accuracy``, ``lr`` (``train_acc`` and
        ``val_acc`` accepted), and optionally ``batch_epoch`` with ``batch_loss``; a scalar
        ``best_epoch`` sets the best-epoch mark. ``RunHistory.to_dict()`` fits as it is, and a list of
        per-epoch records (as the ``--json`` epoch events) is accepted too. Other keys are ignored.
        """
        run = self._run(run_id)
        if isinstance(history, Mapping) and "best_epoch" in history:
            self.set_best_epoch(run_id, history["best_epoch"])
        columns = _columns(history)
        n = max((len(columns[k]) for k in EPOCH_COLUMNS if k in columns), default=0)
        epochs = np.full((n, len(EPOCH_COLUMNS)), np.nan)
        epochs[:, 0] = np.arange(1, n + 1)
        for index, key in enumerate(EPOCH_COLUMNS):
            if key in columns:
                epochs[:, index] = _float_column(columns[key], n, key)
        batch_x = columns.get("batch_epoch", [])
        batch_loss = _float_column(columns.get("batch_loss", []), len(batch_x), "batch_loss")
        batches = np.column_stack([_float_column(batch_x, len(batch_x), "batch_epoch"), batch_loss])
        run.epochs.replace(epochs)
        run.batches.replace(batches)
        run.epochs_dirty = run.batches_dirty = True

    def set_best_epoch(self, run_id: str, epoch: float | None) -> None:
        """Mark the epoch early stopping would keep (``None`` removes the mark)."""
        run = self._run(run_id)
        run.best_epoch = None if epoch is None else float(epoch)
        for line in run.best_lines:
            # Visible first: a hidden line's label ignores value changes and would show a stale epoch.
            line.setVisible(run.visible and run.best_epoch is not None)
            if run.best_epoch is not None:
                line.setValue(run.best_epoch)

    def redraw(self) -> bool:
        """Push buffered data of the runs that changed to their curves; return whether anything changed."""
        changed = False
        for run in self._runs.values():
            if run.batches_dirty:
                run.curves["batch_loss"].setData(run.batches.column(0), run.batches.column(1))
                run.batches_dirty, changed = False, True
            if run.epochs_dirty:
                x = run.epochs.column(0)
                for index, key in enumerate(EPOCH_COLUMNS[1:], start=1):
                    y = run.epochs.column(index)
                    finite = np.isfinite(y).any()  # an all-NaN series (no validation) is drawn as empty
                    run.curves[key].setData(x if finite else x[:0], y if finite else y[:0])
                run.epochs_dirty, changed = False, True
        if changed:
            # Fit the axes to the new data now rather than in pyqtgraph's paint-time auto-range: fitting
            # there changes the range mid-paint, which re-clips the curves and asks for a second full
            # paint, so every redraw cost two (benchmarks/gui_latency.py).
            for plot in self._plots.values():
                plot.getViewBox().prepareForPaint()
        self._redraw_count += changed
        return changed

    @property
    def redraw_count(self) -> int:
        """How many :meth:`redraw` calls pushed data (calls with nothing new are not counted)."""
        return self._redraw_count

    # ----------------------------------------------------------------------------------------- items
    def plot(self, name: str) -> pg.PlotItem:
        """Return the plot ``"loss"``, ``"accuracy"`` or ``"lr"``."""
        return self._plots[name]

    def curve(self, run_id: str, series: str) -> pg.PlotDataItem:
        """Return the item drawing ``series`` (one of :data:`SERIES`) of run ``run_id``."""
        return self._run(run_id).curves[series]

    def best_line(self, run_id: str) -> pg.InfiniteLine:
        """Return the best-epoch marker of run ``run_id`` on the loss plot."""
        return self._run(run_id).best_lines[0]

    def legend(self) -> pg.LegendItem:
        """Return the legend (key entries first, then one entry per run)."""
        return self._legend

    # ----------------------------------------------------------------------------------------- internals
    def _run(self, run_id: str) -> _Run:
        try:
            return self._runs[run_id]
        except KeyError:
            raise KeyError(self.tr("no run {0!r}; call add_run first").format(run_id)) from None

    @staticmethod
    def _plot_of(series: str) -> str:
        if series == "lr":
            return "lr"
        return "accuracy" if series.endswith("accuracy") else "loss"

    def _best_line(self, colour: QColor, labelled: bool) -> pg.InfiniteLine:
        line = pg.InfiniteLine(
            angle=90,
            movable=False,
            pen=pg.mkPen(colour, width=1.2, style=Qt.PenStyle.DotLine),
            label=self.tr("best epoch {value:g}") if labelled else None,
            # Label on the left of the line: the best epoch is often the last one, at the plot's right edge.
            labelOpts={"position": 0.92, "color": colour, "anchors": [(1, 0.5), (1, 0.5)]},
        )
        line.setVisible(False)
        line.setZValue(-5)
        return line

    def _emphasise(self, run: _Run, current: bool) -> None:
        for key, item in run.curves.items():
            item.setZValue(10 if current else 0)
            item.setOpacity((0.35 if key == "batch_loss" else 1.0) * (1.0 if current else 0.5))

    def _on_legend_clicked(self, item: pg.PlotDataItem) -> None:
        """A click on a run's legend sample toggles the whole run; key samples are not toggles."""
        if item in self._key_items:
            item.setVisible(True)
            return
        for run_id, run in self._runs.items():
            if run.curves["train_loss"] is item:
                self.set_run_visible(run_id, item.isVisible())
                return


def _columns(history: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> dict[str, list]:
    """Normalise a dict of lists or a list of records to the plotted columns, under canonical keys.

    Everything else (a run record's ``format``, ``settings``, ``seconds``...) is left out.
    """
    if not isinstance(history, Mapping):
        records = list(history)
        keys = {key for record in records for key in record}
        history = {key: [record.get(key) for record in records] for key in keys}
    columns = {_ALIASES.get(key, key): values for key, values in history.items()}
    return {key: list(values) for key, values in columns.items() if key in _HISTORY_KEYS}


def _float_column(values: Sequence[float | None], n: int, key: str) -> np.ndarray:
    if len(values) != n:
        raise ValueError(f"history column {key!r} has {len(values)} values, expected {n}")
    return np.array([_value(v) for v in values], dtype=np.float64)
