"""Files for slides: a layer's top-k patches and overview as PNGs with an ``index.json`` naming them all.

Layout of the output folder (``cnnstudio inspect``)::

    index.json              the run, the layer, and per channel its files, images, classes and scores
    overview.png            one tile per channel (its strongest patch), channel 0 top left, row by row
    channel-07/top-k.png    channel 7's k patches in a row, strongest first
    channel-07/top-1.png    each patch alone, enlarged (nearest neighbour: the pixels stay visible)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cnnstudio.core.atomic import atomic_write_bytes, make_folder
from cnnstudio.training.insight_render import enlarge, field_canvas, save_png, tile_grid
from cnnstudio.training.insight_store import describe, dumps, split_images
from cnnstudio.training.insight_topk import ChannelTopK
from cnnstudio.training.trained_run import TrainedRun

PATCH_PIXELS = 96  # an enlarged patch's longer side, at least


def patch_picture(images: np.ndarray, result: ChannelTopK, channel: int, rank: int) -> np.ndarray:
    """Rank ``rank``'s patch of ``channel`` in its receptive-field canvas, (h, w, 3) uint8."""
    image = images[int(result.images[channel, rank])].astype(np.float32) / 255.0
    return field_canvas(image, result.layer.field, result.cells[channel, rank])


def overview_tiles(images: np.ndarray, result: ChannelTopK) -> list[np.ndarray]:
    """One tile per channel: its strongest patch."""
    return [patch_picture(images, result, c, 0) for c in range(result.layer.channels)]


def write_layer(run: TrainedRun, result: ChannelTopK, channels: list[int], out: Path, split: str) -> Path:
    """Write the PNGs of ``channels`` and the layer overview into ``out``; returns the index file."""
    make_folder(out, "the output folder ")
    images = split_images(run, split).numpy()
    labels = _labels(run, split)
    names = run.class_names()
    save_png(enlarge(tile_grid(overview_tiles(images, result)), 4 * PATCH_PIXELS), out / "overview.png")
    entries = []
    for channel in channels:
        folder = make_folder(out / f"channel-{channel:02d}", "the output folder ")
        patches = [enlarge(patch_picture(images, result, channel, r), PATCH_PIXELS) for r in range(result.k)]
        save_png(tile_grid(patches, columns=len(patches)), folder / "top-k.png")
        items = []
        for rank, patch in enumerate(patches):
            save_png(patch, folder / f"top-{rank + 1}.png")
            image = int(result.images[channel, rank])
            label = int(labels[image])
            items.append({
                "file": f"{folder.name}/top-{rank + 1}.png",
                "image": image,
                "class": names[label] if 0 <= label < len(names) else str(label),
                "score": round(float(result.scores[channel, rank]), 6),
                "cell": [int(v) for v in result.cells[channel, rank]],
                "box": [int(v) for v in result.boxes[channel, rank]],
            })  # fmt: skip
        entries.append({"channel": channel, "top_k": f"{folder.name}/top-k.png", "patches": items})
    index = {
        "run": str(run.folder),
        "epoch": run.model_epoch(),
        "images": split,
        "image_count": int(images.shape[0]),
        "layer": describe(result),
        "overview": "overview.png",
        "channels": entries,
    }
    atomic_write_bytes(out / "index.json", (dumps(index) + "\n").encode("utf-8"))
    return out / "index.json"


def _labels(run: TrainedRun, split: str) -> np.ndarray:
    data = run.data()
    return {"validation": data.val_y, "training": data.train_y, "test": data.test_y}[split].numpy()
