"""Top-k patches for every channel of a layer over the default project's 800 validation images (issue 16).

Goal: <= 2 s on this 2-core CPU, and <= 3x one plain forward pass of the whole network over the same images
(the baseline, measured in the same process just before, with the same batch size, eval mode, no gradient).
The top-k pass stops at the layer, so a deep layer costs about the plain pass and an early one less.
The weights do not change the cost: a freshly built model of the default project stands in for a trained one.
"""

from __future__ import annotations

import time

import torch
from _report import report

from cnnstudio.core.templates import default_project
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training.build import build_model
from cnnstudio.training.datasets import load_dataset
from cnnstudio.training.insight_topk import BATCH, find_map_layer, map_layers, top_k
from cnnstudio.training.probes import predict


def best_of(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)  # the least disturbed run on a shared machine


def main() -> None:
    project = default_project()
    seed = TrainingSettings.from_dict(project.training).seed
    data = load_dataset(project.dataset, project.input.shape, seed)
    torch.manual_seed(0)
    model = build_model(project).eval()
    images = data.val_x
    deepest = map_layers(project)[-1]
    print(f"{images.shape[0]} validation images {tuple(images.shape[1:])}, threads {torch.get_num_threads()}")
    plain = best_of(5, lambda: predict(model, images, BATCH, data.whiten))
    print(f"plain forward pass of the whole network: {plain * 1000:.0f} ms")
    for layer in (find_map_layer(project, (0,)), deepest):
        seconds = best_of(5, lambda layer=layer: top_k(model, layer, images, 9, whiten=data.whiten))
        ratio = seconds / plain
        name = f"layer {layer.label} ({layer.type}, {layer.channels} channels)"
        print(f"top-9 of every channel, {name}: {seconds * 1000:.0f} ms = {ratio:.2f}x the plain pass")
        report(
            f"top-k patches, every channel of layer {layer.label} ({layer.type}), 800 images",
            seconds, "s", "<= 2 s and <= 3x a plain forward pass", seconds <= 2.0 and ratio <= 3.0,
            baseline=f"plain forward pass {plain * 1000:.0f} ms", ratio=ratio,
        )  # fmt: skip


if __name__ == "__main__":
    main()
