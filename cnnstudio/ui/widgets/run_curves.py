"""One training run on the plots: its buffered numbers and the items that draw them in its colour.

``MetricPlots`` arranges plots and runs; this is what one run is made of (batch and epoch curves, the
learning rate, the best-epoch marks), apart from how many runs there are and where they go.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from cnnstudio.ui.widgets.curve_data import EPOCH_COLUMNS, Buffer
from cnnstudio.ui.widgets.plot_items import InsideLabel, best_epoch_line


@dataclass(eq=False)
class RunCurves:
    """One training run's data and the plot items that draw it."""

    name: str
    colour: QColor
    curves: dict[str, pg.PlotDataItem]
    best_lines: tuple[pg.InfiniteLine, pg.InfiniteLine]  # on the loss and the accuracy plot
    # Changes made while the run was paused (issue 15.8): (plot name, line) for each plot each change marks.
    change_lines: list[tuple[str, pg.InfiniteLine]] = field(default_factory=list)
    batches: Buffer = field(default_factory=lambda: Buffer(2))
    epochs: Buffer = field(default_factory=lambda: Buffer(len(EPOCH_COLUMNS)))
    best_epoch: float | None = None
    visible: bool = True
    batches_dirty: bool = False
    epochs_dirty: bool = False

    @classmethod
    def make(cls, name: str, colour: QColor, background: QColor, best_texts: tuple[str, str]) -> RunCurves:
        """A run drawn in ``colour`` (hollow symbols filled with ``background``), its best-epoch label
        worded ``best_texts`` (long, and short for a narrow plot)."""
        batch = pg.PlotDataItem(pen=pg.mkPen(colour, width=1), autoDownsample=True, downsampleMethod="peak")
        batch.setClipToView(True)  # 10,000+ batch points: draw only what is on screen
        curves = {
            "batch_loss": batch,
            "train_loss": epoch_item(colour, background, dashed=False),
            "val_loss": epoch_item(colour, background, dashed=True),
            "train_accuracy": epoch_item(colour, background, dashed=False),
            "val_accuracy": epoch_item(colour, background, dashed=True),
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
        return cls(name, colour, curves, (_best_line(colour, best_texts), _best_line(colour, None)))


def epoch_item(colour: QColor, background: QColor, *, dashed: bool) -> pg.PlotDataItem:
    """Per-epoch points: circles joined by lines; validation is dashed with hollow circles."""
    style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    return pg.PlotDataItem(
        pen=pg.mkPen(colour, width=2, style=style),
        symbol="o",
        symbolSize=6,
        symbolPen=pg.mkPen(colour, width=1.5),
        symbolBrush=background if dashed else colour,
        connect="finite",
    )


def _best_line(colour: QColor, texts: tuple[str, str] | None) -> pg.InfiniteLine:
    """The dotted best-epoch mark; labelled (near the top, on the side with room) when ``texts`` given."""
    pen = pg.mkPen(colour, width=1.2, style=Qt.PenStyle.DotLine)
    if texts is not None:
        line = best_epoch_line(colour, pen, *texts, position=0.97)
    else:
        line = pg.InfiniteLine(angle=90, movable=False, pen=pen)
    line.setVisible(False)
    line.setZValue(-5)
    return line


def change_line(colour: QColor, background: QColor, label: str | None, detail: str) -> pg.InfiniteLine:
    """A dash-dot mark where a paused run's settings changed; labelled when ``label`` is given (near the
    top, under the best-epoch label's row, on a ``background`` patch so the curves it crosses cannot hide
    it), with ``detail`` (what changed from what) as the tooltip of the line and its label."""
    line = pg.InfiniteLine(
        angle=90, movable=False, pen=pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DashDotLine)
    )
    line.setZValue(-5)
    line.setToolTip(detail)
    if label is not None:
        text = label.replace("{", "{{").replace("}", "}}")  # the label formats its text with the line's value
        line.label = InsideLabel(line, text, text, position=0.86, color=colour, fill=background)
        line.label.setToolTip(detail)
    return line
