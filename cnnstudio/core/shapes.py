"""Shape inference over a whole network: one report per layer, blocks included.

The editor, the CLI and the trainer all ask this module, so a size is computed in one place only. The first
layer that cannot work stops inference (everything after it has no known input) and carries the reason and a
fix; ``NetworkReport.valid`` is what blocks training. (About 400 lines: the blocks' rules, residual and
concat, sit with the walk that reaches them; each single layer's rule is in `layer_rules.py`.)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from cnnstudio.core import specs as S
from cnnstudio.core.layer_rules import (
    RULES,
    LayerInvalid,
    LayerResult,
    ReceptiveField,
    Shape,
    is_map,
    shape_text,
)
from cnnstudio.core.mobile_rules import RULES as MOBILE_RULES

__all__ = ["LayerReport", "NetworkReport", "ReceptiveField", "Shape", "infer", "path_text", "shape_text"]


@dataclass(frozen=True)
class LayerReport:
    """Everything a view shows about one layer."""

    path: tuple[int, ...]
    type: str
    input_shape: Shape | None
    output_shape: Shape | None = None
    params: int = 0
    macs: int = 0
    formulas: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    receptive_field: ReceptiveField | None = None
    error: str | None = None
    fix: str | None = None
    children: tuple[tuple[LayerReport, ...], ...] = ()
    shortcut: str | None = None  # residual blocks: "identity" or the projection's description
    notes: tuple[str, ...] = ()  # the course texts' forms of these numbers (core.course_notes)

    @property
    def index(self) -> int:
        return self.path[0]

    @property
    def ok(self) -> bool:
        return self.output_shape is not None

    @property
    def skipped(self) -> bool:
        """Not computed because an earlier layer cannot work."""
        return self.input_shape is None

    @property
    def activation_values(self) -> int:
        """Values of this layer's output for one image (its numel without the batch); 0 when not computed.

        cs231n's memory count: what a forward pass writes for this layer, kept for the backward pass."""
        return math.prod(self.output_shape) if self.output_shape is not None else 0

    @property
    def message(self) -> str | None:
        """Reason and fix in one line, as the CLI prints it."""
        if self.error is None:
            return None
        return f"{self.error} Fix: {self.fix}" if self.fix else self.error


@dataclass(frozen=True)
class NetworkReport:
    """Everything the views and the CLI show about the whole network: one report per layer, and totals."""

    input_shape: Shape
    layers: tuple[LayerReport, ...]
    output_shape: Shape | None
    warnings: tuple[str, ...] = field(default=())

    @property
    def valid(self) -> bool:
        return self.output_shape is not None

    @property
    def total_params(self) -> int:
        return sum(r.params for r in self.layers)

    @property
    def total_macs(self) -> int:
        return sum(r.macs for r in self.layers)

    @property
    def total_activation_values(self) -> int:
        """Output values of the top-level layers for one image, the input not included (docs/cli.md)."""
        return sum(r.activation_values for r in self.layers)

    def walk(self) -> Iterator[LayerReport]:
        """Every report, depth first, blocks before their children."""
        yield from _walk(self.layers)

    def first_error(self) -> LayerReport | None:
        """The innermost report of the first layer that cannot work."""
        for report in self.walk():
            if report.error is not None and not any(c.error for branch in report.children for c in branch):
                return report
        return None

    def find(self, path: Sequence[int]) -> LayerReport:
        reports = self.layers
        report = reports[path[0]]
        for k in range(1, len(path), 2):
            report = report.children[path[k]][path[k + 1]]
        return report


def _walk(reports: Sequence[LayerReport]) -> Iterator[LayerReport]:
    for report in reports:
        yield report
        for branch in report.children:
            yield from _walk(branch)


def first_problem(
    layers: Sequence[S.LayerSpec], report: NetworkReport, words: Callable[[str], str] = str
) -> str:
    """ "" for a network that can work; else where its first bad layer is, its type and why:
    ``layers[3].layers[1] (linear): ...``. Every message about a broken network (CLI, trainer, export, GUI)
    says it this way; ``words`` translates the reason (the GUI's)."""
    bad = report.first_error()
    if bad is None:
        return ""
    return f"{path_text(layers, bad.path)} ({bad.type}): {words(bad.message)}"


