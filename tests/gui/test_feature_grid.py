"""FeatureMapGrid: shows exactly the maps it is given, scales colours as documented, reacts to clicks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PySide6.QtCore import QPointF, Qt

from cnnstudio.ui.widgets import colormaps
from cnnstudio.ui.widgets.feature_grid import FeatureMapGrid
from cnnstudio.ui.widgets.grid_geometry import plan_grid


def random_maps(n: int, h: int = 12, w: int = 12, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, h, w)).astype(np.float32)


def expected_colours(data: np.ndarray, low: float, high: float, colormap: str) -> np.ndarray:
    """The colours one map must show, computed independently: low -> first LUT entry, high -> last."""
    lut = colormaps.lookup_table(colormap)
    index = np.clip(np.round((data.astype(np.float64) - low) / (high - low) * 255), 0, 255)
    return lut[index.astype(int)]


def assert_shows(item, data: np.ndarray, levels, colormap: str) -> None:
    shown = item.image.astype(int)
    expected = expected_colours(data, *levels, colormap).astype(int)
    assert shown.shape == expected.shape
    # float32 arithmetic may round a value sitting exactly between two LUT entries the other way
    assert np.abs(shown - expected).max() <= 8
    assert (shown == expected).all(axis=-1).mean() > 0.99


@pytest.fixture
def make_grid(qtbot):
    """Factory: a shown grid of a given size holding ``maps`` (if given)."""

    def make(maps: np.ndarray | None = None, size: tuple[int, int] = (600, 500)) -> FeatureMapGrid:
        grid = FeatureMapGrid()
        qtbot.addWidget(grid)
        grid.resize(*size)
        grid.show()
        qtbot.waitExposed(grid)
        if maps is not None:
            grid.set_maps(maps)
        return grid

    return make


def click_map(qtbot, grid: FeatureMapGrid, index: int, offset: tuple[float, float] = (0.5, 0.5)) -> None:
    """Press and release the left button over map ``index`` at a fractional position inside it."""
    item = grid.image_items()[index]
    rect = item.boundingRect()
    local = QPointF(rect.width() * offset[0], rect.height() * offset[1])
    pos = grid.view().mapFromScene(item.mapToScene(local))
    qtbot.mouseMove(grid.view().viewport(), pos)
    qtbot.mouseClick(grid.view().viewport(), Qt.MouseButton.LeftButton, pos=pos)


# --------------------------------------------------------------------------------------------- data in
def test_set_maps_makes_one_item_per_map_holding_the_input(make_grid) -> None:
    maps = random_maps(9)
    grid = make_grid(maps)
    assert grid.map_count() == 9 == len(grid.image_items())
    np.testing.assert_array_equal(grid.maps(), maps)
    for item, data in zip(grid.image_items(), maps):
        assert_shows(item, data, (data.min(), data.max()), "grey")
    assert grid.titles() == [f"ch {i}" for i in range(9)]


def test_items_are_reused_and_the_pool_shrinks_only_when_the_count_changes(make_grid) -> None:
    grid = make_grid(random_maps(8))
    before = grid.image_items()
    grid.set_maps(random_maps(8, seed=1))
    assert grid.image_items() == before
    grid.set_maps(random_maps(3, seed=2))
    assert grid.image_items() == before[:3]
    assert all(item.scene() is None for item in before[3:])
    grid.set_maps(random_maps(5, seed=3))
    assert grid.image_items()[:3] == before[:3] and grid.map_count() == 5


def test_the_grid_keeps_a_copy_so_later_writes_to_the_buffer_do_not_show(make_grid) -> None:
    buffer = random_maps(2)
    grid = make_grid(buffer)
    expected = buffer.copy()
    buffer[:] = 0
    np.testing.assert_array_equal(grid.maps(), expected)


def test_custom_titles_and_bad_input_are_checked(make_grid) -> None:
    grid = make_grid()
    grid.set_maps(random_maps(2), titles=["edges", "blobs"])
    assert grid.titles() == ["edges", "blobs"]
    with pytest.raises(ValueError):
        grid.set_maps(random_maps(2), titles=["one"])
    with pytest.raises(ValueError):
        grid.set_maps(np.zeros((2, 3, 4, 5)))


def test_a_single_2d_map_is_accepted(make_grid) -> None:
    grid = make_grid(np.arange(16, dtype=np.float32).reshape(4, 4))
    assert grid.map_count() == 1


def test_clear_removes_everything(make_grid) -> None:
    grid = make_grid(random_maps(4))
    items = grid.image_items()
    grid.clear()
    assert grid.map_count() == 0 and grid.highlight() is None
    assert all(item.scene() is None for item in items)


# --------------------------------------------------------------------------------------------- levels
def test_per_map_levels_are_each_maps_own_range(make_grid) -> None:
    maps = random_maps(5)
    grid = make_grid(maps)
    expected = np.stack([maps.min(axis=(1, 2)), maps.max(axis=(1, 2))], axis=1)
    np.testing.assert_allclose(grid.levels(), expected)
    for item, data, levels in zip(grid.image_items(), maps, expected):
        assert_shows(item, data, levels, "grey")
        assert tuple(item.image.min(axis=(0, 1))) == (0, 0, 0)  # every map reaches black and white
        assert tuple(item.image.max(axis=(0, 1))) == (255, 255, 255)


def test_shared_levels_span_all_maps_and_the_change_is_signalled(make_grid, qtbot) -> None:
    maps = random_maps(5)
    maps[2] *= 10
    grid = make_grid(maps)
    with qtbot.waitSignal(grid.shared_scaling_changed) as blocker:
        grid.set_shared_scaling(True)
    assert blocker.args == [True]
    assert grid.shared_scaling() and grid._shared_box.isChecked()
    np.testing.assert_allclose(grid.levels(), [[maps.min(), maps.max()]] * 5, rtol=1e-6)
    for item, data in zip(grid.image_items(), maps):
        assert_shows(item, data, (maps.min(), maps.max()), "grey")
    assert grid.image_items()[0].image.max() < 200  # a weak map stays dark next to the strong one
    grid._shared_box.setChecked(False)  # the user's way back
    assert not grid.shared_scaling()
    np.testing.assert_allclose(grid.levels()[0], (maps[0].min(), maps[0].max()), rtol=1e-6)


def test_a_diverging_colour_map_centres_levels_on_zero(make_grid) -> None:
    maps = random_maps(3) + 0.5
    grid = make_grid(maps)
    grid.set_colormap("coolwarm")
    peak = np.abs(maps).max(axis=(1, 2))
    np.testing.assert_allclose(grid.levels(), np.stack([-peak, peak], axis=1), rtol=1e-6)
    zero = np.zeros((1, 1), dtype=np.float32)
    for item, data, (low, high) in zip(grid.image_items(), maps, grid.levels()):
        assert_shows(item, data, (low, high), "coolwarm")
        centre = expected_colours(zero, low, high, "coolwarm")[0, 0]
        assert centre.min() > 200  # zero is the light middle of the diverging map


def test_apply_colormap_clips_and_paints_nan_as_the_lowest_colour() -> None:
    maps = np.array([[[0.0, 0.5, 1.0, 2.0, -1.0, np.nan]]], dtype=np.float32)
    rgb = colormaps.apply_colormap(maps, np.array([[0.0, 1.0]]), "grey")
    assert rgb.dtype == np.uint8 and rgb.shape == (1, 1, 6, 3)
    assert rgb[0, 0, :, 0].tolist() == [0, 128, 255, 255, 0, 0]


def test_constant_nan_and_inf_maps_get_a_usable_range() -> None:
    maps = np.zeros((3, 4, 4))
    maps[0] = 2.0
    maps[1, 0, 0], maps[1, 0, 1] = np.nan, np.inf
    maps[1, 1, 1] = -1.0
    maps[2] = np.nan
    levels = colormaps.compute_levels(maps, shared=False)
    np.testing.assert_allclose(levels, [[1.5, 2.5], [-1.0, 0.0], [-0.5, 0.5]])
    shared = colormaps.compute_levels(maps, shared=True)
    np.testing.assert_allclose(shared, [[-1.0, 2.0]] * 3)


@settings(max_examples=60, deadline=None)
@given(
    arrays(
        np.float32,
        st.tuples(st.integers(1, 4), st.integers(1, 5), st.integers(1, 5)),
        elements=st.floats(-1e6, 1e6, width=32),
    ),
    st.booleans(),
    st.booleans(),
)
def test_levels_always_cover_the_data_with_a_positive_width(maps, shared, symmetric) -> None:
    levels = colormaps.compute_levels(maps, shared=shared, symmetric=symmetric)
    assert levels.shape == (len(maps), 2)
    assert (levels[:, 1] > levels[:, 0]).all()
    assert (levels[:, 0] <= maps.min(axis=(1, 2)) + 1e-6).all()
    assert (levels[:, 1] >= maps.max(axis=(1, 2)) - 1e-6).all()
    if symmetric:
        np.testing.assert_allclose(levels[:, 0], -levels[:, 1])


# --------------------------------------------------------------------------------------------- colours
def test_colormap_change_swaps_every_lookup_table_and_is_signalled(make_grid, qtbot) -> None:
    grid = make_grid(random_maps(4))
    with qtbot.waitSignal(grid.colormap_changed) as blocker:
        grid.set_colormap("inferno")
    assert blocker.args == ["inferno"] and grid.colormap() == "inferno"
    for item, data, levels in zip(grid.image_items(), grid.maps(), grid.levels()):
        assert_shows(item, data, levels, "inferno")
    assert grid._colormap_box.currentData() == "inferno"
    with pytest.raises(ValueError):
        grid.set_colormap("jet")


def test_choosing_a_colour_map_in_the_combo_box_applies_it(make_grid) -> None:
    grid = make_grid(random_maps(2))
    grid._colormap_box.setCurrentIndex(grid._colormap_box.findData("viridis"))
    assert grid.colormap() == "viridis"
    assert_shows(grid.image_items()[1], grid.maps()[1], grid.levels()[1], "viridis")


def test_every_offered_colour_map_builds_a_256_entry_table() -> None:
    for name in colormaps.colormap_names():
        assert colormaps.lookup_table(name).shape == (256, 3)
        assert colormaps.display_name(name)
    grey = colormaps.lookup_table("grey")
    assert tuple(grey[0]) == (0, 0, 0) and tuple(grey[-1]) == (255, 255, 255)


# --------------------------------------------------------------------------------------------- clicks
def test_clicking_a_map_emits_its_index_and_opens_it_enlarged(make_grid, qtbot) -> None:
    maps = random_maps(16)
    grid = make_grid(maps)
    with qtbot.waitSignal(grid.map_clicked) as blocker:
        click_map(qtbot, grid, 6)
    assert blocker.args == [6]
    detail = grid.detail_dialog()
    assert detail is not None and detail.isVisible() and detail.map_index() == 6
    np.testing.assert_array_equal(detail.image_item().image, maps[6])  # the real values, for the readout
    np.testing.assert_allclose(detail.image_item().getLevels(), grid.levels()[6])


def test_the_enlarged_view_follows_new_data(make_grid, qtbot) -> None:
    grid = make_grid(random_maps(4))
    with qtbot.waitSignal(grid.map_clicked):
        click_map(qtbot, grid, 3, offset=(0.9, 0.1))
    new = random_maps(4, seed=7)
    grid.set_maps(new)
    np.testing.assert_array_equal(grid.detail_dialog().image_item().image, new[3])
    grid.set_maps(random_maps(2))  # its map is gone
    assert not grid.detail_dialog().isVisible()


def test_a_click_in_the_gap_between_maps_does_nothing(make_grid, qtbot) -> None:
    grid = make_grid(random_maps(4))
    with qtbot.assertNotEmitted(grid.map_clicked):
        click_map(qtbot, grid, 0, offset=(1.0 + 0.5 * 6 / (grid._geometry.scale * 12), 0.5))
    assert grid.detail_dialog() is None


def test_map_at_reports_the_pixel_under_a_point(make_grid) -> None:
    grid = make_grid(random_maps(6, h=5, w=7))
    x0, y0 = grid._geometry.origin(4)
    assert grid.map_at(QPointF(x0 + 3.5, y0 + 2.5)) == (4, 2, 3)
    assert grid.map_at(QPointF(-1.0, -1.0)) is None


# --------------------------------------------------------------------------------------------- highlight
def test_highlight_dims_exactly_the_cells_outside_the_mask(make_grid) -> None:
    maps = random_maps(3, h=4, w=4)
    grid = make_grid(maps)
    mask = maps > 0.5
    grid.set_highlight(mask)
    np.testing.assert_array_equal(grid.highlight(), mask)
    for veil, cells in zip(grid._veils, mask):
        assert veil.isVisible()
        alpha = veil.image[..., 3]
        assert (alpha[cells] == 0).all() and (alpha[~cells] > 0).all()
    grid.set_highlight(None)
    assert not any(veil.isVisible() for veil in grid._veils)


def test_a_mask_of_the_wrong_shape_is_refused_and_a_new_shape_drops_the_mask(make_grid) -> None:
    grid = make_grid(random_maps(3, h=4, w=4))
    with pytest.raises(ValueError):
        grid.set_highlight(np.ones((3, 2, 2), dtype=bool))
    grid.set_highlight(np.ones((3, 4, 4), dtype=bool))
    grid.set_maps(random_maps(3, h=4, w=4, seed=1))
    assert grid.highlight() is not None  # same shape: the caller's mask still applies
    grid.set_maps(random_maps(3, h=6, w=6))
    assert grid.highlight() is None


def test_the_enlarged_view_marks_the_highlighted_cells(make_grid, qtbot) -> None:
    maps = random_maps(2, h=6, w=6)
    grid = make_grid(maps)
    mask = maps > 0
    grid.set_highlight(mask)
    grid.open_map(1)
    assert grid.detail_dialog().marker_count() == mask[1].sum()


# --------------------------------------------------------------------------------------------- geometry
def test_a_square_view_gets_about_sqrt_n_columns() -> None:
    for n, cols in ((1, 1), (4, 2), (16, 4), (64, 8), (256, 16)):
        assert plan_grid(n, (28, 28), (800.0, 800.0), 0.0).columns == cols


def test_pixels_are_square_on_screen_and_titles_go_when_maps_get_small(make_grid) -> None:
    grid = make_grid(random_maps(4, h=10, w=20), size=(700, 500))
    rect = grid.image_items()[0].sceneBoundingRect()
    assert rect.width() == pytest.approx(2 * rect.height(), rel=1e-3)
    assert grid._labels[0].isVisible()
    grid.set_maps(random_maps(256, h=8, w=8))
    assert not grid._labels[0].isVisible()
    assert grid.columns() * (grid._geometry.rows - 1) < 256 <= grid.columns() * grid._geometry.rows


def test_maps_do_not_overlap(make_grid) -> None:
    grid = make_grid(random_maps(30, h=9, w=9))
    rects = [item.sceneBoundingRect() for item in grid.image_items()]
    for i, a in enumerate(rects):
        assert not any(a.intersects(b) for b in rects[i + 1 :])
