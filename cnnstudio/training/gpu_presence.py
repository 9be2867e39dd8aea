"""Is there an NVIDIA GPU on this machine, and what to say when torch cannot use it. No torch here.

Kept apart from :mod:`cnnstudio.training.device` (which asks torch) so that the window can receive a
:class:`GpuProblem` from its training process, and show it, without importing torch itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

NVIDIA = "0x10de"
DISPLAY_CLASSES = ("0x0300", "0x0302")  # PCI display controllers: VGA-compatible, 3D (compute cards)


def nvidia_gpus(sysfs: Path = Path("/sys/bus/pci/devices")) -> int:
    """How many NVIDIA display or compute devices sit on this machine's PCI bus (Linux; 0 elsewhere)."""
    count = 0
    try:
        for device in sysfs.iterdir():
            vendor = (device / "vendor").read_text().strip()
            kind = (device / "class").read_text().strip()[:6]
            count += vendor == NVIDIA and kind in DISPLAY_CLASSES
    except OSError:
        return count
    return count


@dataclass(frozen=True)
class GpuProblem:
    """Why an NVIDIA GPU on this machine is not used by torch; ``kind`` picks the advice."""

    kind: (
        str  # "cpu_build" (torch without CUDA), "no_driver" (driver not loaded), "driver" (CUDA init failed)
    )
    torch_version: str
    cuda_version: str = ""  # the CUDA version this torch was built for
    detail: str = ""  # torch's own words, for "driver"

    def text(self) -> str:
        """The problem and what to do, in English (the command line; the window words it in its language)."""
        gpu = "an NVIDIA GPU is present but this torch cannot use it, so training runs on the CPU"
        if self.kind == "cpu_build":
            return (
                f"{gpu}: torch {self.torch_version} was built without CUDA. Install a CUDA build of torch "
                "(pytorch.org, 'Get started') in this environment."
            )
        if self.kind == "no_driver":
            return f"{gpu}: the NVIDIA driver is not loaded. Install or load the NVIDIA driver, then restart."
        found = f" ({self.detail})" if self.detail else ""
        return (
            f"{gpu}: it needs a driver for CUDA {self.cuda_version}{found}. Update the NVIDIA driver, or "
            "install a torch build for the CUDA version your driver supports."
        )
