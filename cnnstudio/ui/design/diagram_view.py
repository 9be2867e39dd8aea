"""The volume diagram in a scroll area, with buttons over its top right corner: "Show all" (zoom to fit)
and "Expand all" / "Collapse all" for the blocks, so that a 200-layer network reads on one screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QToolButton, QWidget

from cnnstudio.core.project import Project
from cnnstudio.core.run_records import same_network
from cnnstudio.core.volumes import block_paths
from cnnstudio.ui.design.volume_diagram import VolumeDiagram


class DiagramView(QScrollArea):
    """The volume diagram in a scroll area, with a "Show all" button that zooms it to fit the width."""

    def __init__(self, diagram: VolumeDiagram, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.setWidget(diagram)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.fit_button = QToolButton(self)
        self.fit_button.setText(self.tr("Show all"))
        self.fit_button.setCheckable(True)
        self.fit_button.setAutoRaise(True)
        self.fit_button.setToolTip(
            self.tr("Zoom out until every layer's volume fits; unticked, scroll along the network")
        )
        self.fit_button.toggled.connect(lambda _on: self._fit())
        self.expand_button = self._button(self.tr("Expand all"), self.tr("Show the layers of every block"))
        self.expand_button.clicked.connect(diagram.expand_all)
        self.collapse_button = self._button(
            self.tr("Collapse all"), self.tr("Draw every block as one box, same blocks in a row as one")
        )
        self.collapse_button.clicked.connect(diagram.collapse_all)
        diagram.expanded_changed.connect(self._on_blocks_changed)
        diagram.doc.changed.connect(self._on_document_changed)
        diagram.doc.changed.connect(self._fit)
        diagram.doc.selection_changed.connect(self._on_selection_changed)
        self.setMinimumHeight(diagram.diagram_height() + self.horizontalScrollBar().sizeHint().height() + 4)
        self._show_block_buttons()

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    def _on_document_changed(self, old: Project, new: Project) -> None:
        if not same_network(old, new):
            self._show_block_buttons()

    def _on_blocks_changed(self) -> None:
        self._show_block_buttons()
        self._fit()

    def _show_block_buttons(self) -> None:
        """The buttons say what they can do; a network without blocks has none."""
        project, expanded = self.diagram.doc.project, self.diagram.expanded()
        has_blocks = any(spec.is_block for spec in project.layers)  # inner blocks live in outer ones
        every = bool(expanded) and expanded == set(block_paths(project))  # walked only when some are open
        self.expand_button.setEnabled(has_blocks and not every)
        self.collapse_button.setEnabled(bool(expanded))
        if self.expand_button.isHidden() == has_blocks:
            self.expand_button.setVisible(has_blocks)
            self.collapse_button.setVisible(has_blocks)
            self._place_buttons()

    def fits(self) -> bool:
        return self.fit_button.isChecked()

    def _fit(self) -> None:
        width = self.viewport().width() - 2
        natural = self.diagram.natural_width()
        self.diagram.set_zoom(width / natural if self.fits() and natural > width else 1.0)

    def _on_selection_changed(self, path) -> None:
        """Scroll the selected layer's volume into view (after the repaint that places it); a layer that
        keeps its input's shape (a ReLU) has no box of its own: the volume it passes on is shown."""
        if not path:
            return
        self.diagram.repaint()
        shown = [(rect, box) for rect, box in self.diagram.box_rects() if (box or (-1,)) <= tuple(path)]
        if shown:
            centre = shown[-1][0].center().toPoint()
            self.ensureVisible(centre.x(), centre.y(), int(shown[-1][0].width() / 2) + 40, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
        self._place_buttons()

    def _place_buttons(self) -> None:
        right = self.viewport().width() - 2
        for button in (self.fit_button, self.collapse_button, self.expand_button):
            if button.isHidden() and button is not self.fit_button:
                continue
            hint = button.sizeHint()
            right -= hint.width()
            button.setGeometry(right, 2, hint.width(), hint.height())
            button.raise_()
            right -= 4

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.setMinimumHeight(
                self.diagram.diagram_height() + self.horizontalScrollBar().sizeHint().height() + 4
            )
