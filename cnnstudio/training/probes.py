"""Looking inside the network: activations, pooling winners, saliency, Grad-CAM, predictions.

While training, the engine takes a ``ProbeSnapshot`` of one fixed image every ``probe_interval_s`` seconds
and at each epoch end: ONE extra forward pass of that single image, in eval mode and without gradients, with
forward hooks on every layer (top-level layers and the layers inside blocks, keyed by their core path).
Hooks are attached only for that pass, so the training steps in between run at full speed; and a snapshot
that turns out slow (a big network) pushes the next one further away, keeping probes under ~5% of the time.
Results are numpy float32 copies made here, on the worker side, so the GUI never holds a tensor.

The same functions serve the GUI after training: ``capture`` for the feature maps of any image,
``saliency`` and ``grad_cam`` for "where did it look", ``predict`` and ``confusion_matrix`` for results.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from cnnstudio.core import specs as S
from cnnstudio.training.events import PoolingSnapshot, ProbeSnapshot

MAX_PROBE_SHARE = 0.05  # probes may take at most this fraction of the training time


@dataclass(frozen=True)
class HookTarget:
    """A layer to watch: its core path, its type and the module built for it."""

    path: tuple[int, ...]
    type: str
    module: nn.Module


def hook_targets(model: nn.Module, layers: Sequence[S.LayerSpec]) -> list[HookTarget]:
    """Every layer of the project (blocks and their children), with the module that computes it."""
    from cnnstudio.training.build import module_at

    return [HookTarget(path, spec.type, module_at(model, path)) for path, spec in S.walk(layers)]


@contextlib.contextmanager
def evaluating(model: nn.Module) -> Iterator[None]:
    """Eval mode for the duration (BatchNorm uses its running statistics, dropout is off), then back."""
    was_training = model.training
    model.eval()
    try:
        yield
    finally:
        model.train(was_training)


def model_device(model: nn.Module) -> torch.device:
    for tensor in model.parameters():
        return tensor.device
    for tensor in model.buffers():
        return tensor.device
    return torch.device("cpu")


def _numpy(t: torch.Tensor) -> np.ndarray:
    """A float32 numpy copy (a copy: later in-place layers such as ReLU(inplace) must not change it)."""
    # contiguous: a channels_last map would give the GUI a strided array
    return t.detach().to("cpu", torch.float32).contiguous().numpy().copy()


def show_image(image: torch.Tensor, mean: Sequence[float] | None, std: Sequence[float] | None) -> np.ndarray:
    """A whitened (C, H, W) image back in [0, 1], as a person would see it."""
    x = image.detach().to("cpu", torch.float32)
    if mean is not None and std is not None:
        shape = (len(mean), 1, 1)
        x = x * torch.tensor(std).view(shape) + torch.tensor(mean).view(shape)
    return x.clamp(0.0, 1.0).numpy().copy()


def winners(kind: str, module: nn.Module, x: torch.Tensor) -> torch.Tensor | None:
    """For max pooling, the flat index into H*W of each window's maximum (as ``return_indices`` gives)."""
    if kind == "maxpool2d":
        m = module
        _, index = F.max_pool2d(
            x, m.kernel_size, m.stride, m.padding, m.dilation, ceil_mode=m.ceil_mode, return_indices=True
        )
        return index
    if kind == "adaptivemaxpool2d":
        _, index = F.adaptive_max_pool2d(x, module.output_size, return_indices=True)
        return index
    return None


@torch.no_grad()
def capture(
    model: nn.Module,
    image: torch.Tensor,
    layers: Sequence[S.LayerSpec],
    *,
    label: int = -1,
    epoch: float = 0.0,
    mean: Sequence[float] | None = None,
    std: Sequence[float] | None = None,
    targets: Sequence[HookTarget] | None = None,
) -> ProbeSnapshot:
    """Every layer's output for one whitened (C, H, W) ``image``, pooling inputs/outputs/winners included."""
    targets = hook_targets(model, layers) if targets is None else targets
    outputs: dict[tuple[int, ...], np.ndarray] = {}
    pooled: list[PoolingSnapshot] = []

    def hook_for(target: HookTarget):
        def hook(module: nn.Module, inputs: tuple[torch.Tensor, ...], output: torch.Tensor) -> None:
            outputs[target.path] = _numpy(output[0])
            if target.type in S.POOLING_TYPES:
                index = winners(target.type, module, inputs[0])
                pooled.append(
                    PoolingSnapshot(
                        path=target.path,
                        type=target.type,
                        input=_numpy(inputs[0][0]),
                        output=outputs[target.path],
                        winners=None if index is None else index[0].to("cpu", torch.int64).numpy(),
                    )
                )

        return hook

    handles = [t.module.register_forward_hook(hook_for(t)) for t in targets]
    try:
        with evaluating(model):
            logits = model(image.to(model_device(model))[None])
    finally:
        for handle in handles:
            handle.remove()
    probabilities = _numpy(torch.softmax(logits.float().flatten(1), dim=1)[0])
    return ProbeSnapshot(
        epoch=float(epoch),
        image=show_image(image, mean, std),
        label=int(label),
        activations=outputs,
        pooling=tuple(sorted(pooled, key=lambda p: p.path)),
        probabilities=probabilities,
    )


