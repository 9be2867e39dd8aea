"""The ImageNet classics as projects: AlexNet, ZFNet, VGG, ResNet-18, GoogLeNet and MobileNet v1.

Where torchvision has the model, the layers follow torchvision's code (not the paper) so that the parameter
count at 3x224x224 with 1000 classes is exactly torchvision's: a student who later types
``torchvision.models.vgg16()`` sees the same number the studio showed. ZFNet and MobileNet v1 have no
torchvision model; they follow their papers, with the differences named in their docstrings.

These nets need pictures of real things at 224x224, which no built-in set offers, so their dataset is the
``folder`` set (offline: one subfolder per class, ImageNet's layout). The 1000-way head is ImageNet's; for a
smaller folder (Imagenette, a class project) the last linear layer's ``out_features`` is the one field to
change, and the trainer's mismatch message says so. Training settings are the papers' recipes with the
batch size cut to what fits a laptop and the learning rate scaled with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project

Layers = tuple[S.LayerSpec, ...]

IMAGENET_INPUT = InputShape(3, 224, 224)


def imagenet_dataset() -> dict[str, Any]:
    """A folder in ImageNet's layout; flips and small zooms stand in for the papers' random crops."""
    return {
        "name": "folder",
        "root": "~/datasets/imagenet/train",
        "augmentation": {"hflip": True, "scale": True, "scale_amount": 0.1},
    }


def sgd_recipe(lr: float, weight_decay: float, **more: Any) -> dict[str, Any]:
    """SGD with momentum 0.9, as every one of these papers trained; batch 32 so a 224x224 net fits in RAM."""
    return {
        "optimizer": "sgd",
        "lr": lr,
        "momentum": 0.9,
        "weight_decay": weight_decay,
        "batch_size": 32,
        "epochs": 30,
        "seed": 0,
        **more,
    }


def _project(name: str, layers: Layers, training: Mapping[str, Any]) -> Project:
    return Project(
        name=name, input=IMAGENET_INPUT, layers=layers, dataset=imagenet_dataset(), training=dict(training)
    )


# -- AlexNet and ZFNet -----------------------------------------------------------------------------------
def _alexnet_head(num_classes: int) -> Layers:
    """torchvision's classifier: dropout before each of the two 4096-wide layers."""
    return (
        S.Flatten(),
        S.Dropout(p=0.5),
        S.Linear(out_features=4096),
        S.ReLU(),
        S.Dropout(p=0.5),
        S.Linear(out_features=4096),
        S.ReLU(),
        S.Linear(out_features=num_classes),
    )


def dense_head(num_classes: int) -> Layers:
    """The 2012 AlexNet paper's and VGG's classifier: two 4096-wide layers, each followed by ReLU and
    dropout (torchvision's AlexNet moved the dropouts before the layers: ``_alexnet_head``)."""
    return (
        S.Linear(out_features=4096),
        S.ReLU(),
        S.Dropout(p=0.5),
        S.Linear(out_features=4096),
        S.ReLU(),
        S.Dropout(p=0.5),
        S.Linear(out_features=num_classes),
    )


def alexnet(num_classes: int = 1000) -> Project:
    """torchvision's AlexNet (the one-GPU variant of Krizhevsky 2014): 64 first filters, no LRN, 61,100,840.

    The 2012 paper's network (96 first filters, split over two GPUs, the course's 55x55x96 example) is
    ``templates_papers.alexnet_2012``, the template ``alexnet2012``.
    """
    layers = (
        S.Conv2d(out_channels=64, kernel_size=11, stride=4, padding=2),
        S.ReLU(),
        S.MaxPool2d(kernel_size=3, stride=2),
        S.Conv2d(out_channels=192, kernel_size=5, padding=2),
        S.ReLU(),
        S.MaxPool2d(kernel_size=3, stride=2),
        S.Conv2d(out_channels=384, kernel_size=3, padding=1),
        S.ReLU(),
        S.Conv2d(out_channels=256, kernel_size=3, padding=1),
        S.ReLU(),
        S.Conv2d(out_channels=256, kernel_size=3, padding=1),
        S.ReLU(),
        S.MaxPool2d(kernel_size=3, stride=2),
        # A no-op at 224x224 (the map is already 6x6); torchvision keeps it so other sizes still fit fc6.
        S.AdaptiveAvgPool2d(output_size=6),
        *_alexnet_head(num_classes),
    )
    # The paper divided the rate by 10 whenever the validation error stopped improving: a plateau schedule.
    return _project("AlexNet", layers, sgd_recipe(0.01, 5e-4, schedule="plateau", gamma=0.1, init="normal"))


