"""Batched augmentation: each switch does what it says, nothing is done when off, seeds repeat."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from cnnstudio.training.datasets import Augmenter, AugmentSettings, DatasetError
from cnnstudio.training.datasets.augment import random_affine, turn_and_zoom


def _batch(n: int = 32, c: int = 3, h: int = 16, w: int = 20, seed: int = 0) -> torch.Tensor:
    return torch.randn(n, c, h, w, generator=torch.Generator().manual_seed(seed))


def _augment(x: torch.Tensor, seed: int = 0, **switches: object) -> torch.Tensor:
    return Augmenter(AugmentSettings.from_dict(switches), seed=seed)(x)


def test_defaults_are_all_off_and_return_the_input_itself() -> None:
    x = _batch()
    assert not AugmentSettings().active
    assert Augmenter(AugmentSettings())(x) is x


def test_disabled_is_identity_whatever_is_switched_on() -> None:
    x = _batch()
    everything = {"crop": True, "hflip": True, "vflip": True, "jitter": True, "rotate": True, "erase": True}
    assert _augment(x, enabled=False, **everything) is x


@pytest.mark.parametrize(("switch", "dim"), [("hflip", -1), ("vflip", -2)])
def test_flip_equals_torch_flip_on_the_chosen_images(switch: str, dim: int) -> None:
    x = _batch(n=64)
    out = _augment(x, **{switch: True})
    flipped = torch.tensor([torch.equal(o, torch.flip(i, (dim,))) for o, i in zip(out, x)])
    kept = torch.tensor([torch.equal(o, i) for o, i in zip(out, x)])
    assert bool((flipped | kept).all())
    assert 10 < int(flipped.sum()) < 54  # about half, at probability 0.5
    always = _augment(x, **{switch: True, f"{switch}_prob": 1.0})
    assert torch.equal(always, torch.flip(x, (dim,)))


def test_crop_keeps_the_shape_and_cuts_a_window_of_the_padded_image() -> None:
    x = _batch(n=8, h=10, w=12)
    pad = 2
    out = _augment(x, crop=True, crop_padding=pad)
    assert out.shape == x.shape
    padded = F.pad(x, (pad, pad, pad, pad))
    windows = [(dy, dx) for dy in range(2 * pad + 1) for dx in range(2 * pad + 1)]
    offsets = set()
    for o, p in zip(out, padded):
        matches = [(dy, dx) for dy, dx in windows if torch.equal(o, p[:, dy : dy + 10, dx : dx + 12])]
        assert matches, "every output is a window of its padded input"
        offsets.add(matches[0])
    assert len(offsets) > 1


def test_erasing_zeros_one_rectangle_of_bounded_area() -> None:
    x = _batch(n=16, c=3, h=20, w=20).abs() + 1.0  # no zeros to begin with
    out = _augment(x, erase=True, erase_prob=1.0, erase_max_area=0.3)
    for image in out:
        zero = (image == 0).all(dim=0)
        assert bool(((image == 0).any(dim=0) == zero).all()), "all channels are erased together"
        rows, cols = zero.nonzero(as_tuple=True)
        assert rows.numel() > 0
        box = (int(rows.max() - rows.min()) + 1) * (int(cols.max() - cols.min()) + 1)
        assert box == rows.numel(), "the erased area is a rectangle"
        assert rows.numel() <= 0.3 * 400 + 20  # max area, with rounding of the sides
    untouched = _augment(x, erase=True, erase_prob=0.0)
    assert torch.equal(untouched, x)


def test_rotation_keeps_shape_and_changes_pixels() -> None:
    x = torch.zeros(8, 1, 24, 24)
    x[:, :, 4:20, 10:14] = 1.0  # a vertical bar through the centre
    out = _augment(x, rotate=True, rotate_degrees=15)
    assert out.shape == x.shape
    assert not torch.allclose(out, x, atol=1e-3)
    # A turn about the centre keeps the centre and (nearly) the amount of bar.
    assert torch.allclose(out[:, :, 12, 12], x[:, :, 12, 12], atol=0.05)
    assert torch.allclose(out.sum(dim=(1, 2, 3)), x.sum(dim=(1, 2, 3)), rtol=0.1)


def test_affine_with_no_turn_and_no_zoom_is_identity() -> None:
    x = _batch(n=4, h=9, w=13)
    out = random_affine(x, 0.0, 0.0, torch.Generator().manual_seed(0))
    assert torch.allclose(out, x, atol=1e-5)


def test_quarter_turn_equals_rot90() -> None:
    x = _batch(n=2, h=6, w=6)
    out = turn_and_zoom(x, torch.full((2,), math.pi / 2), torch.ones(2))
    assert torch.allclose(out, torch.rot90(x, 1, (2, 3)), atol=1e-5)


def test_turn_and_zoom_matches_torch_affine_grid_on_non_square_images() -> None:
    x = _batch(n=6, h=12, w=20)
    angle = torch.linspace(-0.3, 0.3, 6)
    zoom = torch.linspace(0.7, 1.3, 6)
    cos, sin, zero = torch.cos(angle) / zoom, torch.sin(angle) / zoom, torch.zeros(6)
    theta = torch.stack(
        (torch.stack((cos, -sin * 12 / 20, zero), 1), torch.stack((sin * 20 / 12, cos, zero), 1)), 1
    )
    expected = F.grid_sample(x, F.affine_grid(theta, list(x.shape), align_corners=False), align_corners=False)
    assert torch.allclose(turn_and_zoom(x, angle, zoom), expected, atol=1e-4)


def test_scaling_keeps_shape_and_changes_size() -> None:
    x = torch.zeros(16, 1, 32, 32)
    x[:, :, 12:20, 12:20] = 1.0
    out = _augment(x, scale=True, scale_amount=0.4)
    assert out.shape == x.shape
    areas = out.sum(dim=(1, 2, 3))
    assert float(areas.max() - areas.min()) > 10.0  # some grew, some shrank


def test_jitter_changes_values_per_image_and_keeps_shape() -> None:
    x = _batch(n=16)
    out = _augment(x, jitter=True, jitter_strength=0.5)
    assert out.shape == x.shape
    shifts = (out - x).mean(dim=(1, 2, 3))
    assert float(shifts.std()) > 0.01
    grey = _batch(n=4, c=1)
    out = _augment(grey, jitter=True, jitter_strength=0.5)
    centred_in = grey - grey.mean(dim=(1, 2, 3), keepdim=True)
    centred_out = out - out.mean(dim=(1, 2, 3), keepdim=True)
    contrast = (centred_out.flatten(1).norm(dim=1) / centred_in.flatten(1).norm(dim=1)).view(-1, 1, 1, 1)
    assert torch.allclose(centred_out, centred_in * contrast, atol=1e-5), "contrast scales about the mean"
    assert bool(((contrast > 0.5 - 1e-6) & (contrast < 1.5 + 1e-6)).all())
    assert torch.allclose(_augment(x, jitter=True, jitter_strength=0.0), x, atol=1e-6)


def test_same_seed_same_output_and_other_seed_other_output() -> None:
    x = _batch(n=16)
    switches = {"crop": True, "hflip": True, "rotate": True, "scale": True, "jitter": True, "erase": True}
    a = _augment(x, seed=5, **switches)
    b = _augment(x, seed=5, **switches)
    c = _augment(x, seed=6, **switches)
    assert torch.equal(a, b)
    assert not torch.equal(a, c)
    augmenter = Augmenter(AugmentSettings.from_dict(switches), seed=5)
    assert not torch.equal(augmenter(x), augmenter(x)), "each call draws new numbers"


def test_settings_round_trip_ignore_unknown_keys_and_check_values() -> None:
    settings = AugmentSettings.from_dict({"hflip": True, "rotate_degrees": 12, "colour": "blue"})
    assert settings.hflip and settings.rotate_degrees == 12.0
    assert AugmentSettings.from_dict(settings.to_dict()) == settings
    assert AugmentSettings.from_dict(None) == AugmentSettings()
    with pytest.raises(DatasetError, match=r"dataset\.augmentation\.rotate_degrees: .*got 40"):
        AugmentSettings.from_dict({"rotate_degrees": 40})
    with pytest.raises(DatasetError, match=r"dataset\.augmentation\.hflip: .*'yes'"):
        AugmentSettings.from_dict({"hflip": "yes"})
    with pytest.raises(DatasetError, match=r"dataset\.augmentation: "):
        AugmentSettings.from_dict([1, 2])  # type: ignore[arg-type]


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_runs_on_the_gpu_without_leaving_it() -> None:
    x = _batch(n=32).cuda()
    switches = {"crop": True, "hflip": True, "rotate": True, "scale": True, "jitter": True, "erase": True}
    augmenter = Augmenter(AugmentSettings.from_dict(switches), seed=1, device="cuda")
    out = augmenter(x)
    assert out.device == x.device and out.shape == x.shape
    again = Augmenter(AugmentSettings.from_dict(switches), seed=1, device="cuda")(x)
    assert torch.equal(out, again)
