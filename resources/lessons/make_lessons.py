"""Writes the ready lessons that ship with the program (cnnstudio/resources/lessons/*.cnnlesson.json).

Run ``.venv/bin/python resources/lessons/make_lessons.py`` after changing a lesson here; the files are
committed, so a teacher can copy one, edit it and hand it out. Each lesson is built from a course text
(../shared/course: 000 output sizes and AlexNet's first layer, 003/004 ReLU against sigmoid) and
tests/core/test_ready_lessons.py checks that each can be solved (a reference solution meets its goal).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cnnstudio.core import specs as S  # noqa: E402
from cnnstudio.core.lesson import Condition, Lesson, save_lesson  # noqa: E402
from cnnstudio.core.project import DEFAULT_DATASET, DEFAULT_TRAINING, InputShape, Project  # noqa: E402

OUT = ROOT / "cnnstudio" / "resources" / "lessons"
SHAPES = {**DEFAULT_DATASET, "num_images": 4000}


def output_size() -> Lesson:
    project = Project(
        name="Output size by hand",
        input=InputShape(3, 32, 32),
        layers=(S.Conv2d(out_channels=16, kernel_size=5), S.ReLU(), S.MaxPool2d(kernel_size=2)),
        dataset=dict(SHAPES),
        training={**DEFAULT_TRAINING, "epochs": 5},
    )
    return Lesson(
        title="Output size by hand",
        task=(
            "Course 000: the output size of a convolution is (n + 2p - k) / s + 1. The input is 3x32x32. "
            "Change the layers (kernel size, padding, stride, pooling, filters) so that the network's "
            "output is 32x8x8 (32 channels, 8 high, 8 wide). The sizes are hidden: work each one out on "
            "paper first, then press Check goal."
        ),
        project=project,
        goal=(Condition("output_shape", "==", [32, 8, 8]),),
        locked=("input", "dataset"),
        hidden=("shapes",),
        key="6a1f0c2e9b7d4a5f8e3c1b0d2f4a6c8e",
        translations={
            "zh_CN": {
                "title": "手算输出尺寸",
                "task": (
                    "课程 000：卷积的输出尺寸是 (n + 2p - k) / s + 1。输入是 3x32x32。修改各层（卷积核尺寸、"
                    "填充、步长、池化、卷积核个数），使网络的输出为 32x8x8（32 个通道，高 8，宽 8）。"
                    "各层尺寸已隐藏：先在纸上算出每一层，再按“检查目标”。"
                ),
            }
        },
    )


def alexnet_conv1() -> Lesson:
    project = Project(
        name="AlexNet's first layer",
        input=InputShape(3, 227, 227),
        layers=(S.Conv2d(out_channels=64, kernel_size=3), S.ReLU()),
        dataset=dict(SHAPES),
        training={**DEFAULT_TRAINING, "epochs": 1},
    )
    return Lesson(
        title="AlexNet's first layer",
        task=(
            "Course 000 and cs231n: AlexNet's first layer takes a 227x227x3 image and gives 55x55x96 with "
            "34,944 parameters. Set the convolution (filters, kernel size, stride, padding) so that both "
            "figures match. Parameter counts and sizes are hidden: compute (11 x 11 x 3 + 1) x 96 yourself."
        ),
        project=project,
        goal=(Condition("output_shape", "==", [96, 55, 55]), Condition("params", "==", 34944)),
        locked=("input", "dataset", "layers.1"),
        hidden=("shapes", "params"),
        key="2d9e4b7a1c3f5e8d0a6b9c2e4f7a1d3b",
        translations={
            "zh_CN": {
                "title": "AlexNet 的第一层",
                "task": (
                    "课程 000 与 cs231n：AlexNet 的第一层输入 227x227x3 的图像，输出 55x55x96，参数量 34,944。"
                    "设置这个卷积层（卷积核个数、卷积核尺寸、步长、填充），使两个数字都对上。参数量和尺寸已"
                    "隐藏：请自己算 (11 x 11 x 3 + 1) x 96。"
                ),
            }
        },
    )


def relu_not_sigmoid() -> Lesson:
    layers = []
    for _ in range(4):
        layers += [S.Conv2d(out_channels=16, kernel_size=3, padding=1), S.Sigmoid()]
    layers += [S.MaxPool2d(kernel_size=4), S.Flatten(), S.Linear(out_features=32), S.Sigmoid()]
    layers += [S.Linear(out_features=6)]
    project = Project(
        name="ReLU instead of sigmoid",
        input=InputShape(3, 32, 32),
        layers=tuple(layers),
        dataset=dict(SHAPES),
        training={**DEFAULT_TRAINING, "optimizer": "sgd", "lr": 0.05, "epochs": 5},
    )
    return Lesson(
        title="ReLU instead of sigmoid",
        task=(
            "Course 004: sigmoid's derivative is at most 0.25, so a deep stack of sigmoids passes back "
            "little gradient and learns slowly. Train this network once and look at its curves and at the "
            "Activations tool on the Teach page. Then change the activations (keep the optimiser and the "
            "learning rate) until the test accuracy reaches 75% within the 5 epochs (measured: the sigmoid "
            "network stays at chance, about 17%; with ReLU it reaches about 82%)."
        ),
        project=project,
        goal=(Condition("test_accuracy", ">=", 0.75),),
        locked=("input", "dataset", "training"),
        hidden=(),
        key="9c4e2a7d1b5f3e8a0d6c2b9e4a7f1c3d",
        translations={
            "zh_CN": {
                "title": "用 ReLU 代替 Sigmoid",
                "task": (
                    "课程 004：Sigmoid 的导数最大只有 0.25，所以多层 Sigmoid 叠在一起时，反向传回的梯度很小，"
                    "学得很慢。先训练一次这个网络，看看它的曲线，再看看“教学”页上的“激活函数”工具。然后修改"
                    "激活函数（不改优化器和学习率），使 5 个轮次内的测试准确率达到 75%（实测：Sigmoid 网络停在随机猜测的水平，"
                    "约 17%；换成 ReLU 后约 82%）。"
                ),
            }
        },
    )


def small_and_accurate() -> Lesson:
    project = Project(
        name="Small and accurate",
        input=InputShape(3, 32, 32),
        layers=(
            S.Conv2d(out_channels=64, kernel_size=3, padding=1),
            S.ReLU(),
            S.MaxPool2d(kernel_size=2),
            S.Flatten(),
            S.Linear(out_features=128),
            S.ReLU(),
            S.Linear(out_features=6),
        ),
        dataset=dict(SHAPES),
        training={**DEFAULT_TRAINING, "epochs": 5, "lr": 0.003},
    )
    return Lesson(
        title="Small and accurate",
        task=(
            "Course 000 and 003: a fully connected layer on a large map costs most of the parameters. This "
            "network has over two million. Reach a test accuracy of at least 90% with at most 50,000 "
            "parameters: use pooling and more convolutions before the Flatten."
        ),
        project=project,
        goal=(Condition("test_accuracy", ">=", 0.9), Condition("params", "<=", 50000)),
        locked=("input", "dataset"),
        hidden=(),
        key="4b8d1f3a6c9e2b5d7f0a3c6e9b1d4f7a",
        translations={
            "zh_CN": {
                "title": "又小又准",
                "task": (
                    "课程 000 与 003：在大的特征图上接全连接层，会占去大部分参数。这个网络有两百多万个参数。"
                    "请在参数量不超过 50,000 的前提下，使测试准确率至少达到 90%：在 Flatten 之前多用池化和卷积。"
                ),
            }
        },
    )


LESSONS = {
    "01-output-size": output_size,
    "02-alexnet-conv1": alexnet_conv1,
    "03-relu-not-sigmoid": relu_not_sigmoid,
    "04-small-and-accurate": small_and_accurate,
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in LESSONS.items():
        path = OUT / f"{name}.cnnlesson.json"
        save_lesson(make(), path)
        print(path)


if __name__ == "__main__":
    main()
