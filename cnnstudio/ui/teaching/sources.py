"""Where the teaching tools get their numbers: the probe snapshot, the model's weights, or an example.

The tools must work in the first lesson, before anything was trained, and on the real model afterwards, so
every map they show comes through here with a note that tells the class what they are looking at. Nothing
here computes a size (shapes come from the core's report, windows from ``core.window_math``) and nothing
here touches torch: models, their filters and their inputs are ``training.lesson_models``' work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from cnnstudio.core.project import Project
from cnnstudio.training.events import ProbeSnapshot

SnapshotSource = Callable[[], "ProbeSnapshot | None"]
# (layer path, output channel) -> that filter's kernel (C_in / groups, kh, kw), or (kernel, bias), or None
WeightsSource = Callable[[tuple[int, ...], int], "np.ndarray | tuple[np.ndarray, float] | None"]

MAX_CELLS = 16  # a side of more cells than this is cropped: numbers must stay readable on a projector
WINDOW_TYPES = ("conv2d", "maxpool2d", "avgpool2d", "lppool2d")
POOL_TYPES = ("maxpool2d", "avgpool2d", "lppool2d")

# A hand-drawn "7": a horizontal bar and a slanted stroke give edge detectors something to find, and the
# half-tone rims make the window sums differ from cell to cell.
_SEVEN = (
    "............",
    "............",
    ".+########+.",
    ".+########+.",
    "........+##.",
    ".......+##+.",
    "......+##+..",
    ".....+##+...",
    "....+##+....",
    "....+##.....",
    "....+##.....",
    "............",
)
EXAMPLE_IMAGE = np.array(
    [[{".": 0.0, "+": 0.5, "#": 1.0}[ch] for ch in row] for row in _SEVEN], dtype=np.float32
)[None]


def map_entering(
    project: Project, path: tuple[int, ...], snapshot: ProbeSnapshot | None
) -> np.ndarray | None:
    """The activation the layer at ``path`` receives for the probe image, or None if the snapshot lacks it.

    A block's first child receives the block's input; the network's first layer receives the probe image
    (as people see it, before the dataset's normalisation). Maps of another shape than the core expects come
    from an older network (edited since the snapshot) and are refused.
    """
    if snapshot is None:
        return None
    expected = project.report.find(path).input_shape
    values = _entering(path, snapshot)
    if values is None or expected is None or tuple(values.shape) != tuple(expected):
        return None
    return values


def _entering(path: tuple[int, ...], snapshot: ProbeSnapshot) -> np.ndarray | None:
    if path[-1] > 0:
        return snapshot.activations.get((*path[:-1], path[-1] - 1))
    if len(path) == 1:
        return snapshot.image
    return _entering(path[:-2], snapshot)


def pooling_input(
    project: Project, path: tuple[int, ...], snapshot: ProbeSnapshot | None
) -> np.ndarray | None:
    """What a pooling layer received: the probe's own record of it when there is one."""
    if snapshot is not None:
        expected = project.report.find(path).input_shape
        for pooled in snapshot.pooling:
            if pooled.path == path and expected is not None and tuple(pooled.input.shape) == tuple(expected):
                return pooled.input
    return map_entering(project, path, snapshot)


def crop(values: np.ndarray, limit: int = MAX_CELLS) -> tuple[np.ndarray, tuple[int, int]]:
    """The centre ``limit`` x ``limit`` of a (C, H, W) map (objects sit in the middle of probe images).

    Returns the crop and its top-left corner in the full map, so that notes can say which part is shown.
    """
    _, h, w = values.shape
    top, left = max(0, (h - limit) // 2), max(0, (w - limit) // 2)
    return values[:, top : top + limit, left : left + limit], (top, left)


def illustrative_kernel(kh: int, kw: int) -> np.ndarray:
    """A vertical-edge detector of any size (Sobel for 3x3): bright left of dark gives a large output.

    Used before training, when the layer's weights are still random and would show nothing recognisable.
    """
    if (kh, kw) == (3, 3):
        return np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=np.float32)
    columns = np.linspace(1.0, -1.0, kw) if kw > 1 else np.ones(1)
    return np.tile(columns.astype(np.float32), (kh, 1))


def fetch_snapshot(source: SnapshotSource | None) -> ProbeSnapshot | None:
    """Ask the source for its latest snapshot; a failing source must not break a lesson."""
    if source is None:
        return None
    try:
        return source()
    except Exception:  # the source belongs to the trainer: any failure means "no snapshot yet"
        return None


@dataclass(frozen=True)
class Samples:
    """Images the tools may show and feed to the model (the dataset's, from the training page).

    ``to_input`` turns one display image (C, H, W) in [0, 1] into the model's input tensor (C, H, W); it
    must accept any height and width (a per-channel normalisation does), because the FC-to-conv panel feeds
    it a mosaic larger than the network's input.
    """

    images: np.ndarray  # (N, C, H, W) float32 in [0, 1]
    labels: np.ndarray  # (N,) int
    class_names: tuple[str, ...]
    to_input: Callable[[np.ndarray], Any]  # -> torch.Tensor (C, H, W)


# The training page's answer: Samples, or the plain 4-tuple (images, labels, class names, to_input), or None.
SampleSource = Callable[[], "Samples | tuple | None"]
ModelSource = Callable[[], Any]  # -> the trained torch.nn.Module, or None before training


def fetch_samples(source: SampleSource | None) -> Samples | None:
    """The source's samples as :class:`Samples`; a missing or failing source means "no samples"."""
    if source is None:
        return None
    try:
        got = source()
    except Exception:  # the source belongs to the data layer: a lesson goes on without samples
        return None
    if got is None or isinstance(got, Samples):
        return got
    images, labels, names, to_input = got
    return Samples(np.asarray(images, dtype=np.float32), np.asarray(labels), tuple(names), to_input)


def fetch_model(source: ModelSource | None) -> Any:
    """The trained model, or None before training (or when the source fails)."""
    if source is None:
        return None
    try:
        return source()
    except Exception:  # the source belongs to the trainer
        return None


def model_or_untrained(source: ModelSource | None, project: Project) -> tuple[Any, bool]:
    """The trained model and True, or the project's network with seeded untrained weights and False: the
    same untrained network every time, so a lesson before training can be repeated."""
    model = fetch_model(source)
    if model is not None:
        return model, True
    from cnnstudio.training.lesson_models import untrained_model

    return untrained_model(project), False


def model_weights(source: ModelSource) -> WeightsSource:
    """A :data:`WeightsSource` reading the conv filters of the model ``source`` gives (None before training)."""

    def weights(path: tuple[int, ...], out_channel: int) -> tuple[np.ndarray, float] | None:
        model = fetch_model(source)
        if model is None:
            return None
        from cnnstudio.training.lesson_models import conv_filter

        return conv_filter(model, path, out_channel)

    return weights
