"""The volume diagram's boxes (core.volumes) with blocks collapsed, expanded, and same blocks counted once."""

from __future__ import annotations

from cnnstudio.core import specs as S
from cnnstudio.core.project import InputShape, Project
from cnnstudio.core.volumes import block_paths, volumes

CONV = S.Conv2d(out_channels=8, kernel_size=3, padding=1)
BLOCK = S.Residual(layers=(CONV, S.ReLU(), CONV))
INCEPTION = S.Concat(
    branches=((S.Conv2d(out_channels=4, kernel_size=1),), (S.Conv2d(out_channels=4, kernel_size=1), S.ReLU()))
)
LAYERS = (CONV, BLOCK, S.ReLU(), BLOCK, S.ReLU(), BLOCK, S.MaxPool2d(kernel_size=2), INCEPTION, S.Flatten(),
          S.Linear(out_features=3))  # fmt: skip


def project(layers=LAYERS) -> Project:
    return Project(name="blocks", input=InputShape(3, 8, 8), layers=layers)


def drawn(expanded=()) -> list[tuple]:
    return [(v.path, v.kind, v.shape, v.count, v.block, v.within) for v in volumes(project(), expanded)]


def test_collapsed_blocks_are_one_box_and_same_blocks_in_a_row_one_box_counting_them() -> None:
    assert drawn() == [
        (None, "input", (3, 8, 8), 1, False, ()),
        ((0,), "conv2d", (8, 8, 8), 1, False, ()),
        ((1,), "residual", (8, 8, 8), 3, True, ()),  # the ReLUs between them keep the shape: not drawn
        ((6,), "maxpool2d", (8, 4, 4), 1, False, ()),
        ((7,), "concat", (8, 4, 4), 1, True, ()),
        ((8,), "flatten", (128,), 1, False, ()),
        ((9,), "linear", (3,), 1, False, ()),
    ]
    assert volumes(project())[2].paths == ((1,), (3,), (5,))
    assert block_paths(project()) == [(1,), (3,), (5,), (7,)]


def test_an_expanded_residual_shows_its_layers_and_splits_the_run_it_was_in() -> None:
    assert drawn({(3,)})[1:6] == [
        ((0,), "conv2d", (8, 8, 8), 1, False, ()),
        ((1,), "residual", (8, 8, 8), 1, True, ()),
        ((3, 0, 0), "conv2d", (8, 8, 8), 1, False, ((3,),)),
        ((3, 0, 2), "conv2d", (8, 8, 8), 1, False, ((3,),)),
        ((5,), "residual", (8, 8, 8), 1, True, ()),
    ]


def test_an_expanded_concat_shows_each_branch_then_the_joined_channels() -> None:
    assert drawn({(7,)})[4:8] == [
        ((7, 0, 0), "conv2d", (4, 4, 4), 1, False, ((7,),)),
        ((7, 1, 0), "conv2d", (4, 4, 4), 1, False, ((7,),)),
        ((7,), "concat", (8, 4, 4), 1, False, ((7,),)),  # 4 + 4 channels
        ((8,), "flatten", (128,), 1, False, ()),
    ]


def test_nested_blocks_expand_one_level_at_a_time() -> None:
    outer = S.Residual(layers=(BLOCK, S.ReLU()))
    nested = project((CONV, outer, S.Flatten(), S.Linear(out_features=3)))
    kinds = lambda expanded: [(v.path, v.kind, v.within) for v in volumes(nested, expanded)][1:4]  # noqa: E731
    assert kinds({(1,)})[:2] == [((0,), "conv2d", ()), ((1, 0, 0), "residual", ((1,),))]
    assert kinds({(1,), (1, 0, 0)})[1:3] == [
        ((1, 0, 0, 0, 0), "conv2d", ((1,), (1, 0, 0))),
        ((1, 0, 0, 0, 2), "conv2d", ((1,), (1, 0, 0))),
    ]
    assert block_paths(nested) == [(1,), (1, 0, 0)]


def test_a_block_of_layers_that_keep_the_shape_is_still_drawn_when_expanded() -> None:
    relus = project((CONV, S.Residual(layers=(S.ReLU(),)), S.Flatten(), S.Linear(out_features=3)))
    assert [(v.path, v.within) for v in volumes(relus, {(1,)})][2] == ((1,), ((1,),))


def test_nothing_after_a_layer_that_cannot_work_is_drawn() -> None:
    broken = project((CONV, S.MaxPool2d(kernel_size=16), BLOCK))
    assert [v.kind for v in volumes(broken)] == ["input", "conv2d"]
