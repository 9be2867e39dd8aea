"""Training health (issue 16.3) against independent truth: gradient norms as numpy computes them from the
model's gradients after backward, SGD's update ratio by its formula lr*|dW|/|W|, histograms as
numpy.histogram and torch.histc make them, dead ReLUs by a direct count; and the engine and the CLI keep
health.json in the run folder."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from engine_fixtures import THREADS, make_trainer, of_type, run_all, small_data, small_project

from cnnstudio.cli import main
from cnnstudio.core import specs as S
from cnnstudio.core.health import HEALTH_FILE, EpochHealth, HealthRecord
from cnnstudio.core.health_rules import health_warnings
from cnnstudio.core.project_file import save
from cnnstudio.training.build import build_model
from cnnstudio.training.events import EpochEnd, Finished
from cnnstudio.training.health import HealthCollector, histogram
from cnnstudio.training.trained_run import TrainedRun

LAYERS = (
    S.Conv2d(out_channels=6, kernel_size=3, padding=1), S.ReLU(), S.MaxPool2d(kernel_size=2),
    S.Flatten(), S.Linear(out_features=12), S.ReLU(), S.Linear(out_features=4),
)  # fmt: skip


def _model_and_batch(seed: int = 0):
    project = small_project(LAYERS)
    torch.manual_seed(seed)
    model = build_model(project)
    data = small_data()
    x, y = data.whiten(data.train_x[:32]), data.train_y[:32]
    return project, model, x, y


def _sgd_step(model, x, y, lr: float) -> None:
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    optimizer.zero_grad()
    torch.nn.functional.cross_entropy(model(x), y).backward()
    optimizer.step()


def test_gradient_norms_and_sgd_update_ratios_match_their_definitions() -> None:
    project, model, x, y = _model_and_batch()
    twin = copy.deepcopy(model)
    collector = HealthCollector(model, project.layers, samples=1)
    with collector.sample(1, 1, len(y)):
        _sgd_step(model, x, y, lr=0.05)
    health = collector.end_epoch(1)
    # the twin takes the same step by hand: its gradients after backward, its weights before the step
    torch.nn.functional.cross_entropy(twin(x), y).backward()
    assert [layer.path for layer in health.layers] == [(0,), (4,), (6,)]
    for layer in health.layers:
        weight = twin[layer.path[0]].weight
        grad = weight.grad.numpy().astype(np.float64)
        norm = np.sqrt((grad**2).sum())
        assert layer.grad_norm == pytest.approx(norm, rel=1e-5)
        assert layer.weight_norm == pytest.approx(np.sqrt((weight.detach().numpy() ** 2).sum()), rel=1e-5)
        assert layer.update_ratio == pytest.approx(0.05 * norm / layer.weight_norm, rel=1e-4)
    assert health.sampled_batches == 1 and health.sampled_images == 32


def test_histograms_equal_numpys_and_torchs() -> None:
    project, model, x, y = _model_and_batch(1)
    collector = HealthCollector(model, project.layers, samples=1)
    with collector.sample(1, 1, len(y)):
        _sgd_step(model, x, y, lr=0.05)
    health = collector.end_epoch(1)
    for layer in health.layers:
        weight = model[layer.path[0]].weight
        for shown, values in ((layer.weights, weight.detach()), (layer.gradients, weight.grad)):
            m = float(values.abs().max())
            expected, edges = np.histogram(values.numpy(), bins=31, range=(-m, m))
            assert shown.counts == tuple(expected) and shown.limit == pytest.approx(m)
            assert shown.edges() == pytest.approx(edges.tolist())
            assert list(shown.counts) == torch.histc(values, 31, -m, m).int().tolist()
    zeros = histogram(torch.zeros(5))
    assert zeros.counts[15] == 5 and sum(zeros.counts) == 5
    broken = histogram(torch.tensor([1.0, float("inf"), float("nan"), -0.5]))
    assert broken.nonfinite == 2 and sum(broken.counts) == 2 and broken.limit == 1.0


def test_dead_relu_share_equals_a_direct_count() -> None:
    project, model, x, y = _model_and_batch(2)
    with torch.no_grad():
        model[0].bias[:4] = -100.0  # four of six filters can never fire
        model[4].bias[:3] = -1e4  # three of twelve units too
    collector = HealthCollector(model, project.layers, samples=2)
    for batch in (1, 2):
        with collector.sample(batch, 2, len(y)):
            _sgd_step(model, x, y, lr=0.0)
    relus = {relu.path: relu for relu in collector.end_epoch(1).relus}
    with torch.no_grad():
        maps = model[:2](x)  # conv, relu
        vectors = model[:6](x)  # ... linear, relu
    dead_maps = (maps.amax(dim=(0, 2, 3)) <= 0).numpy()
    dead_vectors = (vectors.amax(dim=0) <= 0).numpy()
    assert relus[(1,)].units == 6 and relus[(1,)].dead_share == pytest.approx(dead_maps.mean())
    assert relus[(5,)].units == 12 and relus[(5,)].dead_share == pytest.approx(dead_vectors.mean())
    assert dead_maps.sum() >= 4 and dead_vectors.sum() >= 3


def test_a_bounded_number_of_batches_is_sampled() -> None:
    collector = HealthCollector(torch.nn.Sequential(), (), samples=4)
    assert [b for b in range(1, 101) if collector.due(b, 100)] == [1, 34, 67, 100]
    assert [b for b in range(1, 4) if collector.due(b, 3)] == [1, 2, 3]
    assert [b for b in range(1, 2) if collector.due(b, 1)] == [1]


def test_the_engine_sends_each_epochs_health_and_keeps_health_json(tmp_path: Path) -> None:
    events = run_all(make_trainer(small_project(epochs=2), out_dir=tmp_path))
    health = of_type(events, EpochHealth)
    assert [h.epoch for h in health] == [1, 2] and not any(h.partial for h in health)
    ends = [type(e) for e in events if isinstance(e, (EpochEnd, EpochHealth))]
    assert ends == [EpochEnd, EpochHealth, EpochEnd, EpochHealth]  # each epoch's health after its end
    assert all(h.sampled_batches == 4 and [layer.path for layer in h.layers] == [(0,), (3,), (7,)]
               for h in health)  # fmt: skip
    assert HealthRecord.load(tmp_path / HEALTH_FILE).epochs == health
    assert TrainedRun(tmp_path).health().epochs == health  # what a reopened project reads
    assert not health_warnings(health)


def test_a_run_without_health_measures_nothing(tmp_path: Path) -> None:
    events = run_all(make_trainer(small_project(epochs=1), out_dir=tmp_path, health=False))
    assert not of_type(events, EpochHealth) and not (tmp_path / HEALTH_FILE).exists()


def test_learning_rate_10_shows_the_exploding_warning(tmp_path: Path) -> None:
    events = run_all(make_trainer(small_project(epochs=1, optimizer="sgd", lr=10.0), out_dir=tmp_path))
    health = of_type(events, EpochHealth)
    kinds = [w.kind for w in health_warnings(health)]
    assert "exploding" in kinds, (kinds, of_type(events, Finished))


def test_a_deep_sigmoid_net_shows_the_vanishing_warning() -> None:
    deep = (S.Flatten(), *[x for _ in range(6) for x in (S.Linear(out_features=32), S.Sigmoid())],
            S.Linear(out_features=4))  # fmt: skip
    events = run_all(make_trainer(small_project(deep, epochs=1, optimizer="sgd", lr=0.1)))
    warnings = health_warnings(of_type(events, EpochHealth))
    vanishing = [w for w in warnings if w.kind == "vanishing"]
    assert vanishing and vanishing[0].layer == (1,) and vanishing[0].value >= 1000, warnings


def test_cnnstudio_train_writes_health_json(tmp_path: Path, capsys) -> None:
    project_file, out_dir = tmp_path / "tiny.cnnproj.json", tmp_path / "run"
    save(small_project(epochs=2), project_file)
    status = main(["train", str(project_file), "--json", "--out", str(out_dir), "--threads", str(THREADS)])
    lines = capsys.readouterr().out.splitlines()
    assert status == 0 and json.loads(lines[-1])["event"] == "finished"
    assert all(json.loads(line)["event"] != "health" for line in lines)  # the JSON lines keep DESIGN's form
    record = HealthRecord.load(out_dir / HEALTH_FILE)
    assert [e.epoch for e in record.epochs] == [1, 2]
