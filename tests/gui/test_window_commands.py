"""The window as a command (issue 18.2) and what it says about a file (18.4): ``cnnstudio-gui FILE`` opens
the file, Ctrl-C in its terminal quits as the Quit action does, unknown keys are named in the status line and
at their layer, and a network without weights cannot be started."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cnnstudio.cli import gui_main
from cnnstudio.core import project_file as files
from cnnstudio.core import specs as S
from cnnstudio.core.project import default_project

ROOT = Path(__file__).resolve().parents[2]


def typo_file(folder: Path) -> Path:
    data = files.project_to_dict(default_project())
    data["layers"][0]["kernal_size"] = 5
    path = folder / "typo.cnnproj.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_unknown_keys_are_named_in_the_status_line_and_at_their_layer(make_window, tmp_path: Path) -> None:
    window = make_window(pages=False)
    assert window.files.open(typo_file(tmp_path))
    status = window.status.text()
    assert (
        status.startswith("Ready to train")
        and "layers[0].kernal_size: unknown, did you mean kernel_size?" in status
    )
    assert "kernal_size" in window.status.toolTip()
    window.document.select((0,))
    assert "kernal_size: unknown, did you mean kernel_size?" in window.design.inspector.notes.text()
    window.document.select((1,))
    assert "kernal_size" not in window.design.inspector.notes.text()
    window.files.save()  # kept, not refused or dropped
    assert json.loads((tmp_path / "typo.cnnproj.json").read_text())["layers"][0]["kernal_size"] == 5


def test_a_network_without_weights_cannot_be_started(studio) -> None:
    studio.document.replace_all(
        studio.document.project.with_layers((S.AdaptiveAvgPool2d(output_size=2), S.Flatten())), None
    )
    assert "no weights to learn" in studio.training.blocker()
    assert not studio.training.start_button.isEnabled()


def test_cnnstudio_gui_opens_the_file_it_is_given(tmp_path: Path, monkeypatch) -> None:
    path = typo_file(tmp_path)
    opened = []
    monkeypatch.setattr("cnnstudio.ui.app.main", lambda argv: opened.append(list(argv)) or 0)
    monkeypatch.setattr(sys, "argv", ["cnnstudio-gui", str(path)])
    with pytest.raises(SystemExit) as done:
        gui_main()
    assert done.value.code == 0 and opened == [[str(path)]]
    monkeypatch.setattr(sys, "argv", ["cnnstudio-gui", str(tmp_path / "missing.cnnproj.json")])
    with pytest.raises(SystemExit) as done:
        gui_main()
    assert done.value.code == 1 and opened == [[str(path)]]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT from a terminal is POSIX")
def test_ctrl_c_in_the_terminal_quits_the_window(tmp_path: Path) -> None:
    """The real program (offscreen): started on a file, shown, then Ctrl-C; it quits cleanly, status 0."""
    path = typo_file(tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
    env["XDG_CONFIG_HOME"] = env["XDG_DATA_HOME"] = env["XDG_CACHE_HOME"] = str(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cnnstudio", str(path)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        time.sleep(6)  # Qt and the window start (a few seconds on two busy cores)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:  # ignored Ctrl-C: the window would stay open
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_a_file_named_relative_to_the_terminal_is_remembered_whole(
    tmp_path: Path, monkeypatch, qtbot, prefs, autosave_dir
) -> None:
    """``cnnstudio-gui lenet.cnnproj.json`` in a project folder: the recent-files entry and the runs folder
    must still find it after a start from elsewhere (a relative path was stored as given)."""
    from cnnstudio.ui.app import build_window
    from cnnstudio.ui.file_actions import recent_files

    path = typo_file(tmp_path)
    monkeypatch.chdir(tmp_path)
    window = build_window(path.name, prefs)
    qtbot.addWidget(window)
    assert window.document.path == path
    monkeypatch.chdir(tmp_path.parent)
    assert recent_files(prefs) == [str(path)]
