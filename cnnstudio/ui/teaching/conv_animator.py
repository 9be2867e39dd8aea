"""The convolution animator: the selected layer's kernel sliding over the map it really receives.

It follows the document's selection (so a teacher clicks a layer in the editor and the animation is there)
and lets the class step through the windows or play them at a chosen speed. Before training it animates
an example image with an illustrative edge detector; afterwards the probe image's real activations and,
when a weights source is given, the trained filter, so that the numbers are the model's own.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core import specs as S
from cnnstudio.core.window_math import even_padding, filter_shape
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching import cells as C
from cnnstudio.ui.teaching.conv_canvas import ConvCanvas
from cnnstudio.ui.teaching.conv_plan import AnimationPlan, PlanError, conv_plan, pool_plan
from cnnstudio.ui.teaching.layer_tool import LayerTool
from cnnstudio.ui.teaching.sources import (
    WINDOW_TYPES,
    SnapshotSource,
    WeightsSource,
    fetch_snapshot,
    map_entering,
    pooling_input,
)
from cnnstudio.ui.theme import Tone, set_text_colour
from cnnstudio.ui.widgets.layer_chooser import LayerChoice, LayerChooser
from cnnstudio.ui.widgets.signal_blocking import signals_blocked

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)  # steps per second
DEFAULT_SPEED = 2.0


class ConvolutionAnimator(LayerTool):
    """Step or play one filter (or pooling window) over the selected layer's input; idle while hidden."""

    def __init__(
        self,
        document: ProjectDocument,
        map_source: SnapshotSource | None = None,
        weights_source: WeightsSource | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = document
        self._map_source = map_source
        self._weights_source = weights_source
        self._choice: LayerChoice | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        C.enlarge_font(self)
        self._build()
        self._follow_document()

    # -- building --------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.layer_box = LayerChooser(self.doc, WINDOW_TYPES, maps_only=True)
        self.layer_box.setPlaceholderText(self.tr("Choose a convolution or pooling layer"))
        self.layer_box.setMinimumContentsLength(28)
        self.layer_box.activated.connect(self._on_layer_activated)
        self.channel_box = QSpinBox()
        self.channel_box.valueChanged.connect(self._on_channel_changed)
        self.filter_box = QSpinBox()
        self.filter_box.valueChanged.connect(self._on_filter_changed)
        self._filter_label = QLabel(self.tr("Filter:"))
        top = QHBoxLayout()
        for widget in (QLabel(self.tr("Layer:")), self.layer_box, QLabel(self.tr("Input channel:"))):
            top.addWidget(widget)
        top.addWidget(self.channel_box)
        top.addWidget(self._filter_label)
        top.addWidget(self.filter_box)
        top.addStretch(1)
        self.fields_label = QLabel()  # a line of its own: the layer list is wide on a projector
        bold = QFont()  # bold only: the size follows the tool's (and presenter mode's)
        bold.setBold(True)
        self.fields_label.setFont(bold)

        self.canvas = ConvCanvas()
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        C.enlarge_font(self.notes_label)  # a style sheet stops it inheriting the tool's font
        set_text_colour(self.notes_label, Tone.MUTED)

        # The style's media icons, not text symbols: "⏸" is in none of the usual fonts and showed as an
        # empty box.
        self.previous_button = QPushButton(self._icon("SP_MediaSkipBackward"), self.tr("Previous"))
        self.play_button = QPushButton(self._icon("SP_MediaPlay"), self.tr("Play"))
        self.next_button = QPushButton(self._icon("SP_MediaSkipForward"), self.tr("Next"))
        self.previous_button.clicked.connect(self.previous_step)
        self.next_button.clicked.connect(self.next_step)
        self.play_button.clicked.connect(self._on_play_clicked)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.step_label = QLabel()
        self.step_label.setMinimumWidth(self.fontMetrics().horizontalAdvance(self.tr("Step {0} of {1}")) + 40)
        self.speed_box = QComboBox()
        for speed in SPEEDS:
            self.speed_box.addItem(self.tr("{0:g} steps/s").format(speed), speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(DEFAULT_SPEED))
        self.speed_box.currentIndexChanged.connect(self._on_speed_changed)
        bottom = QHBoxLayout()
        for widget in (self.previous_button, self.play_button, self.next_button):
            bottom.addWidget(widget)
        bottom.addWidget(self.slider, 1)
        bottom.addWidget(self.step_label)
        bottom.addWidget(QLabel(self.tr("Speed:")))
        bottom.addWidget(self.speed_box)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.fields_label)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.notes_label)
        layout.addLayout(bottom)

    # -- public ----------------------------------------------------------------------------------------------
    @property
    def plan(self) -> AnimationPlan | None:
        return self.canvas.plan

    @property
    def step(self) -> int:
        return self.slider.value()

    def is_playing(self) -> bool:
        return self._timer.isActive()

    def set_step(self, k: int) -> None:
        self.slider.setValue(k)

    def next_step(self) -> None:
        self.slider.setValue(self.slider.value() + 1)

    def previous_step(self) -> None:
        self.slider.setValue(self.slider.value() - 1)

    def play(self) -> None:
        if self.plan is None:
            return
        if self.step >= self.plan.steps - 1:
            self.set_step(0)  # playing from the end starts over
        self._timer.start(int(1000 / self.speed_box.currentData()))
        self.play_button.setText(self.tr("Pause"))
        self.play_button.setIcon(self._icon("SP_MediaPause"))

    def pause(self) -> None:
        self._timer.stop()
        self.play_button.setText(self.tr("Play"))
        self.play_button.setIcon(self._icon("SP_MediaPlay"))

    def _icon(self, name: str) -> QIcon:
        return self.style().standardIcon(getattr(QStyle.StandardPixmap, name))

    # -- slots -----------------------------------------------------------------------------------------------
    def _on_selection_changed(self, path: tuple[int, ...] | None) -> None:
        self._select(path)  # cheap: the list shows the layer even while the tool is hidden
        if not self.defer_while_hidden():
            self._rebuild()

    def _on_layer_changed(self, _path: object = None) -> None:
        """The list follows the selection (a pick in it selects the layer in the editor, see activated)."""

    def _follow(self, path: tuple[int, ...] | None) -> None:
        self._select(path)
        self._rebuild()

    def _show_layer(self) -> None:
        self._rebuild()  # the step is kept

    def _select(self, path: tuple[int, ...] | None) -> None:
        """Follow the selection to a conv or pooling layer; on any other layer keep animating the last one
        (or the first window layer), so the tool is never blank while a teacher clicks around the editor."""
        paths = [choice.path for choice in self.layer_box.choices()]
        if path not in paths:
            kept = self._choice.path if self._choice is not None else None
            path = kept if kept in paths else (paths[0] if paths else None)
        if path is None:
            self.layer_box.setCurrentIndex(-1)
        else:
            self.layer_box.select_path(path)
        self._choice = self.layer_box.current_choice()

    def _on_layer_activated(self, _index: int) -> None:
        self.doc.select(self.layer_box.current_path())

    def _on_channel_changed(self, value: int) -> None:
        plan = self.plan
        if plan is not None and value in plan.channels and len(plan.channels) > 1:
            self.canvas.set_drawn_channel(plan.channels.index(value))  # same walk, another channel drawn
        else:
            self._rebuild()

    def _on_filter_changed(self, _value: int) -> None:
        self._rebuild()

    def _on_play_clicked(self) -> None:
        self.pause() if self.is_playing() else self.play()

    def _on_timer_timeout(self) -> None:
        if self.plan is None or self.step >= self.plan.steps - 1:
            self.pause()
            return
        self.next_step()

    def _on_speed_changed(self, _index: int) -> None:
        if self.is_playing():
            self._timer.setInterval(int(1000 / self.speed_box.currentData()))

    def _on_slider_moved(self, value: int) -> None:
        self.canvas.set_step(value)
        self._update_step_label()

    # -- the plan --------------------------------------------------------------------------------------------
    def _rebuild(self) -> None:
        choice = self._choice
        if choice is None:
            self.fields_label.clear()
            self._show_plan(
                None, self.tr("Select a convolution or pooling layer, in the editor or in the list above.")
            )
            return
        spec = choice.spec
        snapshot = fetch_snapshot(self._map_source)
        project = self.doc.project
        source = (
            pooling_input(project, choice.path, snapshot)
            if spec.type != "conv2d"
            else map_entering(project, choice.path, snapshot)
        )
        self._configure_boxes(choice, source)
        try:
            plan = self._make_plan(choice, source)
        except PlanError as exc:
            self._show_plan(None, str(exc))
            return
        self._show_plan(plan, "")
        if self.channel_box.value() in plan.channels:
            self.canvas.set_drawn_channel(plan.channels.index(self.channel_box.value()))

    def _make_plan(self, choice: LayerChoice, source: np.ndarray | None) -> AnimationPlan:
        spec = choice.spec
        channel = self.channel_box.value()
        if not isinstance(spec, S.Conv2d):
            return pool_plan(spec, source, channel)
        padding = even_padding(spec)
        if padding is None:
            raise PlanError(
                self.tr("padding='same' with an even kernel pads unevenly; the animator needs equal padding.")
            )
        weights = self._weights(choice, self.filter_box.value()) if source is not None else None
        return conv_plan(spec, padding, source, channel, weights, self.filter_box.value())

    def _weights(self, choice: LayerChoice, out_channel: int) -> tuple[np.ndarray, float] | None:
        """The trained filter from the weights source, if it has one of the shape the layer needs."""
        if self._weights_source is None:
            return None
        spec = choice.spec
        assert isinstance(spec, S.Conv2d) and choice.report.input_shape is not None
        try:
            got = self._weights_source(choice.path, out_channel)
        except Exception:  # the source belongs to the trainer: a failure means "no weights yet"
            return None
        if got is None:
            return None
        kernel, bias = got if isinstance(got, tuple) else (got, 0.0)
        kernel = np.asarray(kernel, dtype=np.float64)
        expected = filter_shape(spec, choice.report.input_shape[0])
        return (kernel, float(bias)) if kernel.shape == expected else None

    def _configure_boxes(self, choice: LayerChoice, source: np.ndarray | None) -> None:
        spec = choice.spec
        with signals_blocked(self.channel_box, self.filter_box):
            self.channel_box.setRange(0, (source.shape[0] - 1) if source is not None else 0)
            self.channel_box.setEnabled(source is not None and source.shape[0] > 1)
            is_conv = isinstance(spec, S.Conv2d)
            self.filter_box.setVisible(is_conv and self._weights_source is not None)
            self._filter_label.setVisible(self.filter_box.isVisible())
            if is_conv:
                self.filter_box.setRange(0, spec.out_channels - 1)
        self.fields_label.setText(self._fields_text(spec))

    def _show_plan(self, plan: AnimationPlan | None, hint: str) -> None:
        keep = self.slider.value()
        self.canvas.set_plan(plan, hint)
        with signals_blocked(self.slider):
            self.slider.setRange(0, max((plan.steps if plan else 1) - 1, 0))
            self.slider.setValue(min(keep, self.slider.maximum()))
        self.canvas.set_step(self.slider.value())
        for widget in (self.previous_button, self.next_button, self.play_button, self.slider):
            widget.setEnabled(plan is not None)
        if plan is None:
            self.pause()
        self.notes_label.setText("\n".join(plan.notes) if plan else "")
        self._update_step_label()

    def _update_step_label(self) -> None:
        plan = self.plan
        total = plan.steps if plan else 0
        self.step_label.setText(self.tr("Step {0} of {1}").format(self.step + 1 if plan else 0, total))

    def _fields_text(self, spec: S.LayerSpec) -> str:
        """``kernel 3x3 · stride 2 · padding 1 · dilation 2``: the numbers the walk uses, as the layer says."""

        def show(value: object) -> str:
            return f"{value[0]}x{value[1]}" if isinstance(value, tuple) else str(value)

        stride = spec.effective_stride if isinstance(spec, S.WindowPool) else getattr(spec, "stride", 1)
        size = self.tr("window {0}") if isinstance(spec, S.WindowPool) else self.tr("kernel {0}")
        parts = [
            size.format(show(getattr(spec, "kernel_size", 1))),
            self.tr("stride {0}").format(show(stride)),
        ]
        if hasattr(spec, "padding"):
            parts.append(self.tr("padding {0}").format(show(spec.padding)))
        if hasattr(spec, "dilation"):
            parts.append(self.tr("dilation {0}").format(show(spec.dilation)))
        return " · ".join(parts)
