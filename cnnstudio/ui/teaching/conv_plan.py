"""What the convolution animator plays: one filter (or one pooling channel) walking over one map.

A plan is made once per layer, channel and snapshot and then only read while the animation steps, so that
playing costs nothing but painting. The windows, products and sums are the core's ``conv_walk``; pooling
reuses the same walk for the window positions and asks ``PoolWindow`` for max, average and Lp.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication

from cnnstudio.core import specs as S
from cnnstudio.core.window_math import ConvWalk, PoolWindow, conv_walk, filter_channels, padding_fill
from cnnstudio.ui.teaching.sources import EXAMPLE_IMAGE, crop, illustrative_kernel

FORMULA_TERMS = 9  # products written out before "... (n more)"


class PlanError(ValueError):
    """The layer cannot be animated as it is (the message says why, for the hint)."""


@dataclass(frozen=True)
class AnimationPlan:
    kind: str  # the layer type: conv2d, maxpool2d, avgpool2d, lppool2d
    walk: ConvWalk
    kernel_hw: tuple[int, int]
    channels: tuple[int, ...]  # the map's channels the walk covers, in the walk's order
    pools: tuple[PoolWindow, ...]  # one per step for pooling layers, empty for convolution
    notes: tuple[str, ...]

    @property
    def steps(self) -> int:
        return len(self.walk.steps)

    @property
    def is_pool(self) -> bool:
        return bool(self.pools)

    def value(self, k: int) -> float:
        """The output cell step ``k`` fills."""
        if self.kind == "conv2d":
            return self.walk.steps[k].value
        pool = self.pools[k]
        return {"maxpool2d": pool.max, "avgpool2d": pool.average}.get(self.kind, pool.lp)

    def output(self) -> np.ndarray:
        """The whole output grid (every step done)."""
        grid = np.zeros(self.walk.out_shape)
        for k, step in enumerate(self.walk.steps):
            grid[step.out_row, step.out_col] = self.value(k)
        return grid

    def padded(self, index: int) -> np.ndarray:
        """Walk channel ``index`` with its padding as the layer fills it (``padding_fill``)."""
        return np.array(self.walk.filled(index, padding_fill(self.kind)), dtype=np.float64)

    def window_cells(self, k: int, index: int) -> list[tuple[int, int]]:
        """The (row, col) cells of walk channel ``index`` that step ``k``'s window covers."""
        return [(r, c) for ch, r, c in self.walk.steps[k].cells if ch == index]

    def kernel(self, index: int) -> np.ndarray:
        """The weights applied to walk channel ``index`` (kh, kw)."""
        kh, kw = self.kernel_hw
        weights = np.array(self.walk.steps[0].weights, dtype=np.float64).reshape(-1, kh, kw)
        return weights[index]

    def products(self, k: int, index: int) -> np.ndarray:
        kh, kw = self.kernel_hw
        return np.array(self.walk.steps[k].products, dtype=np.float64).reshape(-1, kh, kw)[index]

    def window_values(self, k: int) -> np.ndarray:
        return np.array(self.pools[k].values, dtype=np.float64)

    def formula(self, k: int) -> str:
        if self.kind == "conv2d":
            return self.walk.steps[k].formula(FORMULA_TERMS)
        return pool_formula(self.kind, self.pools[k], self.value(k))


def pool_formula(kind: str, pool: PoolWindow, value: float) -> str:
    """``max(0, 0.5, 1, 0.5) = 1``, ``(0 + 0.5 + 1 + 0.5) / 4 = 0.5`` or ``(0^2 + ...)^(1/2) = ...``."""
    flat = pool.flat
    shown = flat[:FORMULA_TERMS]
    more = f", ... ({len(flat) - len(shown)} more)" if len(flat) > len(shown) else ""
    terms = [f"{v:.3g}" if math.isfinite(v) else "−∞" for v in shown]
    if kind == "maxpool2d":
        return f"max({', '.join(terms)}{more}) = {value:.4g}"
    if kind == "avgpool2d":
        return f"({' + '.join(terms)}{more.replace(',', ' +', 1)}) / {len(flat)} = {value:.4g}"
    p = f"{pool.norm_type:g}"
    powers = " + ".join(f"{t}^{p}" for t in terms)
    return f"({powers}{more.replace(',', ' +', 1)})^(1/{p}) = {value:.4g}"


