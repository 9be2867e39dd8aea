"""The overfitting lab trains A then B for real (tiny project) and reports what the engine measured.

Truth comes from outside the widget: each run's ``history.json``, written by the engine in the lab's
temporary folder, and the trained model itself.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from studio_fixtures import tiny_project

from cnnstudio.core.project_file import save
from cnnstudio.training.history import HISTORY_FILE, RunHistory
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching.overfitting_lab import OverfittingLab

LAB_TIMEOUT_MS = 60_000


@pytest.fixture
def saved_document(tmp_path: Path) -> ProjectDocument:
    path = tmp_path / "tiny.cnnproj.json"
    save(tiny_project(), path)
    document = ProjectDocument()
    document.open(path)
    return document


def _make_lab(qtbot, document: ProjectDocument, preset: str, subset: int, epochs: int) -> OverfittingLab:
    lab = OverfittingLab(document)
    qtbot.addWidget(lab)
    lab.subset_box.setValue(subset)
    lab.epochs_box.setValue(epochs)
    lab.variant_box.setCurrentIndex(lab.variant_box.findData(preset))
    return lab


def _files(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*"))


def test_lab_trains_a_then_b_and_its_summary_matches_the_engines_history(
    qtbot, saved_document, tmp_path
) -> None:
    before_files, before_project = _files(tmp_path), saved_document.project
    lab = _make_lab(qtbot, saved_document, "l2", subset=120, epochs=4)
    with qtbot.waitSignal(lab.lab_finished, timeout=LAB_TIMEOUT_MS):
        qtbot.mouseClick(lab.start_button, Qt.MouseButton.LeftButton)
    assert not lab.is_running() and lab.start_button.isEnabled()
    for run_id in ("A", "B"):
        history = RunHistory.load(lab.run_folder(run_id) / HISTORY_FILE)
        assert lab.finish_reason(run_id) == history.finish_reason == "completed"
        assert history.epochs == [1, 2, 3, 4]
        assert history.settings["early_stopping"] is False  # the curves must go on past the best epoch
        points = lab.points(run_id)
        assert [p.val_loss for p in points] == pytest.approx(history.val_loss)
        for series in ("train_loss", "val_loss", "train_accuracy", "val_accuracy"):
            x, y = lab.plots.curve(run_id, series).getData()
            assert list(x) == [1, 2, 3, 4]
            assert np.allclose(y, getattr(history, series))
        summary = lab.summary_of(run_id)
        gap = history.train_accuracy[-1] - history.val_accuracy[-1]
        assert math.isclose(summary.accuracy_gap, gap, abs_tol=1e-9)
        assert math.isclose(summary.loss_gap, history.val_loss[-1] - history.train_loss[-1], abs_tol=1e-9)
        best = int(np.argmin(history.val_loss)) + 1
        assert summary.best_epoch == best == history.best_epoch
        assert lab.plots.best_line(run_id).value() == best
        assert f"{100 * gap:+.1f}" in lab.summary.text()
    a, b = (RunHistory.load(lab.run_folder(r) / HISTORY_FILE).settings for r in ("A", "B"))
    assert a["l2"] == 0.0 and b["l2"] == pytest.approx(1e-3)  # B differs from A by the chosen change
    # The project, its file and its runs are untouched: nothing was written beside it.
    assert saved_document.project == before_project and saved_document.project.runs == ()
    assert not saved_document.is_modified() and _files(tmp_path) == before_files
    assert tmp_path not in lab.run_folder("A").parents


def test_dropout_variant_trains_the_network_with_dropout_and_a_without(qtbot, saved_document) -> None:
    import torch

    from cnnstudio.core.project_file import project_from_dict
    from cnnstudio.training.checkpoint import load_checkpoint
    from cnnstudio.training.export.formats import studio_weights

    lab = _make_lab(qtbot, saved_document, "dropout", subset=120, epochs=1)
    with qtbot.waitSignal(lab.lab_finished, timeout=LAB_TIMEOUT_MS):
        lab.start()
    models = []  # each run's trained network, as its process saved it (the project it trained, its weights)
    for run_id in ("A", "B"):
        best = lab.run_folder(run_id) / "best.pt"
        models.append(studio_weights(project_from_dict(load_checkpoint(best)["project"]), best).model)
    dropouts = [[m.p for m in model.modules() if isinstance(m, torch.nn.Dropout)] for model in models]
    assert dropouts == [[], [0.5]]  # the tiny net has no dropout of its own; B gets one before the classifier


def test_stop_mid_run_ends_the_thread_and_b_never_starts(qtbot, saved_document) -> None:
    lab = _make_lab(qtbot, saved_document, "dropout", subset=120, epochs=200)
    assert lab.start()
    assert lab.stop_button.isEnabled() and not lab.start_button.isEnabled()
    qtbot.waitUntil(lambda: len(lab.points("A")) >= 1, timeout=LAB_TIMEOUT_MS)
    with qtbot.waitSignal(lab.lab_finished, timeout=5_000):
        qtbot.mouseClick(lab.stop_button, Qt.MouseButton.LeftButton)
    assert not lab.is_running() and not lab.controller.is_running()
    assert lab.finish_reason("A") == "cancelled" and lab.finish_reason("B") is None
    assert 1 <= len(lab.points("A")) < 200 and lab.points("B") == []
    assert lab.start_button.isEnabled() and not lab.stop_button.isEnabled()


def test_the_temporary_folder_goes_with_the_widget(qtbot, saved_document) -> None:
    lab = OverfittingLab(saved_document)
    lab.subset_box.setValue(60)
    lab.epochs_box.setValue(1)
    with qtbot.waitSignal(lab.lab_finished, timeout=LAB_TIMEOUT_MS):
        lab.start()
    folder = lab.run_folder("A").parents[1]
    assert (lab.run_folder("B") / HISTORY_FILE).is_file()
    lab.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not folder.exists()


def test_a_broken_network_cannot_start_the_lab(qtbot) -> None:
    from cnnstudio.core import specs as S

    project = tiny_project()
    broken = project.with_layers((*project.layers[:-2], S.MaxPool2d(kernel_size=9), *project.layers[-2:]))
    lab = OverfittingLab(ProjectDocument(broken))
    qtbot.addWidget(lab)
    assert not lab.start_button.isEnabled() and "cannot work" in lab.start_button.toolTip()
    assert not lab.start() and "cannot start" in lab.status.text()


def test_closing_the_window_while_the_lab_trains_stops_it(qtbot, studio) -> None:
    studio.tabs.setCurrentWidget(studio.teaching)
    page = studio.teaching.ensure_built()
    lab = page.overfitting
    page.tabs.setCurrentWidget(lab)
    lab.subset_box.setValue(120)
    lab.epochs_box.setValue(200)
    assert lab.start()
    qtbot.waitUntil(lambda: len(lab.points("A")) >= 1, timeout=LAB_TIMEOUT_MS)
    assert lab.controller.is_running()
    studio.close()
    assert not lab.controller.is_running() and not lab.is_running()
    assert lab.finish_reason("A") == "cancelled"
