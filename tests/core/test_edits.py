"""Path edits on nested layer lists: what the editor's undo commands rely on."""

import pytest

from cnnstudio.core import edits
from cnnstudio.core import specs as S

RELU, TANH, FLAT = S.ReLU(), S.Tanh(), S.Flatten()


def network() -> tuple[S.LayerSpec, ...]:
    block = S.Residual(layers=(RELU, TANH))
    concat = S.Concat(branches=((RELU,), (TANH, FLAT)))
    return (RELU, block, concat, FLAT)


def test_get_at_reaches_into_blocks() -> None:
    layers = network()
    assert edits.get_at(layers, (1, 0, 1)) is TANH
    assert edits.get_at(layers, (2, 1, 1)) is FLAT


def test_insert_and_remove_inside_a_branch_leave_the_rest_alone() -> None:
    layers = network()
    conv = S.Conv2d(out_channels=4, kernel_size=3)
    inserted = edits.insert_at(layers, (2, 1, 0), conv)
    assert inserted[2].branches[1] == (conv, TANH, FLAT)
    assert inserted[:2] == layers[:2] and inserted[3] == layers[3]
    assert edits.remove_at(inserted, (2, 1, 0)) == layers


def test_replace_at_top_level() -> None:
    layers = network()
    assert edits.replace_at(layers, (0,), TANH)[0] is TANH


@pytest.mark.parametrize(
    ("source", "target", "final"),
    [((0,), (4,), (3,)), ((3,), (0,), (0,)), ((0,), (1, 0, 2), (0, 0, 2)), ((1, 0, 0), (0,), (0,))],
)
def test_move_reports_where_the_layer_lands(source, target, final) -> None:
    layers = network()
    moved_spec = edits.get_at(layers, source)
    moved, where = edits.move(layers, source, target)
    assert where == final
    assert edits.get_at(moved, where) is moved_spec
    assert S.count_layers(moved) == S.count_layers(layers)


def test_a_block_cannot_move_into_itself() -> None:
    with pytest.raises(ValueError, match="into itself"):
        edits.move(network(), (1,), (1, 0, 0))


def test_add_branch() -> None:
    assert len(edits.add_branch(network(), (2,))[2].branches) == 3


@pytest.mark.parametrize(
    ("removed", "selected"),
    [
        ((0,), (0,)),  # the next layer moved up into the gap
        ((3,), (2,)),  # the last layer: the one before it
        ((1, 0, 1), (1, 0, 0)),  # the last layer of a block: the one before it in the block
        ((2, 0, 0), (2,)),  # a branch's only layer: the block that held it
    ],
)
def test_the_selection_after_a_removal(removed, selected) -> None:
    layers = edits.remove_at(network(), removed)
    assert edits.selection_after_removal(layers, removed) == selected
    assert edits.selection_after_removal((), (0,)) is None  # nothing left to select
