"""Feature space: where the validation images sit in a layer's features, in two dimensions (issue 16.2).

A layer's output for each image is its feature vector (a map layer's channels averaged over the map, so a
32 x 16 x 16 layer gives 32 numbers per image and not 8,192; a dense layer's outputs as they are). PCA
(the two directions of largest variance: linear, exact, instant) and t-SNE (neighbours stay neighbours:
classes that the layer separates fall into clusters) bring them to 2-D. Both come from scikit-learn, the
field's maintained implementation; t-SNE is seeded, so the same run gives the same picture. The points
keep each image's class, the model's prediction and its index, so a view can colour them by class or by
right and wrong and show the image behind a point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from cnnstudio.training.insight_store import cached, split_images, split_labels
from cnnstudio.training.insight_topk import layer_output
from cnnstudio.training.insight_work import Work
from cnnstudio.training.probes import evaluating, model_device, predict
from cnnstudio.training.trained_run import RunFolderError, TrainedRun

METHODS = ("pca", "tsne")
MAX_POINTS = 1000  # t-SNE of 1,000 points takes a few seconds on two cores
BATCH = 256
TSNE_STEPS = 500


@dataclass(frozen=True)
class FeatureSpace:
    method: str
    layer: tuple[int, ...]
    points: np.ndarray  # (N, 2) float32
    indices: np.ndarray  # (N,) int64: image index in the split
    labels: np.ndarray  # (N,) int64 true class
    probabilities: np.ndarray  # (N, classes) softmax of the run's model
    split: str

    @property
    def predicted(self) -> np.ndarray:
        return self.probabilities.argmax(axis=1)

    @property
    def right(self) -> np.ndarray:
        return self.labels == self.predicted

    def top_k(self, row: int, k: int = 5) -> list[tuple[int, float]]:
        from cnnstudio.training.insight_drill import top_classes

        return top_classes(self.probabilities[row], k)


@torch.no_grad()
def features(model, path, images: torch.Tensor, whiten, work: Work | None = None) -> np.ndarray:
    """(N, D) float32: the layer's output per image, a map layer's channels averaged over the map."""
    work, device, parts = work or Work(), model_device(model), []
    with evaluating(model):
        for start in range(0, images.shape[0], BATCH):
            work.step(start / max(1, images.shape[0]))
            out = layer_output(model, path, whiten(images[start : start + BATCH].to(device))).float()
            parts.append((out.mean(dim=(2, 3)) if out.dim() == 4 else out.flatten(1)).cpu())
    return torch.cat(parts).numpy() if parts else np.zeros((0, 0), np.float32)


def align(points: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """``points`` (N, 2) turned, mirrored and scaled as a whole to lie closest to ``reference`` (N, 2):
    orthogonal Procrustes (Schoenemann 1966). Why: PCA's axes have no sign and t-SNE's picture no
    orientation, so two epochs' pictures of nearly the same features can come out mirrored or turned;
    aligned, the epoch replay shows the points move, and the distances between them (all that either
    method means) are unchanged."""
    a = np.asarray(points, np.float64)
    b = np.asarray(reference, np.float64)
    a_mean, b_mean = a.mean(axis=0), b.mean(axis=0)
    a0, b0 = a - a_mean, b - b_mean
    u, sigma, vt = np.linalg.svd(a0.T @ b0)
    norm = float((a0**2).sum())
    scale = float(sigma.sum()) / norm if norm > 0 else 1.0
    return (a0 @ (u @ vt) * scale + b_mean).astype(np.float32)


def project_2d(vectors: np.ndarray, method: str, seed: int = 0) -> np.ndarray:
    """(N, 2) float32 coordinates of the (N, D) vectors by PCA or t-SNE."""
    if method not in METHODS:
        raise ValueError(f"unknown projection {method!r}; choose one of {', '.join(METHODS)}")
    from threadpoolctl import threadpool_limits  # comes with scikit-learn

    x = np.asarray(vectors, np.float64)
    if x.shape[1] < 2:  # a single feature: lay it on the x axis
        x = np.hstack([x, np.zeros((x.shape[0], 2 - x.shape[1]))])
    if method == "pca":
        from sklearn.decomposition import PCA

        with threadpool_limits(1):
            return PCA(n_components=2, random_state=seed).fit_transform(x).astype(np.float32)
    from sklearn.manifold import TSNE

    perplexity = float(min(30.0, max(2.0, (x.shape[0] - 1) / 3)))
    # 500 iterations instead of scikit-learn's 1,000: the clusters have settled by then (the rest polishes
    # distances within them), and 1,000 points take half the time (issue 16: <= 5 s on two cores).
    tsne = TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=seed, max_iter=TSNE_STEPS)
    # One thread: beside torch's own thread pool (and a training run), scikit-learn's OpenMP threads fought
    # for the two cores and took 14 s for 120 points instead of 0.2 s.
    with threadpool_limits(1):
        return tsne.fit_transform(x).astype(np.float32)


def run_feature_space(run: TrainedRun, path: tuple[int, ...], method: str = "pca", split: str = "validation",
                      work: Work | None = None) -> FeatureSpace:  # fmt: skip
    """The run's ``split`` images (at most MAX_POINTS) in layer ``path``'s features, by ``method`` (cached)."""
    model = run.model()
    if model is None:
        raise RunFolderError(f"{run.folder}: the run kept no weights to look inside")
    work = work or Work()
    images = split_images(run, split)[:MAX_POINTS]
    labels = split_labels(run, split)[:MAX_POINTS].numpy().astype(np.int64)
    label = ".".join(map(str, path))

    def compute() -> dict[str, np.ndarray]:
        data = run.data()
        vectors = features(
            model, path, images, data.whiten, Work(lambda f: work.progress(0.3 * f), work.cancel)
        )
        work.step(0.3)
        probabilities = predict(model, images, BATCH, data.whiten)
        return {"points": project_2d(vectors, method), "probabilities": probabilities}

    saved = cached(run, f"features-{label}-{method}-{split}", compute)
    work.step(1.0)
    return FeatureSpace(method, tuple(path), saved["points"], np.arange(len(labels), dtype=np.int64), labels,
                        saved["probabilities"], split)  # fmt: skip
