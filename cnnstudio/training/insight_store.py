"""A run's insight results, computed once and kept in its folder (``insight/``), for the window and the CLI.

Top-k patches of a layer take a pass over the validation images; the answer depends only on the run's
weights, the layer, k and the image split, so it is saved as ``insight/topk-<layer>-<split>-k<k>.npz``
with a stamp of the checkpoint it came from (size and modification time). A later request with the same
checkpoint reads the file instead of computing; a newer checkpoint (the run went on training) recomputes.
The activation-maximisation image of a channel is kept the same way (``maximised-<layer>-c<channel>.npz``).
A folder that cannot be written (a read-only share) only loses the cache, not the result.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable

import numpy as np
import torch

from cnnstudio.core.atomic import atomic_write_bytes
from cnnstudio.core.errors import ProjectSaveError
from cnnstudio.training.insight_topk import ChannelTopK, find_map_layer, top_k
from cnnstudio.training.insight_work import Work
from cnnstudio.training.trained_run import RunFolderError, TrainedRun

INSIGHT_FOLDER = "insight"
VERSION = 2  # raised whenever a computation changes what it gives: older cached answers are made again
SPLITS = ("validation", "training", "test")


def split_images(run: TrainedRun, split: str) -> torch.Tensor:
    """The run's 8-bit images of ``split`` (validation, training or test), as its trainer split them."""
    data = run.data()
    chosen = {"validation": data.val_x, "training": data.train_x, "test": data.test_x}.get(split)
    if chosen is None:
        raise ValueError(f"unknown image split {split!r}; choose one of {', '.join(SPLITS)}")
    return chosen


def split_labels(run: TrainedRun, split: str) -> torch.Tensor:
    data = run.data()
    return {"validation": data.val_y, "training": data.train_y, "test": data.test_y}[split]


def checkpoint_stamp(run: TrainedRun) -> str:
    path = run.checkpoint_path()
    if path is None:
        raise RunFolderError(f"{run.folder}: the run kept no weights (no best.pt or last.pt)")
    info = os.stat(path)
    return f"v{VERSION}:{path.name}:{info.st_size}:{info.st_mtime_ns}"


def cached(run: TrainedRun, name: str, compute: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """``compute()``'s arrays, read from ``insight/<name>.npz`` when it was made from the run's current
    checkpoint, else computed and kept there."""
    if run.epoch is not None:  # the weights kept after one epoch (the epoch slider): cached apart
        name = f"{name}-epoch{run.epoch}"
    stamp, path = checkpoint_stamp(run), run.folder / INSIGHT_FOLDER / f"{name}.npz"
    try:
        with np.load(path, allow_pickle=False) as saved:
            if str(saved["stamp"]) == stamp:
                return {key: saved[key] for key in saved.files if key != "stamp"}
    except (OSError, KeyError, ValueError, EOFError):  # missing, or written by another version: recompute
        pass
    arrays = compute()
    buffer = io.BytesIO()
    np.savez(buffer, stamp=np.array(stamp), **arrays)
    try:
        path.parent.mkdir(exist_ok=True)
        atomic_write_bytes(path, buffer.getvalue())
    except (OSError, ProjectSaveError):
        pass  # a read-only run folder: the result stands, only the cache is lost
    return arrays


def run_top_k(run: TrainedRun, path: tuple[int, ...], k: int = 9, split: str = "validation",
              work: Work | None = None) -> ChannelTopK:  # fmt: skip
    """The top-k patches of every channel of layer ``path`` of the run's model, from the cache when fresh."""
    project, model = run.network(), run.model()
    if project is None or model is None:
        raise RunFolderError(f"{run.folder}: the run kept no trained network to inspect")
    layer = find_map_layer(project, path)

    def compute() -> dict[str, np.ndarray]:
        result = top_k(model, layer, split_images(run, split), k, whiten=run.data().whiten, work=work)
        return {
            "scores": result.scores,
            "images": result.images,
            "cells": result.cells,
            "boxes": result.boxes,
        }

    saved = cached(run, f"topk-{layer.label}-{split}-k{k}", compute)
    return ChannelTopK(layer, saved["scores"], saved["images"], saved["cells"], saved["boxes"])


def describe(result: ChannelTopK) -> dict:
    """The layer part of an ``index.json``: which layer, its size and receptive field."""
    layer = result.layer
    return {
        "path": list(layer.path),
        "label": layer.label,
        "type": layer.type,
        "channels": layer.channels,
        "map_size": list(layer.map_hw),
        "receptive_field": [round(s, 4) for s in layer.field.size],
        "k": result.k,
    }


def dumps(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
