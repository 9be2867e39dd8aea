"""What the Train page says when this machine has an NVIDIA GPU that the installed torch cannot use.

The training process finds out (``training.device.gpu_problem``) and names the kind of problem; the words,
in the window's language, are here, so that a class never trains on the CPU without knowing why.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def gpu_note(problem) -> str:
    """The problem (a ``gpu_presence.GpuProblem``) and what to do, translated; "" for None."""
    if problem is None:
        return ""
    if problem.kind == "cpu_build":
        return QCoreApplication.translate(
            "GpuNote",
            "An NVIDIA GPU is present, but this PyTorch ({0}) was built without CUDA, so training runs on "
            "the CPU. Install a CUDA build of PyTorch to train on the GPU.",
        ).format(problem.torch_version)
    if problem.kind == "no_driver":
        return QCoreApplication.translate(
            "GpuNote",
            "An NVIDIA GPU is present, but its driver is not loaded, so training runs on the CPU. Install or "
            "load the NVIDIA driver, then restart CNN Studio.",
        )
    return QCoreApplication.translate(
        "GpuNote",
        "An NVIDIA GPU is present, but PyTorch cannot use it (it needs a driver for CUDA {0}), so training "
        "runs on the CPU. Update the NVIDIA driver.",
    ).format(problem.cuda_version)
