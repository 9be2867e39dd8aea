"""The project's ``training`` section as one typed, validated, frozen value.

Why here, in the core and without torch: the GUI's settings panel, the command line and the trainer all read
the same section, and the panel must be able to show "training.lr: must be a positive number, got -1" next
to the field without importing torch. The trainer turns these plain values into torch objects
(``cnnstudio.training.optim`` and friends).

Every key has a default that trains the built-in sets well, so a project may name only the five keys
DESIGN.md requires (optimizer, lr, batch_size, epochs, seed). Keys this version does not know are kept in
``extra`` and written back by ``to_dict``, as the project file does with everything else.

A few settings default to ``None``, meaning "the usual value for the chosen optimiser or schedule" (momentum
0.9 for SGD but 0 for RMSprop; weight decay 0.01 for AdamW but 0 otherwise; gamma 0.9 for the exponential
schedule but 0.1 for the others). The ``effective_*`` properties give the number actually used.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cnnstudio.core.errors import SpecError
from cnnstudio.core.losses import LOSSES
from cnnstudio.core.values import MAX_INT, is_int, is_number, shown, too_big

OPTIMIZERS = ("sgd", "adagrad", "rmsprop", "adam", "adamw")
SCHEDULES = ("constant", "step", "multistep", "exponential", "cosine", "plateau")
PENALTY_SCOPES = ("all", "conv", "linear", "layers")
INITS = ("default", "kaiming", "xavier", "normal")
BIAS_INITS = ("default", "zero")  # or a number: every bias starts at that constant (e.g. 0.01)
DEVICES = ("auto", "cpu", "cuda", "mps")
MEMORY_FORMATS = ("auto", "channels_last", "contiguous")
PRECISIONS = ("float32", "bfloat16", "float16")  # float16 trains with a gradient scaler

_WHERE = "training"


@dataclass(frozen=True)
class TrainingSettings:
    """How to train: optimiser, schedule, regularisation, stopping, initialisation and where to run."""

    optimizer: str = "adam"
    lr: float = 0.001
    batch_size: int = 64
    epochs: int = 10
    seed: int = 0
    loss: str = (
        "cross_entropy"  # cross_entropy (softmax) | hinge (multi-class SVM) | mse (on one-hot targets)
    )
    # optimiser details
    momentum: float | None = None  # None: 0.9 for SGD, 0 for RMSprop (others have none)
    nesterov: bool = False  # SGD only, needs momentum > 0
    weight_decay: float | None = None  # the optimiser's own decay; None: 0.01 for AdamW, 0 otherwise
    clip_grad_norm: float = 0.0  # rescale the gradient when its global L2 norm exceeds this; 0: off
    # explicit penalties added to the loss: l1 * sum|w| + l2 * sum w^2 (course 000)
    l1: float = 0.0
    l2: float = 0.0
    penalty_scope: str = "all"  # all | conv | linear | layers (then penalty_layers)
    penalty_layers: tuple[int, ...] = ()  # top-level layer indices, blocks include their children
    penalize_bias: bool = False
    # learning-rate schedule, stepped once per epoch
    schedule: str = "constant"
    step_size: int | None = None  # step: epochs between decays; None: a third of the epochs
    gamma: float | None = None  # decay factor; None: 0.9 for exponential, 0.1 otherwise
    milestones: tuple[int, ...] | None = None  # multistep: None: at half and three quarters of the epochs
    plateau_patience: int = 2  # plateau: epochs without a better val loss before the lr drops
    min_lr: float = 0.0  # cosine's floor and plateau's floor
    warmup_epochs: int = 0  # linear warm-up from lr/(warmup_epochs+1) to lr, before the schedule
    # stopping
    early_stopping: bool = True
    patience: int = 5  # epochs without a val-loss improvement of more than min_delta
    min_delta: float = 0.0
    restore_best: bool = True  # end with the weights of the best epoch (lowest val loss)
    # initialisation
    init: str = "default"  # default (torch's) | kaiming | xavier | normal (std 0.01)
    bias_init: str | float = "default"  # default | zero | a constant such as 0.01
    # where and how fast
    device: str = "auto"  # auto: cuda, then mps, then cpu
    threads: int | None = None  # torch intra-op threads; None: all cores but one (the GUI's)
    # auto: channels_last on the CPU for networks with convolutions (DESIGN.md 5: ~1.3x faster there)
    memory_format: str = "auto"
    # float32, or mixed precision: the forward pass and loss under torch.autocast to bfloat16 or float16
    # (tensor cores on a GPU; the weights, optimiser and evaluation stay float32)
    precision: str = "float32"
    eval_batch_size: int = 1024
    probe_interval_s: float = 0.5  # seconds between activation snapshots while training
    checkpoint_every: int = 1  # epochs between resumable checkpoints (when the run has a folder)
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    # -- values actually used ----------------------------------------------------------------------------
    @property
    def effective_momentum(self) -> float:
        if self.momentum is not None:
            return self.momentum
        return 0.9 if self.optimizer == "sgd" else 0.0

    @property
    def effective_weight_decay(self) -> float:
        if self.weight_decay is not None:
            return self.weight_decay
        return 0.01 if self.optimizer == "adamw" else 0.0

    @property
    def effective_gamma(self) -> float:
        if self.gamma is not None:
            return self.gamma
        return 0.9 if self.schedule == "exponential" else 0.1

    def effective_step_size(self) -> int:
        return self.step_size if self.step_size is not None else max(1, self.epochs // 3)

    def effective_milestones(self) -> tuple[int, ...]:
        if self.milestones is not None:
            return self.milestones
        return tuple(sorted({max(1, self.epochs // 2), max(1, self.epochs * 3 // 4)}))

    def effective_threads(self, reserve_gui_core: bool = True) -> int:
        """Torch threads: as set but at most one per core (more only slow it down: 1,025 threads made a 4 s
        run take a minute), else every core but one when a GUI shares the machine."""
        cores = os.cpu_count() or 1
        if self.threads is not None:
            return min(self.threads, cores)
        return max(1, cores - 1) if reserve_gui_core else cores

    # -- the project-file form ---------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, values: Mapping[str, Any] | None) -> TrainingSettings:
        """Parse the ``training`` section; a bad value raises ``SpecError`` naming ``training.<key>``."""
        if values is None:
            return cls()
        if not isinstance(values, Mapping):
            raise SpecError(None, f"must be an object, got {values!r}", where=_WHERE)
        parsed: dict[str, Any] = {}
        for name, parse in _PARSERS.items():
            if name in values and values[name] is not None:
                try:
                    parsed[name] = parse(values[name])
                except ValueError as exc:
                    raise SpecError(name, str(exc), where=_WHERE) from None
        extra = {k: v for k, v in values.items() if k not in _PARSERS}
        settings = cls(**parsed, extra=extra)
        settings.check()
        return settings

    def check(self) -> None:
        """Rules that involve two keys; raises ``SpecError`` naming the key to change."""
        if self.nesterov and self.optimizer != "sgd":
            raise SpecError(
                "nesterov", f"only applies to the sgd optimizer, not {self.optimizer}", where=_WHERE
            )
        if self.nesterov and self.effective_momentum <= 0:
            raise SpecError("nesterov", "needs a momentum above 0", where=_WHERE)
        if self.momentum and self.optimizer not in ("sgd", "rmsprop"):
            raise SpecError(
                "momentum", f"only applies to sgd and rmsprop, not {self.optimizer}", where=_WHERE
            )
        if self.penalty_scope == "layers" and not self.penalty_layers:
            raise SpecError(
                "penalty_layers",
                "must list at least one layer index when penalty_scope is 'layers'",
                where=_WHERE,
            )

    def to_dict(self) -> dict[str, Any]:
        """Every setting that has a value (``None`` ones are left out), then the unknown keys as they came."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "extra" or value is None:
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        out.update({k: v for k, v in self.extra.items() if k not in out})
        return out

    def replace(self, **changes: Any) -> TrainingSettings:
        return dataclasses.replace(self, **changes)


