"""The templates against torch: torchvision's own models and the course's worked numbers are the truth.

For the nets torchvision has, equal parameter counts could still hide a different network (a layer moved,
a ReLU missing), so the test goes further: it copies torchvision's weights into the built model tensor by
tensor, which only works if every tensor has the same shape in the same order, and then both models must
give the same scores for the same picture. ZFNet and MobileNet v1 have no torchvision model; they are
compared with plain-torch transcriptions of the papers' layer tables written here, independently of core.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import torch
import torchvision
from torch import nn

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project
from cnnstudio.core.templates import cs231n_pattern, make_template
from cnnstudio.core.templates_classic import MOBILENET_V1_BLOCKS
from cnnstudio.training.build import build_model

TORCHVISION: dict[str, Callable[[], nn.Module]] = {
    "alexnet": lambda: torchvision.models.alexnet(weights=None),
    "vgg11": lambda: torchvision.models.vgg11(weights=None),
    "vgg16": lambda: torchvision.models.vgg16(weights=None),
    "resnet18": lambda: torchvision.models.resnet18(weights=None),
    "googlenet": lambda: torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=False),
}


def count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


@pytest.fixture(scope="module")
def picture() -> torch.Tensor:
    return torch.randn(1, 3, 224, 224, generator=torch.Generator().manual_seed(0))


@pytest.mark.parametrize("name", sorted(TORCHVISION))
def test_template_is_torchvisions_model(name: str, picture: torch.Tensor) -> None:
    reference = TORCHVISION[name]().eval()
    project = make_template(name)
    model = build_model(project).eval()
    assert project.report.total_params == count(model) == count(reference)

    theirs, ours = reference.state_dict(), model.state_dict()
    assert [t.shape for t in theirs.values()] == [t.shape for t in ours.values()]
    model.load_state_dict(dict(zip(ours, theirs.values())))
    with torch.no_grad():
        expected, got = reference(picture), model(picture)
    assert got.shape == (1, 1000)
    torch.testing.assert_close(got, expected, rtol=1e-4, atol=1e-5)


def test_googlenet_batchnorm_eps_and_ceil_pools_are_torchvisions() -> None:
    model = build_model(make_template("googlenet"))
    reference = TORCHVISION["googlenet"]()
    eps = {m.eps for m in model.modules() if isinstance(m, nn.BatchNorm2d)}
    assert eps == {m.eps for m in reference.modules() if isinstance(m, nn.BatchNorm2d)} == {0.001}
    pools = [m.ceil_mode for m in model.modules() if isinstance(m, nn.MaxPool2d)]
    assert pools == [m.ceil_mode for m in reference.modules() if isinstance(m, nn.MaxPool2d)]


def test_vgg16_is_the_138_million_parameter_net() -> None:
    # The figure courses quote; the exact count is torchvision's (test_template_is_torchvisions_model).
    assert round(make_template("vgg16").report.total_params / 1e6) == 138


# -- the papers' tables, transcribed in plain torch -------------------------------------------------------
def zfnet_reference() -> nn.Sequential:
    """Zeiler & Fergus 2013, Figure 3 (without contrast normalisation)."""
    return nn.Sequential(
        nn.Conv2d(3, 96, 7, 2, 1), nn.ReLU(), nn.MaxPool2d(3, 2, ceil_mode=True),
        nn.Conv2d(96, 256, 5, 2), nn.ReLU(), nn.MaxPool2d(3, 2, ceil_mode=True),
        nn.Conv2d(256, 384, 3, 1, 1), nn.ReLU(),
        nn.Conv2d(384, 384, 3, 1, 1), nn.ReLU(),
        nn.Conv2d(384, 256, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(3, 2, ceil_mode=True),
        nn.Flatten(), nn.Dropout(), nn.Linear(9216, 4096), nn.ReLU(),
        nn.Dropout(), nn.Linear(4096, 4096), nn.ReLU(), nn.Linear(4096, 1000),
    )  # fmt: skip


# (output channels, stride) of each depthwise-separable block, read off the paper's Table 1.
MOBILENET_TABLE_1 = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)]
MOBILENET_TABLE_1 += [(512, 1)] * 5 + [(1024, 2), (1024, 1)]


def mobilenet_v1_reference() -> nn.Sequential:
    """Howard et al. 2017, Table 1 at width 1.0, each conv followed by BatchNorm and ReLU."""

    def unit(c_in: int, c_out: int, k: int, stride: int, groups: int) -> list[nn.Module]:
        conv = nn.Conv2d(c_in, c_out, k, stride, k // 2, groups=groups, bias=False)
        return [conv, nn.BatchNorm2d(c_out), nn.ReLU()]

    layers = unit(3, 32, 3, 2, 1)
    c_in = 32
    for c_out, stride in MOBILENET_TABLE_1:
        layers += unit(c_in, c_in, 3, stride, c_in) + unit(c_in, c_out, 1, 1, 1)
        c_in = c_out
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(1024, 1000))


def alexnet_2012_reference() -> nn.Sequential:
    """Krizhevsky et al. 2012, Figure 2 on 227x227: conv2, conv4 and conv5 see one GPU's half (groups=2)."""
    return nn.Sequential(
        nn.Conv2d(3, 96, 11, 4), nn.ReLU(), nn.MaxPool2d(3, 2),
        nn.Conv2d(96, 256, 5, 1, 2, groups=2), nn.ReLU(), nn.MaxPool2d(3, 2),
        nn.Conv2d(256, 384, 3, 1, 1), nn.ReLU(),
        nn.Conv2d(384, 384, 3, 1, 1, groups=2), nn.ReLU(),
        nn.Conv2d(384, 256, 3, 1, 1, groups=2), nn.ReLU(), nn.MaxPool2d(3, 2),
        nn.Flatten(), nn.Linear(9216, 4096), nn.ReLU(), nn.Dropout(),
        nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(), nn.Linear(4096, 1000),
    )  # fmt: skip


