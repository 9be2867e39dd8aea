"""A project's layer table for notebooks: text in a terminal (``print``), an HTML table in Jupyter.

The text is ``cnnstudio summary``'s own table; the HTML holds the same rows (no formulas), built from the
same ``summary._rows`` so that the two cannot disagree.
"""

from __future__ import annotations

from html import escape

from cnnstudio.core.budget import FLOAT32, size_text
from cnnstudio.core.layer_rules import shape_text
from cnnstudio.core.project import Project
from cnnstudio.core.summary import _rows, summary_table

COLUMNS = ("#", "Layer", "Output shape", "Params", "MACs")


class Summary:
    """What ``cnnstudio.Project.summary()`` gives: ``str()`` and ``_repr_html_()``."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def __str__(self) -> str:
        return summary_table(self.project)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        report = self.project.report
        head = "".join(f"<th>{c}</th>" for c in COLUMNS)
        body = []
        for number, name, shape, _values, params, macs, _rf, _layer in _rows(
            report.layers, self.project.layers, 0
        ):
            cells = (number, name.strip(), shape, _count(params), _count(macs))
            indent = (len(name) - len(name.lstrip())) // 2
            style = f' style="padding-left:{0.3 + 1.2 * indent}em"'
            body.append(
                "<tr>" + "".join(
                    f"<td{style if i == 1 else ''}>{escape(str(c))}</td>" for i, c in enumerate(cells)
                ) + "</tr>"
            )  # fmt: skip
        if report.valid:
            foot = (
                f"Total params {report.total_params:,} · MACs {report.total_macs:,} · activations "
                f"{size_text(FLOAT32 * report.total_activation_values)} per image · output "
                f"{shape_text(report.output_shape)}"
            )
        else:
            foot = "The network cannot work: " + str(summary_table(self.project).splitlines()[-1])
        title = f"{escape(self.project.name)}: input {shape_text(report.input_shape)}"
        return (
            f"<div><b>{title}</b><table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f"<p>{escape(foot)}</p></div>"
        )


def _count(n: int | None) -> str:
    return "" if n is None else f"{n:,}"
