"""Which memory layout the model and its images take on a device (the trainer's and the dry run's choice)."""

from __future__ import annotations

import torch

from cnnstudio.core import specs as S
from cnnstudio.core.project import Project


def memory_format_for(choice: str, device: torch.device, project: Project) -> torch.memory_format:
    """channels_last where it pays: on the CPU (oneDNN's native layout) for networks with convolutions."""
    if choice == "auto":
        has_conv = any(spec.type == "conv2d" for _, spec in S.walk(project.layers))
        choice = "channels_last" if device.type == "cpu" and has_conv else "contiguous"
    return torch.channels_last if choice == "channels_last" else torch.contiguous_format
