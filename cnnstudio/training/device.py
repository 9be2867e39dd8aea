"""Choosing where to train and how many CPU threads torch may use.

Why a module: the choice is shown to the user (the RunStarted event names the device, e.g.
"cuda:0 (NVIDIA H100 80GB HBM3)" or "cpu (2 threads)"), and the thread count is a trade-off measured in
DESIGN.md section 5: one core left to the GUI keeps its 60 Hz redraw smooth at little cost in speed.
"""

from __future__ import annotations

import torch

from cnnstudio.training.errors import DeviceError


def mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def resolve_device(name: str) -> torch.device:
    """``auto`` is the fastest device present (cuda, then mps, then cpu); a named one must exist."""
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda", torch.cuda.current_device())
        return torch.device("mps") if mps_available() else torch.device("cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise DeviceError("device cuda: no CUDA GPU is available here; use device auto or cpu")
    if name == "mps" and not mps_available():
        raise DeviceError("device mps: Apple's Metal backend is not available here; use device auto or cpu")
    if name == "cuda":
        return torch.device("cuda", torch.cuda.current_device())
    return torch.device(name)


def describe_device(device: torch.device) -> str:
    """The device as a person reads it: ``cuda:0 (NVIDIA H100 80GB HBM3)``, ``cpu (2 threads)``."""
    if device.type == "cuda":
        index = device.index if device.index is not None else torch.cuda.current_device()
        return f"cuda:{index} ({torch.cuda.get_device_name(index)})"
    if device.type == "mps":
        return "mps (Apple GPU)"
    threads = torch.get_num_threads()
    return f"cpu ({threads} thread{'s' if threads != 1 else ''})"


def set_threads(threads: int) -> None:
    """Set torch's intra-op threads (process-wide); a no-op when already so, since changing it is not free."""
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


def available_devices() -> dict[str, str]:
    """What each device choice means here, for the settings panel: ``{"auto": "cuda:0 (NVIDIA ...)", ...}``.

    Only devices that exist are named; ``cpu`` always is (with its core count, as threads are set later).
    """
    import os

    names = {"cpu": f"CPU ({os.cpu_count() or 1} cores)"}
    if torch.cuda.is_available():
        names["cuda"] = describe_device(torch.device("cuda", torch.cuda.current_device()))
    if mps_available():
        names["mps"] = "Apple GPU"
    names["auto"] = names.get("cuda") or names.get("mps") or names["cpu"]
    return names
