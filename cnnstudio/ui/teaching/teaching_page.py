"""The Teach page: the teaching tools of issue 6 as tabs, fed by the training page's sources.

The page owns no data. It is given three callables that the training page answers at any time: the latest
probe snapshot, the trained model and the dataset's sample images. Each returns None until it has something,
so every tool works in the first lesson (example image, untrained weights, with a visible hint) and shows
the model's own numbers after training without being rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching.activation_view import ActivationView
from cnnstudio.ui.teaching.conv_animator import ConvolutionAnimator
from cnnstudio.ui.teaching.exercises_panel import ExercisesPanel
from cnnstudio.ui.teaching.fc_conv_panel import FcToConvPanel
from cnnstudio.ui.teaching.loss_view import LossView
from cnnstudio.ui.teaching.optimiser_race_view import OptimiserRaceView
from cnnstudio.ui.teaching.overfitting_lab import OverfittingLab
from cnnstudio.ui.teaching.pool_lab import PoolingLab
from cnnstudio.ui.teaching.receptive_view import ReceptiveFieldView
from cnnstudio.ui.teaching.saliency_panel import SaliencyPanel
from cnnstudio.ui.teaching.sources import (
    ModelSource,
    SampleSource,
    SnapshotSource,
    fetch_samples,
    model_weights,
)
from cnnstudio.ui.theme import Tone, set_text_colour
from cnnstudio.ui.widgets.scrolling_tabs import ScrollingTabs


class TeachingPage(QWidget):
    """Tabs: convolution animator, pooling lab, receptive field, FC to conv, exercises, saliency/Grad-CAM,
    overfitting lab, activations, losses, optimiser race.

    ``TeachingPage(document, snapshot_source, model_source, sample_source)``:

    - ``snapshot_source() -> ProbeSnapshot | None``: the latest probe of the current run (maps the animator,
      the pooling lab and the receptive-field view show).
    - ``model_source() -> torch.nn.Module | None``: the trained model of ``document.project`` (the animator's
      filters, FC-to-conv, saliency). Before training the tools build an untrained model themselves.
    - ``sample_source() -> Samples | (images, labels, class_names, to_input) | None``: display images
      (N, C, H, W) float32 in [0, 1], their int labels, the class names, and a callable turning one display
      image (C, H, W) of any size into the model's input tensor (C, H, W), e.g. the dataset's normalisation.

    Call :meth:`refresh` when a run finishes, a new snapshot arrives or the model changes; the tools re-read
    the sources (hidden tools re-read them again when shown). The sources may raise: a failure counts as None.
    """

    def __init__(
        self,
        document: ProjectDocument,
        snapshot_source: SnapshotSource,
        model_source: ModelSource,
        sample_source: SampleSource,
        note_source: Callable[[], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = document
        self._note_source = note_source
        # Why the tools show no trained model although a run exists (it was made with an earlier network).
        self.note = QLabel()
        self.note.setWordWrap(True)
        set_text_colour(self.note, Tone.WARNING, bold=True)
        self.note.hide()
        self.animator = ConvolutionAnimator(document, snapshot_source, model_weights(model_source))
        self.pooling_lab = PoolingLab(document, snapshot_source)
        self.receptive_field = ReceptiveFieldView(
            document, snapshot_source, lambda: _first_image(sample_source)
        )
        self.fc_to_conv = FcToConvPanel(document, model_source, sample_source)
        self.exercises = ExercisesPanel()
        self.saliency = SaliencyPanel(document, model_source, sample_source)
        self.overfitting = OverfittingLab(document)
        self.activations = ActivationView(document, model_source, sample_source)
        self.losses = LossView()
        self.optimisers = OptimiserRaceView(document)
        self.tabs = ScrollingTabs()
        self.tabs.setDocumentMode(True)
        for widget, title in (
            (self.animator, self.tr("Convolution")),
            (self.pooling_lab, self.tr("Pooling lab")),
            (self.receptive_field, self.tr("Receptive field")),
            (self.fc_to_conv, self.tr("FC to conv")),
            (self.exercises, self.tr("Exercises")),
            (self.saliency, self.tr("Saliency / Grad-CAM")),
            (self.overfitting, self.tr("Overfitting lab")),
            (self.activations, self.tr("Activations")),
            (self.losses, self.tr("Losses")),
            (self.optimisers, self.tr("Optimiser race")),
        ):
            self.tabs.addTab(widget, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.tabs)
        document.changed.connect(self._on_document_changed)
        self._update_note()

    @Slot()
    def refresh(self) -> None:
        """Re-read the snapshot, model and samples in every tool that shows them."""
        self._update_note()
        for tool in (
            self.animator,
            self.pooling_lab,
            self.receptive_field,
            self.fc_to_conv,
            self.saliency,
            self.activations,
        ):
            tool.refresh()

    def _on_document_changed(self) -> None:
        if self.isVisible():
            self._update_note()

    def showEvent(self, event: QShowEvent) -> None:
        self._update_note()
        super().showEvent(event)

    def _update_note(self) -> None:
        text = ""
        if self._note_source is not None:
            try:
                text = self._note_source()
            except Exception:  # the source belongs to the Train page: a lesson goes on without the note
                text = ""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def may_close(self) -> bool:
        """The window's close hook: the overfitting lab's runs stop (their thread ends) first."""
        return self.overfitting.may_close()


def _first_image(source: SampleSource):
    samples = fetch_samples(source)
    return None if samples is None or not len(samples.images) else samples.images[0]
