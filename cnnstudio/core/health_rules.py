"""Plain-language warnings about a run's training health (issue 16.3), from its per-epoch figures.

The rules follow the course (text 003: vanishing and exploding gradients, initialisation) and cs231n's
rule of thumb that one step should change a layer's weights by about 1e-3 of their size. Each rule looks at
one epoch (and, for growth, at the run's first epoch) and gives at most one warning, naming the worst
layer; the thresholds are far from healthy values, so a healthy run shows none:

- vanishing: an earlier layer's gradient norm is ``VANISHING`` (1000) or more times smaller than a later
  layer's (the gradient shrinks on its way back to the input), or no gradient reaches a layer at all;
- exploding: a gradient is infinite or NaN, a layer's gradient norm grew ``GROWTH`` (100) times since the
  first epoch, or one step changes a layer's weights by more than their own size (ratio >= 1);
- update too large: ratio >= ``HIGH_RATIO`` (0.1, a hundred times the rule of thumb): lower the rate;
- update too small: ratio <= ``LOW_RATIO`` (1e-5): the layer hardly learns, raise the rate;
- dead ReLUs: ``DEAD_SHARE`` (half) or more of a ReLU's units never fired on the epoch's sampled images.

The window words them in its language from the fields; ``text`` is the English, for logs and tests.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cnnstudio.core.health import EpochHealth, LayerHealth

VANISHING = 1000.0
GROWTH = 100.0
HIGH_RATIO = 0.1
LOW_RATIO = 1e-5
EXPLODING_RATIO = 1.0
DEAD_SHARE = 0.5
KINDS = ("exploding", "vanishing", "no_gradient", "update_high", "update_low", "dead_relu")


@dataclass(frozen=True)
class HealthWarning:
    """``kind`` (one of KINDS) at ``layer`` (a path); ``other``: the layer compared with; ``value``: the
    figure that is off (a ratio of norms, an update ratio, a dead share or a growth factor)."""

    kind: str
    layer: tuple[int, ...]
    value: float
    other: tuple[int, ...] | None = None
    cause: str = ""  # exploding: "nonfinite", "growth" or "update"

    @property
    def text(self) -> str:
        layer, other = _name(self.layer), _name(self.other or ())
        if self.kind == "vanishing":
            return (f"The gradients of {layer} are {self.value:,.0f} times smaller than those of {other}: "
                    "they vanish on their way back to the input.")  # fmt: skip
        if self.kind == "no_gradient":
            return f"No gradient reaches {layer}: its weights have stopped learning."
        if self.kind == "exploding" and self.cause == "nonfinite":
            return (
                f"The gradients of {layer} are infinite or NaN: they have exploded. Lower the learning rate."
            )
        if self.kind == "exploding" and self.cause == "growth":
            return (f"The gradients of {layer} grew {self.value:,.0f} times since the first epoch: they are "
                    "exploding. Lower the learning rate or clip the gradients.")  # fmt: skip
        if self.kind == "exploding":
            return (f"Each step changes the weights of {layer} by {self.value:.3g} times their size: the "
                    "gradients are exploding. Lower the learning rate.")  # fmt: skip
        if self.kind == "update_high":
            return (f"The update/weight ratio of {layer} is {self.value:.2g}, far above ~1e-3: lower the "
                    "learning rate.")  # fmt: skip
        if self.kind == "update_low":
            return (f"The update/weight ratio of {layer} is {self.value:.2g}, far below ~1e-3: it hardly "
                    "learns; raise the learning rate.")  # fmt: skip
        return (f"{self.value:.0%} of the units of {layer} never fire (dead ReLUs): lower the learning rate, "
                "or try LeakyReLU or He initialisation.")  # fmt: skip


def health_warnings(epochs: Sequence[EpochHealth], index: int = -1) -> list[HealthWarning]:
    """The warnings for epoch ``epochs[index]`` (the run's first epoch is the growth baseline), most
    serious first; none for an empty record."""
    if not epochs:
        return []
    epoch, first = epochs[index], epochs[0]
    found = [
        _exploding(epoch.layers, first.layers),
        _vanishing(epoch.layers),
        _update(epoch.layers),
        _dead(epoch),
    ]
    warnings = [w for group in found for w in group]
    return sorted(warnings, key=lambda w: KINDS.index(w.kind))


def run_warnings(epochs: Sequence[EpochHealth], index: int = -1) -> list[tuple[int, HealthWarning]]:
    """(epoch, warning) pairs for a view of epoch ``epochs[index]``: that epoch's warnings, then each kind
    seen in an earlier epoch but not in this one, at the epoch it first appeared (a run whose gradients
    exploded in epoch 1 and then died still says so in its last epoch)."""
    if not epochs:
        return []
    index %= len(epochs)
    now = [(epochs[index].epoch, w) for w in health_warnings(epochs, index)]
    kinds = {w.kind for _, w in now}
    earlier = []
    for i in range(index):
        for warning in health_warnings(epochs, i):
            if warning.kind not in kinds:
                kinds.add(warning.kind)
                earlier.append((epochs[i].epoch, warning))
    return now + earlier


def _exploding(layers: Sequence[LayerHealth], first: Sequence[LayerHealth]) -> list[HealthWarning]:
    broken = [layer for layer in layers if layer.gradients.nonfinite or not math.isfinite(layer.grad_norm)]
    if broken:
        return [HealthWarning("exploding", broken[0].path, math.inf, cause="nonfinite")]
    start = {layer.path: layer.grad_norm for layer in first}
    growth = [(layer.grad_norm / start[layer.path], layer) for layer in layers
              if start.get(layer.path, 0) > 0 and layer.grad_norm > 0]  # fmt: skip
    if growth and max(growth, key=_first)[0] >= GROWTH:
        factor, layer = max(growth, key=_first)
        return [HealthWarning("exploding", layer.path, factor, cause="growth")]
    ratios = [layer for layer in layers if layer.update_ratio >= EXPLODING_RATIO]
    if ratios:
        worst = max(ratios, key=lambda layer: layer.update_ratio)
        return [HealthWarning("exploding", worst.path, worst.update_ratio, cause="update")]
    return []


def _vanishing(layers: Sequence[LayerHealth]) -> list[HealthWarning]:
    """The largest ratio of a later layer's gradient norm to an earlier one's, when it is VANISHING or more;
    else a layer (the first) that no gradient reaches while others get one."""
    norms = [layer.grad_norm for layer in layers]
    if not all(math.isfinite(n) for n in norms):
        return []
    zero = [layer for layer in layers if layer.grad_norm == 0]
    if zero:
        return [HealthWarning("no_gradient", zero[0].path, 0.0)]
    best = None
    for i, early in enumerate(layers):
        for late in layers[i + 1 :]:
            ratio = late.grad_norm / early.grad_norm
            if best is None or ratio > best[0]:
                best = (ratio, early, late)
    if best is not None and best[0] >= VANISHING:
        ratio, early, late = best
        return [HealthWarning("vanishing", early.path, ratio, other=late.path)]
    return []


def _update(layers: Sequence[LayerHealth]) -> list[HealthWarning]:
    finite = [layer for layer in layers if math.isfinite(layer.update_ratio) and layer.grad_norm > 0]
    high = [layer for layer in finite if HIGH_RATIO <= layer.update_ratio < EXPLODING_RATIO]
    low = [layer for layer in finite if 0 < layer.update_ratio <= LOW_RATIO]
    warnings = []
    if high:
        worst = max(high, key=lambda layer: layer.update_ratio)
        warnings.append(HealthWarning("update_high", worst.path, worst.update_ratio))
    if low:
        worst = min(low, key=lambda layer: layer.update_ratio)
        warnings.append(HealthWarning("update_low", worst.path, worst.update_ratio))
    return warnings


def _dead(epoch: EpochHealth) -> list[HealthWarning]:
    dead = [relu for relu in epoch.relus if relu.dead_share >= DEAD_SHARE]
    if not dead:
        return []
    worst = max(dead, key=lambda relu: relu.dead_share)
    return [HealthWarning("dead_relu", worst.path, worst.dead_share)]


def _first(pair: tuple[float, LayerHealth]) -> float:
    return pair[0]


def _name(path: Sequence[int]) -> str:
    return "layer " + ".".join(str(i) for i in path)
