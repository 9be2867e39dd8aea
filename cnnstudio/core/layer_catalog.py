"""What the editor needs to know about each layer type: group, default, description, formula, field editors.

Kept in the core (plain data, no Qt) so that the palette, the inspector and the docs describe layers from
one table, and so that the defaults a student gets when dropping a layer are tested like any other core rule.
Longer than the house's ~400 lines because it is that table: one entry per layer type, read top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnstudio.core import specs as S


@dataclass(frozen=True)
class FieldInfo:
    """How the inspector edits one field."""

    name: str
    label: str
    kind: str  # "int", "size", "padding", "stride_or_kernel", "bool", "float", "choice"
    minimum: float = 0
    maximum: float = 4096
    step: float = 1
    tooltip: str = ""
    choices: tuple[str, ...] = ()  # the values of a "choice" field
    # The field may be None, when the layer is set another way (upsampling by factor or by size): the editor
    # shows "—" then, and a value typed into it switches the layer to this way.
    optional: bool = False


@dataclass(frozen=True)
class LayerInfo:
    type: str
    title: str
    group: str
    description: str
    formula: str
    default: S.LayerSpec
    fields: tuple[FieldInfo, ...] = ()


# What a layer does to the tensor, one word each: slides a learned window (Convolution), summarises windows
# (Pooling), enlarges the map (Upsampling), normalises or drops values (Normalisation & regularisation),
# maps each value on its own (Activations), works on the flat vector (Dense), or routes and mixes whole
# channels and branches with no window of its own (Blocks: residual, concat, squeeze-and-excitation, channel
# shuffle). tests/gui/test_palette.py holds every entry to one group, an icon and a translated name.
GROUPS = (
    "Convolution",
    "Pooling",
    "Upsampling",
    "Normalisation & regularisation",
    "Activations",
    "Dense",
    "Blocks",
)

_WINDOW = "H_out = floor((H + 2P - D*(K-1) - 1) / S) + 1   (ceil instead of floor with ceil_mode)"
_KERNEL = FieldInfo("kernel_size", "Kernel size", "size", 1, 99, tooltip="K: the kernel's height and width")
_STRIDE = FieldInfo("stride", "Stride", "size", 1, 99, tooltip="S: how far the window moves each step")
_POOL_STRIDE = FieldInfo(
    "stride",
    "Stride",
    "stride_or_kernel",
    1,
    99,
    tooltip="S: how far the window moves; default = the window size",
)
# A pooling layer's kernel_size is its window (池化窗口), never a convolution kernel (卷积核).
_WINDOW_TIP = "K (kernel_size): the pooling window's height and width"
_WINDOW_SIZE = FieldInfo("kernel_size", "Window size", "size", 1, 99, tooltip=_WINDOW_TIP)
_POOL_PAD = FieldInfo("padding", "Padding", "size", 0, 49, tooltip="P: at most half the window")
_DILATION_TIP = "D: D-1 pixels between kernel taps (cs231n, text 002, calls this dilation D-1)"
_DILATION = FieldInfo("dilation", "Dilation", "size", 1, 20, tooltip=_DILATION_TIP)
_POOL_DILATION = FieldInfo("dilation", "Dilation", "size", 1, 20, tooltip="D: D-1 pixels between window taps")
_CEIL = FieldInfo("ceil_mode", "Ceil mode", "bool", tooltip="round the output size up instead of down")
_BIAS = FieldInfo("bias", "Bias", "bool", tooltip="add a learned constant per output")
_P = FieldInfo("p", "Drop probability", "float", 0.0, 0.99, 0.05, "probability of zeroing each value")
_FILTERS = FieldInfo("out_channels", "Filters", "int", 1, 4096, tooltip="number of filters = output channels")
_OUTPUT = FieldInfo("output_size", "Output size", "size", 1, 512, tooltip="the output's height and width")

_INFOS = (
    LayerInfo(
        "conv2d",
        "Conv2d",
        "Convolution",
        "Slides K x K filters over the input; each filter makes one output channel (特征图).",
        f"{_WINDOW}\nparams = C_out * (C_in/groups) * K_h * K_w + C_out",
        S.Conv2d(out_channels=16, kernel_size=3, padding=1),
        (
            _FILTERS,
            _KERNEL,
            _STRIDE,
            FieldInfo(
                "padding", "Padding", "padding", 0, 49, tooltip="P zeros around the input, or same/valid"
            ),
            _DILATION,
            FieldInfo(
                "groups", "Groups", "int", 1, 4096, tooltip="groups = C_in gives a depthwise convolution"
            ),
            _BIAS,
        ),
    ),
    LayerInfo(
        "convtranspose2d",
        "ConvTranspose2d",
        "Upsampling",
        "Transposed convolution (转置卷积): each input value spreads a learned K x K patch, enlarging the map "
        "(decoders, segmentation).",
        "H_out = (H - 1)*S - 2P + D*(K-1) + output_padding + 1   (the conv arithmetic guide's relation)\n"
        "params = C_in * (C_out/groups) * K_h * K_w + C_out",
        S.ConvTranspose2d(out_channels=16, kernel_size=2, stride=2),
        (
            _FILTERS,
            _KERNEL,
            _STRIDE,
            FieldInfo(
                "padding", "Padding", "size", 0, 49, tooltip="P: rows and columns cropped from each side"
            ),
            FieldInfo(
                "output_padding",
                "Output padding",
                "size",
                0,
                19,
                tooltip="rows and columns added on one side, to pick among the sizes a stride can give back",
            ),
            _DILATION,
            FieldInfo("groups", "Groups", "int", 1, 4096, tooltip="groups must divide both channel counts"),
            _BIAS,
        ),
    ),
    LayerInfo(
        "upsample",
        "Upsample",
        "Upsampling",
        "Enlarges each feature map with no weights (上采样): nearest copies pixels, bilinear blends them.",
        "H_out = floor(H * scale_factor)   (or the given size); no parameters",
        S.Upsample(),
        (
            FieldInfo(
                "scale_factor",
                "Scale factor",
                "float",
                0.1,
                16,
                0.5,
                tooltip="how many times larger",
                optional=True,
            ),
            FieldInfo(
                "size",
                "Size",
                "size",
                1,
                4096,
                tooltip="the output's height and width, instead of a scale factor",
                optional=True,
            ),
            FieldInfo("mode", "Mode", "choice", tooltip="nearest or bilinear", choices=S.UPSAMPLE_MODES),
        ),
    ),
    LayerInfo(
        "maxpool2d",
        "MaxPool2d",
        "Pooling",
        "Keeps the largest value of each window (最大池化).",
        f"{_WINDOW}\nno parameters; channels unchanged",
        S.MaxPool2d(kernel_size=2),
        (_WINDOW_SIZE, _POOL_STRIDE, _POOL_PAD, _POOL_DILATION, _CEIL),
    ),
    LayerInfo(
        "avgpool2d",
        "AvgPool2d",
        "Pooling",
        "Averages each window (平均池化).",
        f"{_WINDOW}\nno parameters; channels unchanged",
        S.AvgPool2d(kernel_size=2),
        (
            _WINDOW_SIZE,
            _POOL_STRIDE,
            _POOL_PAD,
            _CEIL,
            FieldInfo("count_include_pad", "Count padding", "bool", tooltip="divide by K*K even at borders"),
        ),
    ),
    LayerInfo(
        "lppool2d",
        "LPPool2d",
        "Pooling",
        "Lp norm of each window; p = 2 is L2 pooling.",
        f"{_WINDOW} with P = 0\nout = (sum of x^p)^(1/p)",
        S.LPPool2d(kernel_size=2),
        (
            FieldInfo("norm_type", "p (norm)", "float", 0.5, 16, 0.5, "the norm's exponent"),
            _WINDOW_SIZE,
            _POOL_STRIDE,
            _CEIL,
        ),
    ),
    LayerInfo(
        "adaptiveavgpool2d",
        "AdaptiveAvgPool2d",
        "Pooling",
        "Averages into a fixed output size whatever the input size (global pooling with 1).",
        "H_out = output_size; windows from floor(i*H/out) to ceil((i+1)*H/out)",
        S.AdaptiveAvgPool2d(output_size=1),
        (_OUTPUT,),
    ),
    LayerInfo(
        "adaptivemaxpool2d",
        "AdaptiveMaxPool2d",
        "Pooling",
        "Max into a fixed output size.",
        "H_out = output_size",
        S.AdaptiveMaxPool2d(output_size=1),
        (_OUTPUT,),
    ),
    LayerInfo(
        "batchnorm2d",
        "BatchNorm",
        "Normalisation & regularisation",
        "Normalises each channel over the batch, then scales and shifts (批归一化).",
        "y = γ (x - mean) / sqrt(var + eps) + β;  params = 2 * C",
        S.BatchNorm2d(),
        (
            FieldInfo("eps", "eps", "float", 1e-8, 1, 1e-5),
            FieldInfo("momentum", "Momentum", "float", 0, 1, 0.01),
            FieldInfo("affine", "Learn γ and β", "bool"),
        ),
    ),
    LayerInfo(
        "dropout",
        "Dropout",
        "Normalisation & regularisation",
        "Zeroes each value with probability p while training (随机失活).",
        "y = x * mask / (1 - p) while training; y = x when evaluating\n"
        "text 004: y = x * mask while training; y = (1 - p) * x when evaluating (the same expected output)",
        S.Dropout(p=0.5),
        (_P,),
    ),
    LayerInfo(
        "dropout2d",
        "Dropout2d",
        "Normalisation & regularisation",
        "Zeroes whole channels while training.",
        "y = x * channel mask / (1 - p) while training",
        S.Dropout2d(p=0.25),
        (_P,),
    ),
    LayerInfo("relu", "ReLU", "Activations", "max(0, x): the default choice.", "y = max(0, x)", S.ReLU()),
    LayerInfo(
        "leakyrelu",
        "LeakyReLU",
        "Activations",
        "Lets a small slope through for x < 0.",
        "y = x if x > 0 else slope * x",
        S.LeakyReLU(),
        (FieldInfo("negative_slope", "Slope", "float", -1, 1, 0.01),),
    ),
    LayerInfo(
        "elu",
        "ELU",
        "Activations",
        "Smooth for x < 0.",
        "y = x if x > 0 else α (e^x - 1)",
        S.ELU(),
        (FieldInfo("alpha", "α", "float", 0, 10, 0.1),),
    ),
    LayerInfo("gelu", "GELU", "Activations", "Smooth ReLU used in transformers.", "y = x Φ(x)", S.GELU()),
    LayerInfo(
        "relu6", "ReLU6", "Activations", "ReLU capped at 6 (MobileNet).", "y = min(max(0, x), 6)", S.ReLU6()
    ),
    LayerInfo(
        "silu",
        "SiLU",
        "Activations",
        "x times its sigmoid, also called swish (EfficientNet).",
        "y = x σ(x)",
        S.SiLU(),
    ),
    LayerInfo(
        "hardswish",
        "Hardswish",
        "Activations",
        "A cheap, piecewise-linear SiLU (MobileNetV3).",
        "y = x * min(max(0, x + 3), 6) / 6",
        S.Hardswish(),
    ),
    LayerInfo(
        "hardsigmoid",
        "Hardsigmoid",
        "Activations",
        "A cheap, piecewise-linear sigmoid (MobileNetV3's gates).",
        "y = min(max(0, x + 3), 6) / 6",
        S.Hardsigmoid(),
    ),
    LayerInfo(
        "sigmoid",
        "Sigmoid",
        "Activations",
        "Squashes into (0, 1); saturates.",
        "y = 1 / (1 + e^-x)",
        S.Sigmoid(),
    ),
    LayerInfo(
        "tanh", "Tanh", "Activations", "Squashes into (-1, 1); LeNet-5's activation.", "y = tanh(x)", S.Tanh()
    ),
    LayerInfo(
        "softmax",
        "Softmax",
        "Activations",
        "Turns scores into probabilities. Training applies it inside the loss already.",
        "y_i = e^x_i / sum_j e^x_j",
        S.Softmax(),
    ),
    LayerInfo(
        "flatten",
        "Flatten",
        "Dense",
        "Turns a C x H x W map into one vector for the dense layers.",
        "N = C * H * W",
        S.Flatten(),
    ),
    LayerInfo(
        "linear",
        "Linear",
        "Dense",
        "Fully connected layer (全连接层): every output sees every input.",
        "params = N_in * N_out + N_out",
        S.Linear(out_features=64),
        (FieldInfo("out_features", "Units", "int", 1, 100_000), _BIAS),
    ),
    LayerInfo(
        "identity",
        "Identity",
        "Activations",
        "Passes its input through unchanged: a placeholder, or an imported network's no-op.",
        "y = x",
        S.Identity(),
    ),
    LayerInfo(
        "squeezeexcitation",
        "Squeeze-and-excitation",
        "Blocks",
        "Scales each channel by a gate computed from the whole map (挤压-激励, SENet, MobileNetV3, "
        "EfficientNet).",
        "y = x * gate(fc2(act(fc1(mean over H, W of x))))\nparams = C*S + S + S*C + C",
        S.SqueezeExcitation(squeeze_channels=8),
        (
            FieldInfo("squeeze_channels", "Squeeze channels", "int", 1, 4096, tooltip="S: the gate's width"),
            FieldInfo(
                "activation", "Activation", "choice", tooltip="between fc1 and fc2", choices=S.SE_ACTIVATIONS
            ),
            FieldInfo(
                "scale_activation", "Gate", "choice", tooltip="turns fc2 into a scale", choices=S.SE_GATES
            ),
        ),
    ),
    LayerInfo(
        "channelshuffle",
        "ChannelShuffle",
        "Blocks",
        "Interleaves the channels of the groups (ShuffleNet), so that the next grouped convolution sees every "
        "group.",
        "C x H x W unchanged; channel g*(C/groups) + i moves to i*groups + g; no parameters",
        S.ChannelShuffle(groups=2),
        (FieldInfo("groups", "Groups", "int", 1, 4096, tooltip="groups must divide the channels"),),
    ),
    LayerInfo(
        "residual",
        "Residual block",
        "Blocks",
        "Adds the block's input to its output (ResNet); a 1x1 conv shortcut appears when the shape changes.",
        "y = F(x) + x   (or F(x) + BN(conv1x1(x)))",
        S.Residual(
            layers=(
                S.Conv2d(out_channels=16, kernel_size=3, padding=1, bias=False),
                S.BatchNorm2d(),
                S.ReLU(),
                S.Conv2d(out_channels=16, kernel_size=3, padding=1, bias=False),
                S.BatchNorm2d(),
            )
        ),
    ),
    LayerInfo(
        "concat",
        "Concat block",
        "Blocks",
        "Runs branches side by side on the same input and stacks their channels (Inception); with channel "
        "split, each branch takes its own share of the channels (ShuffleNet V2).",
        "C_out = sum of the branches' channels; H and W must agree",
        S.Concat(
            branches=(
                (S.Conv2d(out_channels=8, kernel_size=1),),
                (S.Conv2d(out_channels=8, kernel_size=3, padding=1),),
            )
        ),
        (
            FieldInfo(
                "split",
                "Channel split",
                "bool",
                tooltip="branch b takes the b-th equal share of the channels (torch.chunk), as in ShuffleNet V2",
            ),
        ),
    ),
)

# Not in the palette (its group is in no palette row): a custom layer comes only from an import.
CUSTOM = LayerInfo(
    "custom",
    "Custom layer",
    "Imported",
    "An imported operation the studio has no layer for, kept as its code with the shapes and parameters "
    "measured on import; it trains and exports as it was, but cannot be edited here.",
    "output shape and parameters as measured on import",
    S.Custom(source="torch.cumsum(x, dim=1)", input_shape=(16, 32, 32), output_shape=(16, 32, 32)),
)
CATALOG: dict[str, LayerInfo] = {info.type: info for info in (*_INFOS, CUSTOM)}


def by_group() -> list[tuple[str, list[LayerInfo]]]:
    return [(group, [i for i in _INFOS if i.group == group]) for group in GROUPS]


def tooltip(kind: str) -> str:
    info = CATALOG[kind]
    return f"{info.title}: {info.description}\n\n{info.formula}"


POOL_KINDS = ("maxpool2d", "avgpool2d", "lppool2d")


def switch_pool_kind(spec: S.LayerSpec, kind: str) -> S.LayerSpec:
    """The same window (kernel, stride, ceil mode, and padding where allowed) as another pooling kind."""
    if not isinstance(spec, S.WindowPool) or kind not in POOL_KINDS:
        raise ValueError(f"cannot switch {spec.type} to {kind}")
    common = {"kernel_size": spec.kernel_size, "stride": spec.stride, "ceil_mode": spec.ceil_mode}
    padding = getattr(spec, "padding", 0)
    if kind == "maxpool2d":
        return S.MaxPool2d(padding=padding, **common)
    if kind == "avgpool2d":
        return S.AvgPool2d(padding=padding, **common)
    return S.LPPool2d(**common)
