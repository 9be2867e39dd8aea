"""Screenshots of every page, tool and dialog in Simplified Chinese (docs/img/zh_*.png), to check by eye.

Run ``.venv/bin/python docs/screenshots/chinese_shots.py`` (offscreen; needs ``fonts-noto-cjk``, or every
character is a box). It installs ``cnnstudio_zh_CN.qm`` and builds the real window, then shoots:

- the Design page: the default project (``zh_design``), a layer that cannot work (``zh_design_error``),
  the 2012 paper's AlexNet with conv1 selected, its formula and text 000's ceil form (``zh_design_alexnet``),
  its dropout with the two forms of text 004 (``zh_design_dropout``), a dilated conv with cs231n's count
  (``zh_design_dilation``) and padding 'same' refused with a stride (``zh_design_same_stride``);
- File > New from template on the 2014 GoogLeNet (``zh_template_dialog``), Edit > Preferences
  (``zh_preferences``);
- the Train page after a short run of the default project (``zh_train``, ``zh_pooling``, ``zh_results``),
  its budget details (``zh_budget``) and an enlarged feature map (``zh_feature_map``);
- every tool of the Teach page in the state a teacher would show (``zh_teach_<tool>``, staged as
  ``teaching_shots.py`` stages the English ones).

Settings, autosaves and runs go to a temporary folder (``studio_shots``' scratch), so the person's own
window layout and recent files are untouched.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from studio_shots import ROOT, open_window, pump, shoot, train  # noqa: E402 - sets up the scratch folders
from teaching_shots import stage  # noqa: E402

from cnnstudio.core import specs as S  # noqa: E402
from cnnstudio.core.templates import make_template  # noqa: E402

TOOLS = ("animator", "pooling", "receptive_field", "fc_to_conv", "exercises", "saliency", "overfitting")


def design_shots(app, window, out: Path) -> None:
    document = window.document
    window.tabs.setCurrentWidget(window.design)
    document.select((0,))
    shoot(app, window, out / "zh_design.png")

    document.insert_layer((3,), S.Conv2d(out_channels=8, kernel_size=40))
    document.select((3,))
    shoot(app, window, out / "zh_design_error.png")
    document.undo_stack.undo()

    document.set_field((0,), "dilation", 2)
    document.select((0,))
    shoot(app, window, out / "zh_design_dilation.png")
    document.undo_stack.undo()

    document.set_field((0,), "stride", 2)
    document.set_field((0,), "padding", "same")
    document.select((0,))
    shoot(app, window, out / "zh_design_same_stride.png")
    document.undo_stack.undo()
    document.undo_stack.undo()

    default = document.project
    alexnet = make_template("alexnet2012")
    document.push(alexnet, "AlexNet")
    document.select((0,))
    shoot(app, window, out / "zh_design_alexnet.png")
    dropout = next(i for i, spec in enumerate(alexnet.layers) if spec.type == "dropout")
    document.select((dropout,))
    shoot(app, window, out / "zh_design_dropout.png")
    document.push(default, "default")
    document.mark_clean()


def dialog_shots(app, window, out: Path) -> None:
    from cnnstudio.ui.preferences import PreferencesDialog
    from cnnstudio.ui.template_dialog import TemplateDialog

    dialog = TemplateDialog(window)
    dialog.choose("googlenet2014")
    dialog.show()
    shoot(app, dialog, out / "zh_template_dialog.png")
    dialog.reject()
    preferences = PreferencesDialog(window.prefs, window)
    preferences.show()
    shoot(app, preferences, out / "zh_preferences.png")
    preferences.reject()


def train_shots(app, window, out: Path, epochs: int) -> None:
    train(app, window, epochs)
    page = window.training
    for widget, name in (
        (page.activations, "zh_train"),
        (page.pooling, "zh_pooling"),
        (page.results_view, "zh_results"),
    ):
        page.tabs.setCurrentWidget(widget)
        shoot(app, window, out / f"{name}.png")
    page.budget.details_button.setChecked(True)
    shoot(app, window, out / "zh_budget.png")
    page.budget.details_button.setChecked(False)
    page.tabs.setCurrentWidget(page.activations)
    page.activations.grid.open_map(3)
    shoot(app, page.activations.grid._detail, out / "zh_feature_map.png")
    page.activations.grid._detail.close()


def teach_shots(app, window, out: Path) -> None:
    window.tabs.setCurrentWidget(window.teaching)
    pump(app, 1.0)
    teach = window.teaching.content
    for index, name in enumerate(TOOLS):
        teach.tabs.setCurrentIndex(index)
        stage(teach, index)
        shoot(app, window, out / f"zh_teach_{name}.png")
    teach.overfitting.may_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app, window = open_window("zh_CN")
    design_shots(app, window, args.out)
    dialog_shots(app, window, args.out)
    train_shots(app, window, args.out, args.epochs)
    teach_shots(app, window, args.out)
    window.document.mark_clean()
    window.close()


if __name__ == "__main__":
    main()
