"""What every dataset shares: digits, conversion, splits, limit, whitening, names and checked settings."""

from __future__ import annotations

import pytest
import torch

from cnnstudio.training.datasets import DatasetError, dataset_names, describe_dataset, load_dataset
from cnnstudio.training.datasets.convert import LUMA, match_channels, to_input, to_pixels
from cnnstudio.training.datasets.splits import split_indices

DIGITS = {"name": "digits"}


def test_names_and_descriptions_cover_every_set() -> None:
    names = dataset_names()
    assert names == (
        "shapes",
        "digits",
        "mnist",
        "fashion_mnist",
        "kmnist",
        "cifar10",
        "cifar100",
        "svhn",
        "folder",
    )
    for name in names:
        line = describe_dataset(name)
        assert line and "\n" not in line
    with pytest.raises(DatasetError, match=r"dataset\.name: must be one of shapes, digits"):
        describe_dataset("imagenet")


def test_digits_load_1797_images_in_10_classes_at_the_input_size() -> None:
    data = load_dataset(DIGITS, (1, 28, 28), seed=0)
    total = data.train_x.shape[0] + data.val_x.shape[0] + data.test_x.shape[0]
    assert total == 1797
    assert data.num_classes == 10
    assert data.class_names == tuple("0123456789")
    assert data.train_x.shape[1:] == (1, 28, 28)
    assert (data.val_x.shape[0], data.test_x.shape[0]) == (180, 180)
    labels = torch.cat((data.train_y, data.val_y, data.test_y))
    assert torch.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_digits_upscale_off_keeps_the_8x8_pixels_in_the_centre() -> None:
    from cnnstudio.training.datasets.digits import read_digits

    plain = load_dataset({**DIGITS, "normalize": False, "upscale": False}, (1, 12, 12))
    assert plain.train_x.shape[1:] == (1, 12, 12) and plain.train_x.dtype == torch.uint8
    border = torch.cat((plain.train_x[:, :, :2].flatten(), plain.train_x[:, :, -2:].flatten()))
    assert int(border.max()) == 0
    originals = {bytes(image.flatten().tolist()) for image in read_digits()[0]}
    centres = plain.train_x[:, :, 2:10, 2:10]
    assert all(bytes(c.flatten().tolist()) in originals for c in centres), (
        "the file's bytes, not interpolated"
    )


def test_to_input_resizes_and_scales_bytes_to_unit_range() -> None:
    images = torch.randint(0, 256, (5, 1, 8, 8), dtype=torch.uint8)
    out = to_input(images, (1, 8, 8))
    assert out.dtype == torch.float32
    assert torch.allclose(out * 255, images.float())
    big = to_input(images, (1, 33, 17))
    assert big.shape == (5, 1, 33, 17)
    assert float(big.min()) >= 0.0 and float(big.max()) <= 1.0


def test_to_pixels_keeps_bytes_that_fit_and_rounds_the_rest() -> None:
    images = torch.randint(0, 256, (5, 3, 8, 8), dtype=torch.uint8)
    assert to_pixels(images, (3, 8, 8)).data_ptr() == images.data_ptr(), "no copy when nothing changes"
    grey = to_pixels(images, (1, 8, 8))
    expected = (to_input(images, (1, 8, 8)) * 255).round()
    assert grey.dtype == torch.uint8 and torch.equal(grey.float(), expected)
    floats = torch.tensor([0.0, 0.2, 0.5, 1.0]).view(1, 1, 2, 2)
    assert to_pixels(floats, (1, 2, 2)).flatten().tolist() == [0, 51, 128, 255]


def test_grey_to_colour_repeats_and_colour_to_grey_uses_luma() -> None:
    grey = torch.rand(4, 1, 6, 6)
    colour = match_channels(grey, 3)
    assert torch.equal(colour[:, 0], grey[:, 0]) and torch.equal(colour[:, 2], grey[:, 0])
    rgb = torch.rand(4, 3, 6, 6)
    expected = sum(w * rgb[:, i] for i, w in enumerate(LUMA))
    assert torch.allclose(match_channels(rgb, 1)[:, 0], expected)
    assert match_channels(rgb, 4).shape == (4, 4, 6, 6)


def test_split_indices_are_a_disjoint_cover_and_follow_the_seed() -> None:
    train, val, test = split_indices(100, 0.1, 0.2, torch.Generator().manual_seed(3))
    assert (len(train), len(val), len(test)) == (70, 10, 20)
    assert sorted(torch.cat((train, val, test)).tolist()) == list(range(100))
    again = split_indices(100, 0.1, 0.2, torch.Generator().manual_seed(3))
    assert all(torch.equal(a, b) for a, b in zip((train, val, test), again))


def test_same_seed_same_splits_and_another_seed_other_splits() -> None:
    a = load_dataset(DIGITS, (1, 8, 8), seed=1)
    b = load_dataset(DIGITS, (1, 8, 8), seed=1)
    c = load_dataset(DIGITS, (1, 8, 8), seed=2)
    assert torch.equal(a.train_x, b.train_x) and torch.equal(a.val_y, b.val_y)
    assert not torch.equal(a.train_y, c.train_y)


