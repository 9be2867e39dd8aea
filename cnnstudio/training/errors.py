"""Errors of the training engine that a user can act on; ``str()`` is the one-line message to show.

Why a small hierarchy: the GUI shows any of them in one dialog (``except TrainingError``), while the command
line maps them to its exit statuses (an unusable network is 2, anything else the user must fix is 1).
"""

from __future__ import annotations


class TrainingError(Exception):
    """Training cannot start or continue as asked."""


class NetworkMismatchError(TrainingError):
    """The network cannot be trained on this data: invalid, or the wrong number of outputs."""


class DeviceError(TrainingError):
    """The chosen device is not available on this machine."""


class CheckpointError(TrainingError):
    """A checkpoint that cannot be read, or that belongs to another network."""


class MemoryBudgetError(TrainingError):
    """The run (or export) would not fit in the memory of its device: refused before allocating."""