def parse_setting(key: str, value: Any) -> Any:
    """One setting's value checked as ``from_dict`` checks it (the command line's ``--seed`` and friends
    bypassed these bounds: ``--seed 2**64`` and ``--threads 20000`` reached torch); ``ValueError`` says why."""
    return _PARSERS[key](value)


# -- value parsers: each returns the value or raises ValueError with the reason ----------------------------
# is_number refuses NaN, infinity and integers too large for a float (10**400 raised OverflowError here).


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if not isinstance(value, str) or value.lower() not in options:
            raise ValueError(f"must be one of {', '.join(options)}, got {shown(value)}")
        return value.lower()

    return parse


def _positive_number(value: Any) -> float:
    if not is_number(value) or value <= 0:
        raise ValueError(f"must be a positive number, got {shown(value)}")
    return float(value)


def _non_negative_number(value: Any) -> float:
    if not is_number(value) or value < 0:
        raise ValueError(f"must be a number of at least 0, got {shown(value)}")
    return float(value)


def _fraction(value: Any) -> float:
    if not is_number(value) or not 0 <= value < 1:
        raise ValueError(f"must be a number from 0 to below 1, got {shown(value)}")
    return float(value)


def _decay(value: Any) -> float:
    if not is_number(value) or not 0 < value <= 1:
        raise ValueError(f"must be a number above 0 and at most 1, got {shown(value)}")
    return float(value)


