"""Top-k patches (issue 16.1) against independent truth: a brute-force torch ranking over whole forward
passes, and the input pixels that really reach the arg-max cell (autograd), for the receptive-field crop."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest
import torch
from engine_fixtures import make_trainer, run_all, small_project

from cnnstudio.cli import main
from cnnstudio.core import project_file
from cnnstudio.training.build import build_model, module_at
from cnnstudio.training.insight_store import run_top_k
from cnnstudio.training.insight_topk import find_map_layer, layer_output, map_layers, top_k
from cnnstudio.training.insight_work import Cancelled, Work
from cnnstudio.training.trained_run import TrainedRun, record_network


def _model_and_images(seed: int = 0, n: int = 70):
    torch.manual_seed(seed)
    project = small_project()
    return project, build_model(project).eval(), torch.randn(n, 1, 16, 16)


def _brute_force(model, path, images):
    """Every map of every image from one whole forward pass; ranked per channel by its maximum."""
    maps = []
    handle = module_at(model, path).register_forward_hook(lambda _m, _i, out: maps.append(out))
    with torch.no_grad():
        model(images)
    handle.remove()
    maxima = maps[0].flatten(2).amax(dim=2)  # (N, C)
    return maps[0], maxima


@pytest.mark.parametrize("path", [(0,), (1,), (2,), (3,), (5,)])
def test_ranking_equals_a_brute_force_torch_ranking(path) -> None:
    project, model, images = _model_and_images()
    layer = find_map_layer(project, path)
    result = top_k(model, layer, images, k=5)
    maps, maxima = _brute_force(model, path, images)

    for channel in range(layer.channels):
        expected = torch.sort(maxima[:, channel], descending=True).values[:5]
        np.testing.assert_allclose(result.scores[channel], expected.numpy(), rtol=1e-5, atol=1e-6)
        # the images named hold those maxima, at the cells named
        for rank in range(5):
            image, (row, col) = result.images[channel, rank], result.cells[channel, rank]
            assert float(maps[image, channel, row, col]) == pytest.approx(float(result.scores[channel, rank]))
            assert float(maxima[image, channel]) == pytest.approx(float(result.scores[channel, rank]))


def test_batches_and_early_stop_give_the_whole_pass_maps() -> None:
    _project, model, images = _model_and_images()
    maps, _ = _brute_force(model, (3,), images)
    with torch.no_grad():
        torch.testing.assert_close(layer_output(model, (3,), images), maps)


@pytest.mark.parametrize("path", [(0,), (2,), (3,), (5,)])
def test_the_crop_holds_every_input_pixel_that_reaches_the_argmax_cell(path) -> None:
    """Autograd is the truth: d(map cell)/d(input) is non-zero only inside the receptive-field box, and
    (random weights, no ReLU at conv layers) touches the box's edges where they lie inside the image."""
    project, model, images = _model_and_images(seed=1, n=12)
    layer = find_map_layer(project, path)
    result = top_k(model, layer, images, k=3)
    for channel in (0, layer.channels - 1):
        for rank in range(3):
            image, (row, col) = int(result.images[channel, rank]), result.cells[channel, rank]
            x = images[image : image + 1].clone().requires_grad_(True)
            cell = layer_output(model, path, x)[0, channel, row, col]
            (grad,) = torch.autograd.grad(cell, x)
            rows, cols = np.nonzero(grad[0].abs().sum(0).numpy())
            top, left, bottom, right = result.boxes[channel, rank]
            assert rows.min() >= top and rows.max() <= bottom and cols.min() >= left and cols.max() <= right
            if layer.type == "conv2d" and path == (0,):  # one conv: its field is exactly the pixels used
                assert (rows.min(), cols.min(), rows.max(), cols.max()) == (top, left, bottom, right)


