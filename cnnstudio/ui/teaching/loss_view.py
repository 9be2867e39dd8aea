"""The loss options compared (course 004): how each punishes a score and how hard it pushes back.

The network gives one score per class; the loss looks at the true class's score ``s_y`` against the others.
Here every other score is 0 and ``s_y`` runs along the x axis (negative: the network is wrong and sure of
it), for the three losses a project can train with (cross-entropy with softmax, the multi-class hinge of
cs231n, and the squared error on one-hot targets that course 004 compares). The left plot is the loss, the
right one the size of its gradient with respect to ``s_y``: where the network is badly wrong, cross-entropy
keeps a slope near 1 while the squared error flattens towards 0, which is course 004's "cross-entropy is
steeper". The numbers are :mod:`cnnstudio.core.losses`' (checked against torch's loss functions and
autograd in the tests); the formula of each loss is shown under the plots.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from cnnstudio.core.losses import FORMULAS, LOSSES, loss_gradient, loss_value
from cnnstudio.ui.teaching import cells as C
from cnnstudio.ui.teaching.plain_plot import still_plot
from cnnstudio.ui.theme import swatch

SCORES = np.linspace(-6.0, 6.0, 241)
COLOURS = {"cross_entropy": "#d55e00", "hinge": "#0072b2", "mse": "#009e73"}
WRONG_AND_SURE = -4.0  # the score where the caption compares the slopes


def curves(kind: str, classes: int) -> tuple[np.ndarray, np.ndarray]:
    """The loss and |dL/ds_y| along :data:`SCORES`, the other ``classes - 1`` scores being 0."""
    values, slopes = [], []
    for s in SCORES:
        scores = [float(s)] + [0.0] * (classes - 1)
        values.append(loss_value(kind, scores, 0))
        slopes.append(abs(loss_gradient(kind, scores, 0)[0]))
    return np.asarray(values), np.asarray(slopes)


class LossView(QWidget):
    """Loss checkboxes and the number of classes; the losses and their slopes; the formulas."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        C.enlarge_font(self)
        self.loss_boxes: dict[str, QCheckBox] = {}
        top = QHBoxLayout()
        for kind in LOSSES:
            box = QCheckBox(self.loss_name(kind))
            box.setChecked(kind != "hinge")  # course 004 compares these two; the hinge is one click away
            box.setIcon(swatch(COLOURS[kind], 14))  # the curve's colour; the name in the palette's
            box.toggled.connect(self.redraw)
            self.loss_boxes[kind] = box
            top.addWidget(box)
        top.addSpacing(16)
        top.addWidget(QLabel(self.tr("Classes:")))
        self.classes_box = QSpinBox()
        self.classes_box.setRange(2, 100)
        self.classes_box.setValue(10)
        self.classes_box.valueChanged.connect(self.redraw)
        top.addWidget(self.classes_box)
        top.addStretch(1)
        axis = self.tr("score of the true class sᵧ (other scores 0)")
        self.loss_plot = still_plot(axis, self.tr("loss L"))
        self.slope_plot = still_plot(axis, self.tr("steepness |∂L/∂sᵧ|"))
        self._loss_curves = {k: self.loss_plot.plot(pen=pg.mkPen(COLOURS[k], width=2.5)) for k in LOSSES}
        self._slope_curves = {k: self.slope_plot.plot(pen=pg.mkPen(COLOURS[k], width=2.5)) for k in LOSSES}
        for plot in (self.loss_plot, self.slope_plot):
            plot.addItem(
                pg.InfiniteLine(
                    pos=WRONG_AND_SURE, angle=90, pen=pg.mkPen("#999999", style=Qt.PenStyle.DashLine)
                )
            )
        plots = QGridLayout()
        plots.addWidget(self.loss_plot, 0, 0)
        plots.addWidget(self.slope_plot, 0, 1)
        self.compare_label = QLabel()
        self.compare_label.setWordWrap(True)
        self.formula_label = QLabel()
        self.formula_label.setWordWrap(True)
        self.formula_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(plots, 1)
        layout.addWidget(self.compare_label)
        layout.addWidget(self.formula_label)
        self.redraw()

    def loss_name(self, kind: str) -> str:
        return {
            "cross_entropy": self.tr("Cross-entropy (softmax)"),
            "hinge": self.tr("Multi-class hinge (SVM)"),
            "mse": self.tr("Squared error (one-hot)"),
        }[kind]

    def shown(self) -> list[str]:
        return [kind for kind, box in self.loss_boxes.items() if box.isChecked()]

    def curve_data(self, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The drawn x, loss and slope of ``kind``."""
        x, loss = self._loss_curves[kind].getData()
        _, slope = self._slope_curves[kind].getData()
        return x, loss, slope

    def redraw(self, *_args) -> None:
        classes = self.classes_box.value()
        slopes_at = {}
        for kind in LOSSES:
            visible = self.loss_boxes[kind].isChecked()
            self._loss_curves[kind].setVisible(visible)
            self._slope_curves[kind].setVisible(visible)
            values, slopes = curves(kind, classes)
            self._loss_curves[kind].setData(SCORES, values)
            self._slope_curves[kind].setData(SCORES, slopes)
            slopes_at[kind] = float(np.interp(WRONG_AND_SURE, SCORES, slopes))
        self.loss_plot.setYRange(0, 8)
        self.slope_plot.setYRange(0, 1.1)
        self.compare_label.setText(
            self.tr(
                "Where the network is wrong and sure of it (sᵧ = {at:g}, dashed), cross-entropy still pushes "
                "with steepness {ce:.3f} while the squared error pushes with {mse:.3f}: cross-entropy is "
                "steeper, so the same step changes the loss more and learning does not stall (course 004)."
            ).format(at=WRONG_AND_SURE, ce=slopes_at["cross_entropy"], mse=slopes_at["mse"])
        )
        # the formulas are symbols but for the one word "one-hot", which is the reader's language's
        one_hot = self.tr("one-hot")
        lines = [
            f"{self.loss_name(kind)}:   {FORMULAS[kind].replace('one-hot', one_hot)}"
            for kind in LOSSES
            if kind in self.shown()
        ]
        self.formula_label.setText("\n".join(lines))
