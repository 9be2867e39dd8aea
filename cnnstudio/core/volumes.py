"""The volumes a network's volume diagram draws: the input, then every layer that changes the shape (and every
convolution and dense layer, which transform without resizing, and every custom layer, which the diagram
greys). One list for the Design page's diagram and
the figures (SVG/PDF/PNG and TikZ), so that they show the same boxes.

A block (residual, concat) is drawn collapsed, as one box, unless its path is in ``expanded``: then its
inner layers are drawn, by the same rule, and each of them knows the expanded blocks it sits in (``within``)
so that the diagram can bracket them. Consecutive collapsed blocks that are the same block (equal settings)
with the same output are one box that counts them (a ResNet stage, PlotNeuralNet's "x3"): a 200-layer
resnet152 then reads as about a dozen boxes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from cnnstudio.core import specs as S
from cnnstudio.core.project import Project
from cnnstudio.core.shapes import LayerReport

Path = tuple[int, ...]
Shape = tuple[int, ...]
DRAWN_ALWAYS = (
    "conv2d",
    "convtranspose2d",
    "linear",
    "custom",
)  # they transform without resizing (custom: greyed)


@dataclass(frozen=True)
class Volume:
    """One box of the diagram."""

    path: Path | None  # the layer's path; None for the input
    kind: str  # the layer's type, or "input"
    shape: Shape
    block: bool = False  # a collapsed block: it can be expanded
    paths: tuple[Path, ...] = ()  # every block this box stands for (more than one: identical blocks)
    within: tuple[Path, ...] = ()  # the expanded blocks it is drawn inside, outermost first

    @property
    def count(self) -> int:
        return max(1, len(self.paths))


def volumes(project: Project, expanded: Collection[Path] = frozenset()) -> list[Volume]:
    report = project.report
    out = [Volume(None, "input", report.input_shape)]
    _add(out, project.layers, report.layers, report.input_shape, frozenset(expanded), ())
    return out


def block_paths(project: Project) -> list[Path]:
    """The path of every block, outer blocks before the blocks inside them ("expand all")."""
    return [path for path, spec in S.walk(project.layers) if spec.is_block]


def _add(
    out: list[Volume],
    specs: Sequence[S.LayerSpec],
    reports: Sequence[LayerReport],
    previous: Shape,
    expanded: frozenset[Path],
    within: tuple[Path, ...],
) -> Shape | None:
    """Append the volumes of one list of layers fed ``previous``; returns the list's output shape (None when
    a layer cannot work: nothing after it is drawn)."""
    last_spec: S.LayerSpec | None = None  # the spec of the box last appended here, when a collapsed block
    for spec, report in zip(specs, reports):
        shape = report.output_shape
        if shape is None:
            return None
        if spec.is_block and report.path in expanded:
            _add_expanded(out, spec, report, previous, expanded, (*within, report.path))
            last_spec = None
        elif spec.is_block:
            if last_spec == spec and out[-1].shape == shape:  # the same block again: one box counts both
                out[-1] = replace(out[-1], paths=(*out[-1].paths, report.path))
            else:
                out.append(Volume(report.path, spec.type, shape, True, (report.path,), within))
            last_spec = spec
        elif shape != previous or report.type in DRAWN_ALWAYS:
            out.append(Volume(report.path, report.type, shape, within=within))
            last_spec = None
        previous = shape
    return previous


def _add_expanded(
    out: list[Volume],
    spec: S.LayerSpec,
    report: LayerReport,
    previous: Shape,
    expanded: frozenset[Path],
    within: tuple[Path, ...],
) -> None:
    """A block's inner layers, branch after branch; then its own output when nothing inside showed it (a
    concat's joined channels, or a block of layers that all keep the shape)."""
    start, inner_output = len(out), previous
    for child_specs, child_reports in zip(spec.child_lists(), report.children):
        inner_output = _add(out, child_specs, child_reports, previous, expanded, within) or previous
    assert report.output_shape is not None
    if len(out) == start or inner_output != report.output_shape:
        out.append(Volume(report.path, spec.type, report.output_shape, within=within))
