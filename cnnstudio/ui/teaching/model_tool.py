"""What the teaching tools that run the model share: its sources, the fitting samples, idling while hidden.

Saliency and the FC-to-conv panel feed images to the trained model (or, before training, to the same
seeded untrained one), so both need the model and sample sources the Train page hands them, and both start
over when the network changes, only when shown (docs/architecture.md, "Hidden views do no work").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from cnnstudio.core.project import Project
from cnnstudio.core.run_records import same_network
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching import cells as C
from cnnstudio.ui.teaching.sources import (
    ModelSource,
    Samples,
    SampleSource,
    fetch_samples,
    model_or_untrained,
)
from cnnstudio.ui.widgets.idle_while_hidden import IdleWhileHidden


class ModelTool(IdleWhileHidden, QWidget):
    """Base of a tool that runs the model: subclasses lay out their widgets in :meth:`_build` and start over
    for a new network in :meth:`_network_changed` (their state starts as class-level defaults)."""

    def __init__(
        self,
        document: ProjectDocument,
        model_source: ModelSource | None = None,
        sample_source: SampleSource | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = document
        self._models = model_source
        self._samples = sample_source
        C.enlarge_font(self)
        self._build()
        self.doc.changed.connect(self._on_document_changed)
        self._network_changed()

    def _on_document_changed(self, old: Project, new: Project) -> None:
        if not same_network(old, new) and not self.defer_while_hidden():
            self._network_changed()

    def _build(self) -> None:
        raise NotImplementedError

    def _network_changed(self) -> None:
        """Start over for the document's network (once built, then while shown only)."""
        raise NotImplementedError

    def _model(self) -> tuple[Any, bool]:
        """The trained model and True, or the seeded untrained one and False."""
        return model_or_untrained(self._models, self.doc.project)

    def _fitting_samples(self) -> Samples | None:
        """The samples when they are images of the network's input size (not of an earlier network's)."""
        samples = fetch_samples(self._samples)
        if samples is None or tuple(samples.images.shape[1:]) != tuple(self.doc.project.input.shape):
            return None
        return samples
