"""Live activation maps and the pooling view: what the probe image becomes inside the network.

Both views are fed whole ``ProbeSnapshot`` objects (from the running engine, or from the epoch slider's
store) and only remember the latest one; drawing happens when the page's redraw clock says so. Layer
names and shapes come from the core's report, the pooled alternatives from ``training.pooling_compare``.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core import specs as S
from cnnstudio.core.edits import get_at
from cnnstudio.core.layer_rules import shape_text
from cnnstudio.core.project import Project
from cnnstudio.training.events import PoolingSnapshot, ProbeSnapshot
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.widgets.feature_grid import FeatureMapGrid
from cnnstudio.ui.widgets.idle_while_hidden import IdleWhileHidden
from cnnstudio.ui.widgets.layer_chooser import LayerChooser


def as_maps(values: np.ndarray) -> np.ndarray:
    """(C, H, W) maps as they are; a flat vector (N,) as one near-square map so it can be seen at all."""
    if values.ndim == 3:
        return values
    n = values.size
    side = int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / side))
    padded = np.full(rows * side, np.nan, dtype=np.float32)
    padded[:n] = values.ravel()
    return np.nan_to_num(padded, nan=float(np.nanmin(values)) if n else 0.0).reshape(1, rows, side)


class _SnapshotView(IdleWhileHidden, QWidget):
    """A view of the newest snapshot that, while training, draws only when it can be seen.

    The Train page feeds every view a snapshot a few times a second, but only one of its tabs is visible;
    drawing the hidden one (the pooling view's two grids took up to 50 ms) stalled the GUI thread for
    nothing (benchmarks/gui_latency.py). A hidden view keeps the snapshot and draws it when shown.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._snapshot: ProbeSnapshot | None = None

    layer: LayerChooser

    def show_snapshot(
        self, snapshot: ProbeSnapshot | None, network: Project | None = None, *, defer_hidden: bool = False
    ) -> None:
        """Show ``snapshot``, taken of ``network`` (the layers it is listed under; None: the document's);
        with ``defer_hidden`` a hidden view draws it only once it is shown."""
        self._snapshot = snapshot
        self.layer.set_network(network)
        if defer_hidden and self.defer_while_hidden():
            return
        self.caught_up()  # drawn now: nothing owed
        self.redraw()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.caught_up():
            self.redraw()

    def redraw(self) -> None:
        """Draw ``self._snapshot``; each view defines what that means."""
        raise NotImplementedError


class ActivationView(_SnapshotView):
    """One layer's channels for the probe image, as a grid, following training."""

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer = LayerChooser(document, blocks=False)
        self.grid = FeatureMapGrid()
        self.caption = QLabel(self.tr("Start training to see the maps of the probe image."))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Layer")))
        top.addWidget(self.layer, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.caption)
        layout.addWidget(self.grid, 1)
        self.layer.layer_changed.connect(lambda _path: self.redraw())

    def redraw(self) -> None:
        snapshot, path = self._snapshot, self.layer.current_path()
        if snapshot is None or path is None or path not in snapshot.activations:
            self.grid.clear()
            if snapshot is None:
                self.caption.setText(self.tr("Start training to see the maps of the probe image."))
            return
        values = snapshot.activations[path]
        self.grid.set_maps(as_maps(values))
        shape = shape_text(values.shape)
        self.caption.setText(self.tr("{0} · epoch {1:.1f}").format(shape, snapshot.epoch))


class PoolingView(_SnapshotView):
    """For each pooling layer: the maps entering it and leaving it, side by side, channel by channel.

    Max pooling's winners are marked on the input (everything else is veiled), and a switch shows what max,
    average or L2 pooling would each give for the very same input.
    """

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        self.layer = LayerChooser(document, S.POOLING_TYPES, blocks=False)
        self.before = FeatureMapGrid()
        self.after = FeatureMapGrid()
        self.before_title = QLabel()
        self.after_title = QLabel()
        self.hint = QLabel(self.tr("The network has no pooling layer; add one from the palette."))
        self.mode = QButtonGroup(self)
        modes = QHBoxLayout()
        modes.addWidget(QLabel(self.tr("Output shown:")))
        for i, text in enumerate(
            (self.tr("the layer's own"), self.tr("max"), self.tr("average"), self.tr("L2"))
        ):
            button = QRadioButton(text)
            self.mode.addButton(button, i)
            modes.addWidget(button)
        modes.addStretch(1)
        self.mode.button(0).setChecked(True)
        self.mode.idClicked.connect(lambda _i: self.redraw())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Pooling layer")))
        top.addWidget(self.layer, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(modes)
        layout.addWidget(self.hint)
        split = QSplitter(Qt.Orientation.Horizontal)
        for title, grid in ((self.before_title, self.before), (self.after_title, self.after)):
            side = QWidget()
            column = QVBoxLayout(side)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(title)
            column.addWidget(grid, 1)
            split.addWidget(side)
        layout.addWidget(split, 1)
        self.layer.layer_changed.connect(lambda _path: self.redraw())
        self.before.colormap_changed.connect(self.after.set_colormap)
        self.after.colormap_changed.connect(self.before.set_colormap)

    def current(self) -> PoolingSnapshot | None:
        path = self.layer.current_path()
        if self._snapshot is None or path is None:
            return None
        return next((p for p in self._snapshot.pooling if p.path == path), None)

    def redraw(self) -> None:
        pool = self.current()  # refreshes the chooser first if the network changed while hidden
        self.hint.setVisible(self.layer.count() == 0)
        if pool is None:
            self.before.clear()
            self.after.clear()
            return
        spec = _spec_at(self.layer.project.layers, pool.path)
        output, name = self._output(pool, spec)
        self.before.set_maps(pool.input)
        self.after.set_maps(output)
        self.before.set_highlight(pool.winner_mask() if name == "max" else None)
        self.before_title.setText(
            self.tr("Entering: {0} · epoch {1:.1f}").format(
                shape_text(pool.input.shape), self._snapshot.epoch
            )
        )
        self.after_title.setText(self.tr("Leaving ({0}): {1}").format(name, shape_text(output.shape)))

    def _output(self, pool: PoolingSnapshot, spec: S.LayerSpec | None) -> tuple[np.ndarray, str]:
        own = {"maxpool2d": "max", "adaptivemaxpool2d": "max", "lppool2d": "L2"}.get(pool.type, "average")
        choice = self.mode.checkedId()
        if choice == 0 or spec is None:
            return pool.output, own
        from cnnstudio.training.pooling_compare import compare_pooling

        key = ("max", "average", "l2")[choice - 1]
        name = ("max", "average", "L2")[choice - 1]
        if key == "max" and own == "max":
            return pool.output, own
        return compare_pooling(pool.input, spec)[key], name


def _spec_at(layers, path: tuple[int, ...]) -> S.LayerSpec | None:
    """The spec at ``path``, or None when the network changed since the snapshot was taken."""
    try:
        return get_at(layers, path)
    except (IndexError, TypeError):
        return None