def zfnet(num_classes: int = 1000) -> Project:
    """Zeiler & Fergus 2013 (their Figure 3), without the local contrast normalisation after pools 1 and 2.

    The first layer is 7x7 stride 2 instead of AlexNet's 11x11 stride 4, which the deconvnet pictures showed
    left dead filters and aliasing. Pools use ``ceil_mode`` so the maps are the paper's 110, 55, 26, 13, 6.
    """
    layers = (
        S.Conv2d(out_channels=96, kernel_size=7, stride=2, padding=1),
        S.ReLU(),
        S.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
        S.Conv2d(out_channels=256, kernel_size=5, stride=2),
        S.ReLU(),
        S.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
        S.Conv2d(out_channels=384, kernel_size=3, padding=1),
        S.ReLU(),
        S.Conv2d(out_channels=384, kernel_size=3, padding=1),
        S.ReLU(),
        S.Conv2d(out_channels=256, kernel_size=3, padding=1),
        S.ReLU(),
        S.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
        *_alexnet_head(num_classes),
    )
    return _project("ZFNet", layers, sgd_recipe(0.01, 5e-4, schedule="plateau", gamma=0.1, init="normal"))


# -- VGG -------------------------------------------------------------------------------------------------
VGG11_STAGES = ((64,), (128,), (256, 256), (512, 512), (512, 512))
VGG16_STAGES = ((64, 64), (128, 128), (256, 256, 256), (512, 512, 512), (512, 512, 512))


def _vgg(name: str, stages: tuple[tuple[int, ...], ...], num_classes: int) -> Project:
    """Stages of 3x3 convs (padding 1 keeps the size) each closed by a 2x2 max pool: 224 -> 7."""
    layers: list[S.LayerSpec] = []
    for stage in stages:
        for channels in stage:
            layers += [S.Conv2d(out_channels=channels, kernel_size=3, padding=1), S.ReLU()]
        layers.append(S.MaxPool2d(kernel_size=2, stride=2))
    layers += [
        S.AdaptiveAvgPool2d(output_size=7),
        S.Flatten(),
        *dense_head(num_classes),
    ]
    # Kaiming init is what torchvision uses; it lets VGG-16 train from scratch without the paper's trick of
    # starting from a trained VGG-11.
    return _project(
        name, tuple(layers), sgd_recipe(0.01, 5e-4, schedule="plateau", gamma=0.1, init="kaiming")
    )


def vgg11(num_classes: int = 1000) -> Project:
    """VGG configuration A (Simonyan & Zisserman 2014), torchvision's ``vgg11``: 132,863,336 parameters."""
    return _vgg("VGG-11", VGG11_STAGES, num_classes)


def vgg16(num_classes: int = 1000) -> Project:
    """VGG configuration D, torchvision's ``vgg16``: the often-quoted 138M parameters (138,357,544)."""
    return _vgg("VGG-16", VGG16_STAGES, num_classes)


# -- ResNet-18 -------------------------------------------------------------------------------------------
def _conv_bn(channels: int, kernel: int, stride: int = 1, padding: int = 0, eps: float = 1e-5) -> Layers:
    """Conv without bias (the BatchNorm's shift replaces it) followed by BatchNorm."""
    return (
        S.Conv2d(out_channels=channels, kernel_size=kernel, stride=stride, padding=padding, bias=False),
        S.BatchNorm2d(eps=eps),
    )


def _basic_block(channels: int, stride: int) -> Layers:
    """ResNet's BasicBlock: two 3x3 conv+BN, the input added back, then ReLU (after the sum, as in the paper).

    When the stride or the width changes, the core inserts the 1x1 conv (no bias) + BN projection on the
    shortcut, which is torchvision's ``downsample``.
    """
    inner = (*_conv_bn(channels, 3, stride, 1), S.ReLU(), *_conv_bn(channels, 3, 1, 1))
    return (S.Residual(layers=inner), S.ReLU())


def resnet18(num_classes: int = 1000) -> Project:
    """He et al. 2015, torchvision's ``resnet18``: four stages of two basic blocks, 11,689,512 parameters."""
    layers: list[S.LayerSpec] = [
        *_conv_bn(64, 7, 2, 3),
        S.ReLU(),
        S.MaxPool2d(kernel_size=3, stride=2, padding=1),
    ]
    for stage, channels in enumerate((64, 128, 256, 512)):
        layers += _basic_block(channels, 1 if stage == 0 else 2)
        layers += _basic_block(channels, 1)
    layers += [S.AdaptiveAvgPool2d(output_size=1), S.Flatten(), S.Linear(out_features=num_classes)]
    # The paper's batch of 256 at lr 0.1, scaled to batch 32; divided by 10 every 10 epochs.
    training = sgd_recipe(0.0125, 1e-4, schedule="step", step_size=10, gamma=0.1, init="kaiming")
    return _project("ResNet-18", tuple(layers), training)


