"""The built-in ``shapes`` set: deterministic, balanced, in range, drawn at any input size."""

from __future__ import annotations

import time

import pytest
import torch

from cnnstudio.training.datasets import DatasetError, load_dataset
from cnnstudio.training.datasets.shape_sdf import KINDS
from cnnstudio.training.datasets.shapes import ShapesSettings, generate_shapes


def _draw(num_classes: int = 4, num_images: int = 400, shape=(1, 28, 28), seed: int = 0, noise: float = 0.1):
    return generate_shapes(ShapesSettings(num_classes, num_images, noise), shape, seed)


def test_same_seed_gives_the_same_images() -> None:
    a, la = _draw(seed=7)
    b, lb = _draw(seed=7)
    assert torch.equal(a, b)
    assert torch.equal(la, lb)


def test_another_seed_gives_other_images() -> None:
    a, la = _draw(seed=1)
    b, lb = _draw(seed=2)
    assert not torch.equal(a, b)
    assert not torch.equal(la, lb)


def test_classes_are_balanced_within_one_image() -> None:
    _, labels = _draw(num_classes=len(KINDS), num_images=1003)
    counts = torch.bincount(labels, minlength=len(KINDS))
    assert counts.max() - counts.min() <= 1
    assert int(counts.sum()) == 1003


@pytest.mark.parametrize("shape", [(1, 28, 28), (3, 32, 32), (3, 64, 64), (3, 20, 44), (1, 9, 9)])
def test_images_have_the_input_size_as_8_bit_pixels(shape: tuple[int, int, int]) -> None:
    images, _ = _draw(num_images=40, shape=shape, noise=1.0)
    assert images.shape == (40, *shape)
    assert images.dtype == torch.uint8
    assert int(images.min()) == 0 and int(images.max()) == 255, "strong noise reaches both ends"


def test_colour_input_gives_coloured_shapes_and_grey_gives_one_channel() -> None:
    colour, _ = _draw(num_images=50, shape=(3, 32, 32), noise=0.0)
    colour = colour.float() / 255
    # Coloured: the channels of an image differ somewhere.
    assert (colour[:, 0] - colour[:, 1]).abs().amax(dim=(1, 2)).gt(0.05).float().mean() > 0.8
    grey, _ = _draw(num_images=5, shape=(1, 32, 32))
    assert grey.shape[1] == 1


def test_every_kind_draws_a_clean_antialiased_shape() -> None:
    """With no noise each image holds its background, its shape colour and only a thin rim between."""
    images, labels = _draw(num_classes=len(KINDS), num_images=len(KINDS) * 8, shape=(1, 48, 48), noise=0.0)
    for kind in range(len(KINDS)):
        picks = images[labels == kind, 0].float()
        low = picks.amin(dim=(1, 2), keepdim=True)
        high = picks.amax(dim=(1, 2), keepdim=True)
        level = (picks - low) / (high - low)
        covered = (level > 0.5).float().mean(dim=(1, 2))
        rim = ((level > 0.02) & (level < 0.98)).float().mean(dim=(1, 2))
        assert bool((covered > 0.01).all()), KINDS[kind].name
        assert bool((rim > 0).all()), f"{KINDS[kind].name}: edges are anti-aliased"
        assert bool((rim < covered).all()), f"{KINDS[kind].name}: edges are thin"


def test_kinds_are_different_pictures() -> None:
    """Each kind, drawn upright at the same place and size, covers a different set of pixels."""
    ys, xs = torch.meshgrid(torch.linspace(-1, 1, 64), torch.linspace(-1, 1, 64), indexing="ij")
    masks = [(kind.distance(xs, -ys) < 0).float() for kind in KINDS]
    for i in range(len(KINDS)):
        for j in range(i + 1, len(KINDS)):
            differ = (masks[i] - masks[j]).abs().mean()
            assert differ > 0.03, (KINDS[i].name, KINDS[j].name)


def test_load_dataset_splits_the_default_set_and_names_its_classes() -> None:
    started = time.perf_counter()
    data = load_dataset({"name": "shapes"}, (1, 28, 28), seed=0)
    seconds = time.perf_counter() - started
    total = data.train_x.shape[0] + data.val_x.shape[0] + data.test_x.shape[0]
    assert total == ShapesSettings.num_images
    assert data.class_names == ("circle", "square", "triangle", "cross")
    assert data.num_classes == 4
    assert set(data.train_y.unique().tolist()) == {0, 1, 2, 3}
    print(f"shapes, 3,000 images at 1x28x28, split and whitened: {seconds:.2f} s")  # shown with -s


def test_settings_are_checked_and_name_the_key() -> None:
    with pytest.raises(DatasetError, match=r"dataset\.num_classes: .*got 11"):
        load_dataset({"name": "shapes", "num_classes": len(KINDS) + 1}, (1, 28, 28))
    with pytest.raises(DatasetError, match=r"dataset\.noise: .*got 2"):
        load_dataset({"name": "shapes", "noise": 2}, (1, 28, 28))
    with pytest.raises(DatasetError, match=r"dataset\.num_images: .*'many'"):
        load_dataset({"name": "shapes", "num_images": "many"}, (1, 28, 28))


def test_at_least_eight_kinds_and_all_of_them_usable() -> None:
    assert len(KINDS) >= 8
    data = load_dataset({"name": "shapes", "num_classes": len(KINDS), "num_images": 200}, (3, 32, 32), seed=3)
    assert data.num_classes == len(KINDS)
    assert len(set(data.class_names)) == len(KINDS)
