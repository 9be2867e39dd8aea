"""Which input pixels one cell of a feature map depends on: the receptive field, carried from layer to
layer by the layer rules (``through_window``) and drawn by the receptive-field tool and the insight views."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ReceptiveField:
    """Which input pixels one output cell depends on, in input-pixel coordinates.

    ``size``: how many input rows/columns one cell sees; ``jump``: how far apart neighbouring cells' centres are
    in the input; ``start``: the centre of cell (0, 0) (may be fractional or negative because of padding).
    """

    size: tuple[float, float] = (1.0, 1.0)
    jump: tuple[float, float] = (1.0, 1.0)
    start: tuple[float, float] = (0.0, 0.0)

    def region(self, row: int, col: int, input_hw: tuple[int, int]) -> tuple[int, int, int, int]:
        """Input rows and columns ``(top, left, bottom, right)``, inclusive and clipped, seen by cell (row, col)."""
        bounds = []
        for axis, index in enumerate((row, col)):
            centre = self.start[axis] + index * self.jump[axis]
            half = (self.size[axis] - 1) / 2
            low = max(0, math.ceil(centre - half - 1e-9))
            high = min(input_hw[axis] - 1, math.floor(centre + half + 1e-9))
            bounds.append((low, high))
        (top, bottom), (left, right) = bounds
        return top, left, bottom, right

    def reaches_padding(self, row: int, col: int, input_hw: tuple[int, int]) -> bool:
        """Whether part of cell (row, col)'s field lies outside the image (in the padding): the clipped
        :meth:`region` is then smaller than the field."""
        top, left, bottom, right = self.region(row, col, input_hw)
        return (bottom - top + 1, right - left + 1) != (round(self.size[0]), round(self.size[1]))

    def through_window(
        self, kernel: tuple[int, int], stride: tuple[int, int], left_pad: tuple[int, int]
    ) -> ReceptiveField:
        """The field after a sliding window with effective (dilated) kernel, stride and top/left padding."""
        size = tuple(self.size[a] + (kernel[a] - 1) * self.jump[a] for a in range(2))
        jump = tuple(self.jump[a] * stride[a] for a in range(2))
        start = tuple(self.start[a] + ((kernel[a] - 1) / 2 - left_pad[a]) * self.jump[a] for a in range(2))
        return ReceptiveField(size, jump, start)  # type: ignore[arg-type]

    def widest(self, other: ReceptiveField) -> ReceptiveField:
        size = (max(self.size[0], other.size[0]), max(self.size[1], other.size[1]))
        return ReceptiveField(size, self.jump, self.start)

    def text(self) -> str:
        return f"{_num(self.size[0])}x{_num(self.size[1])}, jump {_num(self.jump[0])}x{_num(self.jump[1])}"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"
