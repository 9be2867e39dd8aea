"""Every kind of source ``cnnstudio import`` and File > Import open, told apart by how it is written:
a TorchScript file (``.pt``, ``.pth``...), an ONNX file (``.onnx``), or what ``sources.open_source`` reads
(``torchvision:NAME``, ``path/model.py:Class``). The file readers import ``sources``, hence this module
beside it rather than a branch inside it."""

from __future__ import annotations

from pathlib import Path

from cnnstudio.training.importers.sources import Source, open_source

TORCHSCRIPT_SUFFIXES = (".pt", ".pth", ".ptl", ".torchscript")
ONNX_SUFFIXES = (".onnx",)


def open_any(text: str, pretrained: bool = False, input_shape: tuple[int, int, int] | None = None) -> Source:
    """The source ``text`` names; ``SourceError`` (one line) when it cannot be opened, ``ImportFailed`` when a
    file holds an operation the studio has no layer for. A file is checked on ``input_shape`` when given
    (else on the size it records, or 3x224x224)."""
    suffix = Path(text).suffix.lower()
    if suffix in TORCHSCRIPT_SUFFIXES:
        from cnnstudio.training.importers.from_torchscript import torchscript_source

        return torchscript_source(Path(text), input_shape)
    if suffix in ONNX_SUFFIXES:
        from cnnstudio.training.importers.from_onnx import onnx_source

        return onnx_source(Path(text), input_shape)
    return open_source(text, pretrained)
