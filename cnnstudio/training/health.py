"""Training health measured while a run trains (issue 16.3): what ``core.health`` records, at a bounded cost.

Why sampled batches: the statistics need the weights before each step, the gradients, and a forward hook on
every ReLU, which would slow every batch. So the engine measures ``SAMPLES`` batches per epoch, spread
evenly from its first (a run that diverges at once still has one) to its last, and on the others does
nothing but ask :meth:`HealthCollector.sample` whether the batch is one of them. The figures stay on the
training device until the epoch ends (one read then), except the histograms, made on the epoch's last
sampled batch. The cost, measured against a run without them, is in benchmarks/health_cost.py.

What is measured on a sampled batch, after the optimiser's step (so the gradients are those it used, after
clipping when clipping is on):
- per layer with weights (conv, linear: ``weight`` of two or more dimensions), the L2 norm of the weight's
  gradient, and the update-to-weight ratio ``|w_after - w_before| / |w_before|``: the whole step the
  optimiser took (``lr * dW`` for plain SGD, with momentum or Adam's scaling otherwise), as cs231n
  measures it against its rule of thumb of about 1e-3;
- per ReLU, which units gave a positive output for some image of the batch (a unit is a channel of a map:
  one filter; or a feature of a vector); a unit positive for no image of any sampled batch is dead.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from cnnstudio.core import specs as S
from cnnstudio.core.errors import ProjectSaveError
from cnnstudio.core.health import (
    BINS,
    HEALTH_FILE,
    EpochHealth,
    HealthRecord,
    Histogram,
    LayerHealth,
    ReluHealth,
)

SAMPLES = 4  # sampled batches per epoch
RELU_TYPES = ("relu", "relu6")


def histogram(values: torch.Tensor, bins: int = BINS) -> Histogram:
    """``bins`` equal bins over [-m, m], m the largest finite magnitude (torch.histc, whose last bin
    includes m, as numpy.histogram's does); inf and NaN counted apart."""
    flat = values.detach().float().flatten()
    finite = torch.isfinite(flat)
    nonfinite = int(flat.numel() - finite.sum())
    if nonfinite:
        flat = flat[finite]
    limit = float(flat.abs().max()) if flat.numel() else 0.0
    if limit == 0.0:  # all zeros (or none): one bin in the middle holds them
        counts = [0] * bins
        counts[bins // 2] = int(flat.numel())
        return Histogram(tuple(counts), 0.0, nonfinite)
    counts = torch.histc(flat, bins=bins, min=-limit, max=limit)
    return Histogram(tuple(int(c) for c in counts.tolist()), limit, nonfinite)


def dead_units(output: torch.Tensor) -> torch.Tensor:
    """Which units of a ReLU's batch output (N, C, H, W) or (N, F) were zero for every image: (C,) or (F,)."""
    fired = output.detach() > 0
    if fired.dim() > 2:
        fired = fired.flatten(2).any(dim=2)
    return ~fired.any(dim=0)


@dataclass(frozen=True)
class _Watched:
    path: tuple[int, ...]
    type: str
    module: nn.Module


class HealthCollector:
    """Measures an epoch's health on its sampled batches: ``with collector.sample(batch, batches): step``
    around every optimiser step, then ``collector.end_epoch(epoch)`` once the epoch's batches are done."""

    def __init__(self, model: nn.Module, layers: Sequence[S.LayerSpec], samples: int = SAMPLES) -> None:
        from cnnstudio.training.build import module_at

        self.samples = samples
        self.weighted: list[_Watched] = []
        self.relus: list[_Watched] = []
        for path, spec in S.walk(layers):
            module = module_at(model, path)
            weight = getattr(module, "weight", None)
            if isinstance(weight, nn.Parameter) and weight.dim() >= 2 and weight.requires_grad:
                self.weighted.append(_Watched(path, spec.type, module))
            elif spec.type in RELU_TYPES:
                self.relus.append(_Watched(path, spec.type, module))
        self._reset()

    def _reset(self) -> None:
        self.batches = self.images = 0
        self._grad_norms: torch.Tensor | None = None  # (layers,) sums over the sampled batches
        self._ratios: torch.Tensor | None = None
        self._weight_norms: torch.Tensor | None = None
        self._dead: list[torch.Tensor | None] = [None] * len(self.relus)  # AND over the sampled batches
        self._histograms: list[tuple[Histogram, Histogram]] = []

    def due(self, batch: int, batches: int) -> bool:
        """Whether batch ``batch`` (1-based) of ``batches`` is sampled: SAMPLES of them, evenly from the
        first to the last."""
        n = min(self.samples, batches)
        if n <= 1:
            return batch == 1
        return any(batch == 1 + (k * (batches - 1)) // (n - 1) for k in range(n))

    def sample(self, batch: int, batches: int, images: int) -> contextlib.AbstractContextManager:
        """A context around one optimiser step on ``images`` images: measures it when the batch is
        sampled, else does nothing."""
        if not self.due(batch, batches):
            return contextlib.nullcontext()
        last = batches if min(self.samples, batches) > 1 else 1
        return self._measure(images, last=batch == last)

    @contextlib.contextmanager
    def _measure(self, images: int, last: bool) -> Iterator[None]:
        weights = [w.module.weight for w in self.weighted]
        before = [w.detach().clone() for w in weights]
        handles = [w.module.register_forward_hook(self._relu_hook(i)) for i, w in enumerate(self.relus)]
        try:
            yield
        finally:
            for handle in handles:
                handle.remove()
        with torch.no_grad():
            self._add_step(weights, before)
            if last:
                self._histograms = [(histogram(w), histogram(_grad(w))) for w in weights]
        self.images += images

    def _relu_hook(self, index: int):
        def hook(_module: nn.Module, _inputs: tuple, output: torch.Tensor) -> None:
            dead = dead_units(output)
            kept = self._dead[index]
            self._dead[index] = dead if kept is None else kept & dead

        return hook

    def _add_step(self, weights: list[nn.Parameter], before: list[torch.Tensor]) -> None:
        if not weights:
            self.batches += 1
            return
        grads = torch.stack([torch.linalg.vector_norm(_grad(w)) for w in weights])
        norms = torch.stack([torch.linalg.vector_norm(b) for b in before])
        steps = torch.stack([torch.linalg.vector_norm(w.detach() - b) for w, b in zip(weights, before)])
        ratios = steps / norms.clamp_min(torch.finfo(norms.dtype).tiny)
        if self._grad_norms is None:
            self._grad_norms, self._ratios, self._weight_norms = grads, ratios, norms
        else:
            self._grad_norms = self._grad_norms + grads
            self._ratios = self._ratios + ratios
            self._weight_norms = self._weight_norms + norms
        self.batches += 1

    def end_epoch(self, epoch: int, partial: bool = False) -> EpochHealth | None:
        """The epoch's health (None when no batch of it was sampled), and a fresh start for the next."""
        if self.batches == 0:
            self._reset()
            return None
        n = self.batches
        layers: list[LayerHealth] = []
        if self._grad_norms is not None:
            figures = torch.stack([self._grad_norms, self._weight_norms, self._ratios]).cpu() / n
            histograms = self._histograms or [  # a partial epoch: the weights and gradients as they are
                (histogram(w.module.weight), histogram(_grad(w.module.weight))) for w in self.weighted
            ]
            for i, (watched, (weights, gradients)) in enumerate(zip(self.weighted, histograms)):
                grad_norm, weight_norm, ratio = (float(v) for v in figures[:, i])
                layers.append(
                    LayerHealth(watched.path, watched.type, grad_norm, weight_norm, ratio, weights, gradients)
                )
        relus = []
        for watched, dead in zip(self.relus, self._dead):
            if dead is not None:
                relus.append(ReluHealth(watched.path, int(dead.numel()), float(dead.float().mean())))
        health = EpochHealth(
            epoch=epoch, sampled_batches=n, sampled_images=self.images,
            layers=tuple(layers), relus=tuple(relus), partial=partial,
        )  # fmt: skip
        self._reset()
        return health


def _grad(weight: nn.Parameter) -> torch.Tensor:
    """The weight's gradient, zeros when it has none (a layer the loss does not reach)."""
    return weight.grad if weight.grad is not None else torch.zeros_like(weight)


class RunHealth:
    """A run's health: the collector (None when the run measures none) and the record it keeps in the run
    folder's ``health.json`` after every epoch. A resumed run keeps the epochs it resumes after."""

    def __init__(
        self, model: nn.Module, layers: Sequence[S.LayerSpec], folder: Path | None, done_epochs: int = 0,
        enabled: bool = True,
    ) -> None:  # fmt: skip
        self.collector = HealthCollector(model, layers) if enabled else None
        self.folder, self.record = folder, HealthRecord()
        if enabled and folder is not None and done_epochs and (folder / HEALTH_FILE).is_file():
            with contextlib.suppress(ValueError):  # a damaged record: the resumed run starts a new one
                self.record = HealthRecord.load(folder / HEALTH_FILE)
                self.record.truncate(done_epochs)

    def sample(self, batch: int, batches: int, images: int) -> contextlib.AbstractContextManager:
        if self.collector is None:
            return contextlib.nullcontext()
        return self.collector.sample(batch, batches, images)

    def end_epoch(self, epoch: int, partial: bool = False) -> EpochHealth | None:
        """The epoch's health, kept in the record and its file; None when nothing was measured."""
        health = None if self.collector is None else self.collector.end_epoch(epoch, partial)
        if health is None:
            return None
        self.record.add(health)
        if self.folder is not None:
            with contextlib.suppress(OSError, ProjectSaveError):  # a full disk: history.json says it
                self.record.save(self.folder / HEALTH_FILE)
        return health
