"""The layers a file's graph cannot hold, put back from the design the file records.

An inference graph (ONNX) has no dropout and no identity layer, and adaptive pooling is written as the fixed window it amounts to
for the exported image size. The studio's own ONNX export records the project beside the graph; where the
imported layers agree with the recorded ones everywhere else, the recorded dropouts and adaptive pools take
their places. Where they do not (a file edited elsewhere since), the graph alone is the import. Neither kind
of layer holds weights, so the weights found in the graph keep their layers (a squeeze-and-excitation's two
parts too); ``from_module`` still checks the result's output against the graph's.

A custom layer read back from a graph is the same call written as the graph spells it (``torch.cumsum(x, 1)``
for the recorded ``torch.cumsum(x, dim=1)``, a module's repr with every argument): the recorded source is
kept where the call has the same name, shapes and parameters (the output check catches any other
difference).
"""

from __future__ import annotations

from collections.abc import Sequence

from cnnstudio.core import project_file
from cnnstudio.core import specs as S
from cnnstudio.core.custom_source import parts
from cnnstudio.core.errors import CoreError
from cnnstudio.core.network_diff import same_settings
from cnnstudio.core.project import Project
from cnnstudio.training.importers.graph_blocks import Converted

_ABSENT = (S.Dropout, S.Identity)  # Dropout2d too: nothing in an inference graph, nor an nn.Identity
_WRITTEN_AS = {
    S.AdaptiveAvgPool2d: (S.AvgPool2d, S.AdaptiveAvgPool2d),
    S.AdaptiveMaxPool2d: (S.MaxPool2d, S.AdaptiveMaxPool2d),
}


def recorded_project(text: str | None, where: str) -> Project | None:
    """The project a file records (its text), or None: absent, or not a project this version reads."""
    if text is None:
        return None
    try:
        return project_file.loads(text, where)
    except CoreError:
        return None


def restored(converted: Converted, recorded: Sequence[S.LayerSpec]) -> Converted | None:
    """``converted`` with the recorded layers the graph could not hold; None when they are other networks."""
    out = Converted()
    index = 0
    for spec in recorded:
        got = converted.layers[index] if index < len(converted.layers) else None
        if isinstance(spec, _ABSENT) and type(got) is not type(spec):
            out.add(spec)
            continue
        if got is None or not _put_back(spec, got, _sources_of(converted, index), out):
            return None
        index += 1
    return out if index == len(converted.layers) else None


def _sources_of(converted: Converted, index: int) -> Converted:
    """The weights of layer ``index``, their paths relative to it (a block's: branch first)."""
    inner = Converted()
    inner.sources = [(path[1:], part, m) for path, part, m in converted.sources if path[0] == index]
    return inner


def _put_back(spec: S.LayerSpec, got: S.LayerSpec, sources: Converted, out: Converted) -> bool:
    if spec.is_block:
        return type(got) is type(spec) and _block(spec, got, sources, out)
    if type(got) in _WRITTEN_AS.get(type(spec), ()):
        out.add(spec)  # no weights: a pooling
        return True
    if not (same_settings(spec, got) or _same_custom(spec, got)):
        return False
    # as the design wrote it (stride 2, not "the window"), with its weights: one module, or named parts
    out.add_parts(spec, {part: m for path, part, m in sources.sources if not path})
    return True


def _same_custom(spec: S.LayerSpec, got: S.LayerSpec) -> bool:
    if not (isinstance(spec, S.Custom) and isinstance(got, S.Custom)):
        return False
    same_name = parts(spec.source)[0].rsplit(".", 1)[-1] == parts(got.source)[0].rsplit(".", 1)[-1]
    shapes = all(
        a is None or a == b
        for a, b in ((spec.input_shape, got.input_shape), (spec.output_shape, got.output_shape))
    )
    return same_name and shapes and spec.params == got.params


def _block(spec: S.LayerSpec, got: S.LayerSpec, sources: Converted, out: Converted) -> bool:
    recorded_lists, got_lists = spec.child_lists(), got.child_lists()
    if len(recorded_lists) != len(got_lists):
        return False
    parts = []
    for branch, (recorded, layers) in enumerate(zip(recorded_lists, got_lists)):
        inner = Converted(layers=list(layers))
        inner.sources = [(p[1:], part, m) for p, part, m in sources.sources if p and p[0] == branch]
        back = restored(inner, recorded)
        if back is None:
            return False
        parts.append((branch, back))
    shortcut = [m for path, part, m in sources.sources if part.startswith("shortcut")]
    out.add_block(got.with_child_lists([p.layers for _, p in parts]), parts, shortcut)
    return True
