"""Receptive field: click a cell of any layer's output and see the input pixels it depends on.

The region and its size are the core's ``ReceptiveField`` numbers (the same ones the inspector prints), so
the picture and the formula can never disagree. It is drawn on the image the network really sees: the probe
image once training ran, a sample of the dataset, or the example drawing scaled to the input size.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from cnnstudio.core.layer_rules import ReceptiveField
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching import cells as C
from cnnstudio.ui.teaching.layer_tool import LayerTool
from cnnstudio.ui.teaching.pool_canvas import PoolMapCanvas
from cnnstudio.ui.teaching.sources import EXAMPLE_IMAGE, SnapshotSource, fetch_snapshot
from cnnstudio.ui.theme import Tone, set_text_colour
from cnnstudio.ui.widgets.heat_pictures import PixelView
from cnnstudio.ui.widgets.layer_chooser import LayerChoice, LayerChooser
from cnnstudio.ui.widgets.pictures import to_rgb
from cnnstudio.ui.widgets.signal_blocking import signals_blocked

ImageSource = Callable[[], "np.ndarray | None"]  # a (C, H, W) display image in [0, 1], or None


def example_at(shape: tuple[int, ...]) -> np.ndarray:
    """The example drawing scaled (nearest) to a (C, H, W) input, so a field can be shown before any data."""
    channels, height, width = shape
    base = EXAMPLE_IMAGE[0]
    rows = np.arange(height) * base.shape[0] // height
    cols = np.arange(width) * base.shape[1] // width
    return np.repeat(base[rows][:, cols][None], channels, axis=0).astype(np.float32)


class ReceptiveFieldView(LayerTool):
    """A layer's output map to click on, and the input image with the clicked cell's field framed; idle
    while hidden."""

    def __init__(
        self,
        document: ProjectDocument,
        snapshot_source: SnapshotSource | None = None,
        image_source: ImageSource | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = document
        self._snapshots = snapshot_source
        self._images = image_source
        self._cell = (0, 0)
        self._region: tuple[int, int, int, int] | None = None
        C.enlarge_font(self)
        self._build()
        self._follow_document()

    def _build(self) -> None:
        self.layer_box = LayerChooser(self.doc, maps_only=True)
        self.layer_box.setMinimumContentsLength(28)
        self.channel_box = QSpinBox()
        self.channel_box.valueChanged.connect(self._on_channel_changed)
        top = QHBoxLayout()
        for widget in (
            QLabel(self.tr("Layer:")),
            self.layer_box,
            QLabel(self.tr("Channel:")),
            self.channel_box,
        ):
            top.addWidget(widget)
        top.addStretch(1)
        self.output_canvas = PoolMapCanvas()
        self.output_canvas.cell_clicked.connect(self._on_cell_clicked)
        self.input_view = PixelView()
        self.output_title, self.input_title = QLabel(), QLabel(self.tr("<b>Input image</b>"))
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.output_title)
        left.addWidget(self.output_canvas, 1)
        right.addWidget(self.input_title)
        right.addWidget(self.input_view, 1)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        set_text_colour(self.note_label, Tone.MUTED)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(self.tr("Click any cell of the layer's output (left).")))
        layout.addLayout(body, 1)
        layout.addWidget(self.info_label)
        layout.addWidget(self.note_label)

    # -- public ----------------------------------------------------------------------------------------------
    def region(self) -> tuple[int, int, int, int] | None:
        """The framed input pixels ``(top, left, bottom, right)``, inclusive."""
        return self._region

    def field(self) -> ReceptiveField | None:
        choice = self.layer_box.current_choice()
        return None if choice is None else choice.report.receptive_field

    def select_cell(self, row: int, col: int) -> None:
        self._cell = (row, col)
        self._show_layer()

    # -- slots -----------------------------------------------------------------------------------------------
    def _on_channel_changed(self, _value: int) -> None:
        self._show_layer()

    def _on_cell_clicked(self, row: int, col: int) -> None:
        self.select_cell(row, col)

    # -- drawing ---------------------------------------------------------------------------------------------
    def _show_layer(self) -> None:
        choice = self.layer_box.current_choice()
        image, note = self._input_image()
        self.input_view.set_rgb(to_rgb(image))
        if choice is None or choice.report.receptive_field is None:
            self._region = None
            self.input_view.set_frame(None)
            self.info_label.setText(self.tr("This network has no layer with a feature map."))
            return
        channels, rows, cols = choice.report.output_shape  # type: ignore[misc]
        self._cell = (min(self._cell[0], rows - 1), min(self._cell[1], cols - 1))
        self._show_output(choice, channels)
        field = choice.report.receptive_field
        image_hw = (image.shape[1], image.shape[2])
        self._region = field.region(*self._cell, image_hw)
        self.input_view.set_frame(self._region)
        self.info_label.setText(self._describe(field, image_hw))
        self.note_label.setText(note)

    def _show_output(self, choice: LayerChoice, channels: int) -> None:
        with signals_blocked(self.channel_box):
            self.channel_box.setRange(0, channels - 1)
        snapshot = fetch_snapshot(self._snapshots)
        values = None if snapshot is None else snapshot.activations.get(choice.path)
        shape = choice.report.output_shape
        if values is not None and tuple(values.shape) == tuple(shape):  # type: ignore[arg-type]
            self.output_canvas.set_map(np.asarray(values[self.channel_box.value()], dtype=np.float64))
        else:  # no numbers yet: plain cells, still clickable
            self.output_canvas.set_map(np.zeros(shape[1:]), colours=lambda _v: QColor(236, 240, 246))  # type: ignore[index]
        row, col = self._cell
        self.output_canvas.set_window((row, col, row, col), None, (1, 1))
        self.output_title.setText(self.tr("<b>Output of {0}</b>").format(choice.label))

    def _describe(self, field: ReceptiveField, image_hw: tuple[int, int]) -> str:
        top, left, bottom, right = self._region  # type: ignore[misc]
        height, width = bottom - top + 1, right - left + 1
        text = self.tr(
            "Cell ({0}, {1}) depends on input rows {2}..{3} and columns {4}..{5}: {6}x{7} pixels. "
            "Receptive field of this layer: {8}."
        ).format(*self._cell, top, bottom, left, right, height, width, translate_core(field.text()))
        if field.reaches_padding(*self._cell, image_hw):
            text += " " + self.tr("Part of the field lies in the padding, outside the image.")
        return text

    def _input_image(self) -> tuple[np.ndarray, str]:
        """The probe image if it has the project's input shape, else a sample, else the example drawing;
        with a sentence saying which."""
        shape = tuple(self.doc.project.input.shape)
        snapshot = fetch_snapshot(self._snapshots)
        if snapshot is not None and tuple(snapshot.image.shape) == shape:
            return snapshot.image, self.tr("Drawn on the probe image.")
        if self._images is not None:
            try:
                image = self._images()
            except Exception:  # the sample source belongs to the data layer: fall back to the drawing
                image = None
            if image is not None and tuple(image.shape) == shape:
                return image, self.tr("Drawn on a sample image of the dataset.")
        return example_at(shape), self.tr("No image yet: the example drawing stands in for the input.")
