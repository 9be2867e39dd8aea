"""The layer table as an SVG figure (#, layer, output shape, parameters, MACs, with the totals), written
from the same rows as ``cnnstudio summary`` (``summary._rows``). Pure Python; the window renders this SVG
to PDF and PNG (ui.design.figure_export), so the three formats show one table."""

from __future__ import annotations

from xml.sax.saxutils import escape

from cnnstudio.core.layer_rules import shape_text
from cnnstudio.core.project import Project
from cnnstudio.core.summary import _rows

COLUMNS = ("#", "Layer", "Output shape", "Params", "MACs")
WIDTHS = (40, 230, 130, 110, 140)  # px; the numbers right-aligned
ROW = 20
FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12"'


def _count(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


def table_rows(project: Project) -> list[tuple[str, str, str, str, str]]:
    report = project.report
    return [
        (number, name, shape, _count(params), _count(macs))
        for number, name, shape, _values, params, macs, _rf, _layer in _rows(report.layers, project.layers, 0)
    ]


def table_svg(project: Project) -> str:
    rows = table_rows(project)
    report = project.report
    total = f"Total: {report.total_params:,} parameters · {report.total_macs:,} MACs" if report.valid else ""
    width, height = sum(WIDTHS) + 20, ROW * (len(rows) + 3) + 20
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(project.name)}: layers</title>",
        f'<rect width="{width}" height="{height}" fill="white" stroke="none"/>',
        f'<text x="10" y="{ROW}" {FONT} font-weight="bold">{escape(project.name)}: input '
        f"{escape(shape_text(report.input_shape))}</text>",
    ]
    y = ROW * 2
    out.append(_row(COLUMNS, y, bold=True))
    out.append(f'<line x1="10" y1="{y + 5}" x2="{width - 10}" y2="{y + 5}" stroke="black"/>')
    for i, row in enumerate(rows):
        y += ROW
        if i % 2:
            out.append(
                f'<rect x="10" y="{y - ROW + 6}" width="{width - 20}" height="{ROW}" fill="#f2f4f7" stroke="none"/>'
            )
        out.append(_row(row, y))
    y += ROW
    out.append(f'<line x1="10" y1="{y - ROW + 5}" x2="{width - 10}" y2="{y - ROW + 5}" stroke="black"/>')
    out.append(f'<text x="10" y="{y}" {FONT}>{escape(total)}</text>')
    out.append("</svg>\n")
    return "\n".join(out)


def _row(cells, y: int, bold: bool = False) -> str:
    x, parts = 10, []
    weight = ' font-weight="bold"' if bold else ""
    for i, (cell, width) in enumerate(zip(cells, WIDTHS)):
        right = i >= 3
        indent = 7 * (len(cell) - len(cell.lstrip()))  # a block's layers, indented as in the summary
        at = x + width - 6 if right else x + 4 + indent
        anchor = ' text-anchor="end"' if right else ""
        parts.append(f'<text x="{at}" y="{y}" {FONT}{weight}{anchor}>{escape(cell.strip())}</text>')
        x += width
    return "<g>" + "".join(parts) + "</g>"
