"""Screenshots of lessons (docs/img/lesson_*.png): a student on a ready lesson, and the teacher's results.

Run ``.venv/bin/python docs/screenshots/lesson_shots.py [--lang zh_CN]``. Offscreen; the student's solution
and three result files (one honest, one edited by hand, one of another lesson) are made by the script.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cnnstudio.ui.headless import use_large_offscreen_screen  # noqa: E402

use_large_offscreen_screen()  # offscreen's own screen is 800 x 800: the window would open that small

from cnnstudio.core import specs as S  # noqa: E402
from cnnstudio.core.lesson import load_lesson, make_result, save_result  # noqa: E402
from cnnstudio.ui.document import ProjectDocument  # noqa: E402
from cnnstudio.ui.i18n import install_language  # noqa: E402
from cnnstudio.ui.lessons.results_dialog import ResultsDialog  # noqa: E402
from cnnstudio.ui.lessons.student_mode import READY_FOLDER  # noqa: E402
from cnnstudio.ui.pages import add_pages  # noqa: E402
from cnnstudio.ui.window import MainWindow  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    install_language(app, args.lang)
    suffix = "" if args.lang == "en" else f"_{args.lang}"
    work = Path(tempfile.mkdtemp())
    window = MainWindow(ProjectDocument(), QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    add_pages(window)
    window.resize(1366, 768)
    window.show()
    lesson_path = READY_FOLDER / "01-output-size.cnnlesson.json"
    window.lessons.open_lesson(lesson_path)
    doc = window.document
    solution = (S.Conv2d(out_channels=32, kernel_size=5, padding=2), S.ReLU(), S.MaxPool2d(kernel_size=4))
    doc.push(doc.project.with_layers(solution), "solution")
    doc.select((0,))
    window.lessons.panel.student.setText("李伟" if args.lang == "zh_CN" else "Li Wei")
    window.lessons.panel.check()
    app.processEvents()
    window.grab().save(str(args.out / f"lesson_student{suffix}.png"))
    lesson = load_lesson(lesson_path)
    results = work / "results"
    results.mkdir()
    for name, layers in (("Li Wei", solution), ("王芳", solution[:2]), ("Zhang Min", solution)):
        result = make_result(lesson, name, doc.project.with_layers(layers), {}, "2026-11-28T09:30:00+00:00")
        save_result(result, results / f"{name}.cnnresult.json")
    edited = json.loads((results / "Zhang Min.cnnresult.json").read_text(encoding="utf-8"))
    edited["figures"]["params"] = 1000  # changed by hand afterwards
    (results / "Zhang Min.cnnresult.json").write_text(json.dumps(edited), encoding="utf-8")
    dialog = ResultsDialog(window)
    dialog.set_lesson(lesson_path)
    dialog.set_folder(results)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(args.out / f"lesson_results{suffix}.png"))
    print(args.out / f"lesson_student{suffix}.png", args.out / f"lesson_results{suffix}.png")
    doc.mark_clean()
    window.close()


if __name__ == "__main__":
    main()
