"""A finished run's results as plain arrays, and their file in the run folder (``results.npz``).

Kept free of torch so that a reopened project shows its results (filters, predictions, top-5, confusion
matrix) and gives the teaching tools their sample images without importing torch or loading the dataset:
the arrays are measured once, when the run ends (``results.summarise``), and saved beside ``best.pt``.
Images are stored as 8-bit pictures (what a screen shows; a display image in [0, 1] loses less than
1/510 per pixel), so a 64-image sample of 3x224x224 takes under 10 MB instead of 38.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cnnstudio.core.atomic import atomic_write_bytes

RESULTS_FILE = "results.npz"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class RunResults:
    class_names: tuple[str, ...]
    filters: np.ndarray | None  # first conv layer's weights (out, in, kh, kw), float32
    filter_layer: tuple[int, ...] | None
    examples: np.ndarray  # (N, C, H, W) test images in [0, 1], as a person sees them
    labels: np.ndarray  # (N,) int64 true classes
    probabilities: np.ndarray  # (N, classes) softmax
    confusion: np.ndarray  # (classes, classes) int64 counts, rows true, columns predicted
    split: str  # "test", or "validation" when the set has no test split

    @property
    def predicted(self) -> np.ndarray:
        return self.probabilities.argmax(axis=1) if len(self.probabilities) else np.zeros(0, np.int64)

    @property
    def accuracy(self) -> float:
        total = int(self.confusion.sum())
        return float(np.trace(self.confusion)) / total if total else float("nan")

    def top_k(self, index: int, k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` most probable classes of example ``index``, best first, as (name, probability)."""
        row = self.probabilities[index]
        order = np.argsort(row)[::-1][:k]
        return [(self.class_names[i], float(row[i])) for i in order]


@dataclass(frozen=True)
class SampleImages:
    """Test images the teaching tools may show and feed to the model, with the whitening that does so."""

    images: np.ndarray  # (N, C, H, W) float32 in [0, 1]
    labels: np.ndarray  # (N,) int64
    class_names: tuple[str, ...]
    mean: tuple[float, ...]
    std: tuple[float, ...]


def _to_bytes(images: np.ndarray) -> np.ndarray:
    return np.round(np.clip(images, 0.0, 1.0) * 255.0).astype(np.uint8)


def _from_bytes(images: np.ndarray) -> np.ndarray:
    return images.astype(np.float32) / np.float32(255.0)


def save_results(folder: str | Path, results: RunResults, samples: SampleImages) -> Path:
    """Write ``results.npz`` atomically; ``results.examples`` are the first of ``samples.images``."""
    arrays: dict[str, np.ndarray] = {
        "version": np.array(FORMAT_VERSION),
        "class_names": np.array(results.class_names, dtype=str),
        "examples": _to_bytes(results.examples),
        "labels": results.labels.astype(np.int64),
        "probabilities": results.probabilities.astype(np.float32),
        "confusion": results.confusion.astype(np.int64),
        "split": np.array(results.split),
        "sample_images": _to_bytes(samples.images),
        "sample_labels": samples.labels.astype(np.int64),
        "mean": np.array(samples.mean, dtype=np.float64),
        "std": np.array(samples.std, dtype=np.float64),
    }
    if results.filters is not None and results.filter_layer is not None:
        arrays["filters"] = results.filters.astype(np.float32)
        arrays["filter_layer"] = np.array(results.filter_layer, dtype=np.int64)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    target = Path(folder) / RESULTS_FILE
    atomic_write_bytes(target, buffer.getvalue())
    return target


def load_results(folder: str | Path) -> tuple[RunResults, SampleImages] | None:
    """The results and samples saved in ``folder``; None when there are none (a run recorded before they
    were kept, or stopped before it could measure them). A damaged file raises ``ValueError``."""
    path = Path(folder) / RESULTS_FILE
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            items = {name: data[name] for name in data.files}
        if int(items["version"]) > FORMAT_VERSION:
            raise ValueError(f"written by a newer CNN Studio (version {int(items['version'])})")
        names = tuple(str(n) for n in items["class_names"])
        filters = items.get("filters")
        results = RunResults(
            class_names=names,
            filters=filters,
            filter_layer=tuple(int(i) for i in items["filter_layer"]) if filters is not None else None,
            examples=_from_bytes(items["examples"]),
            labels=items["labels"],
            probabilities=items["probabilities"],
            confusion=items["confusion"],
            split=str(items["split"]),
        )
        samples = SampleImages(
            _from_bytes(items["sample_images"]), items["sample_labels"], names,
            tuple(float(v) for v in items["mean"]), tuple(float(v) for v in items["std"]),
        )  # fmt: skip
    except (OSError, EOFError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise ValueError(f"{path}: not readable run results ({exc})") from None
    return results, samples
