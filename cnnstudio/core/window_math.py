"""Step-by-step arithmetic of sliding windows, for the convolution animator and the pooling lab.

The GUI animates what these functions compute: which (zero-padded) input cells a window covers, the
products it sums, the output cell it fills, and, for pooling, how the gradient flows back. Pure Python on
small maps (a teaching view shows at most a few dozen cells a side), checked against torch in the tests.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cnnstudio.core import specs as S

Grid = Sequence[Sequence[float]]


# -- a layer's window geometry -------------------------------------------------------------------------------
def conv_padding(spec: S.Conv2d) -> tuple[tuple[int, int], tuple[int, int]]:
    """Zero rows and columns a convolution adds, ``((top, bottom), (left, right))``.

    ``"same"`` adds ``dilation * (kernel - 1)`` per axis and, as torch does, puts the odd one after.
    """
    if spec.padding == "valid":
        return ((0, 0), (0, 0))
    if spec.padding == "same":
        k, d = S.pair(spec.kernel_size), S.pair(spec.dilation)
        totals = (d[0] * (k[0] - 1), d[1] * (k[1] - 1))
        return ((totals[0] // 2, totals[0] - totals[0] // 2), (totals[1] // 2, totals[1] - totals[1] // 2))
    p = S.pair(spec.padding)  # type: ignore[arg-type]
    return ((p[0], p[0]), (p[1], p[1]))


def even_padding(spec: S.Conv2d) -> tuple[int, int] | None:
    """The padding as one number per axis, or None when a side gets more (``"same"`` with an even kernel)."""
    (top, bottom), (left, right) = conv_padding(spec)
    return (top, left) if (top, left) == (bottom, right) else None


def filter_shape(spec: S.Conv2d, in_channels: int) -> tuple[int, int, int]:
    """One filter's weights ``(in_channels / groups, kh, kw)``: a grouped filter reads only its group."""
    return (in_channels // spec.groups, *S.pair(spec.kernel_size))


def filter_channels(spec: S.Conv2d, in_channels: int, out_channel: int) -> range:
    """The input channels filter ``out_channel`` reads: all of them, or its group's with ``groups > 1``."""
    per_group = in_channels // spec.groups
    group = out_channel // (spec.out_channels // spec.groups)
    return range(group * per_group, (group + 1) * per_group)


def padding_fill(kind: str) -> float:
    """What a window layer's padding holds: minus infinity for max pooling (a padded cell never wins, as
    in torch), zero for convolution and the other poolings."""
    return -math.inf if kind == "maxpool2d" else 0.0


@dataclass(frozen=True)
class WindowStep:
    """One position of the window: the output cell it fills and the sum that fills it."""

    out_row: int
    out_col: int
    cells: tuple[tuple[int, int, int], ...]  # (channel, row, col) in padded-input coordinates, kernel order
    inputs: tuple[float, ...]  # the values there (0 in the padding)
    weights: tuple[float, ...]
    bias: float

    @property
    def products(self) -> tuple[float, ...]:
        return tuple(x * w for x, w in zip(self.inputs, self.weights))

    @property
    def value(self) -> float:
        return math.fsum(self.products) + self.bias

    def formula(self, limit: int = 9) -> str:
        """``0.5*1 + 0*-1 + ... + b = 1.25`` (the first ``limit`` products, then an ellipsis)."""
        terms = [f"{x:.3g}*{w:.3g}" for x, w in zip(self.inputs, self.weights)]
        shown = " + ".join(terms[:limit]) + (
            f" + ... ({len(terms) - limit} more)" if len(terms) > limit else ""
        )
        bias = f" + {self.bias:.3g}" if self.bias else ""
        return f"{shown}{bias} = {self.value:.4g}"


@dataclass(frozen=True)
class ConvWalk:
    padded: tuple[tuple[tuple[float, ...], ...], ...]  # (C, H + 2P, W + 2P)
    padding: tuple[int, int]
    out_shape: tuple[int, int]
    steps: tuple[WindowStep, ...]  # row-major over the output

    def output(self) -> list[list[float]]:
        rows, cols = self.out_shape
        grid = [[0.0] * cols for _ in range(rows)]
        for step in self.steps:
            grid[step.out_row][step.out_col] = step.value
        return grid

    def is_padding(self, row: int, col: int) -> bool:
        p_h, p_w = self.padding
        height, width = len(self.padded[0]) - 2 * p_h, len(self.padded[0][0]) - 2 * p_w
        return not (p_h <= row < p_h + height and p_w <= col < p_w + width)

    def filled(self, channel: int, fill: float) -> list[list[float]]:
        """Walk channel ``channel`` with its padding cells holding ``fill`` (see :func:`padding_fill`)."""
        return [
            [fill if self.is_padding(r, c) else v for c, v in enumerate(row)]
            for r, row in enumerate(self.padded[channel])
        ]

    def inputs(self, k: int, fill: float) -> tuple[float, ...]:
        """Step ``k``'s input values, kernel order, with padding cells holding ``fill``."""
        step = self.steps[k]
        return tuple(fill if self.is_padding(r, c) else x for (_, r, c), x in zip(step.cells, step.inputs))


def _pad(channel: Grid, p_h: int, p_w: int) -> tuple[tuple[float, ...], ...]:
    width = len(channel[0]) + 2 * p_w
    blank = (0.0,) * width
    rows = [tuple([0.0] * p_w + [float(v) for v in row] + [0.0] * p_w) for row in channel]
    return (blank,) * p_h + tuple(rows) + (blank,) * p_h


def conv_walk(
    image: Sequence[Grid],
    kernel: Sequence[Grid],
    stride: tuple[int, int] = (1, 1),
    padding: tuple[int, int] = (0, 0),
    dilation: tuple[int, int] = (1, 1),
    bias: float = 0.0,
) -> ConvWalk:
    """Every step of one filter (``kernel``: C x kh x kw) sliding over ``image`` (C x H x W), as torch does it."""
    if len(image) != len(kernel):
        raise ValueError(f"the filter has {len(kernel)} channels but the input has {len(image)}")
    padded = tuple(_pad(channel, *padding) for channel in image)
    kh, kw = len(kernel[0]), len(kernel[0][0])
    span = (dilation[0] * (kh - 1) + 1, dilation[1] * (kw - 1) + 1)
    size = (len(padded[0]), len(padded[0][0]))
    out = tuple((size[a] - span[a]) // stride[a] + 1 for a in range(2))
    if out[0] < 1 or out[1] < 1:
        raise ValueError(f"the {kh}x{kw} kernel (spanning {span[0]}x{span[1]}) does not fit the padded input")
    weights = tuple(float(kernel[c][i][j]) for c in range(len(kernel)) for i in range(kh) for j in range(kw))
    steps = []
    for r in range(out[0]):
        for q in range(out[1]):
            cells = tuple(
                (c, r * stride[0] + i * dilation[0], q * stride[1] + j * dilation[1])
                for c in range(len(kernel))
                for i in range(kh)
                for j in range(kw)
            )
            inputs = tuple(padded[c][y][x] for c, y, x in cells)
            steps.append(WindowStep(r, q, cells, inputs, weights, float(bias)))
    return ConvWalk(padded, padding, (out[0], out[1]), tuple(steps))


# -- pooling lab -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PoolWindow:
    """Max, average and Lp pooling of one window, and where each sends the gradient of its output."""

    values: tuple[tuple[float, ...], ...]
    norm_type: float = 2.0

    @property
    def flat(self) -> tuple[float, ...]:
        return tuple(v for row in self.values for v in row)

    @property
    def winner(self) -> tuple[int, int]:
        """Position of the maximum (the first one on ties, as torch's CPU kernel picks)."""
        flat = self.flat
        index = max(range(len(flat)), key=lambda k: (flat[k], -k))
        return divmod(index, len(self.values[0]))

    @property
    def max(self) -> float:
        return max(self.flat)

    @property
    def average(self) -> float:
        return math.fsum(self.flat) / len(self.flat)

    @property
    def lp(self) -> float:
        """torch's ``lp_pool2d``: (sum of x^p)^(1/p)."""
        return math.fsum(v**self.norm_type for v in self.flat) ** (1 / self.norm_type)

    def max_gradient(self) -> list[list[float]]:
        """All of the gradient goes to the winner; every other cell gets none."""
        grid = [[0.0] * len(self.values[0]) for _ in self.values]
        row, col = self.winner
        grid[row][col] = 1.0
        return grid

    def average_gradient(self) -> list[list[float]]:
        """Spread evenly: each cell gets 1/n."""
        share = 1.0 / len(self.flat)
        return [[share] * len(self.values[0]) for _ in self.values]

    def lp_gradient(self) -> list[list[float]]:
        """d/dx_i (sum x^p)^(1/p) = x_i^(p-1) / norm^(p-1): larger values get more."""
        norm = self.lp
        p = self.norm_type
        if norm == 0:
            return [[0.0] * len(self.values[0]) for _ in self.values]
        return [[(v ** (p - 1)) / norm ** (p - 1) for v in row] for row in self.values]


def window_at(
    top: int, left: int, size: tuple[int, int], map_shape: tuple[int, int]
) -> tuple[int, int, int, int]:
    """(top, left, bottom, right), inclusive, of a ``size`` window whose corner is wanted at (top, left),
    moved inward so the whole window lies on a map of ``map_shape``: what a click on a cell selects, and
    what hovering that cell previews."""
    top = max(0, min(top, map_shape[0] - size[0]))
    left = max(0, min(left, map_shape[1] - size[1]))
    return top, left, top + size[0] - 1, left + size[1] - 1


def pool_window(grid: Grid, top: int, left: int, size: tuple[int, int], norm_type: float = 2.0) -> PoolWindow:
    """The window of ``size`` whose top-left cell is (top, left) in ``grid``."""
    if top < 0 or left < 0 or top + size[0] > len(grid) or left + size[1] > len(grid[0]):
        raise ValueError(f"a {size[0]}x{size[1]} window at ({top}, {left}) does not lie inside the map")
    rows = tuple(tuple(float(v) for v in grid[top + i][left : left + size[1]]) for i in range(size[0]))
    return PoolWindow(rows, norm_type)
