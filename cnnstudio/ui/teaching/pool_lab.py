"""The pooling lab: pick a window on a real map and compare max, average and L2 pooling, forward and back.

The three poolings side by side answer the question students ask ("why max?"): the same window gives three
numbers, and the gradient grids underneath show that max pooling sends everything to one winner while
average pooling spreads it evenly. The map is the one the selected pooling layer received for the probe
image (the model's own numbers) once a snapshot exists, and the example image before that. All arithmetic
is the core's ``pool_window``; this widget only chooses the window and draws.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from cnnstudio.core import specs as S
from cnnstudio.core.window_math import PoolWindow, pool_window, window_at
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching import cells as C
from cnnstudio.ui.teaching.conv_plan import pool_formula
from cnnstudio.ui.teaching.layer_tool import LayerTool
from cnnstudio.ui.teaching.pool_canvas import GradientGrid, PoolMapCanvas
from cnnstudio.ui.teaching.sources import (
    EXAMPLE_IMAGE,
    POOL_TYPES,
    SnapshotSource,
    crop,
    fetch_snapshot,
    pooling_input,
)
from cnnstudio.ui.theme import Tone, set_text_colour
from cnnstudio.ui.widgets.layer_chooser import LayerChoice, LayerChooser
from cnnstudio.ui.widgets.signal_blocking import signals_blocked

KINDS = ("maxpool2d", "avgpool2d", "lppool2d")


class PoolingLab(LayerTool):
    """A clickable map, a window, and the three poolings' outputs and gradients for that window; idle while
    hidden."""

    def __init__(
        self, document: ProjectDocument, snapshot_source: SnapshotSource | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.doc = document
        self._source = snapshot_source
        self._map = EXAMPLE_IMAGE[0]
        self._origin = (0, 0)
        self._corner = (0, 0)
        C.enlarge_font(self)
        self._build()
        self._follow_document()

    # -- building --------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.layer_box = LayerChooser(
            self.doc, POOL_TYPES, maps_only=True, none_text=self.tr("Example image (no layer)")
        )
        self.layer_box.setMinimumContentsLength(24)
        self.channel_box = QSpinBox()
        self.channel_box.valueChanged.connect(self._on_channel_changed)
        self.size_box = QSpinBox()
        self.size_box.setRange(1, 8)
        self.size_box.setValue(2)
        self.size_box.setSuffix(self.tr(" px"))
        self.size_box.valueChanged.connect(self._on_window_size_changed)
        # even powers only: a map with negative values (batch norm before the pool) would make an odd or
        # fractional p's root of a negative sum, which torch answers with NaN
        self.norm_box = QSpinBox()
        self.norm_box.setRange(2, 8)
        self.norm_box.setSingleStep(2)
        self.norm_box.setValue(2)
        self.norm_box.valueChanged.connect(self._update_results)
        top = QHBoxLayout()
        pairs = (
            (self.tr("Layer:"), self.layer_box),
            (self.tr("Channel:"), self.channel_box),
            (self.tr("Window:"), self.size_box),
            (self.tr("Lp norm p:"), self.norm_box),
        )
        for text, widget in pairs:
            top.addWidget(QLabel(text))
            top.addWidget(widget)
        top.addStretch(1)
        self.canvas = PoolMapCanvas()
        self.canvas.cell_clicked.connect(self._on_cell_clicked)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        set_text_colour(self.note_label, Tone.MUTED)
        body = QHBoxLayout()
        body.addWidget(self.canvas, 3)
        body.addLayout(self._results_grid(), 4)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        help_label = QLabel(
            self.tr("Click a cell of the map: the window starts there (amber). Crimson: the winner.")
        )
        help_label.setWordWrap(True)
        layout.addWidget(help_label)
        layout.addLayout(body, 1)
        layout.addWidget(self.note_label)

    def _results_grid(self) -> QGridLayout:
        grid = QGridLayout()
        titles = (self.tr("Max pooling"), self.tr("Average pooling"), self.tr("Lp (L2) pooling"))
        self.result_labels: dict[str, QLabel] = {}
        self.gradients: dict[str, GradientGrid] = {}
        for column, (kind, title) in enumerate(zip(KINDS, titles)):
            heading = QLabel(f"<b>{title}</b>")
            result = QLabel()
            result.setWordWrap(True)
            result.setMinimumHeight(3 * self.fontMetrics().height())
            self.result_labels[kind] = result
            self.gradients[kind] = GradientGrid()
            self.gradients[kind].setMaximumHeight(280)  # the text below stays next to the grids it explains
            grid.addWidget(heading, 0, column)
            grid.addWidget(result, 1, column)
            grid.addWidget(self.gradients[kind], 3, column)
            grid.setColumnStretch(column, 1)
        gradient_title = QLabel(self.tr("Gradient sent back to each input cell (output gradient = 1):"))
        gradient_title.setWordWrap(True)
        grid.addWidget(gradient_title, 2, 0, 1, 3)
        self.explain_label = QLabel()
        self.explain_label.setWordWrap(True)
        grid.addWidget(self.explain_label, 4, 0, 1, 3)
        grid.setRowStretch(5, 1)
        return grid

    # -- public (the tests and the page use these) ------------------------------------------------------------
    def map_values(self) -> np.ndarray:
        """The (H, W) map shown, as float64."""
        return np.array(self._map, dtype=np.float64)

    def window_corner(self) -> tuple[int, int]:
        return self._corner

    def window(self) -> PoolWindow:
        size = self.size_box.value()
        return pool_window(self._map.tolist(), *self._corner, (size, size), self.norm_box.value())

    def select_window(self, top: int, left: int) -> None:
        """Put the window's top-left corner at (top, left), moved inward so the window fits the map."""
        size = self.size_box.value()
        self._corner = window_at(top, left, (size, size), self._map.shape)[:2]
        self._update_results()

    # -- slots -----------------------------------------------------------------------------------------------
    def _show_layer(self) -> None:
        choice = self.layer_box.current_choice()
        if choice is not None:
            spec = choice.spec
            assert isinstance(spec, (S.MaxPool2d, S.AvgPool2d, S.LPPool2d))
            with signals_blocked(self.size_box):
                self.size_box.setValue(S.pair(spec.kernel_size)[0])
            if isinstance(spec, S.LPPool2d):
                self.norm_box.setValue(max(2, 2 * round(float(spec.norm_type) / 2)))
        self._load_map()

    def _on_channel_changed(self, _value: int) -> None:
        self._load_map()

    def _on_window_size_changed(self, _value: int) -> None:
        self.select_window(*self._corner)

    def _on_cell_clicked(self, row: int, col: int) -> None:
        self.select_window(row, col)

    def _redraw(self) -> None:
        self._load_map()

    # -- the map and the results -----------------------------------------------------------------------------
    def _load_map(self) -> None:
        choice = self.layer_box.current_choice()
        received = None
        if choice is not None:
            received = pooling_input(self.doc.project, choice.path, fetch_snapshot(self._source))
        full = received if received is not None else EXAMPLE_IMAGE
        with signals_blocked(self.channel_box):
            self.channel_box.setRange(0, full.shape[0] - 1)
        shown, self._origin = crop(full[self.channel_box.value() : self.channel_box.value() + 1])
        self._map = np.asarray(shown[0], dtype=np.float64)
        self.note_label.setText(self._note(choice, received, full))
        self.canvas.set_map(self._map)
        self.select_window(*self._corner)

    def _note(self, choice: LayerChoice | None, received: np.ndarray | None, full: np.ndarray) -> str:
        if choice is None and fetch_snapshot(self._source) is not None:
            return self.tr("Example image: choose a pooling layer above to see the map it really receives.")
        if received is None:
            return self.tr("Example image: train the model to see the map a pooling layer really receives.")
        rows, cols = self._map.shape
        return self.tr(
            "The map layer {0} received for the probe image, channel {1}: rows {2}..{3}, columns {4}..{5} "
            "of {6}x{7}."
        ).format(
            ".".join(str(p) for p in choice.path) if choice else "",
            self.channel_box.value(),
            self._origin[0],
            self._origin[0] + rows - 1,
            self._origin[1],
            self._origin[1] + cols - 1,
            full.shape[1],
            full.shape[2],
        )

    def _update_results(self) -> None:
        pool = self.window()
        size = self.size_box.value()
        top, left = self._corner
        winner = pool.winner
        self.canvas.set_window(
            (top, left, top + size - 1, left + size - 1), (top + winner[0], left + winner[1]), (size, size)
        )
        values = {"maxpool2d": pool.max, "avgpool2d": pool.average, "lppool2d": pool.lp}
        grads = {
            "maxpool2d": pool.max_gradient(),
            "avgpool2d": pool.average_gradient(),
            "lppool2d": pool.lp_gradient(),
        }
        for kind in KINDS:
            self.result_labels[kind].setText(pool_formula(kind, pool, values[kind]))
            self.gradients[kind].set_values(
                np.array(grads[kind], dtype=np.float64), winner if kind == "maxpool2d" else None
            )
        self.explain_label.setText(
            _tr(
                "Max: all of the gradient goes to the winner at ({0}, {1}); the other {2} cells learn nothing "
                "from this window. Average: each cell gets 1/{3}. Lp: larger values get larger shares."
            ).format(top + winner[0], left + winner[1], size * size - 1, size * size)
        )

    def results(self) -> dict[str, float]:
        """The three pooled values of the current window, by layer type."""
        pool = self.window()
        return {"maxpool2d": pool.max, "avgpool2d": pool.average, "lppool2d": pool.lp}


def _tr(text: str) -> str:
    return QCoreApplication.translate("PoolingLab", text)
