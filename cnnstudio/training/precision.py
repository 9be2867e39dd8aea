"""Mixed precision (the ``precision`` training setting): the forward pass and the loss under torch.autocast.

Why: on a GPU with tensor cores (NVIDIA since Volta), bfloat16 or float16 matrix products run several times
faster than float32 and halve the activations' memory; the weights, the optimiser's state and the update stay
float32 ("mixed"), so training converges as before. float16's narrow range makes small gradients underflow to
zero: its loss is scaled up before the backward pass and the gradients scaled back before the update
(``torch.amp.GradScaler``, which also skips a step whose gradients overflowed and lowers the scale).
bfloat16 has float32's range and needs no scaler. Evaluation stays float32.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import torch


def mixed_precision(
    precision: str, device: torch.device
) -> tuple[Callable[[], contextlib.AbstractContextManager], torch.amp.GradScaler]:
    """(the context the forward pass and loss run under: nothing for float32, else autocast to 16 bits; the
    gradient scaler: active for float16 only, a pass-through otherwise)."""
    scaler = torch.amp.GradScaler(device.type, enabled=precision == "float16")
    if precision == "float32":
        return contextlib.nullcontext, scaler
    dtype = torch.bfloat16 if precision == "bfloat16" else torch.float16
    return (lambda: torch.autocast(device.type, dtype=dtype)), scaler
