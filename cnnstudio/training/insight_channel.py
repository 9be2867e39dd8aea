"""The pictures of a layer and of one channel, ready to show or save: what the window and ``inspect`` draw.

A layer: one tile per channel (its strongest patch). A channel: its top-k patches, the guided-backprop
picture of each (cropped to the same receptive field, so the two line up), and its activation-maximisation
image. The maximised image takes a second or so; it is kept in the run folder beside the top-k ranking,
stamped with the checkpoint it was made from (``insight_store``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnstudio.training.insight_guided import centre, gradient_picture, guided_backprop, maximise
from cnnstudio.training.insight_render import field_canvas
from cnnstudio.training.insight_store import cached, split_images, split_labels
from cnnstudio.training.insight_topk import ChannelTopK
from cnnstudio.training.insight_work import Work
from cnnstudio.training.trained_run import TrainedRun


@dataclass(frozen=True)
class LayerPictures:
    result: ChannelTopK
    tiles: tuple[np.ndarray, ...]  # per channel, (h, w, 3) uint8: its strongest patch
    split: str


@dataclass(frozen=True)
class ChannelPictures:
    channel: int
    patches: tuple[np.ndarray, ...]  # (h, w, 3) uint8, strongest first
    guided: tuple[np.ndarray, ...]  # the guided-backprop picture of each patch, same field
    classes: tuple[str, ...]  # the class of each patch's image
    scores: tuple[float, ...]
    maximised: np.ndarray  # (h, w, 3) uint8: the input that excites the channel most, in the unit's field
    maximised_activation: float  # the unit's activation for it (0: the channel never fires, a dead unit)


def _image(images: np.ndarray, index: int) -> np.ndarray:
    return images[index].astype(np.float32) / 255.0


def layer_pictures(run: TrainedRun, result: ChannelTopK, split: str = "validation") -> LayerPictures:
    images = split_images(run, split).numpy()
    field = result.layer.field
    tiles = tuple(
        field_canvas(_image(images, int(result.images[c, 0])), field, result.cells[c, 0])
        for c in range(result.layer.channels)
    )
    return LayerPictures(result, tiles, split)


def channel_pictures(
    run: TrainedRun, result: ChannelTopK, channel: int, split: str = "validation", work: Work | None = None
) -> ChannelPictures:
    """Everything shown for ``channel``: patches, their guided backprop, the maximised input."""
    work = work or Work()
    data, model, project = run.data(), run.model(), run.network()
    images, labels, names = split_images(run, split), split_labels(run, split), run.class_names()
    field, patches, guided, classes = result.layer.field, [], [], []
    for rank in range(result.k):
        work.step(0.3 * rank / result.k)
        index, cell = int(result.images[channel, rank]), result.cells[channel, rank]
        picture = _image(images.numpy(), index)
        patches.append(field_canvas(picture, field, cell))
        grad = guided_backprop(model, result.layer, data.whiten(images[index]), channel, cell)
        guided.append(field_canvas(gradient_picture(grad), field, cell))
        label = int(labels[index])
        classes.append(names[label] if 0 <= label < len(names) else str(label))

    def compute() -> dict[str, np.ndarray]:
        sub = Work(lambda f: work.progress(0.3 + 0.7 * f), work.cancel)
        picture, activation = maximise(model, result.layer, channel, project.input.shape, data.mean, data.std,
                                       work=sub)  # fmt: skip
        crop = field_canvas(picture, result.layer.field, centre(result.layer))
        return {"picture": crop, "activation": np.array(activation, np.float32)}

    saved = cached(run, f"maximised-{result.layer.label}-c{channel}", compute)
    work.step(1.0)
    return ChannelPictures(channel, tuple(patches), tuple(guided), tuple(classes),
                           tuple(float(s) for s in result.scores[channel]), saved["picture"],
                           float(saved["activation"]))  # fmt: skip