def conv_plan(
    spec: S.Conv2d,
    padding: tuple[int, int],
    source: np.ndarray | None,
    channel: int,
    weights: tuple[np.ndarray, float] | None,
    out_channel: int,
) -> AnimationPlan:
    """One filter over the map. With the model's weights and real map: every input channel the filter
    reads, so the output is the layer's own (pre-activation) output; otherwise one channel of the map (or
    the example image) under an illustrative edge detector."""
    k, stride, dilation = S.pair(spec.kernel_size), S.pair(spec.stride), S.pair(spec.dilation)
    notes: list[str] = []
    values, origin = crop(source if source is not None else EXAMPLE_IMAGE)
    if source is not None and values.shape[1:] != source.shape[1:]:
        notes.append(_crop_note(source.shape[1:], values.shape[1:], origin))
    if weights is not None and source is not None:
        kernel, bias = weights
        channels = tuple(filter_channels(spec, source.shape[0], out_channel))
        image = values[list(channels)]
        notes.append(
            _tr(
                "Trained filter {0}: it reads all {1} input channel(s) and adds its bias; "
                "the output is the layer's own output before the activation."
            ).format(out_channel, len(channels))
        )
    else:
        channels = (channel if source is not None else 0,)
        image = values[list(channels)]
        kernel, bias = illustrative_kernel(*k)[None], 0.0
        notes.append(
            _tr("Illustrative vertical-edge kernel: train the model to see the layer's own weights.")
            if source is not None
            else _tr(
                "Example image and an illustrative vertical-edge kernel: train the model to see the "
                "layer's own input and weights."
            )
        )
    try:
        walk = conv_walk(image.tolist(), kernel.tolist(), stride, padding, dilation, float(bias))
    except ValueError as exc:
        raise PlanError(str(exc)) from None
    return AnimationPlan(spec.type, walk, k, channels, (), tuple(notes))


def pool_plan(spec: S.LayerSpec, source: np.ndarray | None, channel: int) -> AnimationPlan:
    """The pooling window over one channel; the windows are the walk's, the values ``PoolWindow``'s."""
    assert isinstance(spec, (S.MaxPool2d, S.AvgPool2d, S.LPPool2d))
    k, stride = S.pair(spec.kernel_size), S.pair(spec.effective_stride)
    padding = S.pair(getattr(spec, "padding", 0))
    dilation = S.pair(getattr(spec, "dilation", 1))
    notes: list[str] = []
    values, origin = crop(source if source is not None else EXAMPLE_IMAGE)
    if source is None:
        notes.append(_tr("Example image: train the model to see the map this layer really receives."))
    elif values.shape[1:] != source.shape[1:]:
        notes.append(_crop_note(source.shape[1:], values.shape[1:], origin))
    index = channel if source is not None else 0
    if spec.ceil_mode:
        notes.append(_tr("ceil_mode: the layer adds a last, partial window that this walk does not show."))
    if isinstance(spec, S.AvgPool2d) and any(padding) and not spec.count_include_pad:
        notes.append(
            _tr("count_include_pad=false: the layer divides by the real cells only; this walk counts all.")
        )
    try:
        walk = conv_walk([values[index].tolist()], [np.ones(k).tolist()], stride, padding, dilation)
    except ValueError as exc:
        raise PlanError(str(exc)) from None
    norm = float(getattr(spec, "norm_type", 2.0))
    pools = tuple(_pool_window(walk, step_index, k, spec.type, norm) for step_index in range(len(walk.steps)))
    return AnimationPlan(spec.type, walk, k, (index,), pools, tuple(notes))


def _pool_window(walk: ConvWalk, k: int, size: tuple[int, int], kind: str, norm: float) -> PoolWindow:
    values = walk.inputs(k, padding_fill(kind))
    rows = tuple(tuple(values[i * size[1] : (i + 1) * size[1]]) for i in range(size[0]))
    return PoolWindow(rows, norm)


def _crop_note(full: tuple[int, ...], shown: tuple[int, ...], origin: tuple[int, int]) -> str:
    return _tr(
        "Showing the centre {0}x{1} of the {2}x{3} map (rows {4}..{5}, columns {6}..{7}), "
        "padded as if it were the whole map."
    ).format(
        shown[0],
        shown[1],
        full[0],
        full[1],
        origin[0],
        origin[0] + shown[0] - 1,
        origin[1],
        origin[1] + shown[1] - 1,
    )


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConvolutionAnimator", text)
