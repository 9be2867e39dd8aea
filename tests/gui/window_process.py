"""One CNN Studio window in a process of its own, driven line by line over stdin (tests/gui/test_autosave.py).

    python window_process.py [FILE] --answers yes,no,...

starts the window as ``cnnstudio [FILE]`` does (``ui.app.build_window``: recovery offered, or the file's
crashed autosave), then reads one command per line and answers each with one JSON line:

    edit        insert a ReLU at the top (an unsaved edit)
    autosave    what the 30 s autosave timer does
    save        File > Save
    close       close the window as a user does (the unsaved prompt gets the next answer)
    state       {"layers": n, "modified": bool, "path": str | null}

Every question a message box or the recovery list asks is printed as {"asked": title, "items": [...]}
and answered with the next of ``--answers`` (yes, no, discard, cancel, save; restore, later for the list).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> int:
    args = sys.argv[1:]
    answers = []
    if "--answers" in args:
        at = args.index("--answers")
        answers = [a for a in args[at + 1].split(",") if a]
        del args[at : at + 2]
    from PySide6.QtWidgets import QMessageBox

    from cnnstudio.core import specs as S
    from cnnstudio.ui import recovery_dialog
    from cnnstudio.ui.app import build_window, create_application

    def say(**data) -> None:
        print(json.dumps(data), flush=True)

    def next_answer(default: str) -> str:
        return answers.pop(0) if answers else default

    buttons = {
        "yes": QMessageBox.StandardButton.Yes, "no": QMessageBox.StandardButton.No,
        "discard": QMessageBox.StandardButton.Discard, "cancel": QMessageBox.StandardButton.Cancel,
        "save": QMessageBox.StandardButton.Save,
    }  # fmt: skip

    def question(_parent, title, text, *_args, **_kwargs):
        say(asked=title, text=text)
        return buttons[next_answer("cancel")]

    def recovery_exec(dialog) -> int:
        say(asked=dialog.windowTitle(), items=[recovery_dialog.describe(r) for r in dialog.found])
        if next_answer("later") == "restore":
            dialog.restore_selected()
            return 1
        return 0

    QMessageBox.question = staticmethod(question)
    recovery_dialog.RecoveryDialog.exec = recovery_exec
    app = create_application([sys.argv[0]])
    window = build_window(args[0] if args else None)
    window.show()
    app.processEvents()
    say(ready=True)
    for line in sys.stdin:
        command = line.strip()
        doc = window.document
        if command == "edit":
            doc.insert_layer((0,), S.ReLU())
            say(done=command)
        elif command == "autosave":
            written = window.files.write_autosave()
            say(done=command, file=str(written) if written else None)
        elif command == "save":
            say(done=command, saved=window.files.save())
        elif command == "close":
            say(done=command, closed=window.close())
            return 0
        elif command == "state":
            say(
                layers=len(doc.project.layers),
                modified=doc.is_modified(),
                path=str(doc.path) if doc.path else None,
            )
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    sys.exit(main())
