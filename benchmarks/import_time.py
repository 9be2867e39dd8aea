"""Import of a 200-layer network (issue 17: resnet152, <= 3 s): graph to layers, build and weights.

Baseline in the same run: torchvision constructing the same model (its weight initialisation), so that a
loaded machine shows as a ratio. The import's own self-check (a forward pass of the original and of the
imported model, which ``cnnstudio import`` runs to refuse a wrong import) is timed apart: it is two forward
passes at 224 x 224, which depend on the CPU, not on the importer.
"""

from __future__ import annotations

import time

import torch
import torchvision
from _report import report

from cnnstudio.core.specs import count_layers
from cnnstudio.training.importers.from_module import from_module


def main() -> None:
    torch.set_num_threads(2)
    start = time.perf_counter()
    model = torchvision.models.resnet152()
    construct = time.perf_counter() - start
    start = time.perf_counter()
    imported = from_module(model, (3, 224, 224), "resnet152", check=False)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    from_module(model, (3, 224, 224), "resnet152", check=True)
    checked = time.perf_counter() - start
    layers = count_layers(imported.project.layers)
    print(
        f"resnet152: {layers} layers imported in {seconds:.2f} s (with the forward self-check {checked:.2f} s);"
    )
    print(f"torchvision builds it in {construct:.2f} s in the same run")
    report("import resnet152", seconds, "s", "<= 3 s", seconds <= 3.0,
           baseline=f"torchvision constructs it: {construct:.2f} s", ratio=seconds / construct)  # fmt: skip


if __name__ == "__main__":
    main()
