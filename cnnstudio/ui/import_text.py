"""``cnnstudio import``'s messages about TorchScript and ONNX files, for ``core_text.translate_core``.

File > Import runs the command in a child process and shows its one-line message; these templates let the
window show it in the installed language (the path, the node's name and the operator stay as they are).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

FIXED = (
    QT_TRANSLATE_NOOP("core", "ONNX import needs the onnx package: pip install onnx"),
    # known_gaps.CONVNEXT
    QT_TRANSLATE_NOOP(
        "core",
        "ConvNeXt needs two layers the studio does not have: LayerNorm2d (layer normalisation of "
        "each pixel's channel values, 2 parameters per channel; in the stem, before each downsampling, in every "
        "block and before the classifier) and layer scale (a learned multiplier per channel on every block's "
        "output). Its other parts are studio layers: 7x7 depthwise convolutions, GELU, the pointwise Linear "
        "layers (as 1x1 convolutions), residual blocks and stochastic depth (identity at inference)",
    ),
    # from_onnx.READABLE: what the message for an ONNX operator without a layer says the studio reads
    QT_TRANSLATE_NOOP(
        "core",
        "the studio reads Conv, ConvTranspose, Gemm/MatMul, the poolings, BatchNormalization, its activations, "
        "Flatten, Resize, Dropout, Add and Concat blocks, squeeze-and-excitation gates, channel shuffles and "
        "splits, and one-input elementwise operators (kept as custom layers)",
    ),
)

TEMPLATES = (
    QT_TRANSLATE_NOOP("core", "{path}: no such file"),
    QT_TRANSLATE_NOOP("core", "{path}: not an ONNX model onnx can read ({reason})"),
    QT_TRANSLATE_NOOP("core", "{path}: not a TorchScript file torch.jit.load can read ({reason})"),
    QT_TRANSLATE_NOOP("core", "{path}: {where}: operator {op} has no layer in the studio"),
    QT_TRANSLATE_NOOP("core", "{path}: {where}: operator {op} has no layer in the studio; {readable}"),
    QT_TRANSLATE_NOOP("core", "{path}: {where}: operator {op} on sizes has no layer in the studio"),
    QT_TRANSLATE_NOOP("core", "{path}: calls the function {name}, whose code the file does not hold"),
    QT_TRANSLATE_NOOP(
        "core", "{path}: calls the function {name}, whose code does not compile alone ({reason})"
    ),
    QT_TRANSLATE_NOOP(
        "core", "{path}: {where}: target {target}: only reshapes that keep the batch are imported"
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{path}: {where}: a slice with steps or over several axes: only one range of one axis",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{path}: {where}: a split along axis {axis} into {sizes}: only equal channel groups (x.chunk(n, 1))",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{network}: {where}: the input is multiplied by {layers}, which is not a squeeze-and-excitation gate "
        "(channel mean, 1x1 conv or Linear, activation, 1x1 conv or Linear, sigmoid or hardsigmoid)",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{network}: {where}: {code} joins paths in a way the studio's blocks do not (they are: x + layers(x), "
        "a residual block; channel concatenation of branches, a concat block; and x * gate(x), a "
        "squeeze-and-excitation block)",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{network}: {where}: {code} has no layer here, and a custom layer keeps only one call on the running "
        "value with constant arguments (such as torch.cumsum(x, dim=1))",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{network}: {where}: {kind} has no layer here, and a custom layer keeps only torch.nn's own layers "
        "(such as nn.GroupNorm(4, 32))",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "{network}: {where}: F.layer_norm called with weights read in forward (as ConvNeXt's LayerNorm2d does) "
        "has no layer in the studio; an nn.LayerNorm or nn.GroupNorm module imports as a custom layer",
    ),
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
