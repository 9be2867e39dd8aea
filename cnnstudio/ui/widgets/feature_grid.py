"""A grid of feature maps (one layer's activations) with colour maps, scaling, highlights and an enlarged view.

Every map is an ``ImageItem`` in one shared ``ViewBox``: one view for the whole grid keeps redraws
cheap and guarantees square pixels everywhere. Items are made once per map count and then only fed
with ``setImage``, because activations stream in during training and rebuilding items would flicker
and cost far more. Unlike the house pattern (float data + ``levels=`` + a lookup table per item), the
grid colours all maps itself in one numpy pass and hands the items RGB images: pyqtgraph rebuilds a
colour table per image per paint, and skipping that halves the redraw time of 64 maps.
Pixels are drawn nearest-neighbour on purpose: students must be able to count them.
Where the maps go is `grid_geometry.py`'s; a clicked map opens in `map_detail.py`'s dialog.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPalette, QTransform
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGraphicsItem,
    QGraphicsSimpleTextItem,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.ui.widgets import colormaps
from cnnstudio.ui.widgets.flow_layout import FlowLayout
from cnnstudio.ui.widgets.grid_geometry import GAP_PX, plan_grid
from cnnstudio.ui.widgets.map_detail import MapDetailDialog
from cnnstudio.ui.widgets.signal_blocking import signals_blocked

VEIL_ALPHA = 135  # how strongly cells outside the highlight mask are dimmed (0-255)


class FeatureMapGrid(QWidget):
    """Show N feature maps of one layer as a grid; click one to enlarge it.

    Feed it with :meth:`set_maps` as often as new activations arrive; everything else (colour map,
    scaling, highlight) is kept across calls.
    """

    map_clicked = Signal(int)
    colormap_changed = Signal(str)
    shared_scaling_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, show_controls: bool = True) -> None:
        super().__init__(parent)
        self._maps = np.zeros((0, 0, 0), dtype=np.float32)
        self._levels = np.zeros((0, 2))
        self._titles: list[str] = []
        self._mask: np.ndarray | None = None
        self._colormap = colormaps.DEFAULT_COLORMAP
        self._shared = False
        self._images: list[pg.ImageItem] = []
        self._veils: list[pg.ImageItem] = []
        self._labels: list[QGraphicsSimpleTextItem] = []
        self._geometry = plan_grid(0, (1, 1), (400.0, 400.0), 0.0)
        self._detail: MapDetailDialog | None = None
        self._build_view()
        self._build_controls(show_controls)

    # ----------------------------------------------------------------------------------------- building
    def _build_view(self) -> None:
        palette = self.palette()
        self._title_colour = palette.color(QPalette.ColorRole.WindowText)
        self._veil_colour = palette.color(QPalette.ColorRole.Base)
        self._title_font = self._small_font()
        self._view = pg.GraphicsView(background=palette.color(QPalette.ColorRole.Base))
        self._box = pg.ViewBox(lockAspect=True, invertY=True, enableMouse=False, enableMenu=False)
        self._box.setDefaultPadding(0.0)
        self._view.setCentralItem(self._box)
        self._box.sigResized.connect(self._on_view_resized)
        scene = self._view.scene()
        scene.sigMouseClicked.connect(self._on_scene_clicked)
        scene.sigMouseMoved.connect(self._on_scene_hovered)

    def _build_controls(self, visible: bool) -> None:
        self._colormap_box = QComboBox()
        for name in colormaps.colormap_names():
            self._colormap_box.addItem(colormaps.display_name(name), name)
        self._colormap_box.setToolTip(self.tr("Colour map used to draw values"))
        self._colormap_box.currentIndexChanged.connect(self._on_colormap_box_changed)
        self._shared_box = QCheckBox(self.tr("Shared scale"))
        self._shared_box.setToolTip(
            self.tr("One colour range for all maps, so brightness compares across channels")
        )
        self._shared_box.toggled.connect(self.set_shared_scaling)
        self._readout = QLabel(self.tr("Click a map to enlarge it"))
        self._readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Wrapping, not one row: two grids side by side (the pooling view) in presenter mode's font
        # would otherwise need more than a 1366-pixel screen.
        bar = FlowLayout(spacing=8)
        bar.setContentsMargins(6, 4, 6, 0)
        bar.addWidget(QLabel(self.tr("Colours:")))
        bar.addWidget(self._colormap_box)
        bar.addWidget(self._shared_box)
        bar.addWidget(self._readout)
        self._controls = QWidget()
        self._controls.setLayout(bar)
        self._controls.setVisible(visible)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._controls)
        layout.addWidget(self._view, 1)

    # ----------------------------------------------------------------------------------------- data API
    def set_maps(self, maps: np.ndarray, titles: Sequence[str] | None = None) -> None:
        """Show ``maps`` (shape ``(N, H, W)``, or ``(H, W)`` for one map), titled ``titles`` or "ch i".

        The data are copied, because callers (a training thread) may reuse their buffer for the next
        batch while the picture still has to show this one.
        """
        data = np.array(maps, dtype=np.float32, copy=True, order="C")
        if data.ndim == 2:
            data = data[np.newaxis]
        if data.ndim != 3:
            raise ValueError(self.tr("maps must have shape (N, H, W), got {0}").format(data.shape))
        if titles is not None and len(titles) != data.shape[0]:
            raise ValueError(self.tr("got {0} titles for {1} maps").format(len(titles), data.shape[0]))
        shape_changed = data.shape != self._maps.shape
        self._maps = data
        if len(self._images) != data.shape[0]:
            self._resize_pool(data.shape[0])
        self._set_titles(titles)
        if self._mask is not None and self._mask.shape != data.shape:
            self._mask = None  # a mask describes one particular set of maps
            self._push_veils()
        if shape_changed:
            self._relayout()
        self._update_levels()
        self._push_images()
        self._refresh_detail()

    def set_colormap(self, name: str) -> None:
        """Draw all maps with colour map ``name`` (see :func:`colormaps.colormap_names`)."""
        info = colormaps.colormap_info(name)
        if name == self._colormap:
            return
        was_diverging = colormaps.colormap_info(self._colormap).diverging
        self._colormap = name
        if info.diverging != was_diverging:
            self._update_levels()  # diverging maps centre their range on zero
        self._push_images()
        self._sync_control(self._colormap_box, self._colormap_box.findData(name))
        self._refresh_detail()
        self.colormap_changed.emit(name)

    def colormap(self) -> str:
        """Return the key of the current colour map."""
        return self._colormap

    def set_shared_scaling(self, shared: bool) -> None:
        """Use one colour range for all maps (``True``) or stretch each map to its own range."""
        shared = bool(shared)
        if shared == self._shared:
            return
        self._shared = shared
        self._update_levels()
        self._push_images()
        self._sync_control(self._shared_box, shared)
        self._refresh_detail()
        self.shared_scaling_changed.emit(shared)

    def shared_scaling(self) -> bool:
        """Return whether all maps share one colour range."""
        return self._shared

    def set_highlight(self, mask: np.ndarray | None) -> None:
        """Spotlight the ``True`` cells of ``mask`` (shape of the maps) by dimming all other cells.

        Used to show max-pooling winners: the winning values keep their true colour while the losers
        fade. ``None`` removes the highlight.
        """
        if mask is not None:
            mask = np.asarray(mask, dtype=bool)
            if mask.ndim == 2 and self._maps.shape[0] == 1:
                mask = mask[np.newaxis]
            if mask.shape != self._maps.shape:
                raise ValueError(
                    self.tr("mask shape {0} differs from maps shape {1}").format(mask.shape, self._maps.shape)
                )
            mask = mask.copy()
        self._mask = mask
        self._push_veils()
        self._refresh_detail()

    def highlight(self) -> np.ndarray | None:
        """Return the current highlight mask (a copy), or ``None``."""
        return None if self._mask is None else self._mask.copy()

    def map_count(self) -> int:
        """Return the number of maps shown."""
        return len(self._images)

    def clear(self) -> None:
        """Remove all maps, the highlight and the enlarged view."""
        self._maps = np.zeros((0, 0, 0), dtype=np.float32)
        self._mask = None
        self._levels = np.zeros((0, 2))
        self._resize_pool(0)
        self._titles = []
        if self._detail is not None:
            self._detail.close()
        self._readout.setText(self.tr("Click a map to enlarge it"))

    # ----------------------------------------------------------------------------------------- queries
    def maps(self) -> np.ndarray:
        """Return the maps shown, as float32 ``(N, H, W)`` (a copy)."""
        return self._maps.copy()

    def levels(self) -> np.ndarray:
        """Return the ``(N, 2)`` colour levels in use (a copy)."""
        return self._levels.copy()

    def titles(self) -> list[str]:
        """Return the titles shown above the maps."""
        return list(self._titles)

    def image_items(self) -> tuple[pg.ImageItem, ...]:
        """Return the image items, one per map, in map order (for tests and exporters)."""
        return tuple(self._images)

    def columns(self) -> int:
        """Return the number of grid columns chosen for the current size."""
        return self._geometry.columns

    def view(self) -> pg.GraphicsView:
        """Return the graphics view that draws the grid."""
        return self._view

    def detail_dialog(self) -> MapDetailDialog | None:
        """Return the enlarged-view dialog once a map was opened, else ``None``."""
        return self._detail

    def map_at(self, view_pos: QPointF) -> tuple[int, int, int] | None:
        """Return ``(map index, row, column)`` under ``view_pos`` (data coordinates), or ``None``."""
        geo, (h, w) = self._geometry, self._maps.shape[1:]
        col, x = divmod(view_pos.x(), geo.pitch[0])
        row, y = divmod(view_pos.y() - geo.title_height, geo.pitch[1])
        index = int(row) * geo.columns + int(col)
        if not (0 <= col < geo.columns and 0 <= index < self.map_count() and x < w and y < h):
            return None
        return index, int(y), int(x)

    def open_map(self, index: int) -> None:
        """Emit :attr:`map_clicked` for map ``index`` and show it enlarged; what a click does."""
        if not 0 <= index < self.map_count():
            raise IndexError(index)
        if self._detail is None:
            self._detail = MapDetailDialog(self)
        self._detail.set_map_index(index)
        self._refresh_detail(force=True)
        self._detail.show()
        self._detail.raise_()
        self.map_clicked.emit(index)

    # ----------------------------------------------------------------------------------------- internals
    def _small_font(self) -> QFont:
        """The maps' titles: a point smaller than the widget's text (which presenter mode enlarges)."""
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 1.0, 7.0))
        return font

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._title_font = self._small_font()
            for label in self._labels:
                label.setFont(self._title_font)
            titles, self._titles = self._titles, []
            self._set_titles(titles)  # measured again, re-centred and laid out for the new height

    def _resize_pool(self, n: int) -> None:
        """Grow or shrink the item pool to ``n`` maps; the only place items are made or removed."""
        while len(self._images) > n:
            for item in (self._images.pop(), self._veils.pop(), self._labels.pop()):
                self._box.removeItem(item)
        while len(self._images) < n:
            image = pg.ImageItem(axisOrder="row-major")
            veil = pg.ImageItem(axisOrder="row-major")
            veil.setZValue(1)
            veil.setVisible(False)
            label = QGraphicsSimpleTextItem()
            label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            label.setFont(self._title_font)
            label.setBrush(self._title_colour)
            for item in (image, veil, label):
                self._box.addItem(item, ignoreBounds=True)
            self._images.append(image)
            self._veils.append(veil)
            self._labels.append(label)

    def _set_titles(self, titles: Sequence[str] | None) -> None:
        if titles is None:
            titles = [self.tr("ch {0}").format(i) for i in range(len(self._images))]
        titles = [str(t) for t in titles]
        if titles == self._titles:
            return
        self._titles = titles
        metrics = QFontMetrics(self._title_font)
        for label, text in zip(self._labels, titles):
            label.setText(text)
            width = metrics.horizontalAdvance(text)
            label.setTransform(QTransform.fromTranslate(-width / 2, -metrics.height() - 1))
        self._relayout()

    def _relayout(self) -> None:
        """Place maps, titles and veils for the current view size; titles go when they would collide."""
        n, size = self.map_count(), self._maps.shape[1:] or (1, 1)
        viewport = (self._box.width() or 400.0, self._box.height() or 400.0)
        metrics = QFontMetrics(self._title_font)
        widest = max((metrics.horizontalAdvance(t) for t in self._titles), default=0)
        geo = plan_grid(n, size, viewport, metrics.height() + 2)
        if geo.scale * size[1] + GAP_PX < widest + 2:
            geo = plan_grid(n, size, viewport, 0.0)
        self._geometry = geo
        for i, (image, veil, label) in enumerate(zip(self._images, self._veils, self._labels)):
            x, y = geo.origin(i)
            image.setPos(x, y)
            veil.setPos(x, y)
            label.setPos(x + size[1] / 2, y)
            label.setVisible(geo.title_height > 0)
        self._box.setRange(rect=geo.view_rect, padding=0.0)
        self._box.updateMatrix()  # pyqtgraph defers this to the next paint; scene positions are valid now

    def _update_levels(self) -> None:
        symmetric = colormaps.colormap_info(self._colormap).diverging
        self._levels = colormaps.compute_levels(self._maps, shared=self._shared, symmetric=symmetric)

    def _push_images(self) -> None:
        """Colour every map and hand it to its item (levels already applied, hence ``levels=None``)."""
        if not self._images:
            return
        colours = colormaps.apply_colormap(self._maps, self._levels, self._colormap)
        for image, rgb in zip(self._images, colours):
            image.setImage(rgb, autoLevels=False, levels=None)

    def _push_veils(self) -> None:
        """Draw the highlight as a translucent veil over the cells outside the mask."""
        if self._mask is None:
            for veil in self._veils:
                veil.setVisible(False)
            return
        colour = self._veil_colour
        rgba = np.empty((*self._mask.shape, 4), dtype=np.uint8)
        rgba[..., :3] = (colour.red(), colour.green(), colour.blue())
        rgba[..., 3] = np.where(self._mask, 0, VEIL_ALPHA)
        for veil, image in zip(self._veils, rgba):
            veil.setImage(image, autoLevels=False, levels=None)
            veil.setVisible(True)

    def _refresh_detail(self, *, force: bool = False) -> None:
        """Keep an open enlarged view in step with the grid (new data, colours, scaling, mask)."""
        detail = self._detail
        if detail is None or not (detail.isVisible() or force):
            return
        index = detail.map_index()
        if index >= self.map_count():
            detail.close()
            return
        mask = None if self._mask is None else self._mask[index]
        detail.show_map(self._maps[index], self._titles[index], self._levels[index], self._colormap, mask)

    @staticmethod
    def _sync_control(control: QComboBox | QCheckBox, value: int | bool) -> None:
        """Mirror a programmatic change on a control without re-entering the setter."""
        with signals_blocked(control):
            if isinstance(control, QComboBox):
                control.setCurrentIndex(int(value))
            else:
                control.setChecked(bool(value))

    # ----------------------------------------------------------------------------------------- slots
    def _on_view_resized(self) -> None:
        if self.map_count():
            self._relayout()

    def _on_scene_clicked(self, event) -> None:  # pyqtgraph MouseClickEvent
        if event.button() != Qt.MouseButton.LeftButton:
            return
        hit = self.map_at(self._box.mapSceneToView(event.scenePos()))
        if hit is not None:
            event.accept()
            self.open_map(hit[0])

    def _on_scene_hovered(self, scene_pos: QPointF) -> None:
        hit = self.map_at(self._box.mapSceneToView(scene_pos))
        if hit is None:
            return
        index, row, col = hit
        value = float(self._maps[index, row, col])
        self._readout.setText(
            self.tr("{0} · row {1}, col {2}: {3:.4g}").format(self._titles[index], row, col, value)
        )

    def _on_colormap_box_changed(self, index: int) -> None:
        self.set_colormap(self._colormap_box.itemData(index))
