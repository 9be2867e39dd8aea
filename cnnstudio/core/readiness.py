"""Can this project train now? Everything that can be known without torch, checked at once.

Start used to spend 20-40 s preparing data and a model before saying "1000 outputs but 'shapes' has 4
classes". These checks read only the project, the catalog of datasets, a folder listing and the memory
budget, in milliseconds, so the Start button, the status bar and ``cnnstudio train`` say why a run cannot
start before anything is drawn or allocated. Each message is a clause that follows "Cannot start: " (the
window) or "FILE: " (the command line) and says what to change.
"""

from __future__ import annotations

from cnnstudio.core.budget import MemoryBudget, export_bytes, size_text
from cnnstudio.core.dataset_size import class_count, dataset_name, folder_problem
from cnnstudio.core.layer_rules import shape_text
from cnnstudio.core.project import Project
from cnnstudio.core.run_time import TimeEstimate
from cnnstudio.core.shapes import NetworkReport, first_problem

EMPTY_NETWORK = "the network has no layers: drag layers from the palette onto the network on the Design page."
NO_WEIGHTS = "the network has no weights to learn: add a conv2d or linear layer."


def start_problems(project: Project, budget: MemoryBudget | None = None) -> list[str]:
    """What stops a run of ``project`` from starting, first the network, then the data, then the memory
    (when ``budget`` is given); empty when it can start."""
    if not project.layers:
        return [EMPTY_NETWORK]
    report = project.report
    problem = first_problem(project.layers, report)
    if problem:
        return [problem]
    problems = []
    if report.total_params == 0:
        problems.append(NO_WEIGHTS)
    problems += [p for p in (data_problem(project), memory_problem(budget)) if p]
    return problems


def data_problem(project: Project) -> str:
    """The dataset's folder is missing, or its classes do not match the network's outputs."""
    folder = folder_problem(project.dataset)
    if folder:
        return folder
    classes = class_count(project.dataset)
    return "" if classes is None else class_problem(project.report, classes, dataset_name(project.dataset))


def class_problem(report: NetworkReport, classes: int, dataset: str) -> str:
    """ "" when the network ends in one score per class of ``dataset``; else what to change."""
    out = report.output_shape or ()
    if len(out) != 1:
        return (
            f"the network ends in a {shape_text(out)} feature map but the dataset '{dataset}' needs "
            f"{classes} class scores: add flatten and a linear layer with out_features {classes}"
        )
    if out[0] != classes:
        return (
            f"the last layer gives {out[0]} outputs but the dataset '{dataset}' has {classes} classes: "
            f"set the last linear layer's out_features to {classes}"
        )
    return ""


def memory_problem(budget: MemoryBudget | None) -> str:
    """ "" when the run fits in the available memory (or it is unknown); else its size and what to change."""
    if budget is None or budget.fits is not False:
        return ""
    need, available = size_text(budget.total), size_text(budget.available)
    return f"the run needs about {need} of memory but {available} is available: {memory_advice(budget)}"


def memory_advice(budget: MemoryBudget) -> str:
    """What to change so that the run fits: the part that does not fit decides."""
    available = budget.available or 0
    if budget.weights > available:
        return (
            f"its weights alone (parameters, gradients, optimiser state and the copies a run keeps) need "
            f"{size_text(budget.weights)}: choose a smaller network (fewer or narrower layers, a smaller "
            "first linear layer) or a smaller template."
        )
    if budget.weights + budget.dataset > available:
        return f"the images need {size_text(budget.dataset)}: use fewer images (the dataset limit) or a smaller input."
    largest = budget.largest_batch()
    if largest < 1:
        return "even a batch of one image does not fit: use a smaller input or a smaller network."
    return f"lower the batch size to {_round_down(largest)} or less, or use a smaller input."


def export_problem(project: Project, available: int | None, with_checkpoint: bool = False) -> str:
    """ "" when exporting ``project`` fits in ``available`` bytes (or that is unknown); else its size."""
    need = export_bytes(project, with_checkpoint)
    if available is None or need <= available:
        return ""
    return (
        f"exporting needs about {size_text(need)} of memory ({project.report.total_params:,} parameters) but "
        f"{size_text(available)} is available: choose a smaller network (fewer or narrower layers)."
    )


def memory_warning(budget: MemoryBudget | None) -> str:
    """A run that fits but leaves little room for the rest of the computer."""
    if budget is None or budget.fits is not True or not budget.tight:
        return ""
    return (
        f"the run needs about {size_text(budget.total)} of the {size_text(budget.available)} available; "
        f"other programs need memory too: a batch size of {_round_down(max(1, budget.batch_size // 2))} "
        "leaves them more room."
    )


def time_warning(estimate: TimeEstimate | None) -> str:
    """A run that would take more than an hour: how long, and what makes it shorter."""
    from cnnstudio.core.labels import duration_text

    if estimate is None or not estimate.long:
        return ""
    return (
        f"the run would take about {duration_text(estimate.run_seconds)} "
        f"({duration_text(estimate.epoch_seconds)} per epoch) on {estimate.device}: lower the input size, "
        "the number of images or epochs, or choose a smaller template."
    )


def _round_down(n: int) -> int:
    """A batch size to suggest: ``n`` rounded down to a power of two (GPUs and tutorials like them)."""
    power = 1
    while power * 2 <= n:
        power *= 2
    return power
