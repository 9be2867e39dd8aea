"""The whole window in Simplified Chinese: every page, tab, dialog and teaching tool, before and after a
run, with no English left outside a short allow-list (layer type names, network and dataset names, units,
the symbols of formulas: see ``visible_text.ALLOWED``).

The walk reads what a person can read: widget texts, every combo-box item, every row of lists and trees,
tooltips, graphics-scene text (plot titles and axes) and whatever the canvases paint. A string added
without ``tr()``, or added with ``tr()`` but not translated, fails here with the place it was seen.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from visible_text import english_words, plain, visible_texts

from cnnstudio.core import specs as S
from cnnstudio.core.layer_catalog import CATALOG
from cnnstudio.ui import i18n

# A valid network with every layer type of the palette, so that the inspector shows each one's fields,
# formulas and notes (a dilated conv, a depthwise conv, uneven pooling windows, both blocks).
EVERY_LAYER = (
    S.Conv2d(out_channels=8, kernel_size=3, padding=2, dilation=2),
    S.BatchNorm2d(),
    S.ReLU(),
    S.ConvTranspose2d(out_channels=8, kernel_size=3, stride=2, padding=1, output_padding=1),
    S.ReLU6(),
    S.Upsample(scale_factor=0.5, mode="bilinear"),
    S.SiLU(),
    S.Hardswish(),
    S.Hardsigmoid(),
    S.Identity(),
    S.Conv2d(out_channels=8, kernel_size=3, padding="same", groups=8),
    S.SqueezeExcitation(squeeze_channels=2, activation="silu", scale_activation="hardsigmoid"),
    S.ChannelShuffle(groups=2),
    S.Concat(branches=((), (S.Conv2d(out_channels=4, kernel_size=1),)), split=True),
    S.Custom(source="torch.cumsum(x, dim=1)", input_shape=(8, 16, 16), output_shape=(8, 16, 16)),
    S.LeakyReLU(),
    S.MaxPool2d(kernel_size=2),
    S.AvgPool2d(kernel_size=3, stride=2),
    S.LPPool2d(kernel_size=2),
    S.ELU(),
    S.Residual(layers=(S.Conv2d(out_channels=16, kernel_size=3, padding=1, stride=2), S.GELU())),
    S.Concat(
        branches=(
            (S.Conv2d(out_channels=4, kernel_size=1),),
            (S.MaxPool2d(kernel_size=3, stride=1, padding=1),),
        )
    ),
    S.Dropout2d(),
    S.AdaptiveMaxPool2d(output_size=2),
    S.AdaptiveAvgPool2d(output_size=2),
    S.Sigmoid(),
    S.Flatten(),
    S.Linear(out_features=12),
    S.Tanh(),
    S.Dropout(),
    S.Linear(out_features=3),
    S.Softmax(),
)


@pytest.fixture
def chinese(qapp):
    assert i18n.install_language(qapp, "zh_CN")
    yield
    i18n.install_language(qapp, "en")


class Walk:
    """Collects the English words seen on each screen of the walk; ``report()`` lists them for the failure."""

    def __init__(self) -> None:
        self.found: dict[str, tuple[str, str, list[str]]] = {}  # text -> (screen, where, words)
        self.screens = 0

    def read(self, screen: str, root: QWidget, paint: bool = True) -> None:
        QApplication.processEvents()
        self.screens += 1
        for seen in visible_texts(root, paint=paint):
            self.text(screen, seen.where, seen.text)

    def text(self, screen: str, where: str, text: str) -> None:
        words = english_words(text)
        if words and text not in self.found:
            self.found[text] = (screen, where, words)

    def report(self) -> str:
        return "\n".join(
            f"[{screen}] {where}: {text!r} -> {words}" for text, (screen, where, words) in self.found.items()
        )


@pytest.fixture
def window(chinese, qtbot, prefs, autosave_dir):
    """The window as ``cnnstudio`` opens it, in Chinese: all pages, the default project named in Chinese."""
    from cnnstudio.ui.pages import add_pages
    from cnnstudio.ui.window import MainWindow

    win = MainWindow(prefs=prefs)
    add_pages(win)
    win.resize(1300, 850)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.document.mark_clean()
    win.close()


def test_design_page_and_dialogs_read_chinese(window, qtbot, message_boxes, monkeypatch, tmp_path) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(
        QMessageBox, "about", staticmethod(lambda _p, t, x: message_boxes.shown.append(("about", t, x)))
    )
    walk = Walk()
    assert {spec.type for _path, spec in S.walk(EVERY_LAYER)} >= set(CATALOG)
    document = window.document
    document.push(document.project.replace(layers=EVERY_LAYER), "每种层")
    assert document.project.report.valid
    walk.read("design", window)
    for path, _spec in S.walk(EVERY_LAYER):
        document.select(path)
        walk.read(f"design {path}", window.design, paint=False)
    document.select((0,))
    walk.read("design painted", window.design)

    # A layer that cannot work: its card, the inspector's reason and fix, the status line.
    document.insert_layer((1,), S.Conv2d(out_channels=4, kernel_size=40))
    document.select((1,))
    walk.read("design error", window)
    document.undo_stack.undo()

    from cnnstudio.core.templates import TEMPLATES
    from cnnstudio.ui.template_dialog import TemplateDialog

    dialog = TemplateDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    for name in TEMPLATES:
        dialog.choose(name)
        walk.read(f"template {name}", dialog, paint=False)
    dialog.reject()

    from cnnstudio.ui.preferences import PreferencesDialog

    preferences = PreferencesDialog(window.prefs, window)
    qtbot.addWidget(preferences)
    preferences.show()
    walk.read("preferences", preferences)
    preferences.reject()

    from cnnstudio.ui.autosave import Recovered
    from cnnstudio.ui.recovery_dialog import RecoveryDialog

    crashed = [Recovered(tmp_path / "a.autosave", window.document.project, None, 0.0, None)]
    recovery = RecoveryDialog(crashed, window)
    qtbot.addWidget(recovery)
    recovery.show()
    walk.read("recovery dialog", recovery)
    recovery.reject()

    window.show_shortcuts()
    window.show_about()
    for _kind, title, text in message_boxes.shown:
        walk.text("message box", "title", title)
        walk.text("message box", "text", plain(text))
    assert walk.screens > len(EVERY_LAYER)
    assert not walk.found, "English in the Chinese window:\n" + walk.report()


# Settings that show every optional field of the Train page (momentum, steps, patience, augmentation).
EVERY_SETTING = {
    "optimizer": "sgd",
    "schedule": "step",
    "early_stopping": True,
}
EVERY_AUGMENTATION = {
    "crop": True,
    "hflip": True,
    "jitter": True,
    "rotate": True,
    "scale": True,
    "erase": True,
}


def _read_tabs(walk: Walk, screen: str, tabs, root: QWidget) -> None:
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        walk.read(f"{screen} / {tabs.tabText(i)}", root)


def test_train_and_teach_pages_read_chinese(chinese, studio, qtbot, message_boxes) -> None:
    from test_studio_pages import train_once

    walk = Walk()
    document = studio.document
    project = document.project
    dataset = {**project.dataset, "augmentation": EVERY_AUGMENTATION}
    document.push(project.replace(dataset=dataset, training={**project.training, **EVERY_SETTING}), "设置")
    page = studio.training
    _read_tabs(walk, "train before", page.tabs, studio)
    train_once(qtbot, studio)
    _read_tabs(walk, "train after", page.tabs, studio)
    page.runs.list.setCurrentRow(0)
    walk.read("train runs", studio)
    page.tabs.setCurrentWidget(page.activations)
    page.activations.grid.open_map(0)
    detail = page.activations.grid._detail
    walk.read("feature map dialog", detail)
    detail.close()
    page.budget.details_button.setChecked(True)
    walk.read("budget details", page.budget.details)
    page.budget.details_button.setChecked(False)

    studio.tabs.setCurrentWidget(studio.teaching)
    teach = studio.teaching.content
    teach.refresh()
    _read_tabs(walk, "teach", teach.tabs, studio)
    teach.tabs.setCurrentWidget(teach.animator)
    teach.animator.next_step()
    walk.read("teach convolution step", studio)
    teach.tabs.setCurrentWidget(teach.pooling_lab)
    teach.pooling_lab.select_window(1, 1)
    walk.read("teach pooling window", studio)
    teach.tabs.setCurrentWidget(teach.receptive_field)
    teach.receptive_field.select_cell(1, 1)
    walk.read("teach receptive cell", studio)
    teach.tabs.setCurrentWidget(teach.fc_to_conv)
    teach.fc_to_conv.prove()
    walk.read("teach FC to conv proof", studio)
    exercises = teach.exercises
    teach.tabs.setCurrentWidget(exercises)
    for mode in range(exercises.mode_box.count()):
        exercises.mode_box.setCurrentIndex(mode)
        exercises.layer_list.setCurrentRow(0)
        exercises.check()
        exercises.explain()
        walk.read(f"teach exercises {mode}", studio)
    teach.tabs.setCurrentWidget(teach.saliency)
    for method in range(teach.saliency.method_box.count()):
        teach.saliency.method_box.setCurrentIndex(method)
        walk.read(f"teach saliency {method}", studio)
    lab = teach.overfitting
    teach.tabs.setCurrentWidget(lab)
    lab.subset_box.setValue(60)
    lab.epochs_box.setValue(2)
    with qtbot.waitSignal(lab.lab_finished, timeout=60_000):
        qtbot.mouseClick(lab.start_button, Qt.MouseButton.LeftButton)
    walk.read("teach overfitting lab done", studio)
    for _kind, title, text in message_boxes.shown:
        walk.text("message box", "title", title)
        walk.text("message box", "text", plain(text))
    assert not walk.found, "English in the Chinese window:\n" + walk.report()
