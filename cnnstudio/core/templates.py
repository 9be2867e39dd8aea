"""Built-in network templates: the classics a CNN course walks through, as projects.

A template is a function returning a ``Project``; the registry maps its command-line name to it with a title
and a one-line description (what the net teaches) for the GUI's "New from template" dialog. The small nets
and the cs231n layer-pattern generator live here; the ImageNet classics live in ``templates_classic``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cnnstudio.core import specs as S
from cnnstudio.core import templates_classic as classic
from cnnstudio.core import templates_papers as papers
from cnnstudio.core.project import InputShape, Project, default_project


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    description: str
    make: Callable[[], Project]


def lenet5() -> Project:
    """LeCun et al. 1998 as usually taught: 1x32x32, tanh, average pooling, 61,706 parameters."""
    layers = (
        S.Conv2d(out_channels=6, kernel_size=5),
        S.Tanh(),
        S.AvgPool2d(kernel_size=2, stride=2),
        S.Conv2d(out_channels=16, kernel_size=5),
        S.Tanh(),
        S.AvgPool2d(kernel_size=2, stride=2),
        S.Flatten(),
        S.Linear(out_features=120),
        S.Tanh(),
        S.Linear(out_features=84),
        S.Tanh(),
        S.Linear(out_features=10),
    )
    return Project(
        name="LeNet-5",
        input=InputShape(1, 32, 32),
        layers=layers,
        dataset={"name": "digits", "upscale": True},
        training={"optimizer": "adam", "lr": 0.001, "batch_size": 64, "epochs": 15, "seed": 0},
    )


def tinyvgg() -> Project:
    """CNN Explainer's Tiny VGG (Wang et al. 2020): 3x64x64, two stages of two 3x3 convs and a pool.

    No padding, so every conv visibly trims a one-pixel border (64, 62, 60, 30, 28, 26, 13): small enough
    that every feature map fits on screen at once, 19,920 parameters.
    """
    layers: list[S.LayerSpec] = []
    for _ in range(2):
        layers += [S.Conv2d(out_channels=10, kernel_size=3), S.ReLU()] * 2
        layers.append(S.MaxPool2d(kernel_size=2))
    layers += [S.Flatten(), S.Linear(out_features=10)]
    return Project(
        name="Tiny VGG",
        input=InputShape(3, 64, 64),
        layers=tuple(layers),
        # CNN Explainer's ten Tiny ImageNet classes are not offline; the ten built-in shapes are.
        dataset={"name": "shapes", "num_classes": 10, "num_images": 5000},
        training={"optimizer": "adam", "lr": 0.001, "batch_size": 64, "epochs": 15, "seed": 0},
    )


# -- the cs231n layer pattern ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Argument:
    """One argument of a template generator, with its range, so a form can offer a spin box or a check box.

    ``default`` is an int or a bool; for a bool, ``minimum``/``maximum`` are 0 and 1.
    """

    name: str
    default: int | bool
    minimum: int
    maximum: int
    help: str
    label: str  # what a form calls it, in words (the name is the Python and command-line spelling)


# The course (cs231n notes, 002) bounds the pattern: N <= 3, M >= 0, K >= 0 and usually K < 3.
CS231N_ARGUMENTS: tuple[Argument, ...] = (
    Argument("n", 2, 0, 3, "N: CONV -> RELU pairs per stage", "Conv layers per stage (N)"),
    Argument("m", 3, 0, 5, "M: stages, each N conv pairs then an optional pool", "Stages (M)"),
    Argument("k", 2, 0, 2, "K: hidden FC -> RELU layers before the output layer", "Hidden FC layers (K)"),
    Argument(
        "channels",
        16,
        1,
        512,
        label="Filters in the first stage",
        help="filters of the first stage's convs (doubled after each pool)",
    ),
    Argument("fc_width", 128, 1, 4096, "neurons of each hidden FC layer", "Neurons per hidden FC layer"),
    Argument(
        "pool",
        True,
        0,
        1,
        label="Max pool after each stage",
        help="end each stage with a 2x2 max pool (the POOL? of the pattern)",
    ),
    Argument("input_channels", 3, 1, 3, "1 for grey pictures, 3 for colour", "Input channels"),
    Argument("input_size", 32, 4, 256, "height and width of the input pictures", "Input size (pixels)"),
    Argument("classes", 10, 2, 10, "output classes (the built-in shapes set has up to 10)", "Classes"),
)


def _check_arguments(values: dict[str, int | bool]) -> None:
    for arg in CS231N_ARGUMENTS:
        value = values[arg.name]
        if isinstance(arg.default, bool):
            if not isinstance(value, bool):
                raise ValueError(f"{arg.name}: must be true or false, got {value!r}")
        elif isinstance(value, bool) or not isinstance(value, int) or not arg.minimum <= value <= arg.maximum:
            raise ValueError(
                f"{arg.name}: must be a whole number from {arg.minimum} to {arg.maximum}, got {value!r}"
            )


def cs231n_pattern(
    n: int = 2,
    m: int = 3,
    k: int = 2,
    channels: int = 16,
    fc_width: int = 128,
    pool: bool = True,
    input_channels: int = 3,
    input_size: int = 32,
    classes: int = 10,
) -> Project:
    """``INPUT -> [[CONV -> RELU]*N -> POOL?]*M -> [FC -> RELU]*K -> FC`` with its numbers as arguments.

    Convs are 3x3 with padding 1 (the course's P = (F-1)/2), so only the pools shrink the map and the
    student sees the pattern's one knob at a time. Channels double after each pool, the VGG habit that keeps
    the work per stage about even; without pooling they stay put. ``N = M = K = 0`` is the course's linear
    classifier ``INPUT -> FC``. Too many pools for the input give an invalid network, which the editor
    explains like any other. ``ValueError`` for an argument outside :data:`CS231N_ARGUMENTS`' range.
    """
    _check_arguments(dict(locals()))
    layers: list[S.LayerSpec] = []
    width = channels
    for _ in range(m):
        layers += [S.Conv2d(out_channels=width, kernel_size=3, padding=1), S.ReLU()] * n
        if pool:
            layers.append(S.MaxPool2d(kernel_size=2))
            width *= 2
    layers.append(S.Flatten())
    layers += [S.Linear(out_features=fc_width), S.ReLU()] * k
    layers.append(S.Linear(out_features=classes))
    return Project(
        name=f"cs231n pattern N={n} M={m} K={k}",
        input=InputShape(input_channels, input_size, input_size),
        layers=tuple(layers),
        dataset={"name": "shapes", "num_classes": classes, "num_images": 3000},
        training={"optimizer": "adam", "lr": 0.001, "batch_size": 64, "epochs": 10, "seed": 0},
    )


TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        Template(
            "default",
            "Shapes CNN",
            "A small CNN on the built-in shapes set, with max and average pooling.",
            default_project,
        ),
        Template(
            "lenet5", "LeNet-5", "LeCun 1998: two conv + average-pool stages, three dense layers.", lenet5
        ),
        Template(
            "tinyvgg",
            "Tiny VGG",
            "CNN Explainer's net on 64x64 shapes: unpadded 3x3 convs shrink every map by two pixels.",
            tinyvgg,
        ),
        Template(
            "cs231n",
            "cs231n layer pattern",
            "INPUT -> [[CONV -> RELU]*N -> POOL?]*M -> [FC -> RELU]*K -> FC with N=2, M=3, K=2: "
            "change the numbers to see depth, pooling and the dense head trade parameters.",
            cs231n_pattern,
        ),
        Template(
            "alexnet",
            "AlexNet (torchvision)",
            "The 2012 ImageNet winner as torchvision has it (64 first filters, one GPU): large strided first "
            "filters, ReLU and dropout; nearly all of its 61M parameters sit in the dense layers.",
            classic.alexnet,
        ),
        Template(
            "alexnet2012",
            "AlexNet (2012 paper)",
            "Krizhevsky et al. 2012 as the paper draws it: 227x227x3 in, 96 first filters of 11x11 at stride "
            "4 (55x55x96, 34,944 parameters), layers 2, 4 and 5 split over two GPUs (groups = 2); 60,965,224 "
            'parameters, the paper\'s "60 million".',
            papers.alexnet_2012,
        ),
        Template(
            "zfnet",
            "ZFNet",
            "AlexNet with a 7x7 stride-2 first layer (Zeiler & Fergus 2013): smaller strides keep finer "
            "detail in the first feature maps.",
            classic.zfnet,
        ),
        Template(
            "vgg11",
            "VGG-11",
            "Only 3x3 convs and 2x2 pools: two stacked 3x3s see as far as one 5x5 with fewer weights.",
            classic.vgg11,
        ),
        Template(
            "vgg16",
            "VGG-16",
            "Deeper VGG, 138M parameters: depth from uniform blocks, and a dense head that outweighs "
            "the convs.",
            classic.vgg16,
        ),
        Template(
            "resnet18",
            "ResNet-18",
            "Residual blocks add their input back, so gradients reach early layers; 1x1 projections where "
            "the size changes, BatchNorm after every conv.",
            classic.resnet18,
        ),
        Template(
            "googlenet",
            "GoogLeNet (torchvision)",
            "torchvision's version: Inception blocks run 1x1, 3x3 and pooling branches side by side and join "
            'them (its "5x5" branch is a 3x3), BatchNorm after each conv; 1x1 convs keep it at 6.6M '
            "parameters, a ninth of AlexNet's.",
            classic.googlenet,
        ),
        Template(
            "googlenet2014",
            "GoogLeNet (2014 paper)",
            "Szegedy et al. 2014, Table 1: Inception modules with 1x1, 3x3, 5x5 and pooling branches, 1x1 "
            "reductions before the 3x3 and 5x5 convs, no BatchNorm; 7.0M parameters.",
            papers.googlenet_2014,
        ),
        Template(
            "mobilenet_v1",
            "MobileNet v1",
            "Depthwise (groups = channels) then pointwise 1x1 convs: 4.2M parameters and a fraction of "
            "the multiply-adds of plain convs.",
            classic.mobilenet_v1,
        ),
    )
}


def template_names() -> tuple[str, ...]:
    return tuple(TEMPLATES)


def make_template(name: str) -> Project:
    """The project of template ``name``; ``KeyError`` names the known ones."""
    try:
        return TEMPLATES[name].make()
    except KeyError:
        raise KeyError(f"unknown template {name!r}; known: {', '.join(TEMPLATES)}") from None
