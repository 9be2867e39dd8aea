"""The one layer chooser: a combo box of the network's layers, by path, that stays idle while hidden.

The Train page's map views and every teaching tool let the user pick a layer. They all list the same
thing (a layer's JSON path, its settings and its output shape, from the core's report), and they all sit
on pages that are hidden while a class edits the network. So the list is kept here once, with one rule:
while hidden, an edit only marks the list stale; it is refilled when shown or when someone asks for the
current layer (docs/architecture.md, "Hidden views do no work").
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QWidget

from cnnstudio.core import specs as S
from cnnstudio.core.layer_rules import shape_text
from cnnstudio.core.project import Project
from cnnstudio.core.run_records import same_network
from cnnstudio.core.shapes import LayerReport
from cnnstudio.ui.core_text import layer_place, layer_text
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.widgets.idle_while_hidden import IdleWhileHidden
from cnnstudio.ui.widgets.signal_blocking import signals_blocked


@dataclass(frozen=True)
class LayerChoice:
    """A layer a view can show: where it is, what it is, and what the core says it makes."""

    path: tuple[int, ...]
    spec: S.LayerSpec
    report: LayerReport
    label: str  # ``layers[3].layers[1]  Conv2d 6@5x5 s1 p0  →  6x28x28``


def layer_choices(
    project: Project,
    kinds: Collection[str] | None = None,
    *,
    maps_only: bool = False,
    blocks: bool = True,
) -> list[LayerChoice]:
    """The layers (block children included) of the given ``kinds``; with ``maps_only`` only those whose
    output is a (C, H, W) feature map; without ``blocks`` no residual or concat block itself."""
    report = project.report
    choices = []
    for path, spec in S.walk(project.layers):
        if (kinds is not None and spec.type not in kinds) or (spec.is_block and not blocks):
            continue
        layer = report.find(path)
        if maps_only and (layer.output_shape is None or len(layer.output_shape) != 3):
            continue
        # the JSON path and label in English; "第 3 层  Linear 64 个神经元" in Chinese (core_text)
        label = (
            f"{layer_place(project.layers, path)}  {layer_text(spec)}  →  {shape_text(layer.output_shape)}"
        )
        choices.append(LayerChoice(path, spec, layer, label))
    return choices


class LayerChooser(IdleWhileHidden, QComboBox):
    """The network's layers (filtered as :func:`layer_choices` does); each item's data is the layer's path.

    ``none_text`` adds a first item with no layer (the pooling lab's example image); ``prefer_last`` starts
    on the last layer instead of the first (Grad-CAM's usual choice), also when the chosen one is removed.
    The layers are the document's, or those of the network a shown run was made with
    (:meth:`set_network`): a run's maps are always listed under the layers that made them, never under an
    edited network's. ``layer_changed``
    carries the chosen path (or None) whenever it changes: picked by the user, set with
    :meth:`select_path`, or moved by a refill because the layer it showed is gone.
    """

    layer_changed = Signal(object)

    def __init__(
        self,
        document: ProjectDocument,
        kinds: Collection[str] | None = None,
        *,
        maps_only: bool = False,
        blocks: bool = True,
        none_text: str | None = None,
        prefer_last: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = document
        self._filter = (kinds, maps_only, blocks)
        self._none_text = none_text
        self._prefer_last = prefer_last
        self._choices: list[LayerChoice] = []
        self._shown_path: tuple[int, ...] | None = None
        self._network: Project | None = None  # None: follow the document
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.currentIndexChanged.connect(self._on_index_changed)
        document.changed.connect(self._on_document_changed)
        self.refill()

    @property
    def project(self) -> Project:
        """The project whose layers are listed."""
        return self._network if self._network is not None else self.doc.project

    def set_network(self, network: Project | None) -> None:
        """List ``network``'s layers (a run's own), or the document's again with None."""
        if network is self._network:
            return
        same = network is not None and self._network is not None and same_network(network, self._network)
        self._network = network
        if not same:
            self._network_changed()

    # -- reading ----------------------------------------------------------------------------------------------
    def choices(self) -> list[LayerChoice]:
        self._fresh()
        return list(self._choices)

    def current_choice(self) -> LayerChoice | None:
        self._fresh()
        index = self.currentIndex() - (self._none_text is not None)
        return self._choices[index] if 0 <= index < len(self._choices) else None

    def current_path(self) -> tuple[int, ...] | None:
        choice = self.current_choice()
        return None if choice is None else choice.path

    def select_path(self, path: tuple[int, ...] | None) -> bool:
        """Show layer ``path`` (None: the no-layer item); False when it is not listed."""
        self._fresh()
        paths = [choice.path for choice in self._choices]
        if path is None and self._none_text is not None:
            self.setCurrentIndex(0)
            return True
        if path not in paths:
            return False
        self.setCurrentIndex(paths.index(path) + (self._none_text is not None))
        return True

    # -- keeping up with the document -------------------------------------------------------------------------
    def _on_document_changed(self, old: Project, new: Project) -> None:
        # a run's own network does not change with the document's edits, nor the list with its settings
        if self._network is None and not same_network(old, new):
            self._network_changed()

    def _network_changed(self) -> None:
        if not self.defer_while_hidden():
            self.refill()

    def showEvent(self, event: QShowEvent) -> None:
        self._fresh()
        super().showEvent(event)

    def _fresh(self) -> None:
        if self.caught_up():
            self.refill()

    def refill(self) -> None:
        """List the layers of the document's project now, keeping the chosen layer where it still is."""
        self._behind = False
        kinds, maps_only, blocks = self._filter
        current = self._shown_path
        had_none_item = self._none_text is not None and self.currentIndex() == 0
        self._choices = layer_choices(self.project, kinds, maps_only=maps_only, blocks=blocks)
        paths = [choice.path for choice in self._choices]
        with signals_blocked(self):
            self.clear()
            if self._none_text is not None:
                self.addItem(self._none_text, None)
            for choice in self._choices:
                self.addItem(choice.label, choice.path)
            if current in paths:
                self.setCurrentIndex(paths.index(current) + (self._none_text is not None))
            elif had_none_item or not paths:
                self.setCurrentIndex(0 if self._none_text is not None else -1)
            else:
                self.setCurrentIndex(
                    (len(paths) - 1 if self._prefer_last else 0) + (self._none_text is not None)
                )
        self._on_index_changed(self.currentIndex())

    def _on_index_changed(self, _index: int) -> None:
        path = self.current_path()
        if path != self._shown_path:
            self._shown_path = path
            self.layer_changed.emit(path)
