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


def is_out_of_memory(exc: BaseException) -> bool:
    """CUDA's OutOfMemoryError, or the RuntimeError other backends (MPS, CPU allocators) raise for it."""
    import torch  # here, so that this module stays importable without torch

    text = str(exc).lower()
    return isinstance(exc, torch.cuda.OutOfMemoryError) or "out of memory" in text or "can't allocate" in text


def allocation_message(exc: BaseException) -> str:
    """One line for an allocation that failed while a network or its data was being built (the CPU
    allocator's own message is a paragraph with a C++ source location)."""
    import re

    found = re.search(r"allocate (\d+) bytes", str(exc))
    size = f" {int(found.group(1)):,} bytes" if found else " the memory"
    return (
        f"not enough memory: torch could not allocate{size} for this network, its data or a batch; "
        "use a smaller network, input or batch size"
    )


def out_of_memory_message(device: str, batch_size: int) -> str:
    return (
        f"{device} ran out of memory at batch size {batch_size}: lower training.batch_size "
        f"(try {max(1, batch_size // 2)}), or use a smaller network or input. The last good weights were kept."
    )