# -- GoogLeNet -------------------------------------------------------------------------------------------
def _basic_conv(channels: int, kernel: int, stride: int = 1, padding: int = 0) -> Layers:
    """torchvision's ``BasicConv2d``: conv (no bias) + BatchNorm with eps 0.001 + ReLU."""
    return (*_conv_bn(channels, kernel, stride, padding, eps=0.001), S.ReLU())


def _inception(c1: int, c3_reduce: int, c3: int, c5_reduce: int, c5: int, pool_proj: int) -> S.Concat:
    """Four branches joined along channels; 1x1 convs shrink the input before the costly 3x3s.

    torchvision's "5x5" branch really uses a 3x3 (a known slip kept for its weights), so this one does too;
    the 2014 paper's real 5x5 is in ``templates_papers.googlenet_2014`` (the template ``googlenet2014``).
    """
    return S.Concat(
        branches=(
            _basic_conv(c1, 1),
            (*_basic_conv(c3_reduce, 1), *_basic_conv(c3, 3, padding=1)),
            (*_basic_conv(c5_reduce, 1), *_basic_conv(c5, 3, padding=1)),
            (S.MaxPool2d(kernel_size=3, stride=1, padding=1, ceil_mode=True), *_basic_conv(pool_proj, 1)),
        )
    )


def _ceil_pool(kernel: int = 3) -> S.MaxPool2d:
    return S.MaxPool2d(kernel_size=kernel, stride=2, ceil_mode=True)


def googlenet(num_classes: int = 1000) -> Project:
    """Szegedy et al. 2014, torchvision's ``googlenet(aux_logits=False)``: 6,624,904 parameters.

    The two auxiliary classifiers only help training and are dropped at inference; without them the network
    is one straight line of inception blocks, which the studio can show.
    """
    layers = (
        *_basic_conv(64, 7, 2, 3),
        _ceil_pool(),
        *_basic_conv(64, 1),
        *_basic_conv(192, 3, padding=1),
        _ceil_pool(),
        _inception(64, 96, 128, 16, 32, 32),
        _inception(128, 128, 192, 32, 96, 64),
        _ceil_pool(),
        _inception(192, 96, 208, 16, 48, 64),
        _inception(160, 112, 224, 24, 64, 64),
        _inception(128, 128, 256, 24, 64, 64),
        _inception(112, 144, 288, 32, 64, 64),
        _inception(256, 160, 320, 32, 128, 128),
        _ceil_pool(2),
        _inception(256, 160, 320, 32, 128, 128),
        _inception(384, 192, 384, 48, 128, 128),
        S.AdaptiveAvgPool2d(output_size=1),
        S.Flatten(),
        S.Dropout(p=0.2),
        S.Linear(out_features=num_classes),
    )
    # The paper lowered the rate by 4% every 8 epochs.
    training = sgd_recipe(0.01, 2e-4, schedule="step", step_size=8, gamma=0.96, init="kaiming")
    return _project("GoogLeNet", layers, training)


# -- MobileNet v1 ----------------------------------------------------------------------------------------
# (output channels, stride) of the 13 depthwise-separable blocks of the paper's Table 1.
MOBILENET_V1_BLOCKS = (
    (64, 1),
    (128, 2),
    (128, 1),
    (256, 2),
    (256, 1),
    (512, 2),
    (512, 1),
    (512, 1),
    (512, 1),
    (512, 1),
    (512, 1),
    (1024, 2),
    (1024, 1),
)


def mobilenet_v1(num_classes: int = 1000) -> Project:
    """Howard et al. 2017 at width 1.0: 4,231,976 parameters, BatchNorm included (the paper's "4.2M").

    Each block is a depthwise 3x3 conv (``groups`` = its input channels: one filter per channel) then a
    pointwise 1x1 conv that mixes channels, both followed by BN + ReLU: about 8 to 9 times fewer
    multiply-adds than a plain 3x3 conv of the same width.
    """
    layers: list[S.LayerSpec] = [*_conv_bn(32, 3, 2, 1), S.ReLU()]
    channels = 32
    for out, stride in MOBILENET_V1_BLOCKS:
        depthwise = S.Conv2d(
            out_channels=channels, kernel_size=3, stride=stride, padding=1, groups=channels, bias=False
        )
        layers += [depthwise, S.BatchNorm2d(), S.ReLU(), *_conv_bn(out, 1), S.ReLU()]
        channels = out
    layers += [S.AdaptiveAvgPool2d(output_size=1), S.Flatten(), S.Linear(out_features=num_classes)]
    # The paper used RMSprop with little weight decay: a small net overfits less, and depthwise filters
    # hold so few weights that decay would shrink them to nothing.
    training = {
        "optimizer": "rmsprop",
        "lr": 0.001,
        "momentum": 0.9,
        "weight_decay": 4e-5,
        "batch_size": 32,
        "epochs": 30,
        "seed": 0,
        "schedule": "exponential",
        "gamma": 0.98,
        "init": "kaiming",
    }
    return _project("MobileNet v1", tuple(layers), training)
