"""Training health (issue 16.3): is the shown run learning well, layer by layer and epoch by epoch?

What the engine measured on a few batches of each epoch (``core.health``; live while the run trains, from
``health.json`` for a recorded run): a gradient-flow chart (gradient norm per layer, log scale, one line
per epoch), the update/weight ratio per layer beside cs231n's ~1e-3, histograms of a chosen layer's weights
and gradients, a table with every layer's figures and dead-ReLU share, and the plain-language warnings of
``core.health_rules`` above them all. Nothing here computes a figure: the view only draws and words them.
While hidden it does no work; it catches up when shown.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core.health import EpochHealth, LayerHealth
from cnnstudio.core.health_rules import HealthWarning, run_warnings
from cnnstudio.core.labels import TITLES
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.theme import Tone, set_text_colour
from cnnstudio.ui.train.health_plots import GradientFlowPlot, HistogramPlot, RatioPlot
from cnnstudio.ui.train.shown_run import ShownRun
from cnnstudio.ui.widgets.idle_while_hidden import IdleWhileHidden

WARNING = (Tone.WARNING, True)  # amber, bold
HEALTHY = (Tone.SUCCESS, False)


class HealthView(IdleWhileHidden, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown: ShownRun | None = None
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.epoch = QComboBox()
        self.epoch.currentIndexChanged.connect(lambda _i: self._on_choice_changed())
        self.layer = QComboBox()
        self.layer.currentIndexChanged.connect(lambda _i: self._draw_histograms())
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.flow = GradientFlowPlot(self.tr("gradient norm (log)"), self)
        self.ratio = RatioPlot(self.tr("update / weight (log)"), self.tr("~1e-3 (cs231n)"), self)
        self.flow.set_title(self.tr("Gradient flow: each layer's gradient norm, one line per epoch"))
        self.ratio.set_title(self.tr("Update/weight ratio of the chosen epoch"))
        self.weights = HistogramPlot("#4e79a7", self)
        self.gradients = HistogramPlot("#e15759", self)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Layer"), self.tr("Gradient norm"), self.tr("Update/weight"), self.tr("Dead ReLU units")]
        )
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self._build_layout()
        self._follow_latest = True

    def _build_layout(self) -> None:
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Epoch:")))
        controls.addWidget(self.epoch)
        controls.addWidget(QLabel(self.tr("Histograms of layer:")))
        controls.addWidget(self.layer, 1)
        charts = QSplitter()
        charts.addWidget(self.flow)
        charts.addWidget(self.ratio)
        details = QSplitter()
        details.addWidget(self.weights)
        details.addWidget(self.gradients)
        details.addWidget(self.table)
        details.setSizes([300, 300, 360])
        self.body = QSplitter(Qt.Orientation.Vertical)
        self.body.addWidget(charts)
        self.body.addWidget(details)
        self.body.setSizes([360, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.warnings)
        layout.addLayout(controls)
        layout.addWidget(self.caption)
        layout.addWidget(self.body, 1)
        self._controls = controls

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._keep_charts_whole()

    def _keep_charts_whole(self) -> None:
        """Ask for the height that leaves the charts and histograms their own minimum under the wrapped
        warning and caption: Qt's minimum counts a wrapped label as one line, so on a 768-pixel screen in
        presenter mode the charts were squeezed under their axes; now the page scrolls instead."""
        width = self.width()
        labels = sum(label.heightForWidth(width) for label in (self.warnings, self.caption) if label.text())
        spacing = self.layout().spacing() * 3
        needed = labels + self._controls.sizeHint().height() + self.body.minimumSizeHint().height() + spacing
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    # -- which run ------------------------------------------------------------------------------------------
    def set_run(self, shown: ShownRun | None) -> None:
        self.shown = shown
        self._follow_latest = True
        self.refresh()

    def health_added(self) -> None:
        """The shown (live) run measured another epoch."""
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.caught_up():
            self.refresh()

    # -- drawing --------------------------------------------------------------------------------------------
    def epochs(self) -> list[EpochHealth]:
        return list(self.shown.health) if self.shown is not None else []

    def refresh(self) -> None:
        if self.defer_while_hidden():
            return
        epochs = self.epochs()
        chosen = len(epochs) - 1 if self._follow_latest else min(self.epoch.currentIndex(), len(epochs) - 1)
        self.epoch.blockSignals(True)
        self.epoch.clear()
        for e in epochs:
            text = self.tr("epoch {0}").format(e.epoch)
            self.epoch.addItem(self.tr("{0} (to where it ended)").format(text) if e.partial else text)
        self.epoch.setCurrentIndex(chosen)
        self.epoch.blockSignals(False)
        self._fill_layers(epochs)
        self._draw()

    def _fill_layers(self, epochs: list[EpochHealth]) -> None:
        current = self.layer.currentData()
        self.layer.blockSignals(True)
        self.layer.clear()
        for layer in epochs[-1].layers if epochs else ():
            self.layer.addItem(self.layer_name(layer.path, layer.type), layer.path)
        index = self.layer.findData(current) if current is not None else -1
        self.layer.setCurrentIndex(max(0, index) if self.layer.count() else -1)
        self.layer.blockSignals(False)

    def _on_choice_changed(self) -> None:
        self._follow_latest = self.epoch.currentIndex() == self.epoch.count() - 1
        self._draw()

    def chosen(self) -> EpochHealth | None:
        epochs, index = self.epochs(), self.epoch.currentIndex()
        return epochs[index] if 0 <= index < len(epochs) else None

    def _draw(self) -> None:
        epochs, epoch = self.epochs(), self.chosen()
        self._draw_warnings(epochs)
        layers = epoch.layers if epoch is not None else ()
        names = [self.short_name(layer.path, layer.type) for layer in layers]
        tips = [self.layer_name(layer.path, layer.type) for layer in layers]  # whatever the axis can print
        self.flow.set_layers(names, tips)
        self.ratio.set_layers(names, tips)
        paths = [layer.path for layer in layers]
        norms = [[_figure(e.layer(p), "grad_norm") for p in paths] for e in epochs]
        self.flow.show_epochs(norms, self.epoch.currentIndex())
        self.ratio.show_ratios([layer.update_ratio for layer in layers])
        self.caption.setText(self._caption(epoch))
        self._fill_table(epoch)
        self._draw_histograms()
        self._keep_charts_whole()  # the warning and caption may take more or fewer lines now

    def _caption(self, epoch: EpochHealth | None) -> str:
        if epoch is None:
            return ""
        return self.tr(
            "Measured on {0} batches of the epoch ({1} images), after their optimiser step. A healthy network "
            "has gradient norms of a similar size in every layer and update ratios near 1e-3. The chosen epoch "
            "is orange, the others blue (darker: later)."
        ).format(epoch.sampled_batches, epoch.sampled_images)

    def _draw_histograms(self) -> None:
        epoch, path = self.chosen(), self.layer.currentData()
        layer = epoch.layer(path) if epoch is not None and path is not None else None
        name = self.layer_name(layer.path, layer.type) if layer is not None else ""
        number = epoch.epoch if epoch is not None else 0
        self.weights.show_histogram(
            layer.weights if layer else None, self.tr("Weights of {0}, epoch {1}").format(name, number)
        )
        self.gradients.show_histogram(
            layer.gradients if layer else None, self.tr("Gradients of {0}, epoch {1}").format(name, number)
        )

    def _fill_table(self, epoch: EpochHealth | None) -> None:
        rows: dict[tuple[int, ...], list[str]] = {}
        for layer in epoch.layers if epoch is not None else ():
            rows[layer.path] = [
                self.short_name(layer.path, layer.type),
                f"{layer.grad_norm:.3g}",
                f"{layer.update_ratio:.2g}",
                "",
            ]
        for relu in epoch.relus if epoch is not None else ():
            dead = self.tr("{0:.0%} of {1}").format(relu.dead_share, relu.units)
            rows[relu.path] = [self.short_name(relu.path, "relu"), "", "", dead]
        self.table.setRowCount(len(rows))
        for r, path in enumerate(sorted(rows)):
            for c, text in enumerate(rows[path]):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def _draw_warnings(self, epochs: list[EpochHealth]) -> None:
        if self.shown is None:
            text, style = (
                self.tr("Train the network (or choose a run) to see how healthy its training is."),
                None,
            )
        elif not epochs:
            text = (self.tr("Training health appears at the end of the first epoch.") if self.shown.live else
                    self.tr("{0} was recorded without training health (by an earlier version of CNN Studio, or "
                            "stopped before it was measured).").format(self.shown.name))  # fmt: skip
            style = None
        else:
            pairs = run_warnings(epochs, self.epoch.currentIndex())
            if pairs:
                chosen = epochs[self.epoch.currentIndex()].epoch
                lines = [self.warning_text(w) if n == chosen
                         else self.tr("Epoch {0}: {1}").format(n, self.warning_text(w)) for n, w in pairs]  # fmt: skip
                text, style = "\n".join("⚠ " + line for line in lines), WARNING
            else:
                text, style = (
                    self.tr("No warning: the gradients and updates of every layer look healthy."),
                    HEALTHY,
                )
        self.warnings.setText(text)
        set_text_colour(self.warnings, *(style or (None, False)))

    # -- words ----------------------------------------------------------------------------------------------
    def layer_name(self, path: tuple[int, ...], kind: str) -> str:
        """``layer 3 (Conv2d)``, in the window's language."""
        title = translate_core(TITLES.get(kind, kind))
        return self.tr("layer {0} ({1})").format(".".join(str(i) for i in path), title)

    def short_name(self, path: tuple[int, ...], kind: str) -> str:
        """``3 Conv2d``: the layer's path and type, for an axis tick or a table row."""
        return f"{'.'.join(str(i) for i in path)} {translate_core(TITLES.get(kind, kind))}"

    def warning_text(self, w: HealthWarning) -> str:
        layer = self.layer_name(w.layer, self._kind(w.layer))
        if w.kind == "vanishing":
            other = self.layer_name(w.other or (), self._kind(w.other or ()))
            return self.tr(
                "The gradients of {0} are {1:,.0f} times smaller than those of {2}: they vanish on their way "
                "back to the input."
            ).format(layer, w.value, other)
        if w.kind == "no_gradient":
            return self.tr("No gradient reaches {0}: its weights have stopped learning.").format(layer)
        if w.kind == "exploding" and w.cause == "nonfinite":
            return self.tr(
                "The gradients of {0} are infinite or NaN: they have exploded. Lower the learning rate."
            ).format(layer)
        if w.kind == "exploding" and w.cause == "growth":
            return self.tr(
                "The gradients of {0} grew {1:,.0f} times since the first epoch: they are exploding. Lower the "
                "learning rate or clip the gradients."
            ).format(layer, w.value)
        if w.kind == "exploding":
            return self.tr(
                "Each step changes the weights of {0} by {1:.3g} times their size: the gradients are exploding. "
                "Lower the learning rate."
            ).format(layer, w.value)
        if w.kind == "update_high":
            return self.tr(
                "The update/weight ratio of {0} is {1:.2g}, far above ~1e-3: lower the learning rate."
            ).format(layer, w.value)
        if w.kind == "update_low":
            return self.tr(
                "The update/weight ratio of {0} is {1:.2g}, far below ~1e-3: it hardly learns; raise the "
                "learning rate."
            ).format(layer, w.value)
        return self.tr(
            "{1:.0%} of the units of {0} never fire (dead ReLUs): lower the learning rate, or try LeakyReLU "
            "or He initialisation."
        ).format(layer, w.value)

    def _kind(self, path: tuple[int, ...]) -> str:
        epoch = self.chosen()
        if epoch is None:
            return ""
        found = epoch.layer(path) or next((r for r in epoch.relus if r.path == path), None)
        return getattr(found, "type", "relu") if found is not None else ""


def _figure(layer: LayerHealth | None, name: str) -> float:
    return getattr(layer, name) if layer is not None else math.nan
