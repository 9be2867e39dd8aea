"""Feature space (issue 16.2) against independent truth: the features are torch's own layer outputs
averaged over the map, PCA is numpy's SVD of them, t-SNE keeps neighbours and is the same every time."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from engine_fixtures import make_trainer, run_all, small_project

from cnnstudio.training.build import build_model, module_at
from cnnstudio.training.insight_features import features, project_2d, run_feature_space
from cnnstudio.training.trained_run import TrainedRun, record_network


def _identity(x):
    return x


def test_features_are_the_layers_maps_averaged_per_channel() -> None:
    torch.manual_seed(0)
    model = build_model(small_project()).eval()
    images = torch.randn(40, 1, 16, 16)
    kept = []
    handle = module_at(model, (3,)).register_forward_hook(lambda _m, _i, out: kept.append(out))
    with torch.no_grad():
        model(images)
    handle.remove()
    ours = features(model, (3,), images, _identity)
    np.testing.assert_allclose(ours, kept[0].mean(dim=(2, 3)).numpy(), rtol=1e-5, atol=1e-6)
    assert features(model, (7,), images, _identity).shape == (40, 4)  # a dense layer: its outputs


def test_pca_is_the_svd_of_the_centred_features_up_to_sign() -> None:
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(120, 6)) * np.array([5, 3, 1, 0.5, 0.2, 0.1])
    points = project_2d(vectors, "pca")
    centred = vectors - vectors.mean(axis=0)
    _u, _s, vt = np.linalg.svd(centred, full_matrices=False)
    expected = centred @ vt[:2].T
    for axis in range(2):
        sign = np.sign(points[:, axis] @ expected[:, axis])
        np.testing.assert_allclose(points[:, axis] * sign, expected[:, axis], rtol=1e-4, atol=1e-4)


def test_tsne_keeps_clusters_apart_and_is_seeded() -> None:
    rng = np.random.default_rng(2)
    centres = rng.normal(size=(3, 10)) * 10
    labels = np.repeat(np.arange(3), 40)
    vectors = centres[labels] + rng.normal(size=(120, 10))
    points = project_2d(vectors, "tsne")
    np.testing.assert_array_equal(points, project_2d(vectors, "tsne"))
    # each point's nearest neighbour in the picture is of its own cluster
    distances = np.linalg.norm(points[:, None] - points[None], axis=2) + np.eye(len(points)) * 1e9
    assert (labels[distances.argmin(axis=1)] == labels).mean() > 0.95
    with pytest.raises(ValueError, match="unknown projection"):
        project_2d(vectors, "umap")


def test_a_runs_feature_space_names_each_images_class_and_prediction(tmp_path) -> None:
    project = small_project()
    record_network(tmp_path, project)
    trainer = make_trainer(project, out_dir=tmp_path)
    run_all(trainer)
    run = TrainedRun(tmp_path)
    space = run_feature_space(run, (5,), "pca")
    data = run.data()
    assert space.points.shape == (data.val_x.shape[0], 2)
    np.testing.assert_array_equal(space.labels, data.val_y.numpy())
    with torch.no_grad():
        expected = run.model()(data.whiten(data.val_x)).argmax(dim=1).numpy()
    np.testing.assert_array_equal(space.predicted, expected)
    assert space.top_k(0)[0][0] == expected[0]
    again = run_feature_space(TrainedRun(tmp_path), (5,), "pca")  # from the run folder's cache
    np.testing.assert_array_equal(again.points, space.points)
    assert (tmp_path / "insight" / "features-5-pca-validation.npz").is_file()


def test_align_turns_one_picture_onto_another_as_scipys_procrustes() -> None:
    from scipy.linalg import orthogonal_procrustes

    from cnnstudio.training.insight_features import align

    rng = np.random.default_rng(0)
    reference = rng.normal(size=(50, 2))
    turn = np.array([[0.0, -1.0], [1.0, 0.0]]) @ np.diag([1.0, -1.0])  # a quarter turn and a mirror
    moved = (reference @ turn) * 3.0 + [5.0, -2.0]
    np.testing.assert_allclose(align(moved, reference), reference, atol=1e-5)
    noisy = moved + rng.normal(scale=0.1, size=moved.shape)
    a, b = noisy - noisy.mean(axis=0), reference - reference.mean(axis=0)
    rotation, _ = orthogonal_procrustes(a, b)
    ours = align(noisy, reference) - reference.mean(axis=0)
    direction = a @ rotation
    np.testing.assert_allclose(ours / np.linalg.norm(ours), direction / np.linalg.norm(direction), atol=1e-5)
    dist = np.linalg.norm(noisy[:, None] - noisy[None], axis=2)
    aligned = align(noisy, reference)
    ratio = np.linalg.norm(aligned[:, None] - aligned[None], axis=2)[dist > 0] / dist[dist > 0]
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-4)  # distances only scaled, all alike
