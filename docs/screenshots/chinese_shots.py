"""Screenshots of the main window in Simplified Chinese (docs/img/zh_*.png), to check the translation by eye.

Run ``.venv/bin/python docs/screenshots/chinese_shots.py`` (offscreen; needs ``fonts-noto-cjk``, or every
character is a box). It installs ``cnnstudio_zh_CN.qm``, then shoots the Design page (a valid network, then
one with an error so the translated error and fix show), the Train page after a short training of the
default project, the Teach page's convolution tool and the Preferences dialog. Settings go to a temporary
file, so the person's own window layout and recent files are untouched. The teaching tools one by one:
``docs/screenshots/teaching_shots.py --lang zh_CN`` (writes ``teach_<tool>_zh_CN.png``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cnnstudio.ui.headless import use_large_offscreen_screen  # noqa: E402

use_large_offscreen_screen()  # the window never opens larger than its screen: offscreen's is 800 x 800
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from studio_shots import SIZE, shoot, train  # noqa: E402 - the same helpers as the English shots

from cnnstudio.core import specs as S  # noqa: E402
from cnnstudio.ui.i18n import install_language  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName("CNN Studio screenshots")
    app.setApplicationName("CNN Studio")
    if not install_language(app, "zh_CN"):
        raise SystemExit("no compiled translation: run resources/translations/update.py")
    from cnnstudio.ui.pages import add_pages
    from cnnstudio.ui.preferences import PreferencesDialog
    from cnnstudio.ui.window import MainWindow

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings)
        add_pages(window)
        window.resize(*SIZE)
        window.show()
        window.document.select((0,))
        shoot(app, window, args.out / "zh_design.png")

        # A kernel too large for its input: the red card, the inspector's reason and fix, the status line.
        window.document.insert_layer((3,), S.Conv2d(out_channels=8, kernel_size=40))
        window.document.select((3,))
        shoot(app, window, args.out / "zh_design_error.png")
        window.document.undo_stack.undo()
        window.document.mark_clean()

        train(app, window, args.epochs)
        shoot(app, window, args.out / "zh_train.png")
        window.tabs.setCurrentWidget(window.teaching)
        shoot(app, window, args.out / "zh_teach.png")
        dialog = PreferencesDialog(settings, window)
        dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
        dialog.show()
        shoot(app, dialog, args.out / "zh_preferences.png")
        dialog.reject()
        window.document.mark_clean()
        window.close()


if __name__ == "__main__":
    main()
