"""One feature map enlarged, for the grid's click: axes, a colour bar and the value under the mouse."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from cnnstudio.ui.widgets import colormaps


class MapDetailDialog(QDialog):
    """One map enlarged, with row/column axes, a colour bar and the value under the mouse.

    Non-modal and reused: it follows the grid live (new activations, colour map, scaling, mask), so a
    student can keep one channel open while the network trains. Pixel centres sit on integer
    coordinates so that the tick labelled 3 is under column 3.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Feature map"))
        self._index = -1
        self._data = np.zeros((0, 0), dtype=np.float32)
        palette = self.palette()
        foreground = palette.color(QPalette.ColorRole.WindowText)
        self._canvas = pg.GraphicsLayoutWidget()
        self._canvas.setBackground(palette.color(QPalette.ColorRole.Base))
        self._plot = self._canvas.addPlot()
        self._plot.setMenuEnabled(False)
        self._plot.hideButtons()
        self._plot.setAspectLocked(True)
        self._plot.invertY(True)
        for side, text in (("bottom", self.tr("column")), ("left", self.tr("row"))):
            axis = self._plot.getAxis(side)
            axis.setPen(foreground)
            axis.setTextPen(foreground)
            self._plot.setLabel(side, text)
        self._image = pg.ImageItem(axisOrder="row-major")
        self._image.setPos(-0.5, -0.5)
        self._plot.addItem(self._image)
        self._markers = pg.ScatterPlotItem(symbol="s", size=0.78, pxMode=False, brush=None)
        self._plot.addItem(self._markers)
        self._bar = pg.ColorBarItem(values=(0.0, 1.0), width=14, interactive=False, colorMapMenu=False)
        self._bar.setImageItem(self._image, insert_in=self._plot)
        self._bar.axis.setPen(foreground)
        self._bar.axis.setTextPen(foreground)
        self._readout = QLabel(self.tr("Point at a pixel to read its value"))
        layout = QVBoxLayout(self)
        layout.addWidget(self._canvas, 1)
        layout.addWidget(self._readout)
        self._canvas.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.resize(460, 460)

    def set_map_index(self, index: int) -> None:
        """Remember which of the grid's maps this dialog shows."""
        self._index = index

    def map_index(self) -> int:
        """Return the index of the map shown (-1 before the first)."""
        return self._index

    def image_item(self) -> pg.ImageItem:
        """Return the enlarged image item (for tests)."""
        return self._image

    def marker_count(self) -> int:
        """Return the number of highlighted cells marked (for tests)."""
        return len(self._markers.data)

    def show_map(
        self, data: np.ndarray, title: str, levels: np.ndarray, colormap: str, mask: np.ndarray | None
    ) -> None:
        """Show ``data`` with ``levels`` in ``colormap``, outlining the ``True`` cells of ``mask``."""
        low, high = (float(v) for v in levels)
        if data.shape != self._data.shape:  # frame the image exactly, without the default padding
            self._plot.vb.setRange(QRectF(-0.5, -0.5, data.shape[1], data.shape[0]), padding=0.0)
        self._data = data
        self.setWindowTitle(self.tr("{0} ({1} × {2})").format(title, data.shape[0], data.shape[1]))
        self._plot.setTitle(title, color=self.palette().color(QPalette.ColorRole.WindowText))
        self._bar.setColorMap(colormaps.colormap(colormap))
        self._image.setImage(data, autoLevels=False, levels=(low, high))
        self._bar.setLevels(values=(low, high))
        if mask is None:
            self._markers.clear()
        else:
            rows, cols = np.nonzero(mask)
            pen = pg.mkPen(colormaps.colormap_info(colormap).highlight, width=1.6)
            self._markers.setData(x=cols, y=rows, pen=pen)

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        pos = self._plot.vb.mapSceneToView(scene_pos)
        row, col = round(pos.y()), round(pos.x())
        if 0 <= row < self._data.shape[0] and 0 <= col < self._data.shape[1]:
            value = float(self._data[row, col])
            self._readout.setText(self.tr("row {0}, col {1}: {2:.4g}").format(row, col, value))
