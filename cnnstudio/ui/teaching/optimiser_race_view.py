"""The optimiser race: the chosen optimisers start together on a 2-D loss surface and walk step by step.

Course 004 says momentum carries the walk across a saddle but overshoots, and that Adagrad and Adam give each
weight its own step. Here a class watches it: a ravine, a saddle and a plateau, drawn as a contour map, and
one coloured path per optimiser, animated (Play / Pause), one step at a time (Step), or from the start again
(Restart). Each optimiser's learning rate and its second setting (momentum or β₁) can be edited; an edit
restarts the race so that all paths start together. The steps are ``torch.optim``'s, taken in
:mod:`cnnstudio.training.optimiser_race`; this widget only draws them. Beside the map, the update rule of
the chosen optimiser (:class:`UpdateRulePanel`) shows the numbers it races with.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core.update_rules import KINDS, OptimiserSetup, default_setup
from cnnstudio.training.optimiser_race import SURFACES, OptimiserRace, surface_grid
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching import cells as C
from cnnstudio.ui.teaching.plain_plot import ink_axes
from cnnstudio.ui.teaching.update_rule_panel import UpdateRulePanel, kind_name
from cnnstudio.ui.theme import swatch
from cnnstudio.ui.widgets.signal_blocking import signals_blocked

MAX_STEPS = 400  # the race pauses itself here: every path has long settled or left the map
# Okabe-Ito colours: told apart by colour-blind readers, and dark enough on the light contour map.
COLOURS = {
    "sgd": "#000000",
    "momentum": "#e69f00",
    "nesterov": "#56b4e9",
    "adagrad": "#009e73",
    "rmsprop": "#cc79a7",
    "adam": "#d55e00",
    "adamw": "#0072b2",
}
RACING_FIRST = ("sgd", "momentum", "rmsprop", "adam")  # checked at the start: few paths read best
SECOND_SETTING = {"momentum": "momentum", "nesterov": "momentum", "rmsprop": "momentum"}
SECOND_SETTING |= {"adam": "beta1", "adamw": "beta1"}


@dataclass
class _Row:
    """One optimiser's controls: take part, learning rate, its second setting, and where it stands."""

    racing: QCheckBox
    lr: QDoubleSpinBox
    second: QDoubleSpinBox | None
    status: QLabel


