"""The folder set's decoder gives PIL's pixels exactly, whichever decoder reads the file (issue 13.2).

PIL is the independent truth here: ``Image.open(path).convert(mode)``, then torchvision's antialiased resize
one picture at a time, is what the folder set always gave.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from torchvision.transforms.v2 import functional as TF

from cnnstudio.training.datasets import DatasetError
from cnnstudio.training.datasets.decode import read_picture, read_pictures

RNG = np.random.default_rng(0)
RGB = RNG.integers(0, 255, (23, 31, 3), dtype=np.uint8)

# Every kind of file a class folder may hold: the fast decoder's (8-bit JPEG, grey and RGB PNG) and PIL's.
PICTURES = {
    "rgb.jpg": Image.fromarray(RGB),
    "grey.jpg": Image.fromarray(RGB[..., 0]),
    "cmyk.jpg": Image.fromarray(RGB).convert("CMYK"),
    "rgb.png": Image.fromarray(RGB),
    "grey.png": Image.fromarray(RGB[..., 0]),
    "rgba.png": Image.fromarray(RNG.integers(0, 255, (23, 31, 4), dtype=np.uint8)),
    "palette.png": Image.fromarray(RGB).quantize(16),
    "grey_alpha.png": Image.fromarray(RGB[..., 0]).convert("LA"),
    "bits16.png": Image.fromarray(RGB[..., 0].astype(np.uint16) * 257),
    "bilevel.png": Image.fromarray(RGB[..., 0]).convert("1"),
    "rgb.bmp": Image.fromarray(RGB),
    "rgb.webp": Image.fromarray(RGB),
    "named_png_but_jpeg.png": None,  # the bytes decide, not the name
}


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("kinds")
    paths = {}
    for name, picture in PICTURES.items():
        paths[name] = root / name
        if picture is None:
            Image.fromarray(RGB).save(paths[name], format="JPEG")
        else:
            picture.save(paths[name])
    return paths


def pil_reference(path: Path, mode: str, size: tuple[int, int] | None = None) -> torch.Tensor:
    with Image.open(path) as picture:
        pixels = TF.pil_to_tensor(picture.convert(mode))
    return pixels if size is None else TF.resize(pixels, list(size), antialias=True)


@pytest.mark.parametrize("mode", ["L", "RGB"])
@pytest.mark.parametrize("name", list(PICTURES))
def test_each_kind_of_file_decodes_to_pils_pixels(pictures: dict[str, Path], name: str, mode: str) -> None:
    assert torch.equal(read_picture(str(pictures[name]), mode), pil_reference(pictures[name], mode))


@pytest.mark.parametrize("memory_format", [torch.contiguous_format, torch.channels_last])
def test_a_batch_of_mixed_sizes_is_pils_resize_one_by_one(tmp_path: Path, memory_format) -> None:
    paths = []
    for n, size in enumerate([(40, 30), (16, 16), (40, 30), (9, 57), (40, 30)]):
        paths.append(tmp_path / f"{n}.{'png' if n % 2 else 'jpg'}")
        Image.fromarray(RNG.integers(0, 255, (*size, 3), dtype=np.uint8)).save(paths[-1])
    batch = read_pictures([str(p) for p in paths], "RGB", (16, 16), memory_format)
    expected = torch.stack([pil_reference(p, "RGB", (16, 16)) for p in paths])
    assert batch.dtype == torch.uint8 and batch.is_contiguous(memory_format=memory_format)
    assert torch.equal(batch, expected)


def test_a_workers_batch_is_made_in_shared_memory(pictures: dict[str, Path]) -> None:
    batch = read_pictures([str(pictures["rgb.jpg"])], "RGB", (8, 8), shared=True)
    assert batch.is_shared() and not read_pictures([str(pictures["rgb.jpg"])], "RGB", (8, 8)).is_shared()


def test_a_damaged_or_missing_picture_is_named(tmp_path: Path) -> None:
    damaged = tmp_path / "cut.jpg"
    damaged.write_bytes(b"\xff\xd8\xff\xe0 not a picture")
    with pytest.raises(DatasetError, match=r"cut\.jpg"):
        read_picture(str(damaged), "RGB")
    with pytest.raises(DatasetError, match=r"gone\.png"):
        read_picture(str(tmp_path / "gone.png"), "RGB")