def path_text(layers: Sequence[S.LayerSpec], path: Sequence[int], top: str = "layers") -> str:
    """The JSON path of a layer: ``layers[3].layers[1]`` (residual) or ``layers[2].branches[0][1]`` (concat)."""
    text = f"{top}[{path[0]}]"
    spec = layers[path[0]]
    for k in range(1, len(path), 2):
        branch, index = path[k], path[k + 1]
        text += f".layers[{index}]" if spec.type == "residual" else f".branches[{branch}][{index}]"
        spec = spec.child_lists()[branch][index]
    return text


def infer(input_shape: Sequence[int], layers: Sequence[S.LayerSpec]) -> NetworkReport:
    """Reports for ``layers`` applied to an input of ``input_shape`` (C, H, W), without the batch dimension."""
    shape = tuple(input_shape)
    reports, out = _infer_list(layers, shape, ReceptiveField(), ())
    warnings = _network_warnings(layers, out)
    return NetworkReport(shape, reports, out, warnings)


def _network_warnings(layers: Sequence[S.LayerSpec], out: Shape | None) -> tuple[str, ...]:
    notes = []
    if layers and layers[-1].type == "softmax":
        notes.append(
            "The last layer is softmax, but training uses cross-entropy on logits, which applies softmax itself: "
            "softmax would be applied twice. Remove the final softmax."
        )
    if out is not None and is_map(out):
        notes.append(
            f"The network ends in a {shape_text(out)} feature map; a classifier ends in a flat vector "
            "(add flatten and linear, or an adaptive pooling to 1x1 then flatten)."
        )
    return tuple(notes)


def _infer_list(
    layers: Sequence[S.LayerSpec], shape: Shape | None, rf: ReceptiveField, prefix: tuple[int, ...]
) -> tuple[tuple[LayerReport, ...], Shape | None]:
    reports = []
    for i, spec in enumerate(layers):
        path = (*prefix, i)
        if shape is None:
            reports.append(_skipped(spec, path))
            continue
        report = _infer_one(spec, shape, rf, path)
        reports.append(report)
        shape = report.output_shape
        rf = report.receptive_field or rf
    return tuple(reports), shape


def _skipped(spec: S.LayerSpec, path: tuple[int, ...]) -> LayerReport:
    children = tuple(
        tuple(_skipped(child, (*path, b, j)) for j, child in enumerate(branch))
        for b, branch in enumerate(spec.child_lists())
    )
    return LayerReport(path, spec.type, None, children=children)


# A layer's report depends only on its spec, its input shape, the receptive field so far and its path, and
# reports are immutable: an edit re-infers the whole network, but every layer whose four inputs are as before
# gets the very report it had (the same object, so views can skip it by identity). On ResNet-152 an edit of
# the stem recomputes the first block and reuses the other 49. Cleared whole when full (a dict's get and set
# are atomic, so a background thread's inference is safe).
_REPORTS: dict[tuple, LayerReport] = {}
_REPORTS_LIMIT = 20_000


def forget_cached_reports() -> None:
    """Empty the report cache (benchmarks measure inference itself with it)."""
    _REPORTS.clear()


def _infer_one(spec: S.LayerSpec, shape: Shape, rf: ReceptiveField, path: tuple[int, ...]) -> LayerReport:
    key = (spec, shape, rf, path)
    try:
        report = _REPORTS.get(key)
    except TypeError:  # a value that cannot be hashed (a list from a hand-edited file): no caching
        return _compute_one(spec, shape, rf, path)
    if report is None:
        report = _compute_one(spec, shape, rf, path)
        if len(_REPORTS) >= _REPORTS_LIMIT:
            _REPORTS.clear()
        _REPORTS[key] = report
    return report


