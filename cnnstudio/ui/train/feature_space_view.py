"""Feature space: the validation images as points in two dimensions of a layer's features (issue 16.2).

PCA or t-SNE (``training.insight_features``) of the shown run's layer, computed in the background with
progress and Cancel, only while the tab is shown. Points are coloured by class or by right and wrong;
clicking one shows its image with Grad-CAM for the predicted class and its top-5 classes. The background
work, progress and Cancel are ``InsightTab``'s.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cnnstudio.ui.choice_text import class_text
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.train.insight_tab import InsightTab
from cnnstudio.ui.train.shown_run import ShownRun
from cnnstudio.ui.widgets.heat_pictures import PixelView, blend
from cnnstudio.ui.widgets.layer_chooser import LayerChooser
from cnnstudio.ui.widgets.top_classes import TopClasses

# Ten distinguishable colours (Tableau 10), cycled for more classes.
CLASS_COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                 "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")  # fmt: skip
RIGHT, WRONG = "#1a7f37", "#d1242f"
METHODS = (("pca", QT_TRANSLATE_NOOP("FeatureSpaceView", "PCA")),
           ("tsne", QT_TRANSLATE_NOOP("FeatureSpaceView", "t-SNE")))  # fmt: skip


class FeatureSpaceView(InsightTab):
    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.space = None  # the FeatureSpace shown
        self._previous = None  # the last one shown: another epoch's picture is turned to match it
        self._run = None
        self._drawn: tuple | None = None  # (run folder, layer path, method) of the points on screen
        self.chooser = LayerChooser(document, blocks=False, prefer_last=True)
        self.chooser.layer_changed.connect(lambda _path: self.start())
        self.method = QComboBox()
        for key, text in METHODS:
            self.method.addItem(self.tr(text), key)
        self.method.currentIndexChanged.connect(lambda _i: self.start())
        self.colouring = QComboBox()
        self.colouring.addItem(self.tr("colour by class"), "class")
        self.colouring.addItem(self.tr("colour by right or wrong"), "right")
        self.colouring.currentIndexChanged.connect(lambda _i: self._draw())
        base = self.palette().color(QPalette.ColorRole.Base)
        self.plot = pg.PlotWidget(background=base)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.getPlotItem().hideAxis("left")
        self.plot.getPlotItem().hideAxis("bottom")
        text = self.palette().color(QPalette.ColorRole.WindowText)
        veil = QColor(base)
        veil.setAlpha(220)  # the legend sits over points: a near-opaque ground keeps its names readable
        self.legend = self.plot.getPlotItem().addLegend(
            offset=(10, 10), brush=pg.mkBrush(veil), pen=pg.mkPen(text), labelTextColor=text
        )
        self.picture = PixelView(minimum=180)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.scores = TopClasses()
        self._build_layout()

    def _build_layout(self) -> None:
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Layer:")))
        controls.addWidget(self.chooser, 1)
        controls.addWidget(self.method)
        controls.addWidget(self.colouring)
        controls.addWidget(self.progress)
        controls.addWidget(self.cancel_button)
        side = QVBoxLayout()
        side.addWidget(self.picture, 1)
        side.addWidget(self.caption)
        side.addWidget(self.scores)
        body = QHBoxLayout()
        body.addWidget(self.plot, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.epoch_row)
        layout.addWidget(self.status)
        layout.addLayout(body, 1)

    # -- computing ------------------------------------------------------------------------------------------
    def follow_network(self, shown: ShownRun | None) -> None:
        self._previous = None
        self.chooser.set_network(shown.network if shown is not None else None)

    def refresh(self) -> None:
        path, run, method = self.chooser.current_path(), self.trained_run(), self.method.currentData()
        key = (run.folder, path, method) if run is not None else None
        self.space = None  # until this epoch's points come; another epoch's stay drawn meanwhile...
        if key is None or path is None or key != self._drawn:
            self._draw()  # ...but not another run's, layer's or method's
        if run is None or path is None:
            self.play_button.setChecked(False)
            return
        self._run, self._drawn = run, key

        def compute(work):
            from cnnstudio.training.insight_features import run_feature_space

            return run_feature_space(run, path, method, "validation", work)

        self.run_task(
            compute, self._on_done, self.tr("Computing the layer's features of the validation images…")
        )

    def _on_done(self, space) -> None:
        previous, self.space = self._previous, space
        if previous is not None and _same_points(previous, space):  # another epoch: turned to match
            from cnnstudio.training.insight_features import align

            self.space = space = replace(space, points=align(space.points, previous.points))
        self._previous = space
        accuracy = float(space.right.mean()) if len(space.labels) else 0.0
        self.status.setText(
            self.tr("{0} validation images ({1:.0%} right). Each point is one image; nearby points look alike "
                    "to this layer. Click a point.").format(len(space.labels), accuracy)
        )  # fmt: skip
        self._draw()
        self.frame_shown()

    # -- drawing --------------------------------------------------------------------------------------------
    def _draw(self) -> None:
        self.plot.clear()
        self.legend.clear()
        space = self.space
        if space is None:
            return
        names = self._names()
        if self.colouring.currentData() == "class":
            groups = [(space.labels == c, CLASS_COLOURS[c % len(CLASS_COLOURS)], names[c])
                      for c in range(len(names))]  # fmt: skip
        else:
            groups = [(space.right, RIGHT, self.tr("right")), (~space.right, WRONG, self.tr("wrong"))]
        for mask, colour, name in groups:
            rows = np.flatnonzero(mask)
            item = pg.ScatterPlotItem(
                x=space.points[rows, 0], y=space.points[rows, 1], data=rows, size=7,
                pen=pg.mkPen(None), brush=pg.mkBrush(QColor(colour)), name=name,
            )  # fmt: skip
            item.sigClicked.connect(self._on_points_clicked)
            self.plot.addItem(item)

    def _names(self) -> list[str]:
        names = self._run.class_names() if self._run is not None else ()
        count = int(self.space.probabilities.shape[1]) if self.space is not None else 0
        return [class_text(names[c]) if c < len(names) else str(c) for c in range(count)]

    def _on_points_clicked(self, _item, points, _event=None) -> None:
        if len(points):
            self.show_point(int(points[0].data()))

    def show_point(self, row: int) -> None:
        """Show image ``row`` of the feature space: Grad-CAM for its predicted class, and its top-5."""
        space, run = self.space, self._run
        if space is None or run is None:
            return
        from cnnstudio.training.insight_store import split_images
        from cnnstudio.training.insight_topk import map_layers
        from cnnstudio.training.probes import grad_cam

        names = self._names()
        pixels = split_images(run, space.split)[int(space.indices[row])]
        image = pixels.numpy().astype(np.float32) / 255.0
        predicted = int(space.predicted[row])
        layers = map_layers(run.network())
        if layers:
            cam = grad_cam(run.model(), run.data().whiten(pixels), predicted, layers[-1].path)
            self.picture.set_rgb(blend(image, cam, 0.45))
        else:
            self.picture.set_rgb(blend(image, np.zeros(image.shape[1:], np.float32), 0.0))
        self.caption.setText(
            self.tr("Validation image #{0}: true {1}, predicted {2}").format(
                int(space.indices[row]), names[int(space.labels[row])], names[predicted])
        )  # fmt: skip
        self.scores.set_scores([(names[c], p) for c, p in space.top_k(row)])


def _same_points(one, other) -> bool:
    """Two feature-space pictures of the same images, layer and method (e.g. two epochs of one run)."""
    return (
        (one.layer, one.method, one.split) == (other.layer, other.method, other.split)
        and one.indices.shape == other.indices.shape
        and bool(np.array_equal(one.indices, other.indices))
    )