class OptimiserRaceView(QWidget):
    """Surface, speed, Play/Pause, Step, Restart; one row per optimiser; the map; the update rule."""

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        C.enlarge_font(self)
        self.race: OptimiserRace | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.step_once)
        self.surface_box = QComboBox()
        for key, name in self._surface_names().items():
            self.surface_box.addItem(name, key)
        self.surface_box.currentIndexChanged.connect(self._on_surface_changed)
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.step_button = QPushButton(self.tr("Step"))
        self.step_button.clicked.connect(self.step_once)
        self.restart_button = QPushButton(self.tr("Restart"))
        self.restart_button.clicked.connect(self.restart)
        self.speed_box = QSpinBox()
        self.speed_box.setRange(1, 60)
        self.speed_box.setValue(15)
        self.speed_box.setSuffix(self.tr(" steps/s"))
        self.speed_box.valueChanged.connect(self._on_speed_changed)
        self.step_label = QLabel()
        self.formula_label = QLabel()
        self.rows: dict[str, _Row] = {}
        self.plot = pg.PlotWidget(background="w")
        ink_axes(self.plot)
        self.plot.setMinimumSize(360, 300)
        self.plot.setMenuEnabled(False)
        self.plot.getPlotItem().setLabels(left="y", bottom="x")
        self._surface_image = pg.ImageItem()
        self.plot.addItem(self._surface_image)
        self._contours: list[pg.IsocurveItem] = []
        self._paths: dict[str, pg.PlotDataItem] = {}
        self._heads: dict[str, pg.ScatterPlotItem] = {}
        self._marks = pg.ScatterPlotItem(size=14, brush=None)
        self.plot.addItem(self._marks)
        self.rule_panel = UpdateRulePanel(document)
        self._build_layout(self._build_rows())
        self._on_surface_changed()

    # -- building -----------------------------------------------------------------------------------------
    def _surface_names(self) -> dict[str, str]:
        return {
            "ravine": self.tr("Ravine (steep across, flat along)"),
            "saddle": self.tr("Saddle point"),
            "plateau": self.tr("Plateau"),
        }

    def _build_rows(self) -> QGridLayout:
        grid = QGridLayout()
        for column, title in enumerate(
            (self.tr("Optimiser"), self.tr("Learning rate η"), self.tr("μ or β₁"), self.tr("Loss"))
        ):
            grid.addWidget(QLabel(title), 0, column)
        for row, kind in enumerate(KINDS, start=1):
            setup = default_setup(kind)
            racing = QCheckBox(kind_name(kind))
            racing.setChecked(kind in RACING_FIRST)
            racing.setIcon(swatch(COLOURS[kind], 14))  # the curve's colour; the name in the palette's
            lr = _number_box(setup.lr, 1e-4, 5.0, 4)
            second = None
            if kind in SECOND_SETTING:
                value = setup.beta1 if SECOND_SETTING[kind] == "beta1" else setup.momentum
                second = _number_box(value, 0.0, 0.999, 3)
            status = QLabel()
            self.rows[kind] = _Row(racing, lr, second, status)
            for column, widget in enumerate((racing, lr, second, status)):
                if widget is not None:
                    grid.addWidget(widget, row, column)
            racing.toggled.connect(self.restart)
            lr.valueChanged.connect(self.restart)
            if second is not None:
                second.valueChanged.connect(self.restart)
            racing.clicked.connect(lambda _checked=False, k=kind: self.rule_panel.show_kind(k))
        return grid

    def _build_layout(self, rows: QGridLayout) -> None:
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Surface")))
        controls.addWidget(self.surface_box)
        for widget in (self.play_button, self.step_button, self.restart_button, self.speed_box):
            controls.addWidget(widget)
        controls.addWidget(self.step_label)
        controls.addStretch(1)
        side = QVBoxLayout()
        side.addWidget(self.formula_label)
        side.addLayout(rows)
        side.addSpacing(8)
        side.addWidget(self.rule_panel)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.plot, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(body, 1)

    # -- the race -----------------------------------------------------------------------------------------
    def setups(self) -> dict[str, OptimiserSetup]:
        """Every optimiser's settings as its row shows them (racing or not)."""
        found = {}
        for kind, row in self.rows.items():
            setup = replace(default_setup(kind), lr=row.lr.value())
            if row.second is not None:
                field = SECOND_SETTING[kind]
                setup = replace(setup, **{field: row.second.value()})
            found[kind] = setup
        return found

    def racing_kinds(self) -> list[str]:
        return [kind for kind, row in self.rows.items() if row.racing.isChecked()]

    def surface(self) -> str:
        return self.surface_box.currentData()

    def _on_surface_changed(self, *_args) -> None:
        surface = SURFACES[self.surface()]
        self.formula_label.setText(surface.formula)
        xs, ys, z = surface_grid(surface.key)
        shown = np.log1p(z - z.min()).astype(np.float32)  # the log shows the flat floor's contours too
        self._surface_image.setImage(shown, levels=(0.0, float(shown.max())), lut=_light_lut())
        width, height = xs[-1] - xs[0], ys[-1] - ys[0]
        self._surface_image.setRect(float(xs[0]), float(ys[0]), float(width), float(height))
        for item in self._contours:
            self.plot.removeItem(item)
        self._contours = []
        for level in np.linspace(0.0, float(shown.max()), 14)[1:-1]:
            curve = pg.IsocurveItem(shown, level=float(level), pen=pg.mkPen("#8fa3b8", width=1))
            curve.setParentItem(self._surface_image)  # in the image's coordinates, like the image
            self._contours.append(curve)
        self.plot.setRange(xRange=surface.x_range, yRange=surface.y_range, padding=0.02)
        self.restart()

    def restart(self, *_args) -> None:
        """All racing optimisers back at the start point with the settings of their rows; paused."""
        self.play_button.setChecked(False)
        setups = self.setups()
        self.rule_panel.set_race_setups(setups)
        self.race = OptimiserRace(self.surface(), [setups[kind] for kind in self.racing_kinds()])
        start, minimum = SURFACES[self.surface()].start, SURFACES[self.surface()].minimum
        self._marks.setData(
            [start[0], minimum[0]],
            [start[1], minimum[1]],
            symbol=["o", "star"],
            pen=[pg.mkPen("#333333", width=2), pg.mkPen("#333333", width=1)],
            brush=[None, pg.mkBrush("#ffffff")],
        )
        self._redraw()

    def step_once(self, *_args) -> None:
        """One step of every racing optimiser (the Step button and each tick of Play)."""
        if self.race is None:
            return
        if self.race.steps >= MAX_STEPS:
            self.play_button.setChecked(False)
            return
        self.race.step()
        self._redraw()

    def _on_play_toggled(self, playing: bool) -> None:
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))
        if playing:
            self._on_speed_changed(self.speed_box.value())
            self.timer.start()
        else:
            self.timer.stop()

    def _on_speed_changed(self, steps_per_second: int) -> None:
        self.timer.setInterval(max(1, round(1000 / steps_per_second)))

    def is_playing(self) -> bool:
        return self.timer.isActive()

    def path(self, kind: str) -> list[tuple[float, float]]:
        """The drawn path of ``kind`` (empty when it does not race)."""
        item = self._paths.get(kind)
        if item is None or not item.isVisible():
            return []
        xs, ys = item.getData()
        return [] if xs is None else list(zip(xs.tolist(), ys.tolist()))

    def _redraw(self) -> None:
        runners = {runner.setup.kind: runner for runner in self.race.runners} if self.race else {}
        for kind in KINDS:
            path_item, head = self._path_items(kind)
            runner = runners.get(kind)
            path_item.setVisible(runner is not None)
            head.setVisible(runner is not None)
            if runner is None:
                self.rows[kind].status.clear()
                continue
            points = np.asarray(runner.path, dtype=np.float64)
            path_item.setData(points[:, 0], points[:, 1])
            head.setData([points[-1, 0]], [points[-1, 1]])
            self.rows[kind].status.setText(
                self.tr("left the map") if runner.diverged else f"{runner.losses[-1]:.4g}"
            )
        steps = self.race.steps if self.race else 0
        self.step_label.setText(self.tr("step {n} of {most}").format(n=steps, most=MAX_STEPS))

    def _path_items(self, kind: str) -> tuple[pg.PlotDataItem, pg.ScatterPlotItem]:
        if kind not in self._paths:
            colour = QColor(COLOURS[kind])
            self._paths[kind] = self.plot.plot(pen=pg.mkPen(colour, width=2))
            self._heads[kind] = pg.ScatterPlotItem(size=10, brush=pg.mkBrush(colour), pen=pg.mkPen("w"))
            self.plot.addItem(self._heads[kind])
        return self._paths[kind], self._heads[kind]

    def hideEvent(self, event) -> None:
        self.play_button.setChecked(False)  # a hidden race does not go on using the CPU
        super().hideEvent(event)


def _number_box(value: float, low: float, high: float, decimals: int) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setSingleStep(10 ** -(decimals - 1) if decimals > 1 else 0.1)
    with signals_blocked(box):
        box.setValue(value)
    return box


def _light_lut() -> np.ndarray:
    """White at the minimum to a pale blue-grey at the top: the paths stay the boldest thing on the map."""
    low, high = np.array([255, 255, 255]), np.array([176, 196, 222])
    ramp = np.linspace(0.0, 1.0, 256)[:, None]
    return (low + (high - low) * ramp).astype(np.uint8)