def _integer(low: int, high: int = MAX_INT) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        ok = is_number(value) and float(value).is_integer() and value >= low
        if not ok or value > high:
            bounded = high != MAX_INT or too_big(value)
            bound = f"from {low} to {high}" if bounded else f"of at least {low}"
            raise ValueError(f"must be a whole number {bound}, got {shown(value)}")
        return int(value)

    return parse


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {shown(value)}")
    return value


def _index_list(value: Any) -> tuple[int, ...]:
    if not isinstance(value, (list, tuple)) or not all(is_int(v) and v >= 0 for v in value):
        raise ValueError(f"must be a list of layer indices (whole numbers from 0), got {shown(value)}")
    return tuple(sorted(set(value)))


def _milestones(value: Any) -> tuple[int, ...]:
    if not isinstance(value, (list, tuple)) or not value:
        raise ValueError(f"must be a list of epochs such as [10, 20], got {shown(value)}")
    epochs = [_integer(1)(v) for v in value]
    if epochs != sorted(set(epochs)):
        raise ValueError(f"must be increasing epochs such as [10, 20], got {shown(value)}")
    return tuple(epochs)


def _bias_init(value: Any) -> str | float:
    if is_number(value):
        return float(value)
    if isinstance(value, str) and value.lower() in BIAS_INITS:
        return value.lower()
    raise ValueError(f"must be 'default', 'zero' or a number such as 0.01, got {shown(value)}")


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "optimizer": _choice(OPTIMIZERS),
    "lr": _positive_number,
    "batch_size": _integer(1, 1_000_000),
    "epochs": _integer(1, 1_000_000),
    "seed": _integer(0, 2**63 - 1),
    "loss": _choice(LOSSES),
    "momentum": _fraction,
    "nesterov": _boolean,
    "weight_decay": _non_negative_number,
    "clip_grad_norm": _non_negative_number,
    "l1": _non_negative_number,
    "l2": _non_negative_number,
    "penalty_scope": _choice(PENALTY_SCOPES),
    "penalty_layers": _index_list,
    "penalize_bias": _boolean,
    "schedule": _choice(SCHEDULES),
    "step_size": _integer(1),
    "gamma": _decay,
    "milestones": _milestones,
    "plateau_patience": _integer(0),
    "min_lr": _non_negative_number,
    "warmup_epochs": _integer(0),
    "early_stopping": _boolean,
    "patience": _integer(1),
    "min_delta": _non_negative_number,
    "restore_best": _boolean,
    "init": _choice(INITS),
    "bias_init": _bias_init,
    "device": _choice(DEVICES),
    "threads": _integer(1, 1024),
    "memory_format": _choice(MEMORY_FORMATS),
    "precision": _choice(PRECISIONS),
    "eval_batch_size": _integer(1, 1_000_000),
    "probe_interval_s": _positive_number,
    "checkpoint_every": _integer(1),
}
