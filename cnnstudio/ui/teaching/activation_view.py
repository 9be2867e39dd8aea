"""Activation functions and their derivatives, and the saturation of the class's own network (course 003/004).

The top half plots the chosen functions and, beside them, their derivatives: sigmoid's derivative peaks at
0.25 and falls towards 0 on both sides, ReLU's is 1 for every positive input. The bottom half shows the
same on the trained network: a histogram of the inputs that the chosen activation layer received for the
dataset's images, with the regions where the derivative is below a tenth of its peak shaded and their share
written out. All numbers come from :mod:`cnnstudio.training.activation_study` (torch's functions, autograd,
forward hooks); this widget draws them.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout

from cnnstudio.training.activation_study import (
    FUNCTIONS,
    SATURATED_BELOW,
    LayerInputs,
    activation_inputs,
    curve,
)
from cnnstudio.training.lesson_models import model_inputs
from cnnstudio.ui.teaching import cells as C
from cnnstudio.ui.teaching.model_tool import ModelTool
from cnnstudio.ui.teaching.plain_plot import still_plot
from cnnstudio.ui.theme import Tone, set_text_colour, swatch
from cnnstudio.ui.widgets.layer_chooser import LayerChooser

IMAGES = 64  # images fed to the network for its histogram: enough values, a fraction of a second
COLOURS = {
    "sigmoid": "#d55e00",
    "tanh": "#0072b2",
    "relu": "#009e73",
    "leakyrelu": "#cc79a7",
    "elu": "#e69f00",
    "gelu": "#56b4e9",
}
SHOWN_FIRST = ("sigmoid", "tanh", "relu")
NAMES = {
    "sigmoid": "Sigmoid",
    "tanh": "Tanh",
    "relu": "ReLU",
    "leakyrelu": "LeakyReLU",
    "elu": "ELU",
    "gelu": "GELU",
}


class ActivationView(ModelTool):
    """Function checkboxes, the functions and their derivatives, then a layer chooser and its histogram."""

    _inputs: dict[tuple[int, ...], LayerInputs] | None = None
    _images = 0

    def _build(self) -> None:
        self.function_boxes: dict[str, QCheckBox] = {}
        boxes = QHBoxLayout()
        boxes.addWidget(QLabel(self.tr("Functions:")))
        for kind in FUNCTIONS:
            box = QCheckBox(NAMES[kind])
            box.setChecked(kind in SHOWN_FIRST)
            box.setIcon(swatch(COLOURS[kind], 14))  # the curve's colour; the name in the palette's
            box.toggled.connect(self._show_curves)
            self.function_boxes[kind] = box
            boxes.addWidget(box)
        boxes.addStretch(1)
        self.function_plot = still_plot(self.tr("input x"), self.tr("f(x)"))
        self.derivative_plot = still_plot(self.tr("input x"), self.tr("derivative f′(x)"))
        self._function_curves = {k: self.function_plot.plot(pen=_pen(k)) for k in FUNCTIONS}
        self._derivative_curves = {k: self.derivative_plot.plot(pen=_pen(k)) for k in FUNCTIONS}
        self._quarter = pg.InfiniteLine(
            pos=0.25,
            angle=0,
            pen=pg.mkPen("#777777", style=Qt.PenStyle.DashLine),
            label="0.25",
            labelOpts={"position": 0.08, "color": "#555555"},
        )
        self.derivative_plot.addItem(self._quarter)
        self.peaks_label = QLabel()
        self.peaks_label.setWordWrap(True)
        set_text_colour(self.peaks_label, Tone.MUTED)
        functions = QVBoxLayout()
        functions.addLayout(boxes)
        functions.addWidget(self.function_plot, 1)
        functions.addWidget(self.derivative_plot, 1)
        functions.addWidget(self.peaks_label)
        layout = QHBoxLayout(self)
        layout.addLayout(functions, 1)
        layout.addLayout(self._build_network(), 1)
        self._show_curves()

    def _build_network(self) -> QVBoxLayout:
        """The chooser of an activation layer, the histogram of its inputs and the saturated share."""
        self.layer_box = LayerChooser(self.doc, tuple(FUNCTIONS))
        self.layer_box.setMinimumContentsLength(20)
        self.layer_box.layer_changed.connect(self._show_histogram)
        self.histogram_plot = still_plot(self.tr("input the layer received"), self.tr("how many"))
        self._bars = pg.PlotDataItem(
            stepMode="center", fillLevel=0, brush=pg.mkBrush("#9db4cc"), pen="#4a6a8a"
        )
        self.histogram_plot.addItem(self._bars)
        self._regions = [
            pg.LinearRegionItem(movable=False, brush=pg.mkBrush(213, 94, 0, 50)) for _ in range(2)
        ]
        for region in self._regions:
            region.setZValue(-10)
            self.histogram_plot.addItem(region)
        self.hint_label = C.HintLabel()
        self.saturation_label = QLabel()
        self.saturation_label.setWordWrap(True)
        # every activation layer's saturated share at once: where in the network the gradient stalls
        self.overview_label = QLabel()
        self.overview_label.setWordWrap(True)
        set_text_colour(self.overview_label, Tone.MUTED)
        network = QVBoxLayout()
        network.addWidget(QLabel(self.tr("In your network, the inputs of:")))
        network.addWidget(self.layer_box)
        network.addWidget(self.hint_label)
        network.addWidget(self.histogram_plot, 1)
        network.addWidget(self.saturation_label)
        network.addWidget(self.overview_label)
        return network

    # -- public ---------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """A newly trained model or new samples: measure the layers' inputs again (when shown)."""
        if not self.defer_while_hidden():
            self._measure()

    def layer_inputs(self) -> LayerInputs | None:
        """What the chosen layer received (None before anything was measured)."""
        path = self.layer_box.current_path()
        return None if self._inputs is None or path is None else self._inputs.get(path)

    # -- the functions ---------------------------------------------------------------------------------------
    def _show_curves(self, *_args) -> None:
        for kind in FUNCTIONS:
            shown = self.function_boxes[kind].isChecked()
            if shown:
                c = curve(kind)
                self._function_curves[kind].setData(c.x, c.y)
                self._derivative_curves[kind].setData(c.x, c.dy)
            self._function_curves[kind].setVisible(shown)
            self._derivative_curves[kind].setVisible(shown)
        self.function_plot.setYRange(-1.5, 3.0)
        self.derivative_plot.setYRange(-0.2, 1.2)
        peaks = [
            self.tr("{name}: largest derivative {peak:.3g}").format(
                name=NAMES[k], peak=curve(k).peak_derivative
            )
            for k in FUNCTIONS
            if self.function_boxes[k].isChecked()
        ]
        self.peaks_label.setText(
            "; ".join(peaks)
            + self.tr(
                ". Sigmoid's derivative is never above 0.25, so each sigmoid layer passes back at most a "
                "quarter of the gradient; ReLU's is 1 for every positive input."
            )
        )

    # -- the network's own inputs -----------------------------------------------------------------------------
    def _network_changed(self) -> None:
        self._inputs = None
        self._measure()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.caught_up()
        self._measure()

    def _measure(self) -> None:
        samples = self._fitting_samples()
        if samples is None:
            self._inputs = None
            self.hint_label.say(
                self.tr("No images of the network's input size yet: train it once on the Train page (Start).")
            )
            self._show_histogram()
            return
        model, trained = self._model()
        try:
            batch = model_inputs(samples.images[:IMAGES], samples.to_input)
            self._inputs = activation_inputs(model, self.doc.project.layers, batch)
        except (ValueError, RuntimeError) as exc:  # a network edited since training no longer fits
            self._inputs = None
            self.hint_label.say(self.tr("Cannot run the network: {0}").format(exc))
            self._show_histogram()
            return
        self._images = min(IMAGES, len(samples.images))
        self.hint_label.say(
            ""
            if trained
            else self.tr("No trained model yet: these are the inputs of the untrained network. Train first.")
        )
        self._show_histogram()

    def _show_overview(self) -> None:
        shares = [
            f"{choice.label.split('  →')[0]}: {self._inputs[choice.path].saturated_share:.1%}"
            for choice in self.layer_box.choices()
            if self._inputs is not None and choice.path in self._inputs
        ]
        self.overview_label.setText(
            self.tr("Saturated share of every activation layer: {0}").format("; ".join(shares))
            if shares
            else ""
        )

    def _show_histogram(self, *_args) -> None:
        self._show_overview()
        found = self.layer_inputs()
        if found is None:
            self._bars.setData([], [])
            for region in self._regions:
                region.hide()
            self.saturation_label.setText(
                self.tr("The network has no activation layer (ReLU, sigmoid, tanh...).")
                if self.layer_box.current_path() is None
                else ""
            )
            return
        self._bars.setData(found.edges, found.counts)
        left, right = float(found.edges[0]), float(found.edges[-1])
        for region, (start, end) in zip(
            self._regions, ((left, found.low_saturated), (found.high_saturated, right))
        ):
            start, end = max(start, left), min(end, right)
            region.setVisible(end > start)
            if end > start:
                region.setRegion((start, end))
        self.histogram_plot.setXRange(left, right, padding=0.02)
        self.histogram_plot.setYRange(0, float(found.counts.max()) * 1.05 or 1.0)
        self.saturation_label.setText(
            self.tr(
                "{layer} received {count:,} values from {images} images. {share:.1%} of them fell where the "
                "derivative is below {fraction:.0%} of its peak (shaded): there the gradient hardly passes back."
            ).format(
                layer=self.layer_box.currentText(),
                count=found.count,
                images=self._images,
                share=found.saturated_share,
                fraction=SATURATED_BELOW,
            )
        )


def _pen(kind: str) -> pg.QtGui.QPen:
    return pg.mkPen(COLOURS[kind], width=2.5)
