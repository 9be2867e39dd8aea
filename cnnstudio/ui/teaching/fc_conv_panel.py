"""FC to conv: the linear head rewritten as convolutions, proved equal on the model, then slid over a mosaic.

cs231n's point in three steps a class can watch: the first linear after flatten *is* a conv whose kernel is
the whole map (7x7x512 -> 1x1x4096 in VGG); the converted network gives the same scores (the printed maximum
difference is float rounding); and because it no longer needs a fixed input size, it slides over a larger
picture and answers for every window at once. Before training an untrained model is used: the proof holds
for any weights, only the score map means nothing yet, and the hint says so.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from cnnstudio.core.fc_to_conv import convert, score_window
from cnnstudio.core.shapes import infer
from cnnstudio.training.fc_to_conv_model import (
    ConvertedModel,
    class_probabilities,
    convert_model,
    max_difference,
    random_images,
)
from cnnstudio.training.lesson_models import model_inputs
from cnnstudio.ui.choice_text import class_texts
from cnnstudio.ui.core_text import layer_text
from cnnstudio.ui.teaching import cells as C
from cnnstudio.ui.teaching.model_tool import ModelTool
from cnnstudio.ui.teaching.pool_canvas import PoolMapCanvas
from cnnstudio.ui.teaching.sources import Samples
from cnnstudio.ui.widgets.heat_pictures import PixelView
from cnnstudio.ui.widgets.pictures import to_rgb
from cnnstudio.ui.widgets.signal_blocking import signals_blocked

PROOF_IMAGES = 16


class FcToConvPanel(ModelTool):
    """The conversion table, the proof on the model, and a class-score map over a 2x2 mosaic; idle while
    hidden (the table infers the converted network, the proof runs the model)."""

    _scores: np.ndarray | None = None  # (classes, H', W') softmax probabilities
    _mosaic: np.ndarray | None = None
    difference: float | None = None  # the proof's largest difference

    def _build(self) -> None:
        intro = QLabel(
            self.tr(
                "A linear layer after flatten is a convolution whose kernel covers the whole map: in VGG, "
                "the first linear on a 7x7x512 map is 4096 filters of 7x7x512, giving 1x1x4096. Every later "
                "linear is a 1x1 convolution."
            )
        )
        intro.setWordWrap(True)
        self.table_label = QLabel()
        self.table_label.setWordWrap(True)
        self.prove_button = QPushButton(self.tr("Convert the model and compare"))
        self.prove_button.clicked.connect(self.prove)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.hint_label = C.HintLabel()
        self.class_box = QComboBox()
        self.class_box.currentIndexChanged.connect(self._on_class_changed)
        self.mosaic_view = PixelView()
        self.score_canvas = PoolMapCanvas()
        self.score_canvas.cell_clicked.connect(self._on_score_cell_clicked)
        self.map_label = QLabel()
        self.map_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.prove_button)
        row.addWidget(QLabel(self.tr("Class score map for:")))
        row.addWidget(self.class_box)
        row.addStretch(1)
        pictures = QHBoxLayout()
        pictures.addWidget(self.mosaic_view, 1)
        pictures.addWidget(self.score_canvas, 1)
        layout = QVBoxLayout(self)
        for widget in (intro, self.table_label, self.hint_label):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        layout.addLayout(pictures, 1)
        layout.addWidget(self.map_label)

    # -- public ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """A new model may exist: prove again (cheap for the networks a lesson uses)."""
        if not self.defer_while_hidden():
            self._show_conversion()
            self.prove()

    def score_map(self) -> np.ndarray | None:
        """The class probabilities (classes, H', W') over the mosaic, after :meth:`prove`."""
        return self._scores

    def prove(self) -> None:
        """Convert the (trained or untrained) model, print the largest difference, and fill the score map."""
        project = self.doc.project
        try:
            model, trained = self._model()
            converted = convert_model(project, model)
        except ValueError as exc:
            self.result_label.setText(self.tr("Cannot convert: {0}").format(exc))
            return
        samples = self._fitting_samples()
        images = self._proof_images(samples)
        self.difference = max_difference(model, converted.model, images)
        self.result_label.setText(
            self.tr(
                "Largest difference between the original's and the converted network's {0} class scores "
                "on {1} images: {2:.2e} (float rounding: the networks are the same function)."
            ).format(_classes(project), images.shape[0], self.difference)
        )
        self.hint_label.say(
            ""
            if trained
            else self.tr(
                "No trained model yet: an untrained one is used. The proof holds for any weights; the "
                "score map means nothing until the model is trained."
            )
        )
        self._fill_score_map(converted, samples)

    # -- slots -----------------------------------------------------------------------------------------------
    def _network_changed(self) -> None:
        self._show_conversion()

    def _show_conversion(self) -> None:
        project = self.doc.project
        self._scores = self._mosaic = None  # the score map belongs to the network it was made for
        self.score_canvas.set_map(np.zeros((1, 1)), colours=lambda _v: QColor(236, 240, 246))
        try:
            conversion = convert(project)
        except ValueError as exc:
            self.table_label.setText(self.tr("This network cannot be converted: {0}").format(exc))
            self.prove_button.setEnabled(False)
            return
        self.prove_button.setEnabled(True)
        report = infer(project.input.shape, conversion.layers)
        output = self.tr("output {0}")  # not inside the f-string: lupdate would not see it
        rows = [
            f"<tr><td>{layer_text(project.layers[old])}</td><td>&nbsp;→&nbsp;</td>"
            f"<td><b>{layer_text(conversion.layers[new])}</b></td>"
            f"<td>&nbsp;{output.format('x'.join(map(str, report.layers[new].output_shape or ())))}</td></tr>"
            for old, new in conversion.converted
        ]
        c, h, w = conversion.map_shape
        self.table_label.setText(
            self.tr("Here flatten receives a {0}x{1}x{2} map:").format(c, h, w)
            + "<table>"
            + "".join(rows)
            + "</table>"
        )

    def _on_class_changed(self, _index: int) -> None:
        self._show_class()

    def _on_score_cell_clicked(self, row: int, col: int) -> None:
        """Frame the input-sized window this score cell answers for (``score_window``, from the core)."""
        if self._mosaic is None:
            return  # no score map for this network (yet)
        image_hw = (self._mosaic.shape[1], self._mosaic.shape[2])
        self.mosaic_view.set_frame(score_window(self.doc.project, image_hw, row, col))
        self.score_canvas.set_window((row, col, row, col), None, (1, 1))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.caught_up():  # the network or the model changed while hidden
            self._show_conversion()
        if self._scores is None and self.prove_button.isEnabled():
            self.prove()

    # -- work ------------------------------------------------------------------------------------------------
    def _proof_images(self, samples: Samples | None) -> Any:
        """The model's input batch for the proof: the samples, or noise before there are any."""
        if samples is not None:
            return model_inputs(samples.images[:PROOF_IMAGES], samples.to_input)
        shape = tuple(self.doc.project.input.shape)
        return model_inputs(random_images(PROOF_IMAGES, shape, seed=0), None)

    def _fill_score_map(self, converted: ConvertedModel, samples: Samples | None) -> None:
        shape = tuple(self.doc.project.input.shape)
        if samples is not None:
            mosaic, names = mosaic_of(samples), class_texts(samples.class_names)
            picture = samples.to_input(mosaic)
        else:
            mosaic = random_images(1, (shape[0], 2 * shape[1], 2 * shape[2]), seed=1)[0]
            names, picture = (), mosaic
        self._scores = class_probabilities(converted.model, picture)
        self._mosaic = mosaic
        self.mosaic_view.set_rgb(to_rgb(mosaic))
        h, w = shape[1], shape[2]
        quadrant = QColor(255, 255, 255)
        self.mosaic_view.set_marks([(0, 0, h - 1, w - 1, quadrant), (h, w, 2 * h - 1, 2 * w - 1, quadrant)])
        self.mosaic_view.set_frame(None)
        current = self.class_box.currentIndex()
        with signals_blocked(self.class_box):
            self.class_box.clear()
            for k in range(self._scores.shape[0]):
                self.class_box.addItem(names[k] if k < len(names) else self.tr("class {0}").format(k), k)
            self.class_box.setCurrentIndex(max(current, 0) if current < self._scores.shape[0] else 0)
        self._show_class()

    def _show_class(self) -> None:
        if self._scores is None or self._mosaic is None:
            return
        k = max(self.class_box.currentIndex(), 0)
        self.score_canvas.set_map(self._scores[k].astype(np.float64))
        _, rows, cols = self._scores.shape
        _, h, w = self.doc.project.input.shape
        self.map_label.setText(
            self.tr(
                "Left: a {0}x{1} mosaic of four {2}x{3} images. Right: the converted network's {4}x{5} map of "
                "probabilities for '{6}'; each cell is the network's answer for one {2}x{3} window. Click a "
                "cell to frame its window."
            ).format(
                self._mosaic.shape[1], self._mosaic.shape[2], h, w, rows, cols, self.class_box.currentText()
            )
        )


def mosaic_of(samples: Samples) -> np.ndarray:
    """Four sample images of different classes (where there are four) in a 2x2 square, (C, 2H, 2W)."""
    chosen: list[int] = []
    for index, label in enumerate(samples.labels.tolist()):
        if label not in [int(samples.labels[i]) for i in chosen]:
            chosen.append(index)
        if len(chosen) == 4:
            break
    chosen += [i for i in range(len(samples.images)) if i not in chosen][: 4 - len(chosen)]
    chosen += [chosen[-1]] * (4 - len(chosen))
    tiles = [samples.images[i] for i in chosen]
    top, bottom = np.concatenate(tiles[:2], axis=2), np.concatenate(tiles[2:], axis=2)
    return np.concatenate([top, bottom], axis=1).astype(np.float32)


def _classes(project) -> int:
    shape = project.report.output_shape
    return int(shape[0]) if shape else 0
