"""What does this channel detect? The images that excite it most, cropped to what the channel sees.

For a layer with feature maps (a convolution, a pooling layer, the ReLU after them), every channel's
strongest response to each image is its map's maximum; the top-k images of a channel are the k with the
largest maximum, and each is cropped to the receptive field (from the core) of the cell holding it: the
patch that made the channel fire (cs231n, "Visualizing what ConvNets learn"; Zeiler & Fergus 2013).

One pass computes every channel of a layer at once. The forward pass stops at the layer (a hook raises once
it has the maps), so the layers after it cost nothing, and only each channel's maximum and its position are
kept per image: ``N x C`` numbers, not the maps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from cnnstudio.core.layer_rules import ReceptiveField
from cnnstudio.core.project import Project
from cnnstudio.core.shapes import LayerReport, infer
from cnnstudio.training.insight_work import Work
from cnnstudio.training.probes import evaluating, model_device

BATCH = 256


@dataclass(frozen=True)
class MapLayer:
    """A layer whose output is feature maps: what top-k and the channel views can show."""

    path: tuple[int, ...]
    type: str
    channels: int
    map_hw: tuple[int, int]
    field: ReceptiveField

    @property
    def label(self) -> str:
        return ".".join(str(i) for i in self.path)


def map_layers(project: Project) -> list[MapLayer]:
    """Every layer (blocks' children too) whose output is (C, H, W) maps with a known receptive field."""
    found = []
    for report in infer(project.input.shape, project.layers).walk():
        if _has_maps(report):
            c, h, w = report.output_shape  # type: ignore[misc]
            found.append(MapLayer(report.path, report.type, int(c), (int(h), int(w)), report.receptive_field))
    return found


def _has_maps(report: LayerReport) -> bool:
    shape = report.output_shape
    return shape is not None and len(shape) == 3 and report.receptive_field is not None


def find_map_layer(project: Project, path: Sequence[int]) -> MapLayer:
    """The map layer at ``path``; ValueError naming the layers that have maps when it has none."""
    layers = map_layers(project)
    for layer in layers:
        if layer.path == tuple(path):
            return layer
    names = ", ".join(layer.label for layer in layers) or "none"
    raise ValueError(f"layer {'.'.join(map(str, path))} has no feature maps (layers with maps: {names})")


@dataclass(frozen=True)
class ChannelTopK:
    """Each channel's k strongest images, best first (arrays indexed [channel, rank])."""

    layer: MapLayer
    scores: np.ndarray  # (C, k) float32: the channel's maximum over its map for that image
    images: np.ndarray  # (C, k) int64: index into the image set
    cells: np.ndarray  # (C, k, 2) int64: (row, col) of the maximum in the map
    boxes: np.ndarray  # (C, k, 4) int64: input pixels (top, left, bottom, right), inclusive, clipped

    @property
    def k(self) -> int:
        return int(self.scores.shape[1])


class _Reached(Exception):
    """Raised by the hook once the layer's output is captured, to skip the rest of the forward pass."""


def layer_output(
    model: nn.Module, path: Sequence[int], x: torch.Tensor, *, before: bool = False
) -> torch.Tensor:
    """The output (``before``: the input) of the layer at ``path`` for the batch ``x``, without running the
    layers after it."""
    from cnnstudio.training.build import module_at

    captured: list[torch.Tensor] = []

    def hook(_module: nn.Module, inputs: tuple, output: torch.Tensor) -> None:
        captured.append(inputs[0] if before else output)
        raise _Reached

    handle = module_at(model, tuple(path)).register_forward_hook(hook)
    try:
        model(x)
    except _Reached:
        pass
    finally:
        handle.remove()
    if not captured:
        raise ValueError(f"layer {tuple(path)} was not reached by the forward pass")
    return captured[0]


@torch.no_grad()
def channel_maxima(
    model: nn.Module, layer: MapLayer, images: torch.Tensor, whiten=None, work: Work | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Each image's maximum per channel (N, C) and its flat position in the map (N, C), in eval mode.

    ``images`` are whitened, or 8-bit pixels with ``whiten`` applied a batch at a time."""
    work = work or Work()
    device, prepare = model_device(model), whiten or (lambda batch: batch)
    values, places = [], []
    total = max(1, images.shape[0])
    with evaluating(model):
        for start in range(0, images.shape[0], BATCH):
            work.step(start / total)
            maps = layer_output(model, layer.path, prepare(images[start : start + BATCH].to(device)))
            best, where = maps.float().flatten(2).max(dim=2)
            values.append(best.cpu())
            places.append(where.cpu())
    work.step(1.0)
    if not values:
        return torch.zeros(0, layer.channels), torch.zeros(0, layer.channels, dtype=torch.int64)
    return torch.cat(values), torch.cat(places)


def top_k(
    model: nn.Module, layer: MapLayer, images: torch.Tensor, k: int = 9, whiten=None, work: Work | None = None
) -> ChannelTopK:
    """The ``k`` images (of ``images``) that excite each channel of ``layer`` most, with their patches."""
    values, places = channel_maxima(model, layer, images, whiten, work)
    k = min(k, values.shape[0])
    scores, order = values.t().topk(k, dim=1)  # (C, k), largest first
    flat = places.t().gather(1, order)  # (C, k)
    width = layer.map_hw[1]
    cells = torch.stack((flat // width, flat % width), dim=2).numpy().astype(np.int64)
    input_hw = tuple(int(s) for s in images.shape[-2:])
    boxes = np.array(
        [[layer.field.region(int(r), int(c), input_hw) for r, c in row] for row in cells], dtype=np.int64
    ).reshape(layer.channels, k, 4)
    return ChannelTopK(layer, scores.numpy().astype(np.float32), order.numpy().astype(np.int64), cells, boxes)


def crop(image: np.ndarray, box: Sequence[int]) -> np.ndarray:
    """The (C, h, w) patch of a (C, H, W) image inside ``box`` (top, left, bottom, right), inclusive."""
    top, left, bottom, right = (int(v) for v in box)
    return image[:, top : bottom + 1, left : right + 1]