class Inception2014(nn.Module):
    """Szegedy et al. 2014, Figure 2(b), with a ReLU after every conv."""

    def __init__(self, c_in: int, c1: int, r3: int, c3: int, r5: int, c5: int, pool: int) -> None:
        super().__init__()

        def conv(a: int, b: int, k: int) -> list[nn.Module]:
            return [nn.Conv2d(a, b, k, padding=k // 2), nn.ReLU()]

        self.branches = nn.ModuleList(
            [
                nn.Sequential(*conv(c_in, c1, 1)),
                nn.Sequential(*conv(c_in, r3, 1), *conv(r3, c3, 3)),
                nn.Sequential(*conv(c_in, r5, 1), *conv(r5, c5, 5)),
                nn.Sequential(nn.MaxPool2d(3, 1, 1), *conv(c_in, pool, 1)),
            ]
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([branch(x) for branch in self.branches], dim=1)


GOOGLENET_TABLE_1 = [  # (#1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj), typed in from the paper
    (64, 96, 128, 16, 32, 32), (128, 128, 192, 32, 96, 64),
    (192, 96, 208, 16, 48, 64), (160, 112, 224, 24, 64, 64), (128, 128, 256, 24, 64, 64),
    (112, 144, 288, 32, 64, 64), (256, 160, 320, 32, 128, 128),
    (256, 160, 320, 32, 128, 128), (384, 192, 384, 48, 128, 128),
]  # fmt: skip


def googlenet_2014_reference() -> nn.Sequential:
    """Szegedy et al. 2014, Table 1 without LRN and the auxiliary classifiers."""
    blocks, c_in = [], 192
    for sizes in GOOGLENET_TABLE_1:
        blocks.append(Inception2014(c_in, *sizes))
        c_in = sizes[0] + sizes[2] + sizes[4] + sizes[5]
    pool = lambda: nn.MaxPool2d(3, 2, ceil_mode=True)  # noqa: E731
    return nn.Sequential(
        nn.Conv2d(3, 64, 7, 2, 3), nn.ReLU(), pool(),
        nn.Conv2d(64, 64, 1), nn.ReLU(), nn.Conv2d(64, 192, 3, 1, 1), nn.ReLU(), pool(),
        *blocks[:2], pool(), *blocks[2:7], pool(), *blocks[7:],
        nn.AvgPool2d(7, 1), nn.Flatten(), nn.Dropout(0.4), nn.Linear(1024, 1000),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "reference"),
    [
        ("zfnet", zfnet_reference),
        ("mobilenet_v1", mobilenet_v1_reference),
        ("alexnet2012", alexnet_2012_reference),
        ("googlenet2014", googlenet_2014_reference),
    ],
)
def test_paper_nets_match_a_plain_torch_transcription(
    name: str, reference: Callable[[], nn.Sequential], picture: torch.Tensor
) -> None:
    theirs, project = reference().eval(), make_template(name)
    model = build_model(project).eval()
    assert project.report.total_params == count(model) == count(theirs)
    model.load_state_dict(dict(zip(model.state_dict(), theirs.state_dict().values())))
    picture = picture if project.input.shape == (3, 224, 224) else torch.randn(1, *project.input.shape)
    with torch.no_grad():
        torch.testing.assert_close(model(picture), theirs(picture), rtol=1e-4, atol=1e-5)


def test_mobilenet_template_blocks_are_the_papers_table() -> None:
    assert list(MOBILENET_V1_BLOCKS) == MOBILENET_TABLE_1


# -- the course's worked numbers (course text 002) --------------------------------------------------------
def test_alexnet_first_layer_of_the_course_gives_55x55x96() -> None:
    # 96 filters of 11x11x3, stride 4, no padding: (W - F + 2P)/S + 1 = (227 - 11)/4 + 1 = 55, and
    # 96 * (11*11*3 + 1) = 34,944 parameters. torchvision's AlexNet has 64 filters, hence a project here.
    project = Project(
        name="AlexNet conv1",
        input=InputShape(3, 227, 227),
        layers=(S.Conv2d(out_channels=96, kernel_size=11, stride=4),),
    )
    report = project.report.layers[0]
    assert report.output_shape == (96, 55, 55) and report.params == 34_944
    model = build_model(project)
    assert count(model) == 34_944
    with torch.no_grad():
        assert model(torch.zeros(1, 3, 227, 227)).shape == (1, 96, 55, 55)


def test_course_numpy_example_11x11x4_filter_5_stride_2_gives_4() -> None:
    project = Project(
        input=InputShape(4, 11, 11), layers=(S.Conv2d(out_channels=2, kernel_size=5, stride=2),)
    )
    assert project.report.layers[0].output_shape == (2, 4, 4)
    with torch.no_grad():
        assert build_model(project)(torch.zeros(1, 4, 11, 11)).shape == (1, 2, 4, 4)


@pytest.mark.parametrize(
    "arguments", [{}, {"n": 3, "m": 2, "k": 1, "pool": False, "input_size": 16}, {"n": 0, "m": 0, "k": 0}]
)
def test_cs231n_pattern_builds_and_agrees_with_torch(arguments: dict) -> None:
    project = cs231n_pattern(**arguments)
    model = build_model(project).eval()
    assert count(model) == project.report.total_params
    with torch.no_grad():
        out = model(torch.zeros(2, *project.input.shape))
    assert out.shape == (2, 10)