class Prober:
    """The engine's probe: a fixed image, captured at most every ``interval_s`` and within a time budget."""

    def __init__(
        self,
        model: nn.Module,
        layers: Sequence[S.LayerSpec],
        image: torch.Tensor,
        label: int,
        mean: Sequence[float] | None,
        std: Sequence[float] | None,
        interval_s: float,
    ) -> None:
        self.model, self.layers = model, layers
        self.image = image.to(model_device(model))
        self.label, self.mean, self.std = label, mean, std
        self.interval_s = interval_s
        self.targets = hook_targets(model, layers)
        self.next_due = time.perf_counter() + interval_s

    def due(self, now: float) -> bool:
        return now >= self.next_due

    def take(self, epoch: float) -> ProbeSnapshot:
        """Capture now; the next one waits ``interval_s`` or 1/MAX_PROBE_SHARE times this one's cost."""
        start = time.perf_counter()
        snapshot = capture(
            self.model, self.image, self.layers, label=self.label, epoch=epoch,
            mean=self.mean, std=self.std, targets=self.targets,
        )  # fmt: skip
        now = time.perf_counter()
        self.next_due = now + max(self.interval_s, (now - start) / MAX_PROBE_SHARE)
        return snapshot


# -- after training -------------------------------------------------------------------------------------------
def _normalise(heat: torch.Tensor) -> np.ndarray:
    heat = heat.detach().float()
    low, high = heat.min(), heat.max()
    scaled = (heat - low) / (high - low) if float(high - low) > 0 else torch.zeros_like(heat)
    return scaled.to("cpu").numpy().astype(np.float32)


def _target(logits: torch.Tensor, target: int | None) -> int:
    return int(logits[0].argmax()) if target is None else int(target)


def saliency(model: nn.Module, image: torch.Tensor, target: int | None = None) -> np.ndarray:
    """Vanilla gradient saliency: |d score[target] / d pixel|, max over channels, scaled to [0, 1] (H, W).

    ``target`` None means the predicted class. Parameter gradients are left untouched.
    """
    x = image.to(model_device(model))[None].clone().requires_grad_(True)
    with evaluating(model), torch.enable_grad():
        logits = model(x)
        (grad,) = torch.autograd.grad(logits[0, _target(logits, target)], x)
    return _normalise(grad[0].abs().amax(dim=0))


def grad_cam(
    model: nn.Module, image: torch.Tensor, target: int | None, layer_path: Sequence[int]
) -> np.ndarray:
    """Grad-CAM (Selvaraju et al. 2017) for the feature maps of ``layer_path``: (H, W) in [0, 1].

    Each map is weighted by the mean gradient of the target score over it; the positive part of the sum is
    upsampled to the image's size.
    """
    from cnnstudio.training.build import module_at

    store: dict[str, torch.Tensor] = {}
    handle = module_at(model, tuple(layer_path)).register_forward_hook(
        lambda _m, _i, out: store.__setitem__("maps", out)
    )
    try:
        with evaluating(model), torch.enable_grad():
            logits = model(image.to(model_device(model))[None])
            maps = store["maps"]
            if maps.dim() != 4:
                raise ValueError(
                    f"layer {tuple(layer_path)} gives a flat vector; Grad-CAM needs feature maps"
                )
            (grad,) = torch.autograd.grad(logits[0, _target(logits, target)], maps)
    finally:
        handle.remove()
    weights = grad.mean(dim=(2, 3), keepdim=True)
    cam = F.relu((weights * maps.detach()).sum(dim=1, keepdim=True))
    cam = F.interpolate(cam, size=tuple(image.shape[-2:]), mode="bilinear", align_corners=False)
    return _normalise(cam[0, 0])


@torch.no_grad()
def predict(
    model: nn.Module,
    x: torch.Tensor,
    batch_size: int = 1024,
    inputs: Callable[[torch.Tensor], torch.Tensor] | None = None,
) -> np.ndarray:
    """Softmax probabilities (N, classes) for images ``x`` (N, C, H, W), in eval mode.

    ``x`` is whitened, or 8-bit pixels with ``inputs`` (``DataSplits.whiten``), applied a batch at a time
    so that a whole split is never held as floats.
    """
    device = model_device(model)
    prepare = inputs or (lambda batch: batch)
    with evaluating(model):
        parts = [
            torch.softmax(model(prepare(x[i : i + batch_size].to(device))).float(), dim=1).cpu()
            for i in range(0, x.shape[0], batch_size)
        ]
    return torch.cat(parts).numpy() if parts else np.zeros((0, 0), np.float32)


@torch.no_grad()
def confusion_matrix(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    num_classes: int,
    batch_size: int = 1024,
    inputs: Callable[[torch.Tensor], torch.Tensor] | None = None,
) -> np.ndarray:
    """(true class, predicted class) counts, int64 (num_classes, num_classes); ``inputs`` as in predict."""
    if x.shape[0]:
        predicted = torch.from_numpy(predict(model, x, batch_size, inputs).argmax(axis=1))
    else:
        predicted = y[:0]
    pairs = y.cpu().long() * num_classes + predicted.long()
    counts = torch.bincount(pairs, minlength=num_classes * num_classes)
    return counts.view(num_classes, num_classes).numpy().astype(np.int64)
