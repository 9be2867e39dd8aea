"""Probes: every layer's activation with the shape the core predicts, pooling winners as torch finds them,
saliency, Grad-CAM, predictions and the confusion matrix; none of it disturbs training."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from engine_fixtures import make_trainer, of_type, run_all, small_data, small_project

from cnnstudio.core import specs as S
from cnnstudio.training.build import build_model
from cnnstudio.training.events import ProbeSnapshot
from cnnstudio.training.probes import capture, confusion_matrix, grad_cam, predict, saliency

BLOCKS = (
    S.Conv2d(out_channels=4, kernel_size=3, padding=1),
    S.BatchNorm2d(),
    S.ReLU(),
    S.Residual(layers=(S.Conv2d(out_channels=8, kernel_size=3, padding=1), S.ReLU())),
    S.MaxPool2d(kernel_size=3, stride=2, padding=1),
    S.Concat(
        branches=(
            (S.Conv2d(out_channels=4, kernel_size=1),),
            (S.MaxPool2d(kernel_size=3, stride=1, padding=1), S.Conv2d(out_channels=2, kernel_size=1)),
        )
    ),
    S.LPPool2d(kernel_size=2),
    S.AdaptiveMaxPool2d(output_size=2),
    S.Flatten(),
    S.Dropout(p=0.5),
    S.Linear(out_features=4),
)


def _setup(layers=None):
    project = small_project(layers)
    torch.manual_seed(0)
    model = build_model(project)
    data = small_data()
    return project, model, data


@pytest.mark.parametrize("layers", [None, BLOCKS], ids=["plain", "blocks"])
def test_every_layer_is_captured_with_the_core_shape(layers) -> None:
    project, model, data = _setup(layers)
    snap = capture(
        model,
        data.whiten(data.val_x[0]),
        project.layers,
        label=int(data.val_y[0]),
        mean=data.mean,
        std=data.std,
    )
    expected = {r.path: r.output_shape for r in project.report.walk()}
    assert set(snap.activations) == set(expected)
    for path, shape in expected.items():
        assert snap.activations[path].shape == shape, path
        assert snap.activations[path].dtype == np.float32
    assert snap.probabilities.shape == (4,) and snap.probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    assert snap.label == int(data.val_y[0])


def test_pooling_snapshots_match_torch(monkeypatch) -> None:
    project, model, data = _setup(BLOCKS)
    snap = capture(model, data.whiten(data.val_x[3]), project.layers)
    pooled = {p.path: p for p in snap.pooling}
    specs = dict(S.walk(project.layers))
    assert set(pooled) == {path for path, spec in specs.items() if spec.type in S.POOLING_TYPES}
    acts = snap.activations
    # the top-level max pool: its input is the residual block's output
    top = pooled[(4,)]
    assert np.array_equal(top.input, acts[(3,)]) and np.array_equal(top.output, acts[(4,)])
    values, index = F.max_pool2d(torch.from_numpy(acts[(3,)])[None], 3, 2, 1, return_indices=True)
    assert np.array_equal(top.winners, index[0].numpy()) and np.allclose(top.output, values[0].numpy())
    # each winner really is where the window's maximum sits
    flat = top.input.reshape(top.input.shape[0], -1)
    assert np.array_equal(
        np.take_along_axis(flat, top.winners.reshape(flat.shape[0], -1), 1).reshape(top.output.shape),
        top.output,
    )
    # the max pool inside the concat's second branch sees the concat's input
    inner = pooled[(5, 1, 0)]
    assert np.array_equal(inner.input, acts[(4,)])
    _, index = F.max_pool2d(torch.from_numpy(acts[(4,)])[None], 3, 1, 1, return_indices=True)
    assert np.array_equal(inner.winners, index[0].numpy())
    adaptive = pooled[(7,)]
    _, index = F.adaptive_max_pool2d(torch.from_numpy(acts[(6,)])[None], 2, return_indices=True)
    assert np.array_equal(adaptive.winners, index[0].numpy())
    assert pooled[(6,)].winners is None and pooled[(6,)].type == "lppool2d"


def test_the_image_is_shown_unwhitened() -> None:
    project, model, data = _setup()
    snap = capture(model, data.whiten(data.val_x[0]), project.layers, mean=data.mean, std=data.std)
    pixels = data.val_x[0].float() / 255  # what the file holds: the picture a person sees
    assert np.allclose(snap.image, pixels.numpy(), atol=1e-6)
    assert snap.image.min() >= 0 and snap.image.max() <= 1


def test_capture_leaves_the_model_and_generators_alone() -> None:
    project, model, data = _setup(BLOCKS)
    model.train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    rng = torch.get_rng_state()
    first = capture(model, data.whiten(data.val_x[0]), project.layers)
    second = capture(model, data.whiten(data.val_x[0]), project.layers)
    assert model.training
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())  # BatchNorm stats too
    assert torch.equal(rng, torch.get_rng_state())
    assert all(
        np.array_equal(first.activations[p], second.activations[p]) for p in first.activations
    )  # no dropout


def test_saliency_and_grad_cam_are_maps_in_unit_range() -> None:
    _, model, data = _setup(BLOCKS)
    image = data.whiten(data.val_x[1])
    for heat in (saliency(model, image), saliency(model, image, target=2), grad_cam(model, image, 1, (3,))):
        assert heat.shape == (16, 16) and heat.dtype == np.float32
        assert heat.min() >= 0 and heat.max() <= 1
    assert all(p.grad is None for p in model.parameters())
    with pytest.raises(ValueError, match="Grad-CAM needs feature maps"):
        grad_cam(model, image, 0, (10,))


def test_saliency_is_the_input_gradient() -> None:
    _, model, data = _setup()
    model.eval()
    x = data.whiten(data.val_x[2])[None].clone().requires_grad_(True)
    model(x)[0, 1].backward()
    expected = x.grad[0].abs().amax(0)
    expected = (expected - expected.min()) / (expected.max() - expected.min())
    assert np.allclose(saliency(model, data.whiten(data.val_x[2]), 1), expected.numpy(), atol=1e-6)


def test_predict_and_confusion_matrix_agree() -> None:
    _, model, data = _setup()
    probabilities = predict(model, data.test_x, batch_size=7, inputs=data.whiten)
    assert np.allclose(probabilities, predict(model, data.whiten(data.test_x)), atol=1e-6)
    assert probabilities.shape == (data.test_x.shape[0], 4)
    assert np.allclose(probabilities.sum(1), 1, atol=1e-5)
    matrix = confusion_matrix(model, data.test_x, data.test_y, 4, batch_size=5, inputs=data.whiten)
    assert matrix.sum() == data.test_x.shape[0] and matrix.dtype == np.int64
    assert np.trace(matrix) == int((probabilities.argmax(1) == data.test_y.numpy()).sum())
    assert np.array_equal(matrix.sum(1), np.bincount(data.test_y.numpy(), minlength=4))


def test_probes_during_training_are_bounded_and_at_each_epoch_end() -> None:
    trainer = make_trainer(small_project(epochs=3, probe_interval_s=0.5), probes=True)
    events = run_all(trainer)
    probes = of_type(events, ProbeSnapshot)
    assert [p.epoch for p in probes if p.epoch.is_integer()] == [1.0, 2.0, 3.0]
    assert len(probes) <= 3 + 10  # the run takes well under 5 s
    assert probes[0].label == int(trainer.data.val_y[0])


def test_probes_do_not_change_the_training_curve() -> None:
    with_probes = make_trainer(small_project(epochs=2, probe_interval_s=0.001), probes=True)
    without = make_trainer(small_project(epochs=2), probes=False)
    events = run_all(with_probes)
    run_all(without)
    assert len(of_type(events, ProbeSnapshot)) > 2
    assert with_probes.history.train_loss == without.history.train_loss
    assert with_probes.history.val_loss == without.history.val_loss


def test_a_given_probe_image_is_used() -> None:
    image = small_data().whiten(small_data().train_x[5])
    trainer = make_trainer(small_project(epochs=1), probes=True, probe_image=image, probe_label=2)
    probe = of_type(run_all(trainer), ProbeSnapshot)[-1]
    assert probe.label == 2
    assert np.allclose(
        probe.activations[(0,)], capture(trainer.model, image, trainer.project.layers).activations[(0,)]
    )
