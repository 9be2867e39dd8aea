"""Converting fully connected layers to convolutions (cs231n, "FC -> CONV").

A linear layer after ``flatten`` of a C x H x W map is a conv with kernel H x W and no padding: each of its
``out_features`` filters covers the whole map, so it yields one 1 x 1 output per filter. Every later linear is
then a 1 x 1 conv. The converted network accepts larger images and slides the classifier over them, giving a
map of class scores instead of one score per class. This module rewrites the layer list; copying the weights
is the training layer's job (``cnnstudio.training.fc_to_conv``).
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnstudio.core import specs as S
from cnnstudio.core.project import Project
from cnnstudio.core.shapes import first_problem

# Layers that act on each value (or each channel) alike, and so work unchanged on 1 x 1 maps.
_ELEMENTWISE = S.ACTIVATION_TYPES - {"softmax"} | {"dropout", "batchnorm2d"}


@dataclass(frozen=True)
class Conversion:
    layers: tuple[S.LayerSpec, ...]
    converted: tuple[
        tuple[int, int], ...
    ]  # (index of the linear in the original, index of its conv in the new)
    flatten_index: int
    map_shape: tuple[int, int, int]  # what flatten received: C x H x W
    notes: tuple[str, ...]


def convert(project: Project) -> Conversion:
    """Rewrite ``flatten -> linear -> ... -> linear`` into convolutions; ``ValueError`` says why it cannot."""
    report = project.report
    if not report.valid:
        raise ValueError(
            f"the network is invalid, fix this layer first: {first_problem(project.layers, report)}"
        )
    layers = project.layers
    start = next((i for i, spec in enumerate(layers) if spec.type == "flatten"), None)
    if start is None:
        raise ValueError("the network has no flatten layer, so it has no fully connected head to convert")
    shape = report.layers[start].input_shape
    if shape is None or len(shape) != 3:
        raise ValueError("flatten must receive a feature map for the head to become convolutions")
    head = layers[start + 1 :]
    if not any(spec.type == "linear" for spec in head):
        raise ValueError("no linear layer follows flatten: add the classifier (a linear layer) after it")
    new: list[S.LayerSpec] = list(layers[:start])
    converted, notes = [], []
    first = True
    for offset, spec in enumerate(head):
        old_index = start + 1 + offset
        if isinstance(spec, S.Linear):
            kernel = (shape[1], shape[2]) if first else (1, 1)
            conv = S.Conv2d(out_channels=spec.out_features, kernel_size=_size(kernel), bias=spec.bias)
            converted.append((old_index, len(new)))
            side = f"{kernel[0]}x{kernel[1]}"
            source = f"{shape[0]}x{shape[1]}x{shape[2]}" if first else "1x1"
            notes.append(
                f"layer {old_index}: linear {spec.out_features} -> conv {spec.out_features} filters of {side} "
                f"over the {source} input"
            )
            new.append(conv)
            first = False
        elif spec.type in _ELEMENTWISE:
            new.append(spec)
        else:
            raise ValueError(
                f"layer {old_index} ({spec.type}) in the head cannot act on a map of class scores; "
                "move it before flatten or remove it"
            )
    return Conversion(tuple(new), tuple(converted), start, (shape[0], shape[1], shape[2]), tuple(notes))


def score_window(
    project: Project, image_hw: tuple[int, int], row: int, col: int
) -> tuple[int, int, int, int]:
    """(top, left, bottom, right) of the input-sized window of an ``image_hw`` image that score cell
    (``row``, ``col``) of the converted network answers for: cells step by the network's jump.

    The window, not the receptive field: with padded convolutions the field is a little wider, but the
    point is cs231n's, that each cell is the original network applied to one window.
    """
    from cnnstudio.core.shapes import infer

    channels, height, width = project.input.shape
    field = infer((channels, *image_hw), convert(project).layers).layers[-1].receptive_field
    jump = field.jump if field is not None else (1.0, 1.0)
    top, left = round(row * jump[0]), round(col * jump[1])
    return top, left, top + height - 1, left + width - 1


def _size(kernel: tuple[int, int]) -> S.Size:
    return kernel[0] if kernel[0] == kernel[1] else kernel
