"""Two networks compared layer by layer: which layers were added, removed or changed (settings, output shape,
parameters, MACs, activation memory), and the totals' differences. Pure Python, for ``cnnstudio diff`` and
the window's side-by-side view.

Layers are aligned by their types with difflib's longest-matching-blocks algorithm (the one ``diff`` uses):
two convolutions with different kernels line up as one changed layer, not as a removal and an addition.
Blocks are compared as a whole (a residual block with one changed layer inside is one changed layer,
its changed fields being ``layers``).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cnnstudio.core import specs as S
from cnnstudio.core.project import Project
from cnnstudio.core.shapes import LayerReport

BYTES_PER_VALUE = 4  # float32 activations, per image


@dataclass(frozen=True)
class Side:
    """One layer of one network as the diff shows it."""

    index: int
    type: str
    output_shape: tuple[int, ...] | None
    params: int
    macs: int
    activation_bytes: int

    def to_json(self) -> dict[str, Any]:
        shape = None if self.output_shape is None else list(self.output_shape)
        return {"index": self.index, "type": self.type, "output_shape": shape, "params": self.params,
                "macs": self.macs, "activation_bytes": self.activation_bytes}  # fmt: skip


@dataclass(frozen=True)
class Row:
    """A line of the diff: ``status`` is same; reshaped (same settings, but other numbers because the layer
    receives another shape); changed (its settings differ); added (only in B) or removed (only in A)."""

    status: str
    a: Side | None
    b: Side | None
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # changed settings: (A's, B's)

    @property
    def differences(self) -> list[str]:
        """The names of what differs: settings, then output_shape, params, macs, activation_bytes."""
        if self.a is None or self.b is None:
            return []
        names = list(self.fields)
        for name in ("output_shape", "params", "macs", "activation_bytes"):
            if getattr(self.a, name) != getattr(self.b, name):
                names.append(name)
        return names

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status, "a": self.a and self.a.to_json(), "b": self.b and self.b.to_json(),
            "fields": {k: list(v) for k, v in self.fields.items()}, "differences": self.differences,
        }  # fmt: skip


@dataclass(frozen=True)
class NetworkDiff:
    rows: tuple[Row, ...]
    totals: dict[str, tuple[int, int]]  # name -> (A, B)
    inputs: tuple[tuple[int, int, int], tuple[int, int, int]]

    @property
    def equal(self) -> bool:
        return self.inputs[0] == self.inputs[1] and all(row.status == "same" for row in self.rows)

    @property
    def differing(self) -> tuple[Row, ...]:
        """The layers that differ themselves (changed, added, removed), not those only fed another shape."""
        return tuple(row for row in self.rows if row.status in ("changed", "added", "removed"))

    def to_json(self) -> dict[str, Any]:
        return {
            "equal": self.equal, "inputs": [list(self.inputs[0]), list(self.inputs[1])],
            "rows": [row.to_json() for row in self.rows],
            "totals": {k: {"a": a, "b": b, "difference": b - a} for k, (a, b) in self.totals.items()},
        }  # fmt: skip


def _product(shape: Sequence[int] | None) -> int:
    total = 1
    for n in shape or (0,):
        total *= n
    return total


def _sides(project: Project) -> list[Side]:
    return [_side(i, report) for i, report in enumerate(project.report.layers)]


def _side(index: int, report: LayerReport) -> Side:
    shape = report.output_shape
    return Side(index, report.type, shape, report.params, report.macs, _product(shape) * BYTES_PER_VALUE)


def _settings(spec: S.LayerSpec) -> dict[str, Any]:
    """The spec's fields as torch reads them: a pool's missing stride is its window, ``[3, 3]`` is 3."""
    out = spec.to_dict()
    out.pop("type")
    if isinstance(spec, S.WindowPool) and spec.stride is None:
        out["stride"] = spec.kernel_size
    for name, value in out.items():
        if isinstance(value, list) and len(value) == 2 and value[0] == value[1] and isinstance(value[0], int):
            out[name] = value[0]
    return out


def _changed_fields(a: S.LayerSpec, b: S.LayerSpec) -> dict[str, tuple[Any, Any]]:
    da, db = _settings(a), _settings(b)
    names = list(dict.fromkeys([*da, *db]))
    defaults = {f.name: f.default for f in S.spec_fields(type(a))} if type(a) is type(b) else {}
    out = {}
    for name in names:
        va, vb = da.get(name, defaults.get(name)), db.get(name, defaults.get(name))
        if va != vb:
            out[name] = (va, vb)
    return out


def same_settings(a: S.LayerSpec, b: S.LayerSpec) -> bool:
    """Whether two layers compute alike: one type, and settings equal as torch reads them."""
    return type(a) is type(b) and not _changed_fields(a, b)


def _pair(a: Project, b: Project, i: int, j: int, sa: Side, sb: Side) -> Row:
    fields = _changed_fields(a.layers[i], b.layers[j])
    if fields or sa.type != sb.type:
        return Row("changed", sa, sb, fields)
    numbers_a = (sa.output_shape, sa.params, sa.macs)
    return Row("same" if numbers_a == (sb.output_shape, sb.params, sb.macs) else "reshaped", sa, sb)


def diff_networks(a: Project, b: Project) -> NetworkDiff:
    sides_a, sides_b = _sides(a), _sides(b)
    matcher = difflib.SequenceMatcher(
        None, [s.type for s in sides_a], [s.type for s in sides_b], autojunk=False
    )
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        paired = min(i2 - i1, j2 - j1) if tag in ("equal", "replace") else 0
        for k in range(paired):
            rows.append(_pair(a, b, i1 + k, j1 + k, sides_a[i1 + k], sides_b[j1 + k]))
        rows.extend(Row("removed", sides_a[i], None) for i in range(i1 + paired, i2))
        rows.extend(Row("added", None, sides_b[j]) for j in range(j1 + paired, j2))
    totals = {
        "layers": (S.count_layers(a.layers), S.count_layers(b.layers)),
        "params": (a.report.total_params, b.report.total_params),
        "macs": (a.report.total_macs, b.report.total_macs),
        "activation_bytes": (
            sum(s.activation_bytes for s in sides_a),
            sum(s.activation_bytes for s in sides_b),
        ),
    }
    inputs = (_shape(a), _shape(b))
    return NetworkDiff(tuple(rows), totals, inputs)


def _shape(project: Project) -> tuple[int, int, int]:
    i = project.input
    return (i.channels, i.height, i.width)


# -- text -------------------------------------------------------------------------------------------------
_MARK = {"same": " ", "reshaped": ".", "changed": "~", "added": "+", "removed": "-"}


def _cell(side: Side | None) -> str:
    if side is None:
        return ""
    shape = "x".join(map(str, side.output_shape)) if side.output_shape else "?"
    return f"{side.index:>3} {side.type:<18} {shape:<14} {side.params:>12,}"  # from 0, as layers[i]


def diff_text(diff: NetworkDiff, name_a: str = "A", name_b: str = "B") -> str:
    """Side by side, one line per aligned pair, changed settings under their line; then the totals."""
    width = 51
    lines = [f"  {name_a[:width]:<{width}} | {name_b[:width]}"]
    if diff.inputs[0] != diff.inputs[1]:
        lines.append(
            f"~ input {'x'.join(map(str, diff.inputs[0])):<{width - 6}} | input {'x'.join(map(str, diff.inputs[1]))}"
        )
    for row in diff.rows:
        lines.append(f"{_MARK[row.status]} {_cell(row.a):<{width}} | {_cell(row.b)}")
        for name, (va, vb) in row.fields.items():
            lines.append(f"      {name}: {_short(va)} -> {_short(vb)}")
    lines.append("")
    for name, (va, vb) in diff.totals.items():
        lines.append(f"  {name:<17} {va:>16,} {vb:>16,}  {vb - va:>+16,}")
    return "\n".join(lines)


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
