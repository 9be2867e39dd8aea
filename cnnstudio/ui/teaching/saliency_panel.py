"""Saliency and Grad-CAM: where the model looked, for a chosen image and class, laid over the image.

Both maps are computed by ``cnnstudio.training.probes`` (vanilla gradient saliency; Grad-CAM on a chosen
layer); this panel picks the image, the class and the layer, and blends the map over the picture with an
adjustable opacity so the class can see the object through it. Choosing a class other than the predicted
one answers "what would make it say 'square'?".
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QSpinBox, QVBoxLayout

from cnnstudio.training.probes import grad_cam, predict, saliency
from cnnstudio.ui.choice_text import class_text
from cnnstudio.ui.teaching import cells as C
from cnnstudio.ui.teaching.model_tool import ModelTool
from cnnstudio.ui.teaching.sources import Samples
from cnnstudio.ui.widgets.heat_pictures import PixelView, blend
from cnnstudio.ui.widgets.layer_chooser import LayerChooser
from cnnstudio.ui.widgets.pictures import to_rgb
from cnnstudio.ui.widgets.signal_blocking import signals_blocked

GRAD_CAM_TYPES = (
    "conv2d",
    "convtranspose2d",
    "upsample",
    "relu",
    "relu6",
    "hardswish",
    "hardsigmoid",
    "silu",
    "identity",
    "leakyrelu",
    "elu",
    "gelu",
    "tanh",
    "sigmoid",
    "batchnorm2d",
    "residual",
    "concat",
)


class SaliencyPanel(ModelTool):
    """Image, class and method choosers; the picture and the heat map over it side by side; idle while
    hidden (a map is a forward and a backward pass of the model)."""

    _heat: np.ndarray | None = None
    _image: np.ndarray | None = None

    def _build(self) -> None:
        self.image_box = QSpinBox()
        self.image_box.valueChanged.connect(self._on_choice_changed)
        self.class_box = QComboBox()
        self.class_box.currentIndexChanged.connect(self._on_choice_changed)
        self.method_box = QComboBox()
        self.method_box.addItems([self.tr("Saliency (gradient)"), self.tr("Grad-CAM")])
        self.method_box.currentIndexChanged.connect(self._on_choice_changed)
        self.layer_box = LayerChooser(self.doc, GRAD_CAM_TYPES, maps_only=True, prefer_last=True)
        self.layer_box.setMinimumContentsLength(20)
        self.layer_box.layer_changed.connect(self._on_choice_changed)
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setValue(55)
        self.opacity_slider.setMaximumWidth(160)
        self.opacity_slider.valueChanged.connect(self._show)
        top = QHBoxLayout()
        for text, widget in (
            (self.tr("Image:"), self.image_box),
            (self.tr("Class:"), self.class_box),
            (self.tr("Method:"), self.method_box),
            (self.tr("Layer:"), self.layer_box),
            (self.tr("Opacity:"), self.opacity_slider),
        ):
            top.addWidget(QLabel(text))
            top.addWidget(widget)
        top.addStretch(1)
        self.image_view, self.overlay_view = PixelView(), PixelView()
        views = QHBoxLayout()
        views.addWidget(self.image_view, 1)
        views.addWidget(self.overlay_view, 1)
        self.info_label, self.hint_label = QLabel(), C.HintLabel()
        self.info_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint_label)
        layout.addLayout(views, 1)
        layout.addWidget(self.info_label)

    # -- public ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """New samples or a newly trained model: recompute."""
        if not self.defer_while_hidden():
            self._load_samples()

    def heat(self) -> np.ndarray | None:
        """The (H, W) map in [0, 1] currently laid over the image."""
        return self._heat

    def target_class(self) -> int | None:
        """The chosen class index, or None for "the predicted class"."""
        data = self.class_box.currentData()
        return None if data is None or data < 0 else int(data)

    # -- slots -----------------------------------------------------------------------------------------------
    def _network_changed(self) -> None:
        self._load_samples()

    def _on_choice_changed(self, _value: object = None) -> None:
        self.layer_box.setEnabled(self.method_box.currentIndex() == 1)
        self._compute()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.caught_up()
        self._load_samples()  # a new network, samples or model may have come while hidden

    # -- work ------------------------------------------------------------------------------------------------
    def _load_samples(self) -> None:
        samples = self._fitting_samples()
        usable = samples is not None
        with signals_blocked(self.image_box, self.class_box):
            self.class_box.clear()
            self.class_box.addItem(self.tr("the predicted class"), -1)
            if usable:
                assert samples is not None
                self.image_box.setRange(0, len(samples.images) - 1)
                for k, name in enumerate(samples.class_names):
                    self.class_box.addItem(class_text(name), k)
        self.image_box.setEnabled(usable)
        self._on_choice_changed()

    def _compute(self) -> None:
        samples = self._fitting_samples()
        if samples is None:
            self._heat = self._image = None
            self.info_label.clear()  # it described an image that is no longer there
            self.hint_label.say(
                self.tr("No images of the network's input size yet: train it once on the Train page (Start).")
            )
            self._show()
            return
        try:
            model, trained = self._model()
            index = self.image_box.value()
            x = samples.to_input(samples.images[index])
            self._heat = self._heat_map(model, x)
            probabilities = predict(model, x[None])[0]
        except (ValueError, RuntimeError) as exc:  # a network edited since training no longer fits
            self._heat = None
            self.hint_label.say(self.tr("Cannot compute the map: {0}").format(exc))
            self._show()
            return
        self._image = samples.images[index]
        self.hint_label.say(
            ""
            if trained
            else self.tr("No trained model yet: an untrained network's map is noise. Train first.")
        )
        self.info_label.setText(self._describe(samples, index, probabilities))
        self._show()

    def _heat_map(self, model: Any, x: Any) -> np.ndarray:
        if self.method_box.currentIndex() == 0:
            return saliency(model, x, self.target_class())
        path = self.layer_box.current_path()
        if path is None:
            raise ValueError(self.tr("the network has no layer with feature maps"))
        return grad_cam(model, x, self.target_class(), path)

    def _describe(self, samples: Samples, index: int, probabilities: np.ndarray) -> str:
        def name(k: int) -> str:
            return class_text(samples.class_names[k]) if k < len(samples.class_names) else str(k)

        best = int(np.argmax(probabilities))
        target = self.target_class()
        shown = best if target is None else target
        return self.tr(
            "Image {0} is a '{1}'. The model says '{2}' ({3:.0%}). The map shows where '{4}' ({5:.0%}) looked."
        ).format(
            index,
            name(int(samples.labels[index])),
            name(best),
            probabilities[best],
            name(shown),
            probabilities[shown],
        )

    def _show(self) -> None:
        if self._image is None or self._heat is None:
            self.image_view.set_rgb(None)
            self.overlay_view.set_rgb(None)
            return
        self.image_view.set_rgb(to_rgb(self._image))
        self.overlay_view.set_rgb(blend(self._image, self._heat, self.opacity_slider.value() / 100))
