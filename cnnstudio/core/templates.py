"""Built-in network templates: the classics a CNN course walks through, as projects.

A template is a function returning a ``Project``; the registry maps its command-line name to it with a title
and a one-line description for the GUI's "New from template" dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cnnstudio.core import specs as S
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
