"""The loss comparison as a class uses it: its curves are torch's loss functions and autograd slopes, the
caption says cross-entropy is steeper where the network is wrong, and the formulas follow the boxes."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from cnnstudio.ui.teaching.loss_view import SCORES, WRONG_AND_SURE, LossView


@pytest.fixture
def view(qtbot) -> LossView:
    widget = LossView()
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _torch_curves(kind: str, classes: int) -> tuple[torch.Tensor, torch.Tensor]:
    s = torch.tensor(SCORES, dtype=torch.float64, requires_grad=True)
    scores = torch.cat([s[:, None], torch.zeros(len(s), classes - 1, dtype=torch.float64)], dim=1)
    target = torch.zeros(len(s), dtype=torch.long)
    if kind == "cross_entropy":
        loss = F.cross_entropy(scores, target, reduction="none")
    elif kind == "hinge":  # torch divides cs231n's sum by the number of classes
        loss = F.multi_margin_loss(scores, target, reduction="none") * classes
    else:
        loss = ((torch.softmax(scores, dim=1) - F.one_hot(target, classes)) ** 2).sum(dim=1)
    (slope,) = torch.autograd.grad(loss.sum(), s)
    return loss.detach(), slope.abs()


@pytest.mark.parametrize("classes", [2, 10])
def test_curves_are_torchs_losses_and_slopes(view, classes) -> None:
    view.classes_box.setValue(classes)
    for kind in ("cross_entropy", "hinge", "mse"):
        x, loss, slope = view.curve_data(kind)
        expected_loss, expected_slope = _torch_curves(kind, classes)
        assert x == pytest.approx(SCORES)
        assert loss == pytest.approx(expected_loss.numpy(), rel=1e-9, abs=1e-12)
        assert slope == pytest.approx(expected_slope.numpy(), rel=1e-6, abs=1e-9)


def test_cross_entropy_is_steeper_where_the_network_is_wrong(view, qtbot) -> None:
    ce, mse = (view.curve_data(k)[2] for k in ("cross_entropy", "mse"))
    wrong = SCORES <= WRONG_AND_SURE
    assert (ce[wrong] > 0.9).all() and (mse[wrong] < 0.2).all()
    text = view.compare_label.text()
    assert "steeper" in text and f"{ce[SCORES == WRONG_AND_SURE][0]:.3f}" in text
    assert "Cross-entropy (softmax):   L = −log pᵧ" in view.formula_label.text()
    assert "hinge" not in view.formula_label.text().lower()
    view.loss_boxes["hinge"].click()
    assert "max(0, sⱼ − sᵧ + 1)" in view.formula_label.text()
    assert view._loss_curves["hinge"].isVisible()
