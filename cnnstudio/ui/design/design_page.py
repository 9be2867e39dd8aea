"""The Design page: palette | network (with its input and totals) over the volume diagram | inspector."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QSplitter, QVBoxLayout, QWidget

from cnnstudio.core.budget import FLOAT32, size_text
from cnnstudio.core.layer_rules import shape_text
from cnnstudio.core.project import InputShape, Project
from cnnstudio.core.run_records import same_network
from cnnstudio.ui.design.inspector import Inspector
from cnnstudio.ui.design.network_tree import NetworkTree
from cnnstudio.ui.design.palette import LayerPalette
from cnnstudio.ui.design.volume_diagram import DiagramView, VolumeDiagram
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.problem_text import network_problem
from cnnstudio.ui.theme import set_themed_style
from cnnstudio.ui.widgets.signal_blocking import signals_blocked
from cnnstudio.ui.widgets.spin_value import show_value


class InputBar(QWidget):
    """The network's input C x H x W, editable (one undo step per drag)."""

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel(self.tr("Input")))
        self.boxes: list[QSpinBox] = []
        for name, top in ((self.tr("channels"), 64), (self.tr("height"), 1024), (self.tr("width"), 1024)):
            box = QSpinBox()
            box.setRange(1, top)
            box.setToolTip(name)
            box.valueChanged.connect(self._on_value_changed)
            layout.addWidget(box)
            self.boxes.append(box)
        layout.addStretch(1)
        self.doc.changed.connect(self._on_document_changed)
        self.refresh()

    def _on_document_changed(self, old: Project, new: Project) -> None:
        if old.input != new.input:
            self.refresh()

    def refresh(self) -> None:
        for box, value in zip(self.boxes, self.doc.project.input.shape):
            with signals_blocked(box):
                show_value(box, value)  # never clamped: a later edit of another box would write it back

    def _on_value_changed(self, _value: int) -> None:
        shape = InputShape(*(box.value() for box in self.boxes))
        if shape != self.doc.project.input:
            self.doc.set_input(shape)


class Totals(QLabel):
    """The output, parameters, activations (values and bytes per image, cs231n's count) and multiply-adds,
    or the first error: the line a teacher reads out."""

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        self.setWordWrap(True)
        self.doc.changed.connect(self._on_document_changed)
        self.refresh()

    def _on_document_changed(self, old: Project, new: Project) -> None:
        if not same_network(old, new):
            self.refresh()

    def refresh(self) -> None:
        report = self.doc.project.report
        if report.valid:
            set_themed_style(self, "padding: 4px;")
            values = report.total_activation_values
            self.setText(
                self.tr(
                    "Output {0} · {1:,} parameters ({2}) · activations {3:,} values ({4}) per image · "
                    "{5:,} multiply-adds"
                ).format(
                    shape_text(report.output_shape),
                    report.total_params,
                    size_text(FLOAT32 * report.total_params),
                    values,
                    size_text(FLOAT32 * values),
                    report.total_macs,
                )
            )
        else:  # where, why and the fix, in the words of the status line and the Start button
            set_themed_style(self, "padding: 4px; color: {error};")
            self.setText(self.tr("The network cannot work: {0}").format(network_problem(self.doc.project)))


class DesignPage(QWidget):
    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = document
        self.palette_tree = LayerPalette(document)
        self.tree = NetworkTree(document)
        self.inspector = Inspector(document)
        self.diagram = VolumeDiagram(document)
        self.input_bar = InputBar(document)
        self.totals = Totals(document)

        network = QWidget()
        column = QVBoxLayout(network)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.input_bar)
        column.addWidget(self.tree, 1)
        column.addWidget(self.totals)
        self.diagram_view = DiagramView(self.diagram)
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(network)
        middle.addWidget(self.diagram_view)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 1)
        middle.setSizes([560, 240])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.palette_tree, middle, self.inspector):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([250, 670, 380])  # wide enough for "Normalisation & regularisation"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
