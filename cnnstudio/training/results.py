"""What a finished run shows a class: first-layer filters, predictions, mistakes and the confusion matrix.

Computed once, in the training thread right after the run ends, so that predicting a few thousand test
images never freezes the window; the GUI only draws the arrays. Plain numpy out, no tensors: the result
outlives the run and must not keep a GPU buffer alive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import torch
from torch import nn

from cnnstudio.core import specs as S
from cnnstudio.training.build import module_at
from cnnstudio.training.datasets import DataSplits
from cnnstudio.training.datasets.convert import to_input
from cnnstudio.training.events import Measured
from cnnstudio.training.probes import confusion_matrix, predict
from cnnstudio.training.run_results import RunResults, SampleImages

EXAMPLES = 48  # test images shown with their predictions
SAMPLES = 64  # test images the teaching tools may use (the examples are the first of them)


def first_conv(layers: Sequence[S.LayerSpec]) -> tuple[int, ...] | None:
    """Path of the first conv layer in reading order (blocks included), whose filters see the pixels."""
    for path, spec in S.walk(layers):
        if spec.type == "conv2d":
            return path
    return None


def display_images(x: torch.Tensor) -> np.ndarray:
    """8-bit pixels (N, C, H, W) as a person sees them: float32 in [0, 1]."""
    return x.detach().to("cpu").float().div_(255.0).numpy()


def whiten_picture(
    picture: np.ndarray, shape: tuple[int, int, int], mean: Sequence[float], std: Sequence[float]
) -> torch.Tensor:
    """A picture (H, W) or (H, W, 3|4) in [0, 1] turned into the network's whitened (C, H, W) input."""
    array = np.asarray(picture, dtype=np.float32)
    if array.ndim == 2:
        array = array[..., None]
    tensor = torch.from_numpy(np.ascontiguousarray(array[..., :3].transpose(2, 0, 1)))[None]
    return whitening(mean, std)(to_input(tensor, shape)[0].numpy())


def probe_input(
    data: DataSplits, shape: tuple[int, int, int], index: int, picture: np.ndarray | None
) -> tuple[torch.Tensor, int]:
    """The whitened probe image and its label (-1 for a picture file): validation image ``index`` (the
    training split when there is no validation split), clamped to the split, or the picture."""
    if picture is not None:
        return whiten_picture(picture, shape, data.mean, data.std), -1
    x, y = (data.val_x, data.val_y) if data.val_x.shape[0] else (data.train_x, data.train_y)
    index = min(max(0, index), x.shape[0] - 1)
    return data.whiten(x[index]), int(y[index])


def summarise(
    model: nn.Module, layers: Sequence[S.LayerSpec], data: DataSplits, measured: Measured | None = None
) -> RunResults:
    """Filters, example predictions and the confusion matrix on the test split (validation if empty).

    ``measured``, the engine's final measurement of that split, already holds the confusion matrix and the
    examples' probabilities: given, nothing is predicted again (on a large split that pass took minutes)."""
    x, y, split = data.test_x, data.test_y, "test"
    if x.shape[0] == 0:
        x, y, split = data.val_x, data.val_y, "validation"
    path = first_conv(layers)
    filters = None
    if path is not None:
        filters = module_at(model, path).weight.detach().to("cpu", torch.float32).numpy().copy()
    shown = x[:EXAMPLES]
    if measured is not None and measured.split == split:
        confusion, probabilities = measured.confusion, measured.probabilities
    else:
        confusion = confusion_matrix(model, x, y, data.num_classes, inputs=data.whiten)
        probabilities = (
            predict(model, shown, inputs=data.whiten) if shown.shape[0] else np.zeros((0, data.num_classes))
        )
    return RunResults(
        class_names=tuple(data.class_names),
        filters=filters,
        filter_layer=path,
        examples=display_images(shown),
        labels=y[:EXAMPLES].cpu().numpy().astype(np.int64),
        probabilities=probabilities,
        confusion=confusion,
        split=split,
    )


def sample_images(data: DataSplits, count: int = SAMPLES) -> SampleImages:
    """The first ``count`` test images (validation when there is no test split), as people see them."""
    x, y = (data.test_x, data.test_y) if data.test_x.shape[0] else (data.val_x, data.val_y)
    return SampleImages(
        display_images(x[:count]), y[:count].cpu().numpy().astype(np.int64),
        tuple(data.class_names), tuple(data.mean), tuple(data.std),
    )  # fmt: skip


def whitening(mean: Sequence[float], std: Sequence[float]) -> Callable[[np.ndarray], torch.Tensor]:
    """A function turning one display image (C, H, W) of any size into the network's whitened input.

    The FC-to-conv panel feeds it a mosaic larger than the network's input: a per-channel whitening works
    at any size.
    """
    m = torch.tensor(tuple(mean), dtype=torch.float32).view(-1, 1, 1)
    s = torch.tensor(tuple(std), dtype=torch.float32).view(-1, 1, 1)

    def to_input(image: np.ndarray) -> torch.Tensor:
        return (torch.from_numpy(np.ascontiguousarray(image, dtype=np.float32)) - m) / s

    return to_input


def teaching_samples(samples: SampleImages) -> tuple:
    """The teaching tools' sample source answer: (display images, labels, class names, to_input)."""
    return samples.images, samples.labels, samples.class_names, whitening(samples.mean, samples.std)