def _compute_one(spec: S.LayerSpec, shape: Shape, rf: ReceptiveField, path: tuple[int, ...]) -> LayerReport:
    if spec.type == "residual":
        return _residual(spec, shape, rf, path)  # type: ignore[arg-type]
    if spec.type == "concat":
        return _concat(spec, shape, rf, path)  # type: ignore[arg-type]
    try:
        result = (RULES.get(spec.type) or MOBILE_RULES[spec.type])(spec, shape, rf)  # type: ignore[operator]
    except LayerInvalid as exc:
        return LayerReport(path, spec.type, shape, error=exc.reason, fix=exc.fix)
    return _report(spec, path, shape, result)


def _report(
    spec: S.LayerSpec, path: tuple[int, ...], shape: Shape, result: LayerResult, **extra
) -> LayerReport:
    return LayerReport(
        path,
        spec.type,
        shape,
        result.output_shape,
        result.params,
        result.macs,
        result.formulas,
        result.warnings,
        result.receptive_field,
        notes=result.notes,
        **extra,
    )


def _inner_error(children: tuple[tuple[LayerReport, ...], ...], block: str) -> tuple[str, str | None] | None:
    for b, branch in enumerate(children):
        for report in branch:
            if report.error is not None:
                where = (
                    f"branch {b}, layer {report.path[-1]}"
                    if block == "concat"
                    else f"layer {report.path[-1]}"
                )
                inner = report
                while inner.children and any(c.error for br in inner.children for c in br):
                    inner = next(c for br in inner.children for c in br if c.error)
                return f"{where} of this {block} block ({report.type}) cannot work: {inner.error}", inner.fix
    return None


# -- residual blocks -------------------------------------------------------------------------------------
def _residual(spec: S.Residual, shape: Shape, rf: ReceptiveField, path: tuple[int, ...]) -> LayerReport:
    inner, out = _infer_list(spec.layers, shape, rf, (*path, 0))
    children = (inner,)
    failed = _inner_error(children, "residual")
    if failed:
        return LayerReport(path, spec.type, shape, error=failed[0], fix=failed[1], children=children)
    assert out is not None
    inner_params = sum(r.params for r in inner)
    inner_macs = sum(r.macs for r in inner)
    inner_rf = inner[-1].receptive_field if inner else rf
    if out == shape:
        formulas = (f"output = layers(x) + x: {shape_text(out)} (identity shortcut)",)
        return LayerReport(
            path,
            spec.type,
            shape,
            out,
            inner_params,
            inner_macs,
            formulas,
            (),
            inner_rf,
            children=children,
            shortcut="identity",
        )
    try:
        stride = _projection_stride(shape, out)
    except LayerInvalid as exc:
        return LayerReport(path, spec.type, shape, error=exc.reason, fix=exc.fix, children=children)
    c_in, c_out = shape[0], out[0]
    proj_params = c_in * c_out + 2 * c_out
    proj_macs = c_out * out[1] * out[2] * c_in
    stride_text = str(stride[0]) if stride[0] == stride[1] else f"[{stride[0]}, {stride[1]}]"
    shortcut = f"1x1 conv {c_in}->{c_out}, stride {stride_text}, no bias + batchnorm"
    formulas = (
        f"output = layers(x) + shortcut(x): {shape_text(out)}",
        f"shortcut = {shortcut}: params = {c_in}*{c_out} + 2*{c_out} = {proj_params}",
        f"params = {inner_params} (layers) + {proj_params} (shortcut) = {inner_params + proj_params}",
    )
    return LayerReport(
        path,
        spec.type,
        shape,
        out,
        inner_params + proj_params,
        inner_macs + proj_macs,
        formulas,
        (),
        inner_rf,
        children=children,
        shortcut=shortcut,
    )


def projection_stride(shape: Shape, out: Shape) -> tuple[int, int]:
    """Stride of the 1x1 shortcut conv that turns ``shape`` into ``out``'s height and width (public for torch)."""
    return _projection_stride(shape, out)


