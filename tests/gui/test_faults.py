"""Faults in the window (issue 8.1): bad files, a full disk, the unsaved-changes prompt, a crash and its
recovery, a diverging run, a damaged checkpoint, and the title and recent files a user relies on.

Each test drives the real window through the entry points a user reaches (menu actions, ``open_file``,
``close``, Start) and checks what the user would see: the dialog's text, the title, the status line.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from cnnstudio.core import project_file as files
from cnnstudio.core import specs as S
from cnnstudio.core.errors import ProjectFileError
from cnnstudio.core.project import default_project
from cnnstudio.ui.theme import Tone, tone_of


def edit(window) -> tuple:
    """A user's unsaved edit (a ReLU inserted at the top); returns the edited layers."""
    window.document.insert_layer((0,), S.ReLU())
    assert window.document.is_modified()
    return window.document.project.layers


def saved_project(folder: Path, name: str = "mine.cnnproj.json") -> Path:
    path = folder / name
    files.save(default_project().replace(name="Mine"), path)
    return path


# -- opening a bad file -------------------------------------------------------------------------------------
def _corrupt(path: Path) -> None:
    path.write_text('{"format": "cnnstudio-project", "version": 1, "layers": [', encoding="utf-8")


def _truncated(path: Path) -> None:
    text = saved_project(path.parent, "whole.cnnproj.json").read_bytes()
    path.write_bytes(text[: len(text) // 2])


def _newer(path: Path) -> None:
    data = json.loads(files.dumps(default_project()))
    path.write_text(json.dumps({**data, "version": files.CURRENT_VERSION + 1}), encoding="utf-8")


def _not_text(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")


@pytest.mark.parametrize("damage", [_corrupt, _truncated, _newer, _not_text], ids=lambda f: f.__name__[1:])
def test_a_bad_project_file_shows_its_message_and_keeps_the_current_project(
    window, message_boxes, tmp_path, damage
) -> None:
    layers = edit(window)
    title = window.windowTitle()
    bad = tmp_path / "bad.cnnproj.json"
    damage(bad)
    with pytest.raises(ProjectFileError) as expected:
        files.load(bad)

    assert window.open_file(bad) is False

    kind, box_title, text = message_boxes.shown[-1]
    assert (kind, box_title, text) == ("critical", "Cannot open project", str(expected.value))
    assert "bad.cnnproj.json" in text and "\n" not in text
    if damage is _newer:
        assert "newer CNN Studio" in text
    assert window.document.project.layers == layers  # the edits are still there, still unsaved
    assert window.document.is_modified() and window.isWindowModified()
    assert window.windowTitle() == title
    assert str(bad) not in QSettings(window.prefs.fileName(), QSettings.Format.IniFormat).value(
        "recent_files", []
    )


# -- saving onto a full disk ---------------------------------------------------------------------------------
def test_a_full_disk_on_save_keeps_the_old_file_and_names_the_problem(
    window, message_boxes, tmp_path, monkeypatch
) -> None:
    path = saved_project(tmp_path)
    assert window.open_file(path)
    before = path.read_bytes()
    layers = edit(window)

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", disk_full)  # the data hit the disk only at fsync: the disk is full
        window.save_action.trigger()

    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []  # no half-written file left
    kind, title, text = message_boxes.shown[-1]
    assert (kind, title) == ("critical", "Cannot save project")
    assert "the disk is full" in text and str(path) in text and "unchanged" in text
    assert window.document.is_modified() and window.document.project.layers == layers
    # once there is room again, the same Save works
    window.save_action.trigger()
    assert files.load(path).layers == layers and not window.document.is_modified()


# -- the unsaved-changes prompt ------------------------------------------------------------------------------
def test_cancel_on_the_unsaved_prompt_keeps_the_window_and_the_edits(window, message_boxes) -> None:
    layers = edit(window)
    message_boxes.answer = QMessageBox.StandardButton.Cancel

    assert window.close() is False

    assert message_boxes.titles() == ["Unsaved changes"]
    assert window.isVisible()
    assert window.document.project.layers == layers and window.document.is_modified()


def test_discard_on_the_unsaved_prompt_closes_the_window(window, message_boxes, autosave_dir) -> None:
    edit(window)
    window.files.write_autosave()
    message_boxes.answer = QMessageBox.StandardButton.Discard

    assert window.close() is True

    assert message_boxes.titles() == ["Unsaved changes"]
    assert not window.isVisible()
    assert list(autosave_dir.glob("*")) == []  # a clean exit leaves nothing to recover


def test_save_on_close_onto_a_full_disk_keeps_the_window_open(
    window, message_boxes, tmp_path, monkeypatch
) -> None:
    path = saved_project(tmp_path)
    assert window.open_file(path)
    layers = edit(window)
    message_boxes.answer = QMessageBox.StandardButton.Save

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", disk_full)
        closed = window.close()

    assert closed is False and window.isVisible()  # closing now would lose the edits
    assert message_boxes.titles() == ["Unsaved changes", "Cannot save project"]
    assert window.document.project.layers == layers and window.document.is_modified()


# -- a run that diverges ------------------------------------------------------------------------------------
def test_a_diverging_run_ends_diverged_in_red_and_start_comes_back(studio, qtbot) -> None:
    page, doc = studio.training, studio.document
    doc.set_training({**doc.project.training, "optimizer": "sgd", "lr": 1e6, "epochs": 3})
    assert page.start_button.isEnabled(), page.blocker()

    with qtbot.waitSignal(page.run_finished, timeout=60_000) as finished:
        page.start()
    qtbot.waitUntil(lambda: not page.controller.is_running())

    assert finished.args[0].reason == "diverged"
    assert page.status.text().startswith("Diverged")
    assert tone_of(page.status) is Tone.ERROR  # the error red
    assert page.start_button.isEnabled() and studio.start_action.isEnabled()
    assert not page.stop_button.isEnabled()


# -- a damaged checkpoint given to export --------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"not a checkpoint", b"PK\x03\x04" + b"\x00" * 40], ids=["text", "zip"])
def test_a_damaged_checkpoint_gives_a_clear_export_message(studio, message_boxes, tmp_path, content) -> None:
    folder = tmp_path / "runs" / "run-1"
    folder.mkdir(parents=True)
    (folder / "best.pt").write_bytes(content)
    studio.document.add_run({"id": "run-1", "name": "Run 1", "folder": str(folder)})
    assert studio.training.best_checkpoint() == folder / "best.pt"
    out = tmp_path / "weights.pt"

    assert studio.exports.export("state_dict", str(out)) == []

    kind, title, text = message_boxes.shown[-1]
    assert (kind, title) == ("warning", "Export failed")
    assert "best.pt" in text and "not a readable checkpoint" in text
    assert "\n" not in text and "Traceback" not in text and len(text) < 400
    assert not out.exists()


# -- what the title and the recent files say -----------------------------------------------------------------
def test_title_names_the_file_and_marks_changes_and_recent_files_persist(window, tmp_path) -> None:
    first, second = (
        saved_project(tmp_path, "first.cnnproj.json"),
        saved_project(tmp_path, "second.cnnproj.json"),
    )
    assert window.open_file(first)
    assert window.windowTitle() == "first.cnnproj.json[*] — CNN Studio"
    assert not window.isWindowModified()
    edit(window)
    assert window.isWindowModified()
    window.save_action.trigger()
    assert not window.isWindowModified()
    assert window.open_file(second)
    assert window.windowTitle().startswith("second.cnnproj.json")

    window.prefs.sync()
    stored = QSettings(window.prefs.fileName(), QSettings.Format.IniFormat).value("recent_files")
    assert stored == [str(second), str(first)]  # newest first, as the next start will read them
    window.recent_menu.aboutToShow.emit()
    assert [a.text() for a in window.recent_menu.actions()] == ["second.cnnproj.json", "first.cnnproj.json"]
    first.unlink()  # a recent file that has gone is not offered
    window.recent_menu.aboutToShow.emit()
    assert [a.text() for a in window.recent_menu.actions()] == ["second.cnnproj.json"]
