"""Choosing where to train and how many CPU threads torch may use, and saying why a GPU goes unused.

Why a module: the choice is shown to the user (the RunStarted event names the device, e.g.
"cuda:0 (NVIDIA H100 80GB HBM3)" or "cpu (2 threads)"). A machine with an NVIDIA GPU that the installed
torch cannot use (a CPU-only build, a driver older than torch's CUDA, a driver not loaded) would otherwise
fall back to the CPU in silence, ten to a hundred times slower: :func:`gpu_problem` says what is wrong and
what to do, and the settings panel and ``cnnstudio train`` show it.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import torch

from cnnstudio.training.errors import DeviceError
from cnnstudio.training.gpu_presence import GpuProblem, nvidia_gpus


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


def gpu_problem(
    sysfs: Path = Path("/sys/bus/pci/devices"), driver: Path = Path("/proc/driver/nvidia")
) -> GpuProblem | None:
    """Why an NVIDIA GPU here is not used by torch; None when there is none, or when torch uses it."""
    if not nvidia_gpus(sysfs):
        return None
    with warnings.catch_warnings(record=True) as caught:  # torch explains a driver mismatch in a warning
        warnings.simplefilter("always")
        if torch.cuda.is_available():
            return None
    cuda = getattr(torch.version, "cuda", None)
    if cuda is None:
        return GpuProblem("cpu_build", torch.__version__)
    if not (driver / "version").is_file():
        return GpuProblem("no_driver", torch.__version__, cuda)
    reasons = [str(w.message).strip().splitlines()[0] for w in caught if str(w.message).strip()]
    return GpuProblem("driver", torch.__version__, cuda, reasons[0][:200] if reasons else "")


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
