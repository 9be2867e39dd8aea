"""``cnnstudio import``'s messages about TorchScript and ONNX files, for ``core_text.translate_core``.

File > Import runs the command in a child process and shows its one-line message; these templates let the
window show it in the installed language (the path, the node's name and the operator stay as they are).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

FIXED = (QT_TRANSLATE_NOOP("core", "ONNX import needs the onnx package: pip install onnx"),)

TEMPLATES = (
    QT_TRANSLATE_NOOP("core", "{path}: no such file"),
    QT_TRANSLATE_NOOP("core", "{path}: not an ONNX model onnx can read ({reason})"),
    QT_TRANSLATE_NOOP("core", "{path}: not a TorchScript file torch.jit.load can read ({reason})"),
    QT_TRANSLATE_NOOP("core", "{path}: {where}: operator {op} has no layer in the studio"),
    QT_TRANSLATE_NOOP("core", "node {node} ({op})"),
    QT_TRANSLATE_NOOP(
        "core",
        "{path}: running it on a {size} image failed ({reason}); give the image size it takes with --input C,H,W",
    ),
    QT_TRANSLATE_NOOP(
        "core", "{path}: its layers, rebuilt from the file, do not compute what the file computes"
    ),
    QT_TRANSLATE_NOOP("core", "the graph takes {n} inputs; the studio's networks take one image"),
    QT_TRANSLATE_NOOP(
        "core",
        "{path}: not a source this program imports "
        "(torchvision:NAME, path/model.py:Class, a TorchScript .pt file or an .onnx file)",
    ),
)
