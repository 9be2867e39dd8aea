"""The pooling lab's window placement: a wanted corner moves inward until the whole window fits."""

from __future__ import annotations

from cnnstudio.core.window_math import window_at


def test_a_window_inside_the_map_stays_where_it_was_asked() -> None:
    assert window_at(2, 3, (3, 3), (12, 12)) == (2, 3, 4, 5)


def test_a_window_past_the_edge_moves_inward_to_fit() -> None:
    assert window_at(11, 11, (3, 3), (12, 12)) == (9, 9, 11, 11)
    assert window_at(-4, 10, (2, 4), (6, 12)) == (0, 8, 1, 11)
