"""Every view of run data shows one (network, run) pair (issue 12.1), and a reopened project comes back
whole, read lazily from its run folders (issue 12.2).

The truth a label is checked against is the run's own network, inferred by the core: every layer the
activation view lists must announce the shape of the maps it then shows.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from studio_fixtures import tiny_project, train_in_window

from cnnstudio.core import specs as S
from cnnstudio.core.layer_rules import shape_text
from cnnstudio.training.checkpoint import load_checkpoint


def labels_match_maps(page) -> int:
    """Walk every layer the activation view lists: its label's shape must be the shape of its maps."""
    chooser, checked = page.activations.layer, 0
    for row in range(chooser.count()):
        chooser.setCurrentIndex(row)
        maps = page.activations.grid.maps()
        if not maps.size:
            continue
        path = chooser.current_path()
        values = page.views.shown.snapshot(None).activations[path]
        assert shape_text(values.shape) in chooser.itemText(row), (chooser.itemText(row), values.shape)
        checked += 1
    return checked


def test_after_an_edit_the_run_keeps_its_own_layer_names_and_says_so(studio, qtbot) -> None:
    page, doc = studio.training, studio.document
    train_in_window(qtbot, studio)
    assert page.views.note.text() == "Showing Run 1"
    assert page.trained_model() is not None and page.shown_snapshot() is not None

    doc.insert_layer((2,), S.Conv2d(out_channels=20, kernel_size=5, padding=2))  # after the first ReLU

    assert "Run 1, made with an earlier network" in page.views.note.text()
    chooser = page.activations.layer
    assert chooser.count() == len(tiny_project().layers)  # the run's 8 layers, not the edited 9
    assert "20" not in chooser.itemText(2)  # the max pool of the run, not the new conv
    assert labels_match_maps(page) == chooser.count()
    page.tabs.setCurrentWidget(page.pooling)
    assert page.pooling.layer.count() == 2 and page.pooling.after.maps().shape == (4, 8, 8)
    # the teaching tools get nothing of another network, and are told why
    assert page.trained_model() is None and page.shown_snapshot() is None
    assert "earlier network" in page.teaching_note()
    assert page.samples() is not None  # the dataset's images suit any network of this input size

    doc.undo_stack.undo()  # the network of the run again
    assert page.views.note.text() == "Showing Run 1" and page.trained_model() is not None


def test_a_run_of_an_earlier_network_picked_in_the_runs_list_is_shown_with_its_layers(studio, qtbot) -> None:
    page, doc = studio.training, studio.document
    train_in_window(qtbot, studio)
    doc.insert_layer((0,), S.Conv2d(out_channels=5, kernel_size=3, padding=1))
    train_in_window(qtbot, studio)
    assert page.views.note.text() == "Showing Run 2"
    assert page.activations.layer.count() == len(tiny_project().layers) + 1

    older = page.runs.list.item(0)
    assert "earlier network" in older.toolTip() and page.runs.list.item(1).toolTip() == ""
    page.runs.list.setCurrentRow(0)

    assert page.shown_run == doc.project.runs[0]["id"]
    assert "Run 1, made with an earlier network" in page.views.note.text()
    assert page.activations.layer.count() == len(tiny_project().layers)
    assert labels_match_maps(page) == len(tiny_project().layers)
    assert page.results_view.confusion.rowCount() == 3  # Run 1's own results
    page.runs.list.setCurrentRow(1)
    assert page.views.note.text() == "Showing Run 2"


def test_a_reopened_project_comes_back_whole_and_lazily(studio, make_window, qtbot, monkeypatch) -> None:
    train_in_window(qtbot, studio)
    path, first = studio.document.path, studio.training
    expected_results = first.results
    expected_maps = first.store[len(first.store) - 1].activations[(0,)].copy()
    studio.document.save()
    studio.close()

    from cnnstudio.training import snapshot_store

    reads = []
    load = snapshot_store.SnapshotStore.load
    monkeypatch.setattr(
        snapshot_store.SnapshotStore, "load", classmethod(lambda c, f: reads.append(f) or load(f))
    )
    window = make_window(pages=True, file=None)
    assert window.open_file(path)
    page = window.training
    assert reads == [] and page.views.shown is None  # nothing read until the Train page is seen

    window.tabs.setCurrentWidget(page)
    assert len(reads) == 1 and page.views.note.text() == "Showing Run 1"
    assert page.probe.slider.maximum() == 2  # both epochs to scrub
    page.activations.layer.select_path((0,))
    np.testing.assert_array_equal(page.activations.grid.maps(), expected_maps)
    page.tabs.setCurrentWidget(page.pooling)
    page.pooling.layer.select_path((2,))
    assert page.pooling.after.maps().shape == (4, 8, 8)
    view = page.results_view
    np.testing.assert_array_equal(view.results.confusion, expected_results.confusion)
    assert view.confusion.rowCount() == 3 and view.filters.count() == 4
    assert view.examples.count() == len(expected_results.labels) and view.top_k.count() > 1
    # the teaching tools get the trained model (the run's best weights) and the maps, without training
    model = page.trained_model()
    saved = load_checkpoint(page.views.shown.folder / "best.pt")["model"]
    assert all(torch.equal(saved[name], value) for name, value in model.state_dict().items())
    assert page.shown_snapshot() is not None and page.samples() is not None
    window.tabs.setCurrentWidget(window.teaching)
    assert not window.teaching.content.note.isVisible()
    # another probe image is captured through the reopened run's model, by a training process
    page.tabs.setCurrentWidget(page.activations)
    with qtbot.waitSignal(page.controller.captured, timeout=60_000):
        page.probe.index.setValue(5)
    assert not np.array_equal(page.activations.grid.maps(), expected_maps)


@pytest.mark.parametrize("what", ["new", "remove"])
def test_views_forget_a_run_that_is_gone(studio, qtbot, what) -> None:
    page = studio.training
    train_in_window(qtbot, studio)
    if what == "new":
        studio.document.mark_clean()
        studio.new_project()
    else:
        page.runs.list.setCurrentRow(0)
        page.runs.remove_button.click()
    assert page.views.shown is None and not page.views.note.isVisible()
    assert page.activations.grid.map_count() == 0 and page.results_view.confusion.rowCount() == 0
    assert page.trained_model() is None
