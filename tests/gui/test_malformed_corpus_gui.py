"""The window opened on every file of the malformed corpus, as ``cnnstudio FILE`` does (issue 11.4: it
crashed at start on 4 of 5 such files): an unreadable file is a message and the default project; a file
that loads is shown, its network's problem in the status line; nothing raises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnnstudio.core.project import default_project
from cnnstudio.ui.app import build_window

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "malformed"
EXPECTED: dict[str, dict] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("file", sorted(EXPECTED), ids=lambda name: name.removesuffix(".cnnproj.json"))
def test_the_window_opens_every_malformed_file_with_a_message(
    file: str, qtbot, prefs, autosave_dir, message_boxes
) -> None:
    window = build_window(str(CORPUS / file), prefs)
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    qtbot.waitExposed(window)
    for index in range(window.tabs.count()):  # every page draws what it shows of the project
        window.tabs.setCurrentIndex(index)
        qtbot.wait(10)
    expected = EXPECTED[file]
    if expected["summary"] == 1:  # unreadable: said in a dialog, the default project stays
        ((kind, _, text),) = message_boxes.shown
        assert kind == "critical" and file in text and expected["says"] in text
        assert window.document.path is None and window.document.project == default_project()
    else:
        assert message_boxes.shown == []
        assert window.document.path == CORPUS / file
        if expected["summary"] == 2:
            assert expected["says"] in window.status.text()
    window.document.mark_clean()
    window.close()