def test_layers_with_maps_are_the_conv_pool_and_activation_layers() -> None:
    project = small_project()
    assert [(layer.path, layer.channels, layer.map_hw) for layer in map_layers(project)] == [
        ((0,), 6, (16, 16)), ((1,), 6, (16, 16)), ((2,), 6, (8, 8)),
        ((3,), 8, (8, 8)), ((4,), 8, (8, 8)), ((5,), 8, (4, 4)),
    ]  # fmt: skip
    with pytest.raises(ValueError, match=r"no feature maps.*0, 1, 2, 3, 4, 5"):
        find_map_layer(project, (6,))


def test_cancel_stops_between_batches_and_progress_rises_to_one() -> None:
    project, model, images = _model_and_images(n=600)
    seen: list[float] = []
    top_k(model, find_map_layer(project, (0,)), images, work=Work(progress=seen.append))
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 3
    cancel = threading.Event()

    def cancel_after_first(fraction: float) -> None:
        cancel.set()

    with pytest.raises(Cancelled):
        top_k(model, find_map_layer(project, (0,)), images, work=Work(cancel_after_first, cancel))


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("run")
    project = small_project()
    record_network(folder, project)
    run_all(make_trainer(project, out_dir=folder))
    return folder


def test_the_run_result_is_cached_and_recomputed_for_new_weights(run_folder, monkeypatch) -> None:
    first = run_top_k(TrainedRun(run_folder), (3,), k=4)
    run = TrainedRun(run_folder)
    expected = top_k(run.model(), first.layer, run.data().val_x, 4, whiten=run.data().whiten)
    np.testing.assert_array_equal(first.images, expected.images)

    def no_compute(*_args, **_kwargs):
        raise AssertionError("computed again although the cache is fresh")

    monkeypatch.setattr("cnnstudio.training.insight_store.top_k", no_compute)
    np.testing.assert_array_equal(run_top_k(TrainedRun(run_folder), (3,), k=4).images, first.images)
    best = TrainedRun(run_folder).checkpoint_path()
    best.write_bytes(best.read_bytes())  # a newer checkpoint (same bytes, new time): the stamp differs
    with pytest.raises(AssertionError, match="computed again"):
        run_top_k(TrainedRun(run_folder), (3,), k=4)


def test_inspect_writes_pngs_and_an_index_naming_them(run_folder, tmp_path, capsys) -> None:
    project_path = tmp_path / "tiny.cnnproj.json"
    project_file.save(small_project(), project_path)
    out = tmp_path / "slides"
    assert main(["inspect", str(project_path), "--run", str(run_folder), "--layer", "3", "--channel", "2",
                 "--out", str(out), "-k", "4"]) == 0  # fmt: skip
    index = json.loads((out / "index.json").read_text())
    assert (
        index["layer"]["path"] == [3] and index["layer"]["channels"] == 8 and index["images"] == "validation"
    )
    (channel,) = index["channels"]
    assert channel["channel"] == 2 and len(channel["patches"]) == 4
    for item in channel["patches"]:
        assert (out / item["file"]).is_file()
        assert item["class"] in ("circle", "square", "triangle", "cross")
    assert [p["score"] for p in channel["patches"]] == sorted(
        (p["score"] for p in channel["patches"]), reverse=True
    )
    for key in ("top_k", "guided_k", "maximised"):
        assert (out / channel[key]).is_file()
    assert all((out / item["guided"]).is_file() for item in channel["patches"])
    assert (out / "overview.png").is_file()
    from PIL import Image

    assert Image.open(out / "channel-02" / "top-1.png").size[0] >= 64


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--layer", "6"], 2, "no feature maps"),
        (["--layer", "x"], 2, "as summary prints it"),
        (["--layer", "3", "--channel", "8"], 2, "channels 0 to 7"),
        (["--layer", "3", "--run", "nowhere"], 1, "no run of that name or id"),
    ],
)
def test_inspect_names_the_problem(run_folder, tmp_path, capsys, args, status, message) -> None:
    project_path = tmp_path / "tiny.cnnproj.json"
    project_file.save(small_project(), project_path)
    argv = ["inspect", str(project_path), "--run", str(run_folder), "--out", str(tmp_path / "o"), *args]
    assert main(argv) == status
    assert message in capsys.readouterr().err
