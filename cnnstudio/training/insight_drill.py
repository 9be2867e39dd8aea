"""Confusion-matrix drill-down: the test images behind one cell, each with its top-5 and Grad-CAM.

The Results tab's matrix counts the whole test split (validation when there is none), as measured when the
run ended. A cell (true class t, predicted class p) is drilled into by predicting that split again with the
run's model, once, and keeping every image whose label is t and whose arg-max is p: exactly the images the
cell counts. The predictions are kept in the run folder (``insight/predictions-<split>.npz``), so a second
cell costs only its Grad-CAMs, computed for the predicted class on the network's last feature maps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from cnnstudio.training.insight_store import cached, split_images, split_labels
from cnnstudio.training.insight_topk import map_layers
from cnnstudio.training.insight_work import Work
from cnnstudio.training.probes import grad_cam, predict
from cnnstudio.training.trained_run import RunFolderError, TrainedRun

SHOWN = 48  # Grad-CAMs computed for at most this many images of a cell (the count is always the whole cell)


@dataclass(frozen=True)
class CellImages:
    true_class: int
    predicted_class: int
    split: str
    indices: np.ndarray  # (n,) int64: every image of the cell, by its index in the split
    images: np.ndarray  # (m, C, H, W) float32 in [0, 1]: the first m <= SHOWN of them
    probabilities: np.ndarray  # (m, classes) softmax
    cams: np.ndarray  # (m, H, W) float32 in [0, 1]: Grad-CAM for the predicted class
    cam_layer: tuple[int, ...] | None  # the layer whose maps Grad-CAM weighs (None: the network has none)

    def top_k(self, row: int, k: int = 5) -> list[tuple[int, float]]:
        return top_classes(self.probabilities[row], k)


def top_classes(probabilities: np.ndarray, k: int = 5) -> list[tuple[int, float]]:
    """The ``k`` most probable classes of one image's softmax, best first, as (class, probability)."""
    order = np.argsort(probabilities)[::-1][:k]
    return [(int(i), float(probabilities[i])) for i in order]


def results_split(run: TrainedRun) -> str:
    """The split the run's confusion matrix counts: test, or validation when the set has no test split."""
    results = run.results()
    if results is not None:
        return results.split
    return "test" if run.data().test_x.shape[0] else "validation"


def predictions(run: TrainedRun, split: str, work: Work | None = None) -> np.ndarray:
    """Softmax probabilities (N, classes) of the run's model for every image of ``split`` (cached)."""
    model = run.model()
    if model is None:
        raise RunFolderError(f"{run.folder}: the run kept no weights to predict with")
    images, work = split_images(run, split), work or Work()

    def compute() -> dict[str, np.ndarray]:
        parts = []
        for start in range(0, images.shape[0], 512):
            work.step(0.5 * start / max(1, images.shape[0]))
            parts.append(predict(model, images[start : start + 512], 512, run.data().whiten))
        return {"probabilities": np.concatenate(parts) if parts else np.zeros((0, 0), np.float32)}

    return cached(run, f"predictions-{split}", compute)["probabilities"]


def cell_images(
    run: TrainedRun, true_class: int, predicted_class: int, work: Work | None = None
) -> CellImages:
    """The images of confusion-matrix cell (``true_class``, ``predicted_class``), with top-5 and Grad-CAM."""
    work = work or Work()
    split = results_split(run)
    probabilities = predictions(run, split, work)
    labels = split_labels(run, split).numpy()
    indices = np.flatnonzero((labels == true_class) & (probabilities.argmax(axis=1) == predicted_class))
    shown = indices[:SHOWN]
    pixels = split_images(run, split)[torch.from_numpy(shown)]
    model, project, data = run.model(), run.network(), run.data()
    layers = map_layers(project) if project is not None else []
    cam_layer = layers[-1].path if layers else None
    cams = []
    for n in range(len(shown)):
        work.step(0.5 + 0.5 * n / max(1, len(shown)))
        if cam_layer is not None:
            cams.append(grad_cam(model, data.whiten(pixels[n]), predicted_class, cam_layer))
    work.step(1.0)
    size = tuple(pixels.shape[-2:])
    return CellImages(
        true_class, predicted_class, split, indices.astype(np.int64),
        pixels.numpy().astype(np.float32) / 255.0, probabilities[shown],
        np.stack(cams) if cams else np.zeros((len(shown), *size), np.float32), cam_layer,
    )  # fmt: skip
