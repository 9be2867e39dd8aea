"""Autosave and crash recovery with one or two windows (issues 11.2 and 12.5): an autosave belongs to one
window of one process, a live one is never offered or deleted, every crashed one is offered, a clean end
(Save As included) leaves nothing, and saving over a file another window changed asks first.

A crash is played in-process by letting the window's lock go without its close (``abandon``), and for
real at the end: two and three windows in processes of their own, one of them killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cnnstudio.core import project_file as files
from cnnstudio.core import specs as S
from cnnstudio.core.project import default_project
from cnnstudio.ui.recovery_dialog import RecoveryDialog, describe

YES, NO, DISCARD, CANCEL = (
    QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No,
    QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Cancel,
)  # fmt: skip


@pytest.fixture(autouse=True)
def prompts_on(monkeypatch) -> None:
    monkeypatch.delenv("CNNSTUDIO_NO_AUTOSAVE_PROMPT", raising=False)


@pytest.fixture
def recovery_list(monkeypatch):
    """The recovery list never blocks: each showing is recorded, and ``choice[0]`` says what the user does
    ("restore" the first item, "later", or "delete" the first item then "later")."""
    shown: list[list[str]] = []
    choice = ["restore"]

    def exec_(dialog: RecoveryDialog) -> int:
        shown.append([describe(r) for r in dialog.found])
        if choice[0] == "restore":
            dialog.restore_selected()
            return 1
        if choice[0] == "delete":
            dialog.delete_selected()
        return 0

    monkeypatch.setattr(RecoveryDialog, "exec", exec_)
    return shown, choice


def saved(folder: Path, name: str = "mine.cnnproj.json", project_name: str = "Mine") -> Path:
    path = folder / name
    files.save(default_project().replace(name=project_name), path)
    return path


def edit(window, layer: S.LayerSpec | None = None) -> tuple:
    window.document.insert_layer((0,), layer or S.ReLU())
    return window.document.project.layers


def crash(window) -> None:
    """The window's process dies: no close event, its lock goes with it, its files stay."""
    window.files.autosave.abandon()
    window.files._autosave.stop()


def start(make_window, file: Path | None = None):
    """A new window as ``cnnstudio [FILE]`` starts it (ui.app.build_window)."""
    window = make_window(pages=False, show=False, size=None)
    if file is None:
        window.files.offer_recovery()
    else:
        window.files.open(file)
    return window


