"""The base of every layer spec, and walking a tree of them.

A spec mirrors one ``torch.nn`` class with torch's field names and defaults (the classes are in
`spec_layers.py` and `spec_blocks.py`; `specs.py` gathers them). Specs know nothing about input shapes: that is
`shapes.py`'s job. Specs are frozen so that an undo stack can keep old versions without copying, and so that a
view can never change the document behind its back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from cnnstudio.core.errors import SpecError

Size = int | tuple[int, int]
Padding = int | tuple[int, int] | str

# Fields that hold a size (an int or an [h, w] pair) in the project file.
SIZE_FIELDS = frozenset(
    {"kernel_size", "stride", "padding", "dilation", "output_size", "output_padding", "size"}
)

# A custom layer's measured shapes ([C, H, W] or [N]).
SHAPE_FIELDS = frozenset({"input_shape", "output_shape"})


def pair(value: Size) -> tuple[int, int]:
    """Return ``value`` as an (h, w) pair, as torch's ``_pair`` does."""
    if isinstance(value, tuple):
        return value
    return (value, value)


@dataclass(frozen=True, kw_only=True)
class LayerSpec:
    """Base of every layer spec.

    ``extra`` keeps fields this version does not know, so that a file written by a newer program (or edited by
    hand) loses nothing when saved again.

    Every spec class has a docstring, also where the name says it all: for a class without one,
    ``@dataclass`` builds one from ``inspect.signature`` while the module is imported, which made up a fair
    part of ``import cnnstudio.core.shapes`` (benchmarks/core_inference.py).
    """

    type: ClassVar[str] = ""
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    # -- validation --------------------------------------------------------------------------------------
    def field_errors(self) -> list[tuple[str, str]]:
        """(field, message) for every field whose value is impossible regardless of the input."""
        return []

    def validate(self) -> None:
        problems = self.field_errors()
        if problems:
            name, message = problems[0]
            raise SpecError(name, message)

    # -- serialisation -----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The project-file form: ``type`` first, then every field that differs from torch's default."""
        out: dict[str, Any] = {"type": self.type}
        for f in dataclasses.fields(self):
            if f.name == "extra":
                continue
            value = getattr(self, f.name)
            if f.name in ("layers", "branches"):
                out[f.name] = _children_to_json(f.name, value)
                continue
            if f.default is not dataclasses.MISSING and value == f.default:
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        out.update(self.extra)
        return out

    def replace(self, **changes: Any) -> LayerSpec:
        return dataclasses.replace(self, **changes)

    def with_field(self, name: str, value: Any) -> LayerSpec:
        """This layer with one field set as an editor sets it (a layer whose fields exclude each other,
        such as upsampling's factor and size, clears the other)."""
        return self.replace(**{name: value})

    # -- nesting -------------------------------------------------------------------------------------------
    def child_lists(self) -> tuple[tuple[LayerSpec, ...], ...]:
        """The nested layer lists of a block (residual: one, concat: one per branch); empty for a layer."""
        return ()

    def with_child_lists(self, lists: Sequence[Sequence[LayerSpec]]) -> LayerSpec:
        raise TypeError(f"{self.type} has no nested layers")

    @property
    def is_block(self) -> bool:
        return False


def _children_to_json(name: str, value: Any) -> Any:
    if name == "layers":
        return [child.to_dict() for child in value]
    return [[child.to_dict() for child in branch] for branch in value]


def walk(
    layers: Sequence[LayerSpec], path: tuple[int, ...] = ()
) -> Iterator[tuple[tuple[int, ...], LayerSpec]]:
    """Every spec with its path, depth first. A path is ``(i, b, j, b, j, ...)``: top index, then branch/index."""
    for i, spec in enumerate(layers):
        here = (*path, i)
        yield here, spec
        for b, children in enumerate(spec.child_lists()):
            yield from walk(children, (*here, b))


def count_layers(layers: Sequence[LayerSpec]) -> int:
    return sum(1 for _ in walk(layers))
