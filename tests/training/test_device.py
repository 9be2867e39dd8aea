"""Devices: an NVIDIA GPU that torch cannot use is named with the reason and the fix, never ignored."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import torch

from cnnstudio.training import device
from cnnstudio.training.gpu_presence import nvidia_gpus


def _pci(root: Path, *devices: tuple[str, str]) -> Path:
    """A fake /sys/bus/pci/devices with (vendor, class) per device."""
    for number, (vendor, kind) in enumerate(devices):
        folder = root / "pci" / f"0000:00:{number:02x}.0"
        folder.mkdir(parents=True)
        (folder / "vendor").write_text(vendor + "\n")
        (folder / "class").write_text(kind + "\n")
    return root / "pci"


def test_only_nvidia_display_and_compute_devices_count(tmp_path) -> None:
    sysfs = _pci(
        tmp_path,
        ("0x10de", "0x030200"),  # NVIDIA 3D controller (an H100)
        ("0x10de", "0x030000"),  # NVIDIA VGA (a desktop card)
        ("0x10de", "0x040300"),  # NVIDIA audio on the same card: not a GPU
        ("0x8086", "0x030000"),  # Intel graphics
    )
    assert nvidia_gpus(sysfs) == 2
    assert nvidia_gpus(tmp_path / "missing") == 0


def test_no_nvidia_gpu_means_no_problem(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert device.gpu_problem(_pci(tmp_path, ("0x8086", "0x030000"))) is None


def test_a_cpu_build_of_torch_beside_a_gpu_says_to_install_a_cuda_build(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.version, "cuda", None)
    problem = device.gpu_problem(_pci(tmp_path, ("0x10de", "0x030200")), tmp_path / "driver")
    assert problem is not None and problem.kind == "cpu_build"
    assert "built without CUDA" in problem.text() and "runs on the CPU" in problem.text()


def test_a_missing_driver_and_an_old_one_are_told_apart(tmp_path, monkeypatch) -> None:
    sysfs = _pci(tmp_path, ("0x10de", "0x030200"))
    monkeypatch.setattr(torch.version, "cuda", "13.0")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    problem = device.gpu_problem(sysfs, tmp_path / "driver")
    assert problem is not None and problem.kind == "no_driver" and "not loaded" in problem.text()

    (tmp_path / "driver").mkdir()
    (tmp_path / "driver" / "version").write_text("NVRM version: 470.57\n")

    def old_driver() -> bool:  # what torch does: a warning, then False
        warnings.warn("CUDA initialization: The NVIDIA driver on your system is too old", stacklevel=1)
        return False

    monkeypatch.setattr(torch.cuda, "is_available", old_driver)
    problem = device.gpu_problem(sysfs, tmp_path / "driver")
    assert problem is not None and problem.kind == "driver" and problem.cuda_version == "13.0"
    assert "too old" in problem.detail and "Update the NVIDIA driver" in problem.text()


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_a_working_gpu_is_no_problem() -> None:
    assert device.gpu_problem() is None
