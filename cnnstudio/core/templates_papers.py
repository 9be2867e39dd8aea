"""AlexNet and GoogLeNet as their papers give them, beside torchvision's versions (``templates_classic``).

The course texts (002 and 003) and their worked examples are the papers' networks, not torchvision's:

- Krizhevsky, Sutskever & Hinton 2012, "ImageNet Classification with Deep Convolutional Neural Networks"
  (Figure 2): 96 first filters of 11x11x3 at stride 4, and the network split over two GPUs. Layers 2, 4
  and 5 see only the maps of their own GPU, which is a grouped convolution (``groups=2``: each of the 256
  conv2 filters is 5x5x48, not 5x5x96); layer 3 and the dense layers see both GPUs' maps. The paper states
  "60 million parameters and 650,000 neurons". Its input is written 224x224, but only 227x227 gives the
  55x55 maps of its figure ((227 - 11) / 4 + 1 = 55), the course's worked example; 227 is used here.
- Szegedy et al. 2014, "Going deeper with convolutions" (Table 1): the 5x5 branch of each Inception module
  is a real 5x5 conv (torchvision's copy uses 3x3 there), no BatchNorm (it came a year later), a ReLU after
  every conv including the 1x1 reductions, a 7x7 average pool, 40% dropout and one linear classifier.

Left out of both, because the program has no such layer: local response normalisation (after AlexNet's
conv1 and conv2, GoogLeNet's first stages) and GoogLeNet's two auxiliary classifiers, which are used only
while training. Neither has parameters in the main path, so the parameter counts are the papers'.
"""

from __future__ import annotations

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project
from cnnstudio.core.templates_classic import Layers, dense_head, imagenet_dataset, sgd_recipe

ALEXNET_2012_INPUT = InputShape(3, 227, 227)
GOOGLENET_2014_INPUT = InputShape(3, 224, 224)
GPUS = 2  # AlexNet 2012 was trained on two GPUs; layers 2, 4 and 5 only see their own GPU's half


def _conv_relu(channels: int, kernel: int, stride: int = 1, padding: int = 0, groups: int = 1) -> Layers:
    conv = S.Conv2d(out_channels=channels, kernel_size=kernel, stride=stride, padding=padding, groups=groups)
    return (conv, S.ReLU())


def alexnet_2012(num_classes: int = 1000) -> Project:
    """The 2012 paper's AlexNet, two-GPU grouping included: 60,965,224 parameters ("60 million")."""
    overlapping_pool = S.MaxPool2d(kernel_size=3, stride=2)  # the paper's "overlapping pooling": z=3, s=2
    layers = (
        *_conv_relu(96, 11, stride=4),  # 227 -> 55: the course's conv1, 34,944 parameters
        overlapping_pool,  # -> 27
        *_conv_relu(256, 5, padding=2, groups=GPUS),
        overlapping_pool,  # -> 13
        *_conv_relu(384, 3, padding=1),  # sees both GPUs
        *_conv_relu(384, 3, padding=1, groups=GPUS),
        *_conv_relu(256, 3, padding=1, groups=GPUS),
        overlapping_pool,  # -> 6
        S.Flatten(),
        *dense_head(num_classes),
    )
    # Section 5: SGD, batch 128, momentum 0.9, weight decay 0.0005, rate 0.01 divided by 10 when the
    # validation error stopped improving; weights from a Gaussian with std 0.01. Batch scaled to 32.
    training = sgd_recipe(0.0025, 5e-4, schedule="plateau", gamma=0.1, init="normal")
    return Project(
        name="AlexNet (2012 paper)",
        input=ALEXNET_2012_INPUT,
        layers=layers,
        dataset=imagenet_dataset(),
        training=training,
    )


# (#1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj) of each Inception module, from Table 1.
INCEPTION_2014 = {
    "3a": (64, 96, 128, 16, 32, 32),
    "3b": (128, 128, 192, 32, 96, 64),
    "4a": (192, 96, 208, 16, 48, 64),
    "4b": (160, 112, 224, 24, 64, 64),
    "4c": (128, 128, 256, 24, 64, 64),
    "4d": (112, 144, 288, 32, 64, 64),
    "4e": (256, 160, 320, 32, 128, 128),
    "5a": (256, 160, 320, 32, 128, 128),
    "5b": (384, 192, 384, 48, 128, 128),
}


def inception_2014(c1: int, c3_reduce: int, c3: int, c5_reduce: int, c5: int, pool_proj: int) -> S.Concat:
    """Figure 2(b): 1x1, 1x1 -> 3x3, 1x1 -> 5x5 and 3x3 max pool -> 1x1, joined along channels."""
    return S.Concat(
        branches=(
            _conv_relu(c1, 1),
            (*_conv_relu(c3_reduce, 1), *_conv_relu(c3, 3, padding=1)),
            (*_conv_relu(c5_reduce, 1), *_conv_relu(c5, 5, padding=2)),
            (S.MaxPool2d(kernel_size=3, stride=1, padding=1), *_conv_relu(pool_proj, 1)),
        )
    )


def _pool() -> S.MaxPool2d:
    """3x3 stride 2, rounding up as the paper's Caffe did (112 -> 56, 56 -> 28, 28 -> 14, 14 -> 7)."""
    return S.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)


def googlenet_2014(num_classes: int = 1000) -> Project:
    """The 2014 paper's GoogLeNet (Table 1), 5x5 branches included: 6,998,552 parameters."""
    blocks = {name: inception_2014(*sizes) for name, sizes in INCEPTION_2014.items()}
    layers = (
        *_conv_relu(64, 7, stride=2, padding=3),  # 224 -> 112
        _pool(),  # -> 56
        *_conv_relu(64, 1),
        *_conv_relu(192, 3, padding=1),
        _pool(),  # -> 28
        blocks["3a"],
        blocks["3b"],
        _pool(),  # -> 14
        *(blocks[name] for name in ("4a", "4b", "4c", "4d", "4e")),
        _pool(),  # -> 7
        blocks["5a"],
        blocks["5b"],
        S.AvgPool2d(kernel_size=7, stride=1),  # -> 1x1x1024
        S.Flatten(),
        S.Dropout(p=0.4),
        S.Linear(out_features=num_classes),
    )
    # Section 6: asynchronous SGD with momentum 0.9, the rate lowered by 4% every 8 epochs.
    training = sgd_recipe(0.01, 2e-4, schedule="step", step_size=8, gamma=0.96, init="xavier")
    return Project(
        name="GoogLeNet (2014 paper)",
        input=GOOGLENET_2014_INPUT,
        layers=layers,
        dataset=imagenet_dataset(),
        training=training,
    )
