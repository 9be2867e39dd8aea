"""The network summary in the two forms of DESIGN.md section 3: a JSON object and an aligned table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cnnstudio.core import specs as S
from cnnstudio.core.labels import layer_label
from cnnstudio.core.layer_rules import shape_text
from cnnstudio.core.project import Project
from cnnstudio.core.shapes import LayerReport, first_problem, path_text
from cnnstudio.core.values import printable


def _layer_json(report: LayerReport, spec: S.LayerSpec, formulas: bool, branch: int | None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "index": report.path[-1],
        "type": report.type,
        "output_shape": list(report.output_shape or ()),
        "params": report.params,
        "macs": report.macs,
    }
    if branch is not None:
        item["branch"] = branch
    if formulas:
        item["formulas"] = list(report.formulas)
        if report.receptive_field is not None:
            item["receptive_field"] = [round(x, 4) for x in report.receptive_field.size]
    if report.warnings:
        item["warnings"] = list(report.warnings)
    if report.shortcut is not None:
        item["shortcut"] = report.shortcut
    if report.children:
        item["children"] = [
            _layer_json(child, child_spec, formulas, b if spec.type == "concat" else None)
            for b, (reports, specs) in enumerate(zip(report.children, spec.child_lists()))
            for child, child_spec in zip(reports, specs)
        ]
    return item


def summary_json(project: Project, formulas: bool = False) -> dict[str, Any]:
    """The ``cnnstudio summary --json`` object. Blocks list their layers under ``children`` (concat ones with
    the ``branch`` they belong to)."""
    report = project.report
    if not report.valid:
        return {"valid": False, "errors": errors_json(project)}
    total = report.total_params
    out = {
        "valid": True,
        "input_shape": list(report.input_shape),
        "layers": [_layer_json(r, s, formulas, None) for r, s in zip(report.layers, project.layers)],
        "output_shape": list(report.output_shape or ()),
        "total_params": total,
        "trainable_params": total,
        "total_macs": report.total_macs,
    }
    if report.warnings:
        out["warnings"] = list(report.warnings)
    return out


def errors_json(project: Project) -> list[dict[str, Any]]:
    bad = project.report.first_error()
    if bad is None:
        return []
    top = project.report.layers[bad.index]
    item = {"index": bad.index, "type": top.type, "message": top.message}
    if len(bad.path) > 1:
        item["path"] = path_text(project.layers, bad.path)
    return [item]


# -- the table ------------------------------------------------------------------------------------------------
def _rows(reports: Sequence[LayerReport], specs: Sequence[S.LayerSpec], depth: int) -> list[tuple]:
    rows = []
    for report, spec in zip(reports, specs):
        name = "  " * depth + layer_label(spec)
        number = str(report.path[-1]) if depth == 0 else ("." * depth + str(report.path[-1]))
        rf = report.receptive_field.text().split(",")[0] if report.receptive_field else ""
        rows.append((number, name, shape_text(report.output_shape), report.params, report.macs, rf, report))
        for b, (children, child_specs) in enumerate(zip(report.children, spec.child_lists())):
            if spec.type == "concat":
                rows.append(("", "  " * (depth + 1) + f"branch {b}", "", None, None, "", None))
            rows.extend(_rows(children, child_specs, depth + 1))
    return rows


def summary_table(project: Project, formulas: bool = False) -> str:
    """A torchinfo-like table with each layer's size formula under it (all formulas with ``formulas``)."""
    report = project.report
    rows = _rows(report.layers, project.layers, 0)
    header = ("#", "Layer", "Output shape", "Params", "MACs", "RF")
    cells = [(n, name, shape, _count(p), _count(m), rf) for n, name, shape, p, m, rf, _ in rows]
    widths = [max(len(header[i]), *(len(c[i]) for c in cells)) if cells else len(header[i]) for i in range(6)]
    width = sum(widths) + 2 * 5
    line = "=" * width

    def fmt(c: Sequence[str]) -> str:
        left = [c[i].ljust(widths[i]) for i in range(3)]
        right = [c[i].rjust(widths[i]) for i in (3, 4)]
        return "  ".join([*left, *right, c[5].ljust(widths[5])]).rstrip()

    out = [
        f"{printable(project.name)}: input {shape_text(report.input_shape)}",
        line,
        fmt(header),
        "-" * width,
    ]
    for row, cell in zip(rows, cells):
        out.append(fmt(cell))
        layer = row[6]
        if layer is not None:
            out.extend(_detail_lines(layer, formulas, indent=widths[0] + 2))
    out.append(line)
    if report.valid:
        total = report.total_params
        out += [
            f"Total params: {total:,}",
            f"Trainable params: {total:,}",
            f"Total MACs: {report.total_macs:,} ({report.total_macs / 1e6:.2f} M)",
            f"Output: {shape_text(report.output_shape)}",
        ]
        out += [f"Note: {w}" for w in report.warnings]
    else:
        out.append(f"Invalid at {first_problem(project.layers, report)}")
    return "\n".join(out)


def _detail_lines(report: LayerReport, everything: bool, indent: int) -> list[str]:
    pad = " " * indent
    if report.error is not None and not report.children:
        return [f"{pad}! {report.message}"]
    chosen = report.formulas if everything else [f for f in report.formulas if f[:4] in ("H = ", "W = ")]
    if len(chosen) == 2 and not everything and chosen[0][1:] == chosen[1][1:]:
        chosen = [f"H, W{chosen[0][1:]}"]
    lines = [f"{pad}{f}" for f in chosen]
    lines += [f"{pad}note: {w}" for w in report.warnings]
    return lines


def _count(n: int | None) -> str:
    return "" if n is None else f"{n:,}"
