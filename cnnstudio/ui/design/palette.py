"""The layer palette: every layer type, grouped, with an icon and a tooltip holding its formula.

Drag an entry into the network, or double-click it to insert it after the selected layer.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QMimeData, Qt
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from cnnstudio.core.layer_catalog import LayerInfo, by_group
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.design.icons import layer_icon
from cnnstudio.ui.design.network_tree import layer_mime
from cnnstudio.ui.document import ProjectDocument

KIND_ROLE = Qt.ItemDataRole.UserRole + 1


def _tooltip(info: LayerInfo) -> str:
    """``layer_catalog.tooltip`` in the installed language, translated piece by piece (title, text, formula;
    the colon too: Chinese writes a full-width one)."""
    title, description = translate_core(info.title), translate_core(info.description)
    line = QCoreApplication.translate("LayerPalette", "{0}: {1}").format(title, description)
    return f"{line}\n\n{translate_core(info.formula)}"


class LayerPalette(QTreeWidget):
    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setIndentation(12)
        for group, infos in by_group():
            parent_item = QTreeWidgetItem(self, [translate_core(group)])
            parent_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = parent_item.font(0)
            font.setBold(True)
            parent_item.setFont(0, font)
            for info in infos:
                item = QTreeWidgetItem(parent_item, [translate_core(info.title)])
                item.setIcon(0, layer_icon(info.type))
                item.setToolTip(0, _tooltip(info))
                item.setData(0, KIND_ROLE, info.type)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                )
        self.expandAll()
        self.itemDoubleClicked.connect(self._on_item_double_clicked)

    def item_for(self, kind: str) -> QTreeWidgetItem:
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, KIND_ROLE) == kind:
                    return group.child(j)
        raise KeyError(kind)

    def mimeTypes(self) -> list[str]:
        from cnnstudio.ui.design.network_tree import LAYER_MIME

        return [LAYER_MIME]

    def mimeData(self, items) -> QMimeData:
        kind = items[0].data(0, KIND_ROLE) if items else None
        return layer_mime(kind) if kind else QMimeData()

    def _on_item_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        kind = item.data(0, KIND_ROLE)
        if kind is None:
            return
        from cnnstudio.core.layer_catalog import CATALOG

        selected = self.doc.selected_path
        path = (*selected[:-1], selected[-1] + 1) if selected else (len(self.doc.project.layers),)
        self.doc.insert_layer(path, CATALOG[kind].default)
