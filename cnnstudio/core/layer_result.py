"""What a layer rule answers (``LayerResult``) or raises (``LayerInvalid``), and the shape helpers every rule
uses. A shape excludes the batch: ``(C, H, W)`` for a feature map, ``(N,)`` for a flat vector."""

from __future__ import annotations

from dataclasses import dataclass, field

from cnnstudio.core import specs as S
from cnnstudio.core.receptive_field import ReceptiveField

Shape = tuple[int, ...]
# Each spatial axis: its formula letter, its unit, its name in messages.
AXES = (("H", "rows", "height"), ("W", "columns", "width"))


class LayerInvalid(Exception):
    """This layer cannot work on the shape it receives."""

    def __init__(self, reason: str, fix: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix


@dataclass(frozen=True)
class LayerResult:
    """What one layer makes of its input."""

    output_shape: Shape
    params: int = 0
    macs: int = 0
    formulas: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    receptive_field: ReceptiveField = field(default_factory=ReceptiveField)
    notes: tuple[str, ...] = ()  # the course texts' forms of the same numbers (core.course_notes)


def shape_text(shape: Shape | None) -> str:
    """``6 x 28 x 28`` for maps, ``400`` for flat vectors, an em dash when unknown."""
    if shape is None:
        return "—"
    return " x ".join(str(n) for n in shape)


def is_map(shape: Shape) -> bool:
    return len(shape) == 3


def need_map(spec: S.LayerSpec, shape: Shape) -> None:
    if not is_map(shape):
        raise LayerInvalid(
            f"{spec.type} works on feature maps (C x H x W) but receives a flat vector of {shape[0]} values.",
            "move this layer before the flatten layer, or use a layer for flat vectors here.",
        )
