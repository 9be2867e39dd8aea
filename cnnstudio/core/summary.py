"""The network summary in the two forms of DESIGN.md section 3: a JSON object and an aligned table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cnnstudio.core import specs as S
from cnnstudio.core.budget import FLOAT32, MemoryBudget, memory_budget, size_text
from cnnstudio.core.labels import duration_text, layer_label
from cnnstudio.core.layer_rules import shape_text
from cnnstudio.core.machine_memory import available_ram
from cnnstudio.core.project import Project
from cnnstudio.core.readiness import memory_problem, memory_warning, time_warning
from cnnstudio.core.run_time import TimeEstimate
from cnnstudio.core.shapes import LayerReport, first_problem, path_text
from cnnstudio.core.values import printable


def _layer_json(report: LayerReport, spec: S.LayerSpec, formulas: bool, branch: int | None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "index": report.path[-1],
        "type": report.type,
        "output_shape": list(report.output_shape or ()),
        "params": report.params,
        "macs": report.macs,
        "activation_values": report.activation_values,
        "activation_bytes": FLOAT32 * report.activation_values,
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


def summary_json(
    project: Project,
    formulas: bool = False,
    budget: MemoryBudget | None = None,
    estimate: TimeEstimate | None = None,
) -> dict[str, Any]:
    """The ``cnnstudio summary --json`` object. Blocks list their layers under ``children`` (concat ones with
    the ``branch`` they belong to); ``memory`` is ``budget`` (default: the project's on this computer's RAM)."""
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
        "total_activation_values": report.total_activation_values,
        "memory": (budget or ram_budget(project)).to_json(),
    }
    if estimate is not None:
        out["time"] = time_json(estimate)
    if report.warnings:
        out["warnings"] = list(report.warnings)
    return out


def time_json(estimate: TimeEstimate) -> dict[str, Any]:
    """``summary --measure --json``'s ``time`` object: the dry run's figures, in seconds."""
    return {
        "device": estimate.device,
        "seconds_per_batch": estimate.seconds_per_batch,
        "batches_per_epoch": estimate.batches_per_epoch,
        "epoch_seconds": estimate.epoch_seconds,
        "run_seconds": estimate.run_seconds,
        "extrapolated": estimate.extrapolated,
    }


def ram_budget(project: Project) -> MemoryBudget:
    """The project's training budget against this computer's available RAM."""
    return memory_budget(project, available=available_ram())


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
        values = report.activation_values if report.ok else None
        rows.append(
            (number, name, shape_text(report.output_shape), values, report.params, report.macs, rf, report)
        )
        for b, (children, child_specs) in enumerate(zip(report.children, spec.child_lists())):
            if spec.type == "concat":
                rows.append(("", "  " * (depth + 1) + f"branch {b}", "", None, None, None, "", None))
            rows.extend(_rows(children, child_specs, depth + 1))
    return rows


def summary_table(
    project: Project,
    formulas: bool = False,
    budget: MemoryBudget | None = None,
    estimate: TimeEstimate | None = None,
) -> str:
    """A torchinfo-like table with each layer's size formula under it (all formulas with ``formulas``),
    then the totals and the training run's memory budget (``budget``, default: on this computer's RAM)."""
    report = project.report
    rows = _rows(report.layers, project.layers, 0)
    header = ("#", "Layer", "Output shape", "Activations", "Params", "MACs", "RF")
    cells = [(n, name, shape, _count(a), _count(p), _count(m), rf) for n, name, shape, a, p, m, rf, _ in rows]
    widths = [max(len(header[i]), *(len(c[i]) for c in cells)) if cells else len(header[i]) for i in range(7)]
    width = sum(widths) + 2 * 6
    line = "=" * width

    def fmt(c: Sequence[str]) -> str:
        left = [c[i].ljust(widths[i]) for i in range(3)]
        right = [c[i].rjust(widths[i]) for i in (3, 4, 5)]
        return "  ".join([*left, *right, c[6].ljust(widths[6])]).rstrip()

    out = [
        f"{printable(project.name)}: input {shape_text(report.input_shape)}",
        line,
        fmt(header),
        "-" * width,
    ]
    for row, cell in zip(rows, cells):
        out.append(fmt(cell))
        layer = row[7]
        if layer is not None:
            out.extend(_detail_lines(layer, formulas, indent=widths[0] + 2))
    out.append(line)
    if report.valid:
        total = report.total_params
        out += [
            f"Total params: {total:,}",
            f"Trainable params: {total:,}",
            f"Total MACs: {report.total_macs:,} ({report.total_macs / 1e6:.2f} M)",
            f"Total activations: {report.total_activation_values:,} values per image "
            f"({size_text(FLOAT32 * report.total_activation_values)} as float32, the input not included)",
            f"Output: {shape_text(report.output_shape)}",
        ]
        out += [f"Note: {w}" for w in report.warnings]
        budget = budget or ram_budget(project)
        out += ["", *budget_lines(budget)]
        if estimate is not None:
            out.append(time_line(estimate))
        problems = [memory_problem(budget), memory_warning(budget), time_warning(estimate)]
        out += [f"Warning: {p}" for p in problems if p]
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


def budget_lines(budget: MemoryBudget) -> list[str]:
    """The memory budget of a training run, part by part, as the Train page shows it before Start."""
    parts = [
        ("parameters", budget.parameters, f"{budget.params:,} float32 values"),
        ("gradients", budget.gradients, "one per parameter"),
        (
            "optimizer state",
            budget.optimizer_state,
            f"{budget.optimizer}: {budget.state_copies} per parameter",
        ),
        ("weight copies", budget.weight_copies, "the best and the last good epoch's weights"),
        (
            "activations",
            budget.activations_per_batch,
            f"per batch of {budget.batch_size}: forward {size_text(budget.activations_forward_per_batch)} "
            f"+ backward about {size_text(budget.activations_backward_per_batch)}; "
            f"{size_text(budget.forward_per_image)} per image",
        ),
        ("evaluation", budget.evaluation, f"batches of {budget.eval_images:,} images, no gradients"),
        ("dataset", budget.dataset, _images_text(budget)),
    ]
    width = max(len(name) for name, _, _ in parts)
    lines = [f"Memory for training (estimate, batch size {budget.batch_size}, {budget.optimizer}):"]
    lines += [f"  {name.ljust(width)}  {size_text(size).rjust(8)}  {note}" for name, size, note in parts]
    available = "unknown" if budget.available is None else size_text(budget.available)
    verdict = {None: "", True: ": fits", False: ": does NOT fit"}[budget.fits]
    lines.append(
        f"  {'total'.ljust(width)}  {size_text(budget.total).rjust(8)}  of {available} available{verdict}"
    )
    return lines


def time_line(estimate: TimeEstimate) -> str:
    scaled = f" (scaled up from a step of {estimate.measured_batch})" if estimate.extrapolated else ""
    return (
        f"Time on {estimate.device}: {estimate.seconds_per_batch:.3g} s per batch of {estimate.batch_size}{scaled}, "
        f"{duration_text(estimate.epoch_seconds)} per epoch, {duration_text(estimate.run_seconds)} for "
        f"{estimate.epochs} epochs (estimate)"
    )


def _images_text(budget: MemoryBudget) -> str:
    if budget.images is None:
        return "size unknown (the dataset's folder cannot be read)"
    i = budget.images
    return f"{i.total:,} images ({i.train:,} training, {i.val:,} validation, {i.test:,} test) as 8-bit pixels"
