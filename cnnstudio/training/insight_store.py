"""A run's insight results, computed once and kept in its folder (``insight/``), for the window and the CLI.

Top-k patches of a layer take a pass over the validation images; the answer depends only on the run's
weights, the layer, k and the image split, so it is saved as ``insight/topk-<layer>-<split>-k<k>.npz``
with a stamp of the checkpoint it came from (size and modification time). A later request with the same
checkpoint reads the file instead of computing; a newer checkpoint (the run went on training) recomputes.
A folder that cannot be written (a read-only share) only loses the cache, not the result.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import numpy as np
import torch

from cnnstudio.core.atomic import atomic_write_bytes
from cnnstudio.core.errors import ProjectSaveError
from cnnstudio.training.insight_topk import ChannelTopK, MapLayer, find_map_layer, top_k
from cnnstudio.training.insight_work import Work
from cnnstudio.training.trained_run import RunFolderError, TrainedRun

INSIGHT_FOLDER = "insight"
SPLITS = ("validation", "training", "test")


def split_images(run: TrainedRun, split: str) -> torch.Tensor:
    """The run's 8-bit images of ``split`` (validation, training or test), as its trainer split them."""
    data = run.data()
    chosen = {"validation": data.val_x, "training": data.train_x, "test": data.test_x}.get(split)
    if chosen is None:
        raise ValueError(f"unknown image split {split!r}; choose one of {', '.join(SPLITS)}")
    return chosen


def checkpoint_stamp(run: TrainedRun) -> str:
    path = run.checkpoint_path()
    if path is None:
        raise RunFolderError(f"{run.folder}: the run kept no weights (no best.pt or last.pt)")
    info = os.stat(path)
    return f"{path.name}:{info.st_size}:{info.st_mtime_ns}"


def _cache_path(run: TrainedRun, layer: MapLayer, split: str, k: int) -> Path:
    return run.folder / INSIGHT_FOLDER / f"topk-{layer.label}-{split}-k{k}.npz"


def run_top_k(run: TrainedRun, path: tuple[int, ...], k: int = 9, split: str = "validation",
              work: Work | None = None) -> ChannelTopK:  # fmt: skip
    """The top-k patches of every channel of layer ``path`` of the run's model, from the cache when fresh."""
    project, model = run.network(), run.model()
    if project is None or model is None:
        raise RunFolderError(f"{run.folder}: the run kept no trained network to inspect")
    layer = find_map_layer(project, path)
    stamp, cache = checkpoint_stamp(run), _cache_path(run, layer, split, k)
    cached = _read(cache, layer, stamp)
    if cached is not None:
        return cached
    images = split_images(run, split)
    result = top_k(model, layer, images, k, whiten=run.data().whiten, work=work)
    _write(cache, result, stamp)
    return result


def _read(path: Path, layer: MapLayer, stamp: str) -> ChannelTopK | None:
    try:
        with np.load(path, allow_pickle=False) as saved:
            if str(saved["stamp"]) != stamp:
                return None
            return ChannelTopK(layer, saved["scores"], saved["images"], saved["cells"], saved["boxes"])
    except (OSError, KeyError, ValueError, EOFError):  # missing, or written by another version: recompute
        return None


def _write(path: Path, result: ChannelTopK, stamp: str) -> None:
    buffer = io.BytesIO()
    np.savez(buffer, stamp=np.array(stamp), scores=result.scores, images=result.images,
             cells=result.cells, boxes=result.boxes)  # fmt: skip
    try:
        path.parent.mkdir(exist_ok=True)
        atomic_write_bytes(path, buffer.getvalue())
    except (OSError, ProjectSaveError):
        pass  # a read-only run folder: the result stands, only the cache is lost


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
