"""Optimisers and learning-rate schedules from the training settings (course 000 and 004).

The schedule is stepped once per epoch, after validation, as the PyTorch examples do; ``Schedule`` wraps
torch's own schedulers so the loop calls one ``step(val_loss)`` whatever was chosen (reduce-on-plateau needs
the validation loss, the others ignore it). A linear warm-up, when asked, runs first: the learning rate rises
from ``lr / (warmup_epochs + 1)`` to ``lr`` over ``warmup_epochs`` epochs, then the chosen schedule starts,
counting its epochs (``step_size``, ``milestones``) from there.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

import torch
from torch.optim import lr_scheduler

from cnnstudio.core.training_settings import TrainingSettings


def make_optimizer(params: Iterable[torch.nn.Parameter], s: TrainingSettings) -> torch.optim.Optimizer:
    """The optimiser named by ``s.optimizer`` with the settings' lr, momentum and weight decay."""
    decay = s.effective_weight_decay
    if s.optimizer == "sgd":
        return torch.optim.SGD(
            params, lr=s.lr, momentum=s.effective_momentum, nesterov=s.nesterov, weight_decay=decay
        )
    if s.optimizer == "adagrad":
        return torch.optim.Adagrad(params, lr=s.lr, weight_decay=decay)
    if s.optimizer == "rmsprop":
        return torch.optim.RMSprop(params, lr=s.lr, momentum=s.effective_momentum, weight_decay=decay)
    if s.optimizer == "adam":
        return torch.optim.Adam(params, lr=s.lr, weight_decay=decay)
    if s.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=s.lr, weight_decay=decay)
    raise ValueError(f"unknown optimizer {s.optimizer!r}")


def _main_scheduler(optimizer: torch.optim.Optimizer, s: TrainingSettings) -> Any:
    """Torch's scheduler for ``s.schedule`` (None for constant), over the epochs after warm-up."""
    gamma = s.effective_gamma
    if s.schedule == "step":
        return lr_scheduler.StepLR(optimizer, step_size=s.effective_step_size(), gamma=gamma)
    if s.schedule == "multistep":
        return lr_scheduler.MultiStepLR(optimizer, milestones=list(s.effective_milestones()), gamma=gamma)
    if s.schedule == "exponential":
        return lr_scheduler.ExponentialLR(optimizer, gamma=gamma)
    if s.schedule == "cosine":
        span = max(1, s.epochs - s.warmup_epochs)
        return lr_scheduler.CosineAnnealingLR(optimizer, T_max=span, eta_min=s.min_lr)
    if s.schedule == "plateau":
        return lr_scheduler.ReduceLROnPlateau(
            optimizer, mode="min", factor=gamma, patience=s.plateau_patience, min_lr=s.min_lr
        )
    if s.schedule == "constant":
        return None
    raise ValueError(f"unknown schedule {s.schedule!r}")


class Schedule:
    """Warm-up, then the chosen schedule; one ``step(val_loss)`` per epoch; saved in checkpoints."""

    def __init__(self, optimizer: torch.optim.Optimizer, settings: TrainingSettings) -> None:
        self.optimizer = optimizer
        self.warmup_epochs = settings.warmup_epochs
        self.epochs_done = 0
        self.warmup = None
        if self.warmup_epochs > 0:
            self.warmup = lr_scheduler.LinearLR(
                optimizer, start_factor=1.0 / (self.warmup_epochs + 1), total_iters=self.warmup_epochs
            )
        # Built after the warm-up so that it starts from the warmed-up lr, not the initial one.
        self.main = _main_scheduler(optimizer, settings)

    @property
    def lr(self) -> float:
        """The learning rate of the next step (of the first parameter group)."""
        return float(self.optimizer.param_groups[0]["lr"])

    def step(self, val_loss: float | None = None) -> None:
        """Advance one epoch; ``val_loss`` feeds reduce-on-plateau."""
        if self.warmup is not None and self.epochs_done < self.warmup_epochs:
            self.warmup.step()
        elif isinstance(self.main, lr_scheduler.ReduceLROnPlateau):
            self.main.step(float("inf") if val_loss is None else val_loss)
        elif self.main is not None:
            self.main.step()
        self.epochs_done += 1

    def fast_forward(self, epochs: int) -> bool:
        """Step ``epochs`` times as a run from epoch 1 would have; False for reduce-on-plateau, which would
        need those epochs' validation losses: its patience counts afresh (warm-up steps are replayed)."""
        plateau = isinstance(self.main, lr_scheduler.ReduceLROnPlateau)
        with warnings.catch_warnings():  # no optimiser step comes first here, and none should
            warnings.filterwarnings(
                "ignore", message="Detected call of `lr_scheduler.step", category=UserWarning
            )
            for _ in range(epochs):
                if plateau and self.epochs_done >= self.warmup_epochs:
                    self.epochs_done += 1
                else:
                    self.step()
        return not plateau

    def state_dict(self) -> dict[str, Any]:
        return {
            "epochs_done": self.epochs_done,
            "warmup": None if self.warmup is None else self.warmup.state_dict(),
            "main": None if self.main is None else self.main.state_dict(),
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.epochs_done = int(state["epochs_done"])
        if self.warmup is not None and state.get("warmup") is not None:
            self.warmup.load_state_dict(state["warmup"])
        if self.main is not None and state.get("main") is not None:
            self.main.load_state_dict(state["main"])
