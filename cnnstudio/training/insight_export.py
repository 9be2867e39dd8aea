"""Files for slides: a layer's top-k patches and overview as PNGs with an ``index.json`` naming them all.

Layout of the output folder (``cnnstudio inspect``)::

    index.json               the run, the layer, and per channel its files, images, classes and scores
    overview.png             one tile per channel (its strongest patch), channel 0 top left, row by row
    channel-07/top-k.png     channel 7's k patches in a row, strongest first
    channel-07/top-1.png     each patch alone, enlarged (nearest neighbour: the pixels stay visible)
    channel-07/guided-k.png  the guided-backprop picture of each patch, in the same order and field
    channel-07/guided-1.png  each alone
    channel-07/maximised.png the input optimised to excite channel 7 (activation maximisation)
"""

from __future__ import annotations

from pathlib import Path

from cnnstudio.core.atomic import atomic_write_bytes, make_folder
from cnnstudio.training.insight_channel import ChannelPictures, channel_pictures, layer_pictures
from cnnstudio.training.insight_render import enlarge, save_png, tile_grid
from cnnstudio.training.insight_store import describe, dumps, split_images
from cnnstudio.training.insight_topk import ChannelTopK
from cnnstudio.training.insight_work import Work
from cnnstudio.training.trained_run import TrainedRun

PATCH_PIXELS = 96  # an enlarged patch's longer side, at least


def write_layer(run: TrainedRun, result: ChannelTopK, channels: list[int], out: Path, split: str,
                work: Work | None = None) -> Path:  # fmt: skip
    """Write the PNGs of ``channels`` and the layer overview into ``out``; returns the index file."""
    work = work or Work()
    make_folder(out, "the output folder ")
    overview = layer_pictures(run, result, split)
    save_png(enlarge(tile_grid(list(overview.tiles)), 4 * PATCH_PIXELS), out / "overview.png")
    entries = []
    for n, channel in enumerate(channels):
        sub = Work(lambda f, n=n: work.progress((n + f) / len(channels)), work.cancel)
        pictures = channel_pictures(run, result, channel, split, sub)
        entries.append(_write_channel(out, result, pictures))
    index = {
        "run": str(run.folder),
        "epoch": run.model_epoch(),
        "images": split,
        "image_count": int(split_images(run, split).shape[0]),
        "layer": describe(result),
        "overview": "overview.png",
        "channels": entries,
    }
    atomic_write_bytes(out / "index.json", (dumps(index) + "\n").encode("utf-8"))
    return out / "index.json"


def _write_channel(out: Path, result: ChannelTopK, pictures: ChannelPictures) -> dict:
    channel = pictures.channel
    folder = make_folder(out / f"channel-{channel:02d}", "the output folder ")
    patches = [enlarge(p, PATCH_PIXELS) for p in pictures.patches]
    guided = [enlarge(p, PATCH_PIXELS) for p in pictures.guided]
    save_png(tile_grid(patches, columns=len(patches)), folder / "top-k.png")
    save_png(tile_grid(guided, columns=len(guided)), folder / "guided-k.png")
    save_png(enlarge(pictures.maximised, 2 * PATCH_PIXELS), folder / "maximised.png")
    items = []
    for rank, (patch, gradient) in enumerate(zip(patches, guided, strict=True)):
        save_png(patch, folder / f"top-{rank + 1}.png")
        save_png(gradient, folder / f"guided-{rank + 1}.png")
        items.append({
            "file": f"{folder.name}/top-{rank + 1}.png",
            "guided": f"{folder.name}/guided-{rank + 1}.png",
            "image": int(result.images[channel, rank]),
            "class": pictures.classes[rank],
            "score": round(pictures.scores[rank], 6),
            "cell": [int(v) for v in result.cells[channel, rank]],
            "box": [int(v) for v in result.boxes[channel, rank]],
        })  # fmt: skip
    return {
        "channel": channel,
        "top_k": f"{folder.name}/top-k.png",
        "guided_k": f"{folder.name}/guided-k.png",
        "maximised": f"{folder.name}/maximised.png",
        "maximised_activation": round(pictures.maximised_activation, 6),
        "patches": items,
    }