def _projection_stride(shape: Shape, out: Shape) -> tuple[int, int]:
    if not (is_map(shape) and is_map(out)):
        if not is_map(shape) and not is_map(out):
            raise LayerInvalid(
                f"the block's layers turn {shape[0]} values into {out[0]}, but a residual block adds its input "
                "to its output, so both must have the same length.",
                f"make the block's last linear layer give {shape[0]} values.",
            )
        raise LayerInvalid(
            f"the block's layers turn a {shape_text(shape)} input into {shape_text(out)}; a residual block can "
            "only add a shortcut between feature maps or between vectors of the same length.",
            "keep flatten outside the residual block (put it after the block).",
        )
    strides = []
    for a, name in ((1, "height"), (2, "width")):
        n, m = shape[a], out[a]
        found = next((s for s in range(1, n + 1) if (n - 1) // s + 1 == m), None)
        if found is None:
            raise LayerInvalid(
                f"the block's layers turn the {name} {n} into {m}, which no strided 1x1 shortcut can match "
                "(a 1x1 conv with stride s gives floor((n-1)/s)+1).",
                "make the block keep the size (padding = kernel_size // 2, stride 1) "
                "or halve it exactly (stride 2 in the first conv, padding = kernel_size // 2).",
            )
        strides.append(found)
    return strides[0], strides[1]


# -- concat blocks ----------------------------------------------------------------------------------------
def _concat(spec: S.Concat, shape: Shape, rf: ReceptiveField, path: tuple[int, ...]) -> LayerReport:
    inner = shape
    if spec.split:
        n = len(spec.branches)
        if shape[0] % n:
            reason = f"a channel split into {n} branches needs a channel count divisible by {n}, but receives {shape[0]}."
            fix = f"give the layer before {shape[0] + n - shape[0] % n} channels, or turn the split off."
            return LayerReport(path, spec.type, shape, error=reason, fix=fix)
        inner = (shape[0] // n, *shape[1:])
    results = [_infer_list(branch, inner, rf, (*path, b)) for b, branch in enumerate(spec.branches)]
    children = tuple(reports for reports, _ in results)
    failed = _inner_error(children, "concat")
    if failed:
        return LayerReport(path, spec.type, shape, error=failed[0], fix=failed[1], children=children)
    outs: list[Shape] = [out for _, out in results]  # type: ignore[misc]
    try:
        out = _joined(outs)
    except LayerInvalid as exc:
        return LayerReport(path, spec.type, shape, error=exc.reason, fix=exc.fix, children=children)
    params = sum(r.params for branch in children for r in branch)
    macs = sum(r.macs for branch in children for r in branch)
    widest = rf
    for branch in children:
        if branch and branch[-1].receptive_field is not None:
            widest = widest.widest(branch[-1].receptive_field)
    sizes = " + ".join(str(o[0]) for o in outs)
    what = "C" if is_map(out) else "N"
    formulas = (f"{what} = {sizes} = {out[0]} (branches joined along channels)",)
    if spec.split:
        formulas = (f"each branch gets {inner[0]} of the {shape[0]} channels (channel split)", *formulas)
    return LayerReport(path, spec.type, shape, out, params, macs, formulas, (), widest, children=children)


def _joined(outs: Sequence[Shape]) -> Shape:
    maps = [is_map(o) for o in outs]
    if all(maps):
        first = outs[0]
        for b, o in enumerate(outs[1:], start=1):
            if o[1:] != first[1:]:
                raise LayerInvalid(
                    f"branch {b} gives {o[1]}x{o[2]} maps but branch 0 gives {first[1]}x{first[2]}; "
                    "maps can only be joined along channels when their height and width agree.",
                    "give every branch the same overall stride, with padding = kernel_size // 2 "
                    "for odd kernels (or padding='same').",
                )
        return (sum(o[0] for o in outs), first[1], first[2])
    if not any(maps):
        return (sum(o[0] for o in outs),)
    raise LayerInvalid(
        "some branches give feature maps and others flat vectors, which cannot be joined.",
        "flatten in every branch, or in none (put flatten after the block).",
    )
