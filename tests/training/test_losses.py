"""The loss choice (issue 15.4) and gradient clipping (15.5): checked against torch's own loss functions,
autograd, and ``clip_grad_norm_``."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from engine_fixtures import make_trainer, of_type, run_all, small_project
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnstudio.core import losses as pure
from cnnstudio.core.errors import SpecError
from cnnstudio.core.training_settings import TrainingSettings
from cnnstudio.training import losses
from cnnstudio.training.events import EpochEnd

LOGITS = torch.randn(32, 5, generator=torch.Generator().manual_seed(0)) * 3
TARGETS = torch.randint(0, 5, (32,), generator=torch.Generator().manual_seed(1))


def test_cross_entropy_is_torchs() -> None:
    assert losses.cross_entropy(LOGITS, TARGETS).item() == pytest.approx(
        torch.nn.CrossEntropyLoss()(LOGITS, TARGETS).item()
    )


def test_hinge_is_torchs_multi_margin_loss_summed_over_classes() -> None:
    # torch's MultiMarginLoss divides cs231n's sum over the other classes by the number of classes
    expected = torch.nn.MultiMarginLoss(margin=1.0)(LOGITS, TARGETS).item() * LOGITS.shape[1]
    assert losses.multiclass_hinge(LOGITS, TARGETS).item() == pytest.approx(expected, rel=1e-6)


def test_squared_error_is_torchs_mse_on_one_hot_targets() -> None:
    probabilities = torch.softmax(LOGITS, dim=1)
    one_hot = F.one_hot(TARGETS, 5).float()
    expected = torch.nn.MSELoss(reduction="sum")(probabilities, one_hot).item() / len(TARGETS)
    assert losses.squared_error(LOGITS, TARGETS).item() == pytest.approx(expected, rel=1e-6)


scores = st.lists(st.floats(-8, 8), min_size=2, max_size=8)


@settings(max_examples=60, deadline=None)
@given(scores=scores, data=st.data())
def test_the_pure_losses_and_gradients_match_torch(scores: list[float], data: st.DataObject) -> None:
    """core.losses (for the teaching view, no torch) against the trainer's torch losses and autograd."""
    label = data.draw(st.integers(0, len(scores) - 1))
    for kind in pure.LOSSES:
        logits = torch.tensor([scores], dtype=torch.float64, requires_grad=True)
        value = losses.loss_function(kind)(logits, torch.tensor([label]))
        value.backward()
        assert pure.loss_value(kind, scores, label) == pytest.approx(value.item(), rel=1e-9, abs=1e-9)
        assert pure.loss_gradient(kind, scores, label) == pytest.approx(logits.grad[0].tolist(), abs=1e-9)


def test_cross_entropy_is_steeper_than_squared_error_for_a_confident_mistake() -> None:
    """Course 004: the squared error flattens where cross-entropy keeps pushing (a wrong, sure answer)."""
    scores, label = [8.0, 0.0, 0.0], 1
    steep = abs(pure.loss_gradient("cross_entropy", scores, label)[label])
    flat = abs(pure.loss_gradient("mse", scores, label)[label])
    assert steep > 0.99 and flat < 0.01


@pytest.mark.parametrize("kind", pure.LOSSES)
def test_each_loss_trains_and_is_what_the_run_reports(kind: str) -> None:
    trainer = make_trainer(small_project(epochs=3, loss=kind))
    events = run_all(trainer)
    ends = of_type(events, EpochEnd)
    assert events[-1].reason == "completed" and ends[-1].train_loss < ends[0].train_loss
    x, y = trainer.val  # 8-bit pixels, as the trainer holds them
    with torch.no_grad():
        trainer.model.eval()
        expected = losses.loss_function(kind)(trainer.model(trainer.whiten(x)), y).item()
    assert trainer.evaluate(x, y)[0] == pytest.approx(expected, rel=1e-4)


def test_an_unknown_loss_is_a_setting_error() -> None:
    with pytest.raises(SpecError, match=r"training\.loss: must be one of cross_entropy, hinge, mse"):
        TrainingSettings.from_dict({"loss": "l1"})


def test_gradient_clipping_bounds_the_step_as_torch_does() -> None:
    trainer = make_trainer(small_project(optimizer="sgd", lr=1.0, momentum=0.0, clip_grad_norm=0.5))
    before = [p.detach().clone() for p in trainer.model.parameters()]
    x, y = trainer.whiten(trainer.train_x[:32]), trainer.train_y[:32]  # a batch as the loop gives _step
    # the same step by hand: gradient, torch's clip_grad_norm_, then w -= lr * g
    reference = make_trainer(small_project(optimizer="sgd", lr=1.0, momentum=0.0))
    reference.model.zero_grad()
    F.cross_entropy(reference.model(x), y).backward()
    norm = torch.nn.utils.clip_grad_norm_(reference.model.parameters(), 0.5)
    assert norm > 0.5  # clipping really acts here
    trainer._step(x, y)
    moved = math.sqrt(sum(((p - b) ** 2).sum().item() for p, b in zip(trainer.model.parameters(), before)))
    assert moved == pytest.approx(0.5, rel=1e-4)  # lr 1: the step is the clipped gradient, norm 0.5
    for p, b, r in zip(trainer.model.parameters(), before, reference.model.parameters()):
        assert torch.allclose(p, b - r.grad, atol=1e-6)


def test_clipping_off_by_default_and_refuses_a_negative_norm() -> None:
    assert TrainingSettings().clip_grad_norm == 0.0
    with pytest.raises(SpecError, match=r"training\.clip_grad_norm: must be a number of at least 0"):
        TrainingSettings.from_dict({"clip_grad_norm": -1})
