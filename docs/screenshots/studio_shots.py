"""Screenshots of the whole window (docs/img/studio_<page>.png) for the README and the user guide.

Run ``.venv/bin/python docs/screenshots/studio_shots.py``. It builds the real main window the way
``cnnstudio`` does (``cnnstudio.ui.app.build_window``), offscreen at 1500 x 950, on the default project:

- ``studio_design.png``: the Design page with the second convolution selected (inspector and formulas);
- ``studio_design_error.png``: the same after setting an impossible kernel (the error and its fix);
- ``studio_train.png``, ``studio_pooling.png``, ``studio_results.png``: the Train page after a short run
  (3 epochs on the built-in shapes set, offline, about half a minute on two cores), on the Activation maps,
  Pooling and Results tabs;
- ``studio_teach.png``: the Teach page fed by that run;
- ``studio_template_dialog.png``: File > New from template, on the cs231n pattern's form.

Settings, recent files, autosaves and the run folder go to a temporary folder (XDG_* variables), removed at
the end, so the script leaves the user's own CNN Studio settings alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

SCRATCH = tempfile.mkdtemp(prefix="cnnstudio-shots-")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CNNSTUDIO_NO_AUTOSAVE_PROMPT"] = "1"
for _name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
    os.environ[_name] = str(Path(SCRATCH) / _name.lower())

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cnnstudio.ui.headless import use_large_offscreen_screen  # noqa: E402

use_large_offscreen_screen()  # the window never opens larger than its screen: offscreen's is 800 x 800

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from cnnstudio.ui.app import build_window, create_application  # noqa: E402

SIZE = (1500, 950)
SECOND_CONV = (4,)  # the default project's second conv2d (16 -> 32 channels on 16 x 16 maps)


def pump(app: QApplication, seconds: float = 0.3) -> None:
    """Let queued events, layouts and the 30 Hz redraw clock run for a moment."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    pump(app)
    widget.grab().save(str(path))
    print(path)


def open_window(lang: str = "en"):
    """(app, window): the real main window with its pages, in ``lang``, at SIZE, shown; settings in the
    scratch folder (the scripts that shoot a trained run start here)."""
    from PySide6.QtCore import QSettings

    from cnnstudio.ui.i18n import install_language
    from cnnstudio.ui.pages import add_pages
    from cnnstudio.ui.window import MainWindow

    app = create_application([sys.argv[0]])
    if lang != "en" and not install_language(app, lang):
        raise SystemExit("no compiled translation: run resources/translations/update.py")
    prefs = QSettings(str(Path(SCRATCH) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(prefs=prefs)
    add_pages(window)
    window.resize(*SIZE)
    window.show()
    pump(app, 0.5)
    return app, window


def train(app: QApplication, window, epochs: int, limit_s: float = 600.0) -> None:
    document = window.document
    document.set_training({**document.project.training, "epochs": epochs})
    window.tabs.setCurrentWidget(window.training)
    pump(app)
    page = window.training
    if not page.start():
        raise SystemExit(f"training did not start: {page.blocker() or page.status.text()}")
    finished: list[object] = []
    page.run_finished.connect(finished.append)
    end = time.monotonic() + limit_s
    while (not finished or page.controller.is_running()) and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    if page.controller.is_running():
        page.stop()
        raise SystemExit("training took too long")
    pump(app, 1.0)  # results, last snapshot, final redraw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = create_application([sys.argv[0]])
    window = build_window()
    window.resize(*SIZE)
    window.show()
    pump(app, 0.5)
    document = window.document

    window.tabs.setCurrentWidget(window.design)
    document.select(SECOND_CONV)
    shoot(app, window, args.out / "studio_design.png")

    error = document.set_field(SECOND_CONV, "kernel_size", 20)  # 16 + 2*1 - 20 + 1 = -1: no output left
    assert error is None, error
    document.select(SECOND_CONV)
    shoot(app, window, args.out / "studio_design_error.png")
    document.undo_stack.undo()

    train(app, window, args.epochs)
    page = window.training
    page.tabs.setCurrentWidget(page.activations)
    shoot(app, window, args.out / "studio_train.png")
    page.tabs.setCurrentWidget(page.pooling)
    shoot(app, window, args.out / "studio_pooling.png")
    page.tabs.setCurrentWidget(page.results_view)
    shoot(app, window, args.out / "studio_results.png")

    window.tabs.setCurrentWidget(window.teaching)
    pump(app, 1.0)
    shoot(app, window, args.out / "studio_teach.png")

    from cnnstudio.ui.template_dialog import TemplateDialog

    dialog = TemplateDialog(window)
    dialog.choose("cs231n")  # the pattern's form: its numbers, labelled in words
    dialog.show()
    shoot(app, dialog, args.out / "studio_template_dialog.png")
    dialog.reject()

    document.mark_clean()  # no "unsaved changes" question on close
    window.close()
    app.processEvents()
    shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    main()
