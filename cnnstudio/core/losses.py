"""The three training losses a project can choose, as plain arithmetic on one image's class scores.

Course 000 trains with softmax and cross-entropy; cs231n's linear classifiers compare it with the
multi-class SVM (hinge) loss; course 004 compares the squared error with cross-entropy and says the
cross-entropy objective is steeper. The trainer computes the same losses on batches with torch
(``cnnstudio.training.losses``, checked against these); here they are one image at a time, with their
gradients with respect to the scores, so that a teaching view can plot and compare them without torch.

For scores ``s`` (the network's outputs, one per class) and the true class ``y``:

- cross-entropy (softmax): ``L = -log(p_y)``, ``p = softmax(s)``; gradient ``p - t``;
- multi-class hinge (SVM): ``L = sum over j != y of max(0, s_j - s_y + 1)`` (cs231n's form, summed over the
  classes; torch's ``multi_margin_loss`` is the same divided by the number of classes);
- squared error on one-hot targets: ``L = sum over j of (p_j - t_j)^2``, ``p = softmax(s)``, ``t`` the
  one-hot vector of ``y`` (on the probabilities, as course 004 compares it: it flattens where cross-entropy
  stays steep).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

LOSSES = ("cross_entropy", "hinge", "mse")
MARGIN = 1.0  # the hinge's margin (cs231n's delta)

# The formula each loss is shown with (the settings panel, the teaching view); symbols are the course's.
FORMULAS = {
    "cross_entropy": "L = −log pᵧ,   pⱼ = e^sⱼ / Σₖ e^sₖ",
    "hinge": "L = Σⱼ≠ᵧ max(0, sⱼ − sᵧ + 1)",
    "mse": "L = Σⱼ (pⱼ − tⱼ)²,   p = softmax(s),  t = one-hot(y)",
}


def softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def cross_entropy(scores: Sequence[float], label: int) -> float:
    top = max(scores)
    return top + math.log(sum(math.exp(s - top) for s in scores)) - scores[label]


def multiclass_hinge(scores: Sequence[float], label: int, margin: float = MARGIN) -> float:
    return sum(max(0.0, s - scores[label] + margin) for j, s in enumerate(scores) if j != label)


def squared_error(scores: Sequence[float], label: int) -> float:
    return sum((p - (j == label)) ** 2 for j, p in enumerate(softmax(scores)))


LOSS_FUNCTIONS: dict[str, Callable[[Sequence[float], int], float]] = {
    "cross_entropy": cross_entropy,
    "hinge": multiclass_hinge,
    "mse": squared_error,
}


def loss_value(kind: str, scores: Sequence[float], label: int) -> float:
    """One image's loss under ``kind`` (one of ``LOSSES``)."""
    return LOSS_FUNCTIONS[kind](scores, label)


def loss_gradient(kind: str, scores: Sequence[float], label: int) -> list[float]:
    """d L / d s_j for every class j: how hard each score is pushed (what makes one loss steeper)."""
    if kind == "cross_entropy":
        return [p - (j == label) for j, p in enumerate(softmax(scores))]
    if kind == "hinge":
        active = [j != label and s - scores[label] + MARGIN > 0 for j, s in enumerate(scores)]
        return [float(a) if j != label else -float(sum(active)) for j, a in enumerate(active)]
    if kind == "mse":
        p = softmax(scores)
        error = [2 * (pj - (j == label)) for j, pj in enumerate(p)]  # dL/dp
        weighted = sum(e * pj for e, pj in zip(error, p))
        return [pj * (e - weighted) for e, pj in zip(error, p)]  # through the softmax's Jacobian
    raise ValueError(f"unknown loss {kind!r}")
