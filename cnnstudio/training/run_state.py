"""What a run remembers between epochs: the epoch reached, the best and the last good weights, early stopping.

A plain record with pure methods, kept apart from the loop (``engine.py``) so that the rules can be read
on their own: "best" is the lowest watched loss (validation loss, or training loss without a validation
split), better by more than ``min_delta``; early stopping ends the run after ``patience`` epochs without
such an improvement; a run that diverges gets the last epoch whose losses were finite put back. It holds
weights (tensors) but touches no model, optimiser or file: the trainer does that with what it answers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import torch

Weights = dict[str, torch.Tensor]


@dataclass
class RunState:
    """Epoch counter, best/last good weights and early-stopping counters of one run."""

    good_state: Weights  # the weights at the end of ``epoch`` (the initial ones before the first)
    epoch: int = 0  # last finished epoch
    best_loss: float = math.inf
    best_epoch: int | None = None
    bad_epochs: int = 0  # epochs since the best one
    best_state: Weights | None = None

    def record(self, epoch: int, watched: float, weights: Weights, min_delta: float) -> None:
        """Epoch ``epoch`` ended with finite loss ``watched`` and these (copied) weights."""
        if watched < self.best_loss - min_delta:
            self.best_loss, self.best_epoch, self.bad_epochs = watched, epoch, 0
            self.best_state = weights
        else:
            self.bad_epochs += 1
        self.good_state, self.epoch = weights, epoch

    def should_stop_early(self, early_stopping: bool, patience: int) -> bool:
        return early_stopping and self.bad_epochs >= patience

    def final_weights(self, reason: str, restore_best: bool) -> Weights | None:
        """The weights a run ending for ``reason`` keeps (None: the model's own, as they are)."""
        if reason in ("diverged", "failed"):
            return self.good_state
        return self.best_state if restore_best else None

    def divergence_message(self, epoch: int, lr: float) -> str:
        kept = f"the weights of epoch {self.epoch}" if self.epoch else "the initial weights"
        return (
            f"the loss became NaN or infinite in epoch {epoch}; {kept} were restored. Lower the learning rate "
            f"(now {lr:g}) or the L1/L2 penalties."
        )

    # -- the checkpoint form ------------------------------------------------------------------------------
    def early_stopping(self) -> dict[str, Any]:
        return {"best_loss": self.best_loss, "best_epoch": self.best_epoch, "bad_epochs": self.bad_epochs}

    @classmethod
    def restored(
        cls, epoch: int, stopping: Mapping[str, Any], best_state: Weights | None, weights: Weights
    ) -> RunState:
        """The state a resumable checkpoint saved (``weights``: the model's, now loaded)."""
        return cls(
            good_state=weights,
            epoch=epoch,
            best_loss=float(stopping["best_loss"]),
            best_epoch=stopping["best_epoch"],
            bad_epochs=int(stopping["bad_epochs"]),
            best_state=best_state,
        )
