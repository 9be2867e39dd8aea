"""Live training curves (loss, accuracy, learning rate) for one or more runs, overlaid for comparison.

Appends only write into growable numpy buffers; nothing is drawn until :meth:`MetricPlots.redraw`,
which the GUI calls from a ~30 Hz timer. Training can report hundreds of batches a second, and pushing
every point to pyqtgraph as it arrives would spend the GUI thread on redraws nobody can see.

The x axis counts epochs completed: a batch halfway through epoch 1 sits at 0.5 and epoch 1's summary
at 1.0, as in :attr:`cnnstudio.training.events.BatchProgress.epoch_fraction`. Accuracies are fractions
in [0, 1].

Over ~400 lines as one idea: every item on the three plots belongs to a run (curves, best-epoch and change
marks), and adding, hiding and removing a run must reach all of them in one place; what one run is made of
lives in ``run_curves``, the axes in ``plot_items``, the legend in ``plot_legend``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cnnstudio.ui.widgets.curve_data import EPOCH_COLUMNS, history_arrays, value
from cnnstudio.ui.widgets.plot_items import LearningRateAxis, ReadableAxis
from cnnstudio.ui.widgets.plot_legend import PlotLegend
from cnnstudio.ui.widgets.run_curves import RunCurves, change_line

# Distinct on white and for the common colour-vision deficiencies (Okabe-Ito, then Tableau extras).
LINE_KEYS = ("train", "validation", "batches")  # the legend's line-style entries, in the text colour
RUN_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f7f7f", "#8c564b")
SERIES = ("batch_loss", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "lr")
KEYS = ("train", "validation", "batches")  # the legend's key entries (MetricPlots.legend().remove(key))


def _blend(base: QColor, other: QColor, amount: float) -> QColor:
    """Return ``base`` moved ``amount`` of the way towards ``other`` (an opaque tint)."""
    mix = [round(a + (b - a) * amount) for a, b in zip(base.getRgb()[:3], other.getRgb()[:3])]
    return QColor(*mix)


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
        self._drawn: dict[str, RunCurves] = {}
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
        self._apply_font()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._legend)
        layout.addWidget(self._canvas, 1)

    # ----------------------------------------------------------------------------------------- building
    def _build_plots(self, show_lr: bool, orientation: Qt.Orientation) -> dict[str, pg.PlotItem]:
        specs = [("loss", self.tr("loss"), 5), ("accuracy", self.tr("accuracy"), 5)]
        if show_lr:
            specs.append(("lr", self.tr("learning rate"), 3 if orientation == Qt.Orientation.Vertical else 4))
        plots: dict[str, pg.PlotItem] = {}
        for i, (key, label, stretch) in enumerate(specs):
            row, col = (i, 0) if orientation == Qt.Orientation.Vertical else (0, i)
            # No SI prefix on either axis: accuracy 0.3-0.6 read "300 (x0.001)", and the first epoch's
            # batches "epoch (x0.001)" with ticks 100, 200, 800.
            left = LearningRateAxis("left") if key == "lr" else ReadableAxis("left")
            axes = {"left": left, "bottom": ReadableAxis("bottom")}
            plot = self._canvas.addPlot(row=row, col=col, axisItems=axes)
            self._style_plot(plot, label)
            # At least one epoch wide, from 0: the first epoch's batches grow across the plot instead of
            # being stretched over it, and ticks stay decimals of an epoch.
            plot.getViewBox().setLimits(xMin=0, minXRange=1)
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
        if orientation == Qt.Orientation.Vertical:  # one "epoch" under the stack is enough
            for plot in list(plots.values())[:-1]:
                plot.getAxis("bottom").setLabel(None)
                plot.getAxis("bottom").showLabel(False)
            # Stacked plots' y axes share one width, so their epoch axes line up.
            lefts = [plot.getAxis("left") for plot in plots.values()]
            for axis in lefts:
                axis.align_with(lefts)
        return plots

    def _style_plot(self, plot: pg.PlotItem, y_label: str) -> None:
        """Dark-on-page axes and a light grid at the labelled ticks only.

        The grid pen is an opaque blend rather than pyqtgraph's translucent default: Qt strokes
        translucent lines on a slow path, and the default grid made one repaint cost ~20 ms.
        """
        plot.setMenuEnabled(False)
        plot.hideButtons()
        for side, text in (("bottom", self.tr("epoch")), ("left", y_label)):
            axis = plot.getAxis(side)
            axis.setStyle(tickAlpha=255, maxTickLevel=0 if side == "bottom" else 1)
            axis.setZValue(-200)  # below the view box (-100): an opaque grid must not cover the curves
            axis.setLabel(text)
        self._colour_axes(plot)
        plot.showGrid(x=True, y=True)

    def _colour_axes(self, plot: pg.PlotItem) -> None:
        grid = _blend(self._background, self._foreground, 0.12)
        for side in ("bottom", "left"):
            axis = plot.getAxis(side)
            axis.setPen(self._foreground)
            axis.setTextPen(self._foreground)
            axis.setTickPen(pg.mkPen(grid))

    def _apply_palette(self) -> None:
        """A new colour scheme: the page, axes, grid and the legend's line-style keys in its colours."""
        palette = self.palette()
        self._background = palette.color(QPalette.ColorRole.Base)
        self._foreground = palette.color(QPalette.ColorRole.WindowText)
        self._canvas.setBackground(self._background)
        for plot in self._plots.values():
            self._colour_axes(plot)
        for key in LINE_KEYS:
            self._legend.set_colour(key, self._foreground)
        self._apply_font()  # the axes' label colour

    def _apply_font(self) -> None:
        """Axes and best-epoch labels in the widget's font, so presenter mode enlarges them too."""
        font, colour = self.font(), self._foreground.name()
        for plot in self._plots.values():
            for side in ("left", "bottom"):
                plot.getAxis(side).set_font(font, colour)
        for drawn in self._drawn.values():
            labelled = [drawn.best_lines[0]] + [line for key, line in drawn.change_lines if key == "loss"]
            for line in labelled:
                line.label.setFont(font)
                line.label.updatePosition()
        self._canvas.setMinimumHeight(self._least_height())

    def _least_height(self) -> int:
        """Tall enough for the longest y-axis title, which is written upwards along its plot (presenter
        mode's font on a 768-pixel screen squeezed the plots until "learning rate" lost its ends)."""
        metrics = QFontMetrics(self.font())
        tallest = max(
            metrics.horizontalAdvance(plot.getAxis("left").labelText) for plot in self._plots.values()
        )
        per_plot = tallest + 2 * metrics.height() + 24  # the epoch axis under it, margins above
        return per_plot * max(1, self._canvas.ci.layout.rowCount())  # stacked plots each need it

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_font()
        elif event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()

    def _build_legend(self) -> PlotLegend:
        """A row above the plots (never over the data): what each line style means, then the runs."""
        legend = PlotLegend()
        grey = QColor(self._foreground)
        legend.add_key(LINE_KEYS[0], self.tr("train"), grey)
        legend.add_key(LINE_KEYS[1], self.tr("validation"), grey, dashed=True)
        legend.add_key(LINE_KEYS[2], self.tr("batches"), grey, symbol=False)
        legend.run_toggled.connect(self.set_run_visible)
        return legend

    # ----------------------------------------------------------------------------------------- runs
    def add_run(self, run_id: str, name: str, *, current: bool = True) -> None:
        """Add an empty run drawn in the next free colour; by default it becomes the current run."""
        if run_id in self._drawn:
            raise ValueError(self.tr("run {0!r} exists already").format(run_id))
        used = {drawn.colour.name() for drawn in self._drawn.values()}
        free = [c for c in RUN_COLOURS if c not in used] or [RUN_COLOURS[len(self._drawn) % len(RUN_COLOURS)]]
        colour = QColor(free[0])
        texts = self.tr("best epoch {value:g}"), self.tr("best {value:g}")
        drawn = RunCurves.make(name, colour, self._background, texts)
        for key, item in drawn.curves.items():
            if self._plot_of(key) in self._plots:  # without an lr plot the lr curve stays unplotted
                self._plots[self._plot_of(key)].addItem(item)
        self._plots["loss"].addItem(drawn.best_lines[0])
        self._plots["accuracy"].addItem(drawn.best_lines[1])
        self._drawn[run_id] = drawn
        self._legend.add_run(run_id, name, colour)
        drawn.best_lines[0].label.setFont(self.font())
        if current or self._current is None:
            self.set_current_run(run_id)
        else:
            self._emphasise(drawn, False)

    def rename_run(self, run_id: str, name: str) -> None:
        """Show run ``run_id`` as ``name`` in the legend."""
        drawn = self._drawn_run(run_id)
        drawn.name = name
        self._legend.rename(run_id, name)

    def remove_run(self, run_id: str) -> None:
        """Remove run ``run_id`` and its items; its colour becomes free again."""
        self._drawn_run(run_id)  # a clear KeyError for unknown ids
        drawn = self._drawn.pop(run_id)
        self._legend.remove(run_id)
        for key, item in drawn.curves.items():
            if self._plot_of(key) in self._plots:
                self._plots[self._plot_of(key)].removeItem(item)
        self._plots["loss"].removeItem(drawn.best_lines[0])
        self._plots["accuracy"].removeItem(drawn.best_lines[1])
        self._remove_changes(drawn)
        if self._current == run_id:
            self._current = None
            if self._drawn:
                self.set_current_run(next(reversed(self._drawn)))
        if not self._drawn:
            self._forget_ranges()

    def _forget_ranges(self) -> None:
        """Empty plots show what a new window's do. Auto-range has nothing to fit in an empty plot, so it
        kept the last project's epochs and loss scale (and the user's zoom) after another project opened."""
        for plot in self._plots.values():
            view = plot.getViewBox()
            view.setRange(xRange=(0, 1), yRange=(0, 1), padding=0, disableAutoRange=False)
            view.enableAutoRange()  # a zoom turned it off: the next run's data is fitted again

    def set_run_visible(self, run_id: str, visible: bool) -> None:
        """Show or hide all curves of a run (the legend keeps its entry, drawn as a closed eye)."""
        drawn = self._drawn_run(run_id)
        drawn.visible = bool(visible)
        for item in drawn.curves.values():
            item.setVisible(drawn.visible)
        for line in drawn.best_lines:
            line.setVisible(drawn.visible and drawn.best_epoch is not None)
        for _, line in drawn.change_lines:
            line.setVisible(drawn.visible)
        self._legend.set_drawn(run_id, drawn.visible)
        self.run_visibility_changed.emit(run_id, drawn.visible)

    def is_run_visible(self, run_id: str) -> bool:
        """Return whether run ``run_id`` is drawn."""
        return self._drawn_run(run_id).visible

    def set_current_run(self, run_id: str | None) -> None:
        """Draw run ``run_id`` bold and on top, the others thinner and faded, so comparisons stay readable."""
        if run_id is not None:
            self._drawn_run(run_id)
        self._current = run_id
        for key, drawn in self._drawn.items():
            self._emphasise(drawn, key == run_id)

    def current_run(self) -> str | None:
        """Return the emphasised run's id."""
        return self._current

    def run_ids(self) -> list[str]:
        """Return the run ids in the order they were added."""
        return list(self._drawn)

    def run_name(self, run_id: str) -> str:
        """Return the name shown for run ``run_id``."""
        return self._drawn_run(run_id).name

    def run_colour(self, run_id: str) -> QColor:
        """Return the colour of run ``run_id`` (a run list beside the plots can show it)."""
        return QColor(self._drawn_run(run_id).colour)

    def clear(self) -> None:
        """Remove every run."""
        for run_id in list(self._drawn):
            self.remove_run(run_id)

    # ----------------------------------------------------------------------------------------- data
    def append_batch(self, run_id: str, epoch: float, loss: float) -> None:
        """Buffer one batch loss at fractional epoch ``epoch`` (drawn on the next :meth:`redraw`)."""
        drawn = self._drawn_run(run_id)
        drawn.batches.append((float(epoch), value(loss)))
        drawn.batches_dirty = True

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
        drawn = self._drawn_run(run_id)
        drawn.epochs.append([float(epoch), *map(value, (train_loss, train_acc, val_loss, val_acc, lr))])
        drawn.epochs_dirty = True

    def set_history(self, run_id: str, history: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> None:
        """Replace a run's data with a stored history, e.g. a run loaded from disk.

        ``history`` maps column names to equal-length lists: ``epoch`` or ``epochs`` (default 1..n),
        ``train_loss``, ``train_accuracy``, ``val_loss``, ``val_accuracy``, ``lr`` (``train_acc`` and
        ``val_acc`` accepted), and optionally ``batch_epoch`` with ``batch_loss``; a scalar
        ``best_epoch`` sets the best-epoch mark. ``RunHistory.to_dict()`` fits as it is, and a list of
        per-epoch records (as the ``--json`` epoch events) is accepted too. Other keys are ignored.
        """
        drawn = self._drawn_run(run_id)
        epochs, batches = history_arrays(history)
        if isinstance(history, Mapping) and "best_epoch" in history:
            self.set_best_epoch(run_id, history["best_epoch"])
        drawn.epochs.replace(epochs)
        drawn.batches.replace(batches)
        drawn.epochs_dirty = drawn.batches_dirty = True

    def set_best_epoch(self, run_id: str, epoch: float | None) -> None:
        """Mark the epoch early stopping would keep (``None`` removes the mark)."""
        drawn = self._drawn_run(run_id)
        drawn.best_epoch = None if epoch is None else float(epoch)
        for line in drawn.best_lines:
            # Visible first: a hidden line's label ignores value changes and would show a stale epoch.
            line.setVisible(drawn.visible and drawn.best_epoch is not None)
            if drawn.best_epoch is not None:
                line.setValue(drawn.best_epoch)

    def add_change(self, run_id: str, epoch: float, label: str, detail: str = "") -> None:
        """Mark a change made while run ``run_id`` was paused (issue 15.8): a dash-dot line at ``epoch`` on
        every plot in the run's colour, labelled ``label`` on the loss plot, ``detail`` as its tooltip, so
        the bend it caused in the curves is read next to its cause."""
        drawn = self._drawn_run(run_id)
        for key, plot in self._plots.items():
            line = change_line(drawn.colour, self._background, label if key == "loss" else None, detail)
            line.setValue(float(epoch))
            line.setVisible(drawn.visible)
            if key == "loss":
                line.label.setFont(self.font())
                line.label.setVisible(run_id == self._current)
            plot.addItem(line)
            drawn.change_lines.append((key, line))

    def set_changes(self, run_id: str, marks: Iterable[tuple[float, str, str]]) -> None:
        """Replace run ``run_id``'s change marks with ``marks``: (epoch, label, detail) each."""
        drawn = self._drawn_run(run_id)
        self._remove_changes(drawn)
        for epoch, label, detail in marks:
            self.add_change(run_id, epoch, label, detail)

    def changes(self, run_id: str) -> list[tuple[float, str]]:
        """The change marks of run ``run_id`` as (epoch, label), in the order they were added."""
        return [
            (line.value(), line.label.textItem.toPlainText())
            for key, line in self._drawn_run(run_id).change_lines
            if key == "loss"
        ]

    def _remove_changes(self, drawn: RunCurves) -> None:
        for key, line in drawn.change_lines:
            self._plots[key].removeItem(line)
        drawn.change_lines.clear()

    def redraw(self) -> bool:
        """Push buffered data of the runs that changed to their curves; return whether anything changed."""
        changed = False
        for drawn in self._drawn.values():
            if drawn.batches_dirty:
                drawn.curves["batch_loss"].setData(drawn.batches.column(0), drawn.batches.column(1))
                drawn.batches_dirty, changed = False, True
            if drawn.epochs_dirty:
                x = drawn.epochs.column(0)
                for index, key in enumerate(EPOCH_COLUMNS[1:], start=1):
                    y = drawn.epochs.column(index)
                    finite = np.isfinite(y).any()  # an all-NaN series (no validation) is drawn as empty
                    drawn.curves[key].setData(x if finite else x[:0], y if finite else y[:0])
                drawn.epochs_dirty, changed = False, True
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
        return self._drawn_run(run_id).curves[series]

    def best_line(self, run_id: str) -> pg.InfiniteLine:
        """Return the best-epoch marker of run ``run_id`` on the loss plot."""
        return self._drawn_run(run_id).best_lines[0]

    def legend(self) -> PlotLegend:
        """Return the legend (key entries first, then one entry per run)."""
        return self._legend

    # ----------------------------------------------------------------------------------------- internals
    def _drawn_run(self, run_id: str) -> RunCurves:
        try:
            return self._drawn[run_id]
        except KeyError:
            raise KeyError(self.tr("no run {0!r}; call add_run first").format(run_id)) from None

    @staticmethod
    def _plot_of(series: str) -> str:
        if series == "lr":
            return "lr"
        return "accuracy" if series.endswith("accuracy") else "loss"

    def _emphasise(self, drawn: RunCurves, current: bool) -> None:
        for key, item in drawn.curves.items():
            item.setZValue(10 if current else 0)
            item.setOpacity((0.35 if key == "batch_loss" else 1.0) * (1.0 if current else 0.5))
        # Only the current run's marks are labelled: the labels of several runs ("best epoch 3", "lr →
        # 0.0003") stacked on one another near the top of a short plot. The others keep their lines.
        drawn.best_lines[0].label.setVisible(current)
        for key, line in drawn.change_lines:
            if key == "loss" and getattr(line, "label", None) is not None:
                line.label.setVisible(current)
