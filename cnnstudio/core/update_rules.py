"""Each optimiser's update rule, as a formula with its settings filled in and as plain arithmetic.

Course 000 lists SGD, momentum, Nesterov, Adagrad, RMSprop and Adam; course 004 explains momentum, Nesterov,
Adagrad and Adam; AdamW is Adam with decoupled weight decay (Loshchilov & Hutter). A class sees each rule
written out with the numbers it runs with, and :class:`HandStepper` steps the very same rule with Python
floats, one coordinate at a time, so the tests can hold it against ``torch.optim`` (the trainer's and the
optimiser race's arithmetic): what is shown is what runs.

The rules are torch's forms (the ones the trainer uses). Course 004 writes momentum as ``v <- a*v - e*g;
theta <- theta + v``; with a constant learning rate that is the same walk as torch's ``b <- mu*b + g;
theta <- theta - lr*b`` (v = -lr*b), as the formula view says beside it.

Pure Python (the core imports no torch): the GUI shows the formulas without loading torch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from cnnstudio.core.training_settings import TrainingSettings

# The race's and the formula view's optimisers: the trainer's five, with SGD's two momentum forms apart.
KINDS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")
NAMES = {
    "sgd": "SGD",
    "momentum": "Momentum",
    "nesterov": "Nesterov",
    "adagrad": "Adagrad",
    "rmsprop": "RMSprop",
    "adam": "Adam",
    "adamw": "AdamW",
}
ADAGRAD_EPS = 1e-10  # torch.optim.Adagrad's default eps


@dataclass(frozen=True)
class OptimiserSetup:
    """One optimiser and the numbers its rule runs with (torch's defaults where the settings name none)."""

    kind: str
    lr: float
    momentum: float = 0.9  # momentum and nesterov; RMSprop's optional momentum (0: none)
    weight_decay: float = 0.0
    alpha: float = 0.99  # RMSprop's smoothing constant
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown optimiser {self.kind!r}; choose one of {', '.join(KINDS)}")
        if not self.lr > 0:
            raise ValueError(f"the learning rate must be positive, got {self.lr}")

    @property
    def uses_momentum(self) -> bool:
        return self.kind in ("momentum", "nesterov") or (self.kind == "rmsprop" and self.momentum > 0)


def default_setup(kind: str, lr: float | None = None) -> OptimiserSetup:
    """``kind`` with torch's defaults (RMSprop without momentum, AdamW's decay 0.01)."""
    return OptimiserSetup(
        kind=kind,
        lr=DEFAULT_LR[kind] if lr is None else lr,
        momentum=0.0 if kind == "rmsprop" else 0.9,
        weight_decay=0.01 if kind == "adamw" else 0.0,
        eps=ADAGRAD_EPS if kind == "adagrad" else 1e-8,
    )


# Learning rates a 2-D race shows well with (the race's defaults; each is editable there).
DEFAULT_LR = {
    "sgd": 0.04,
    "momentum": 0.02,
    "nesterov": 0.02,
    "adagrad": 0.5,
    "rmsprop": 0.05,
    "adam": 0.1,
    "adamw": 0.1,
}


def setup_from_training(settings: TrainingSettings) -> OptimiserSetup:
    """The rule the trainer runs for a project's ``training`` section (as ``training.optim`` builds it)."""
    kind = settings.optimizer
    momentum = settings.effective_momentum
    if kind == "sgd" and momentum > 0:
        kind = "nesterov" if settings.nesterov else "momentum"
    return OptimiserSetup(
        kind=kind,
        lr=settings.lr,
        momentum=momentum,
        weight_decay=settings.effective_weight_decay,
        eps=ADAGRAD_EPS if kind == "adagrad" else 1e-8,
    )


def _n(value: float) -> str:
    """A setting as the formula shows it: 0.9, 0.001, 1e-08."""
    return f"{value:.6g}"


def formula(setup: OptimiserSetup) -> tuple[str, ...]:
    """The update of one step, line by line, in the course's symbols: θ the weights, g the gradient,
    η the learning rate; each line with the setup's numbers filled in after it."""
    lines = list(_decay_lines(setup))
    lines += _RULES[setup.kind](setup)
    return tuple(lines)


def _decay_lines(s: OptimiserSetup) -> tuple[str, ...]:
    if s.weight_decay <= 0:
        return ()
    if s.kind == "adamw":  # decoupled: the weights shrink, the gradient is left alone
        return (f"θ ← θ − η·λ·θ        (λ = {_n(s.weight_decay)})",)
    return (f"g ← g + λ·θ        (λ = {_n(s.weight_decay)})",)


def _sgd(s: OptimiserSetup) -> list[str]:
    return [f"θ ← θ − η·g        (η = {_n(s.lr)})"]


def _momentum(s: OptimiserSetup) -> list[str]:
    return [f"v ← μ·v + g        (μ = {_n(s.momentum)}, v₀ = g₁)", f"θ ← θ − η·v        (η = {_n(s.lr)})"]


def _nesterov(s: OptimiserSetup) -> list[str]:
    return [
        f"v ← μ·v + g        (μ = {_n(s.momentum)}, v₀ = g₁)",
        f"θ ← θ − η·(g + μ·v)        (η = {_n(s.lr)})",
    ]


def _adagrad(s: OptimiserSetup) -> list[str]:
    return ["G ← G + g²", f"θ ← θ − η·g / (√G + ε)        (η = {_n(s.lr)}, ε = {_n(s.eps)})"]


def _rmsprop(s: OptimiserSetup) -> list[str]:
    first = f"E ← ρ·E + (1 − ρ)·g²        (ρ = {_n(s.alpha)})"
    if s.momentum > 0:
        return [
            first,
            f"v ← μ·v + g / (√E + ε)        (μ = {_n(s.momentum)}, ε = {_n(s.eps)})",
            f"θ ← θ − η·v        (η = {_n(s.lr)})",
        ]
    return [first, f"θ ← θ − η·g / (√E + ε)        (η = {_n(s.lr)}, ε = {_n(s.eps)})"]


def _adam(s: OptimiserSetup) -> list[str]:
    return [
        f"m ← β₁·m + (1 − β₁)·g        (β₁ = {_n(s.beta1)})",
        f"v ← β₂·v + (1 − β₂)·g²        (β₂ = {_n(s.beta2)})",
        "m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)        (t = 1, 2, 3, …)",
        f"θ ← θ − η·m̂ / (√v̂ + ε)        (η = {_n(s.lr)}, ε = {_n(s.eps)})",
    ]


_RULES = {
    "sgd": _sgd,
    "momentum": _momentum,
    "nesterov": _nesterov,
    "adagrad": _adagrad,
    "rmsprop": _rmsprop,
    "adam": _adam,
    "adamw": _adam,
}


@dataclass
class HandStepper:
    """Steps :func:`formula`'s rule by hand on a list of floats, keeping the rule's state between steps."""

    setup: OptimiserSetup
    t: int = 0
    state: dict[str, list[float]] = field(default_factory=dict)

    def step(self, theta: list[float], grad: list[float]) -> list[float]:
        """The weights after one step from ``theta`` with gradient ``grad`` (both one float per weight)."""
        self.t += 1
        s = self.setup
        new = list(theta)
        for i, (w, g) in enumerate(zip(theta, grad)):
            if s.kind == "adamw":
                w = w * (1 - s.lr * s.weight_decay)
            elif s.weight_decay > 0:
                g = g + s.weight_decay * w
            new[i] = w - self._delta(i, g, len(theta))
        return new

    def _slot(self, name: str, size: int) -> list[float]:
        return self.state.setdefault(name, [0.0] * size)

    def _delta(self, i: int, g: float, size: int) -> float:
        """How far weight ``i`` moves (to be subtracted) for its gradient ``g``; updates the state."""
        s = self.setup
        if s.kind == "sgd":
            return s.lr * g
        if s.kind in ("momentum", "nesterov"):
            v = self._slot("v", size)
            v[i] = g if self.t == 1 else s.momentum * v[i] + g
            return s.lr * (g + s.momentum * v[i] if s.kind == "nesterov" else v[i])
        if s.kind == "adagrad":
            big_g = self._slot("G", size)
            big_g[i] += g * g
            return s.lr * g / (math.sqrt(big_g[i]) + s.eps)
        if s.kind == "rmsprop":
            e = self._slot("E", size)
            e[i] = s.alpha * e[i] + (1 - s.alpha) * g * g
            scaled = g / (math.sqrt(e[i]) + s.eps)
            if s.momentum <= 0:
                return s.lr * scaled
            v = self._slot("v", size)
            v[i] = s.momentum * v[i] + scaled
            return s.lr * v[i]
        m, v = self._slot("m", size), self._slot("v", size)  # adam and adamw
        m[i] = s.beta1 * m[i] + (1 - s.beta1) * g
        v[i] = s.beta2 * v[i] + (1 - s.beta2) * g * g
        m_hat = m[i] / (1 - s.beta1**self.t)
        v_hat = v[i] / (1 - s.beta2**self.t)
        return s.lr * m_hat / (math.sqrt(v_hat) + s.eps)