def test_whitening_is_measured_on_the_train_split_only() -> None:
    shape = (3, 16, 16)
    raw = load_dataset({**DIGITS, "normalize": False}, shape, seed=4)
    white = load_dataset(DIGITS, shape, seed=4)
    assert raw.mean == (0.0, 0.0, 0.0) and raw.std == (1.0, 1.0, 1.0)
    assert torch.equal(raw.train_x, white.train_x), "the pixels are kept as they are; batches are whitened"
    for channel in range(3):
        train = raw.train_x[:, channel].double() / 255
        assert white.mean[channel] == pytest.approx(float(train.mean()), rel=1e-9)
        assert white.std[channel] == pytest.approx(float(train.std(correction=0)), rel=1e-9)
    whitened = white.whiten(white.train_x)
    assert whitened.dtype == torch.float32
    assert torch.allclose(whitened.mean(dim=(0, 2, 3)), torch.zeros(3), atol=1e-5)
    assert torch.allclose(whitened.std(dim=(0, 2, 3), correction=0), torch.ones(3), atol=1e-5)
    mean = torch.tensor(white.mean).view(1, 3, 1, 1)
    std = torch.tensor(white.std).view(1, 3, 1, 1)
    for split in (white.val_x, white.test_x):
        assert torch.allclose((split.double() / 255 - mean) / std, white.whiten(split).double(), atol=1e-5)
    assert float(white.whiten(white.val_x).mean()) != pytest.approx(0.0, abs=1e-6), (
        "validation not re-centred"
    )


def test_whitening_a_batch_keeps_its_memory_format_and_its_device() -> None:
    data = load_dataset(DIGITS, (3, 16, 16), seed=0)
    batch = data.train_x[:8].contiguous(memory_format=torch.channels_last)
    out = data.whiten(batch)
    assert out.is_contiguous(memory_format=torch.channels_last) and out.device == batch.device
    assert torch.equal(out, data.whiten(data.train_x[:8]))
    image = data.whiten(data.val_x[0])  # one (C, H, W) image, as the probe takes it
    assert image.shape == (3, 16, 16)


def test_limit_caps_training_images_and_eval_limit_the_others() -> None:
    data = load_dataset({**DIGITS, "limit": 50}, (1, 8, 8))
    assert data.train_x.shape[0] == 50 and data.train_y.shape[0] == 50
    assert data.val_x.shape[0] == 180
    small = load_dataset({**DIGITS, "limit": 50, "eval_limit": 20}, (1, 8, 8))
    assert (small.val_x.shape[0], small.test_x.shape[0]) == (20, 20)


def test_fractions_without_a_test_split() -> None:
    data = load_dataset({**DIGITS, "val_fraction": 0.2, "test_fraction": 0.0}, (1, 8, 8))
    assert (data.val_x.shape[0], data.test_x.shape[0]) == (359, 0)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"val_fraction": "10%"}, r"dataset\.val_fraction: must be a number from 0 to 0\.9, got '10%'"),
        ({"val_fraction": 0.5, "test_fraction": 0.5}, r"val_fraction \+ dataset\.test_fraction"),
        ({"limit": 0}, r"dataset\.limit: .*got 0"),
        ({"limit": 2.5}, r"dataset\.limit: .*got 2\.5"),
        ({"normalize": "no"}, r"dataset\.normalize: must be true or false, got 'no'"),
        ({"upscale": 1}, r"dataset\.upscale: must be true or false, got 1"),
        ({"name": "imagenet"}, r"dataset\.name: must be one of .*got 'imagenet'"),
    ],
)
def test_invalid_values_name_the_key_and_the_value(settings: dict, message: str) -> None:
    with pytest.raises(DatasetError, match=message):
        load_dataset({**DIGITS, **settings}, (1, 8, 8))


def test_bad_augmentation_and_input_shape_are_reported_at_load() -> None:
    with pytest.raises(DatasetError, match=r"dataset\.augmentation\.erase_prob: .*got 2"):
        load_dataset({**DIGITS, "augmentation": {"erase_prob": 2}}, (1, 8, 8))
    with pytest.raises(DatasetError, match=r"input: must be channels, height and width"):
        load_dataset(DIGITS, (1, 0, 8))
    with pytest.raises(DatasetError, match=r"input: must be channels, height and width"):
        load_dataset(DIGITS, (1, "x", 8))  # type: ignore[arg-type]


def test_unknown_keys_are_ignored_and_name_defaults_to_shapes() -> None:
    data = load_dataset(
        {"num_images": 40, "colour_scheme": "pink", "augmentation": {"hflip": True}}, (1, 8, 8)
    )
    assert data.name == "shapes"


def test_a_set_too_large_for_memory_is_refused_with_advice() -> None:
    with pytest.raises(DatasetError, match=r"digits: 1,797 images at 3x2048x2048 need 21\.1 GB.*set limit"):
        load_dataset(DIGITS, (3, 2048, 2048))


def test_the_core_catalog_lists_exactly_the_loaders_the_trainer_has() -> None:
    """The training panel reads names and limits from the core (no torch); they must match the loaders."""
    from cnnstudio.core import dataset_catalog as catalog
    from cnnstudio.training.datasets import dataset_names, describe_dataset
    from cnnstudio.training.datasets.shape_sdf import KINDS
    from cnnstudio.training.datasets.shapes import MAX_IMAGES, describe_kinds

    assert dataset_names() == catalog.DATASET_NAMES
    assert all(describe_dataset(n) == catalog.DESCRIPTIONS[n] for n in catalog.DATASET_NAMES)
    assert len(KINDS) == catalog.SHAPES_MAX_CLASSES
    assert describe_kinds() in catalog.DESCRIPTIONS["shapes"]
    assert MAX_IMAGES == catalog.SHAPES_MAX_IMAGES
