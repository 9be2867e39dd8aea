"""What the teaching tools that show one layer share: they follow the editor's selection, idle while hidden.

The convolution animator, the pooling lab and the receptive-field view each show one layer, picked in their
layer list (the one ``LayerChooser``) or by selecting the layer in the editor, so a teacher clicks a layer
and the tool is there. Edits and selections that come while the tool is hidden only mark it behind; it
catches up once, when shown (docs/architecture.md, "Hidden views do no work").
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from cnnstudio.core.project import Project
from cnnstudio.core.run_records import same_network
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.widgets.idle_while_hidden import IdleWhileHidden
from cnnstudio.ui.widgets.layer_chooser import LayerChooser


class LayerTool(IdleWhileHidden, QWidget):
    """Base of a tool showing the layer of ``layer_box``; subclasses draw in :meth:`_show_layer`."""

    doc: ProjectDocument
    layer_box: LayerChooser

    def _follow_document(self) -> None:
        """Listen to the document and show the selected layer (the end of a subclass's ``__init__``)."""
        self.doc.changed.connect(self._on_document_changed)
        self.doc.selection_changed.connect(self._on_selection_changed)
        self.layer_box.layer_changed.connect(self._on_layer_changed)
        self._follow(self.doc.selected_path)

    def refresh(self) -> None:
        """Re-read the probe snapshot and the samples (a new one arrived or training finished)."""
        if not self.defer_while_hidden():
            self._redraw()

    # -- slots -----------------------------------------------------------------------------------------------
    def _on_document_changed(self, old: Project, new: Project) -> None:
        if not same_network(old, new) and not self.defer_while_hidden():
            self._follow(self.doc.selected_path)

    def _on_selection_changed(self, path: tuple[int, ...] | None) -> None:
        if not self.defer_while_hidden():
            self._follow(path)

    def _on_layer_changed(self, _path: object = None) -> None:
        self._show_layer()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.caught_up():  # the network or the selection changed while hidden
            self._follow(self.doc.selected_path)
        else:
            self._redraw()  # a new snapshot or sample may have come

    # -- what a tool does ------------------------------------------------------------------------------------
    def _follow(self, path: tuple[int, ...] | None) -> None:
        """Show the selected layer when the list has it; another selection keeps the layer shown."""
        before = self.layer_box.current_path()
        if path is not None:
            self.layer_box.select_path(path)  # a listed layer: shown (layer_changed draws it)
        if self.layer_box.current_path() == before:
            self._show_layer()  # the same layer, perhaps with new settings

    def _show_layer(self) -> None:
        """Draw the chosen layer as it now is (its settings may have changed)."""
        raise NotImplementedError

    def _redraw(self) -> None:
        """Draw again with the latest snapshot and samples, the layer unchanged."""
        self._show_layer()
