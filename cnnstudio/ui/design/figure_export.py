"""The volume diagram as a figure for a paper or a slide: SVG, PDF or PNG at print resolution.

The figure is the diagram the Design page shows, drawn by the same ``paintEvent`` at zoom 1 (every label
readable) on a white background, whatever the window's zoom, scroll position or theme: a fresh
``VolumeDiagram`` on the same document is sized to its whole row and rendered into the file's device
(Qt's ``QSvgGenerator`` / ``QPdfWriter`` / ``QImage``), so the file holds every layer, not the part in view.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPoint, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPalette, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from cnnstudio.ui.design.volume_diagram import VolumeDiagram
from cnnstudio.ui.document import ProjectDocument

FORMATS = (".svg", ".pdf", ".png", ".tex")
PRINT_DPI = 300
SCREEN_DPI = 96
LayerPath = tuple[int, ...]


class FigureError(ValueError):
    """The figure cannot be written; the message names the file."""


def figure_widget(document: ProjectDocument, expanded: Collection[LayerPath] = frozenset()) -> VolumeDiagram:
    """A diagram of the document's network at zoom 1, as large as its whole row, black on white, the blocks
    whose paths are in ``expanded`` drawn layer by layer (as the Design page shows them)."""
    diagram = VolumeDiagram(document)
    diagram.set_expanded(expanded)
    palette = diagram.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("white"))
    palette.setColor(QPalette.ColorRole.Window, QColor("white"))
    palette.setColor(QPalette.ColorRole.Text, QColor("black"))
    diagram.setPalette(palette)
    diagram.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    diagram.resize(QSize(int(diagram.natural_width()) + 1, diagram.diagram_height()))
    return diagram


def export_volume_diagram(
    document: ProjectDocument, path: str | Path, expanded: Collection[LayerPath] = frozenset()
) -> Path:
    """Write the figure as ``path``'s suffix says (.svg, .pdf, .png at 300 dpi, or .tex: TikZ source), the
    blocks in ``expanded`` drawn layer by layer and the others as one box; returns the path."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise FigureError(f"{target.name}: a figure is .svg, .pdf, .png or .tex (TikZ)")
    if suffix == ".tex":
        return _tikz(document, target, expanded)
    diagram = figure_widget(document, expanded)
    size = diagram.size()
    try:
        if suffix == ".svg":
            _svg(diagram, size, target, document.project.name)
        elif suffix == ".pdf":
            _pdf(diagram, size, target, document.project.name)
        else:
            _png(diagram, size, target)
    finally:
        diagram.deleteLater()
    if not target.is_file():
        raise FigureError(f"{target}: could not be written")
    return target


def _tikz(document: ProjectDocument, target: Path, expanded: Collection[LayerPath]) -> Path:
    from cnnstudio.core.atomic import atomic_write_bytes
    from cnnstudio.core.errors import CoreError
    from cnnstudio.core.tikz_figure import volume_tikz

    try:
        atomic_write_bytes(target, volume_tikz(document.project, expanded).encode("utf-8"))
    except (CoreError, OSError) as exc:
        raise FigureError(str(exc)) from None
    return target


def _svg(diagram: VolumeDiagram, size: QSize, target: Path, title: str) -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(target))
    generator.setSize(size)
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setTitle(title)
    generator.setDescription("Volume diagram drawn by CNN Studio from its shape inference")
    _render(diagram, generator)


def _pdf(diagram: VolumeDiagram, size: QSize, target: Path, title: str) -> None:
    writer = QPdfWriter(str(target))
    writer.setTitle(title)
    writer.setResolution(PRINT_DPI)
    points = QSizeF(size.width() * 72 / SCREEN_DPI, size.height() * 72 / SCREEN_DPI)
    writer.setPageSize(QPageSize(points, QPageSize.Unit.Point))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    painter = QPainter(writer)
    scale = PRINT_DPI / SCREEN_DPI
    painter.scale(scale, scale)
    diagram.render(painter, QPoint(0, 0))
    painter.end()


def _png(diagram: VolumeDiagram, size: QSize, target: Path) -> None:
    scale = PRINT_DPI / SCREEN_DPI
    image = QImage(size * scale, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    image.setDotsPerMeterX(int(PRINT_DPI / 0.0254))
    image.setDotsPerMeterY(int(PRINT_DPI / 0.0254))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(scale, scale)
    diagram.render(painter, QPoint(0, 0))
    painter.end()
    if not image.save(str(target)):
        raise FigureError(f"{target}: could not be written")


def _render(diagram: VolumeDiagram, device) -> None:
    painter = QPainter(device)
    diagram.render(painter, QPoint(0, 0))
    painter.end()


def export_layer_table(document: ProjectDocument, path: str | Path) -> Path:
    """The layer table (core.table_figure) as .svg, or rendered from that SVG as .pdf or .png at 300 dpi."""
    from PySide6.QtCore import QByteArray
    from PySide6.QtSvg import QSvgRenderer

    from cnnstudio.core.atomic import atomic_write_bytes
    from cnnstudio.core.table_figure import table_svg

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS[:3]:
        raise FigureError(f"{target.name}: a layer table is .svg, .pdf or .png")
    svg = table_svg(document.project).encode("utf-8")
    if suffix == ".svg":
        try:
            atomic_write_bytes(target, svg)
        except OSError as exc:
            raise FigureError(f"{target}: {exc.strerror or exc}") from None
        return target
    renderer = QSvgRenderer(QByteArray(svg))
    size = renderer.defaultSize()
    scale = PRINT_DPI / SCREEN_DPI
    if suffix == ".pdf":
        writer = QPdfWriter(str(target))
        writer.setResolution(PRINT_DPI)
        writer.setPageSize(QPageSize(QSizeF(size.width() * 0.75, size.height() * 0.75), QPageSize.Unit.Point))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0))
        painter = QPainter(writer)
        renderer.render(painter, QRectF(0, 0, size.width() * scale, size.height() * scale))
        painter.end()
    else:
        image = QImage(size * scale, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        image.setDotsPerMeterX(int(PRINT_DPI / 0.0254))
        image.setDotsPerMeterY(int(PRINT_DPI / 0.0254))
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        if not image.save(str(target)):
            raise FigureError(f"{target}: could not be written")
    if not target.is_file():
        raise FigureError(f"{target}: could not be written")
    return target
