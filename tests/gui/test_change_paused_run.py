"""Issue 15.8 in the window: pause, change the learning rate / dropout / frozen layers, resume."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from studio_fixtures import tiny_project

from cnnstudio.core import specs as S
from cnnstudio.training.control import RunChange
from cnnstudio.ui.train import training_page
from cnnstudio.ui.train.change_dialog import ChangeDialog, LiveSettings, learnable_layers
from cnnstudio.ui.train.run_notices import changed_text

LAYERS = (S.Flatten(), S.Linear(out_features=32), S.ReLU(), S.Dropout(p=0.25), S.Linear(out_features=3))


def _project():
    return tiny_project(epochs=40, optimizer="sgd", lr=0.05, batch_size=8, schedule="constant").replace(
        layers=LAYERS
    )


def test_the_dialog_returns_only_what_changed(qtbot) -> None:
    project = _project()
    live = LiveSettings.of(project, 0.05)
    assert live.dropout == {3: 0.25} and learnable_layers(project) == [1, 4]
    dialog = ChangeDialog(project, live)
    qtbot.addWidget(dialog)
    assert dialog.change() is None
    dialog.rates[3].setValue(0.5)
    dialog.frozen[1].setChecked(True)
    assert dialog.change() == RunChange(dropout=((3, 0.5),), frozen=(1,))
    dialog.lr.setValue(0.001)
    assert dialog.change().lr == 0.001


def test_a_paused_run_takes_the_change_on_resume_and_keeps_it_in_its_history(
    make_window, qtbot, monkeypatch
) -> None:
    page = make_window(_project(), file="change.cnnproj.json").training
    page.start()
    qtbot.waitUntil(lambda: page.progress.value() > 0, timeout=60_000)
    assert not page.change_button.isEnabled()  # only while paused
    qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    assert page.change_button.isEnabled()

    def answer(dialog: ChangeDialog) -> int:
        dialog.lr.setValue(0.001)
        dialog.rates[3].setValue(0.5)  # layer 0 (Flatten) is not offered: refusals are tested in the engine
        dialog.frozen[1].setChecked(True)
        return ChangeDialog.DialogCode.Accepted

    monkeypatch.setattr(ChangeDialog, "exec", answer)
    said: list[str] = []
    monkeypatch.setattr(
        training_page, "changed_text", lambda event: said.append(changed_text(event)) or said[-1]
    )
    qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)
    assert "when it resumes" in page.status.text()
    qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)  # Resume
    qtbot.waitUntil(lambda: bool(said), timeout=30_000)
    text = said[0]  # what the page wrote (a tiny run may finish and say so before the next check)
    assert "learning rate 0.05 → 0.001" in text and "0.25 → 0.50" in text and "frozen layers: 1" in text
    assert page.running_settings.frozen == {1} and page.running_settings.dropout == {3: 0.5}
    qtbot.waitUntil(lambda: not page.controller.is_running(), timeout=60_000)
    history = json.loads((page.run_folder / "history.json").read_text())
    (change,) = history["changes"]
    assert change["lr"] == 0.001 and change["dropout"] == {"3": 0.5} and change["frozen"] == [1]
    # the curves mark where it happened, with what changed, live ...
    ((where, label),) = page.plots.changes(page.run_id)
    assert where == change["epoch"] and label == "lr → 0.001 · dropout → 0.50 · frozen: 1"
    # ... and in a project reopened in another window, read back from the run's folder
    page.doc.save()
    reopened = make_window(pages=True)
    assert reopened.open_file(page.doc.path)
    reopened.tabs.setCurrentWidget(reopened.training)
    assert reopened.training.plots.changes(page.run_id) == [(where, label)]