def autosaves(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{files.SUFFIX}"))


# -- one window ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("saved_before", [False, True], ids=["never-saved", "saved-file"])
def test_unsaved_edits_survive_a_crash_and_are_offered_back(
    make_window, autosave_dir, tmp_path, recovery_list, saved_before
) -> None:
    path = saved(tmp_path) if saved_before else None
    first = make_window(pages=False)
    if path is not None:
        assert first.open_file(path)
    layers = edit(first)
    written = first.files.write_autosave()
    assert written is not None and written.parent == autosave_dir
    assert written.name.startswith(f"{os.getpid()}-")  # the owner's pid and start time name the file
    if path is not None:
        assert files.load(path).layers != layers  # an autosave never writes over the user's file
    crash(first)

    restarted = start(make_window)

    shown, _ = recovery_list
    assert len(shown) == 1 and len(shown[0]) == 1
    assert restarted.document.project.layers == layers
    assert restarted.document.is_modified()  # restored edits stay unsaved until the user saves
    edit(restarted)
    restarted.document.undo_stack.undo()
    assert restarted.document.is_modified()  # no undo makes them "saved": closing still asks
    assert restarted.document.path == path
    # the edits are now the new window's own autosave; the crashed window's file is gone
    assert autosaves(autosave_dir) == [restarted.files.autosave.path]
    restarted.close()
    assert autosaves(autosave_dir) == []


def test_a_live_windows_autosave_is_never_offered_or_deleted(
    make_window, autosave_dir, tmp_path, recovery_list, message_boxes
) -> None:
    path = saved(tmp_path)
    first = make_window(pages=False)
    first.open_file(path)
    edit(first)
    mine = first.files.write_autosave()

    second = start(make_window)  # no file: nothing to offer, the first window is alive
    assert recovery_list[0] == []
    third = start(make_window, path)  # the same file: still nothing, nothing deleted
    assert "Recover unsaved work" not in message_boxes.titles()
    third.close()
    second.close()

    assert mine.exists() and autosaves(autosave_dir) == [mine]


def test_every_crashed_autosave_is_offered_and_only_a_chosen_one_is_deleted(
    make_window, autosave_dir, tmp_path, recovery_list, message_boxes
) -> None:
    for name in ("a", "b"):
        window = make_window(pages=False)
        window.open_file(saved(tmp_path, f"{name}.cnnproj.json", name.upper()))
        edit(window)
        window.files.write_autosave()
        crash(window)
    shown, choice = recovery_list

    choice[0] = "later"
    start(make_window)
    assert len(shown[-1]) == 2 and len(autosaves(autosave_dir)) == 2  # both listed, both kept
    choice[0] = "delete"
    message_boxes.answer = CANCEL  # "Delete …? They cannot be brought back." Cancel
    start(make_window)
    assert len(autosaves(autosave_dir)) == 2
    message_boxes.answer = DISCARD
    start(make_window)
    assert message_boxes.titles()[-1] == "Delete unsaved changes"
    assert len(autosaves(autosave_dir)) == 1
    choice[0] = "restore"
    last = start(make_window)
    assert len(shown[-1]) == 1 and last.document.is_modified()


def test_opening_a_file_whose_window_crashed_offers_its_changes(
    make_window, autosave_dir, tmp_path, message_boxes
) -> None:
    path = saved(tmp_path)
    first = make_window(pages=False)
    first.open_file(path)
    layers = edit(first)
    first.files.write_autosave()
    crash(first)

    message_boxes.answer = NO  # open the file as saved, keep the changes for later
    later = start(make_window, path)
    assert message_boxes.titles()[-1] == "Recover unsaved work"
    assert later.document.project.layers == files.load(path).layers and not later.document.is_modified()
    assert len(autosaves(autosave_dir)) == 1
    later.close()

    message_boxes.answer = YES
    restored = start(make_window, path)
    assert restored.document.project.layers == layers and restored.document.is_modified()
    assert autosaves(autosave_dir) == [restored.files.autosave.path]
    crash(restored)

    message_boxes.answer = DISCARD
    start(make_window, path)
    assert autosaves(autosave_dir) == []


def test_save_as_and_normal_ends_leave_nothing_to_recover(
    make_window, autosave_dir, tmp_path, recovery_list, monkeypatch
) -> None:
    window = make_window(pages=False)
    edit(window)
    window.files.write_autosave()
    target = tmp_path / "renamed.cnnproj.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert window.files.save_as()
    assert autosaves(autosave_dir) == []  # Save As removes the autosave written before it
    edit(window)
    window.files.write_autosave()
    window.document.undo_stack.undo()
    window.files.write_autosave()  # back at the saved state: nothing to recover
    assert autosaves(autosave_dir) == []
    window.close()
    assert list(autosave_dir.iterdir()) == []

    start(make_window)
    assert recovery_list[0] == []


def test_saving_over_a_file_another_window_changed_asks_first(make_window, tmp_path, message_boxes) -> None:
    path = saved(tmp_path)
    first, second = make_window(pages=False), make_window(pages=False)
    first.open_file(path)
    second.open_file(path)
    theirs = edit(second, S.Tanh())
    assert second.files.save()
    mine = edit(first, S.Sigmoid())

    message_boxes.answer = CANCEL
    assert not first.files.save()
    assert message_boxes.titles()[-1] == "File changed on disk"
    assert files.load(path).layers == theirs and first.document.is_modified()

    message_boxes.answer = YES
    assert first.files.save()
    assert files.load(path).layers == mine

    os.utime(path, ns=(1, 1))  # touched, same bytes: not a change worth a question
    edit(first)
    count = len(message_boxes.shown)
    assert first.files.save() and len(message_boxes.shown) == count


# -- real processes ----------------------------------------------------------------------------------------
class WindowProcess:
    """A window in its own process (tests/gui/window_process.py), spoken to one line at a time."""

    def __init__(self, home: Path, file: Path | None = None, answers: str = "") -> None:
        env = {k: v for k, v in os.environ.items() if k != "CNNSTUDIO_NO_AUTOSAVE_PROMPT"}
        env.update(
            XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
            XDG_CACHE_HOME=str(home / "cache"), QT_QPA_PLATFORM="offscreen",
        )  # fmt: skip
        command = [sys.executable, str(Path(__file__).with_name("window_process.py"))]
        command += [str(file)] if file else []
        command += ["--answers", answers] if answers else []
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        self.asked: list[dict] = []
        self._until("ready")

    def _until(self, key: str) -> dict:
        for line in self.proc.stdout:
            message = json.loads(line)
            if "asked" in message:
                self.asked.append(message)
            if key in message:
                return message
        raise AssertionError(f"the window process ended: {self.proc.stderr.read()[-2000:]}")

    def do(self, command: str) -> dict:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self._until("layers" if command == "state" else "done")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def end(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(30)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_two_windows_in_two_processes_then_a_kill(tmp_path) -> None:
    """The defects of issue 11.2 in real processes: a second window neither offers nor deletes the first's
    live autosave, opening or closing the same file keeps it, and after a kill -9 it is offered."""
    path = saved(tmp_path)
    folder = tmp_path / "data" / "io.github.cnnstudio" / "CnnStudio" / "autosave"  # app_identity.py
    first = WindowProcess(tmp_path, path)
    first.do("edit")
    written = Path(first.do("autosave")["file"])
    assert written.parent == folder and written.name.startswith(f"{first.proc.pid}-")

    second = WindowProcess(tmp_path)  # no file: the first window's live work is not offered
    assert second.asked == []
    second.do("close")
    third = WindowProcess(tmp_path, path)  # the same file, opened and closed cleanly
    assert third.asked == []
    third.do("close")
    assert written.exists()

    first.kill()
    fourth = WindowProcess(tmp_path, path, answers="yes,discard")  # the crashed window's edits are offered
    assert [a["asked"] for a in fourth.asked] == ["Recover unsaved work"]
    state = fourth.do("state")
    assert state["modified"] and state["layers"] == len(default_project().layers) + 1
    assert not written.exists() and len(list(folder.glob("*.cnnproj.json"))) == 1  # now the fourth's
    assert fourth.do("close")["closed"]  # "Unsaved changes": Discard, a normal end
    assert list(folder.iterdir()) == []
    for window in (second, third, fourth):
        window.end()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_second_windows_save_is_not_overwritten_without_a_question(tmp_path) -> None:
    path = saved(tmp_path)
    first = WindowProcess(tmp_path, path, answers="cancel")
    second = WindowProcess(tmp_path, path)
    second.do("edit")
    assert second.do("save")["saved"]
    theirs = files.load(path).layers
    first.do("edit")
    first.do("edit")
    assert first.do("save")["saved"] is False
    assert [a["asked"] for a in first.asked] == ["File changed on disk"]
    assert files.load(path).layers == theirs
    first.kill()
    second.kill()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_two_killed_windows_are_both_offered(tmp_path) -> None:
    windows = [WindowProcess(tmp_path, saved(tmp_path, f"{n}.cnnproj.json", n)) for n in ("a", "b")]
    for window in windows:
        window.do("edit")
        window.do("autosave")
        window.kill()
    restarted = WindowProcess(tmp_path, answers="later")
    assert len(restarted.asked) == 1 and len(restarted.asked[0]["items"]) == 2
    restarted.do("close")
    restarted.end()
