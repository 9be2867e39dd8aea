"""The Simplified Chinese translation: complete, compiled, used by the window, and chosen in Preferences."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from cnnstudio.core import specs as S
from cnnstudio.core.shapes import infer
from cnnstudio.ui import i18n
from cnnstudio.ui.core_text import TEMPLATES, placeholders, translate_core

TS = i18n.TRANSLATIONS / "cnnstudio_zh_CN.ts"
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def chinese(qapp):
    """zh_CN installed for the test, English again afterwards (other tests read English texts)."""
    assert i18n.install_language(qapp, "zh_CN")
    yield
    i18n.install_language(qapp, "en")


def _messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message.find("translation"))
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def test_qm_loads_and_is_newer_than_its_ts() -> None:
    qm = i18n.translation_file("zh_CN")
    assert QTranslator().load(str(qm))
    assert qm.stat().st_size > 10_000


def test_every_message_is_translated() -> None:
    messages = _messages()
    assert len(messages) > 500
    unfinished = [(c, s) for c, s, t in messages if t is None or t.get("type") in ("unfinished", "obsolete")]
    empty = [(c, s) for c, s, t in messages if t is not None and not (t.text or "").strip()]
    assert unfinished == [] and empty == []


def test_translations_keep_the_placeholders() -> None:
    """``{0}``, ``{1:,}`` and ``{name}`` must survive, or ``format`` fails or shows the wrong number."""
    pattern = re.compile(r"\{[^{}]*\}")
    for context, source, translation in _messages():
        wanted, got = set(pattern.findall(source)), set(pattern.findall(translation.text or ""))
        if context == "core":
            assert got <= wanted, (source, translation.text)  # Chinese may drop an English verb's number
        else:
            assert got == wanted, (source, translation.text)


def test_lupdate_sees_every_core_template() -> None:
    sources = {source for context, source, _ in _messages() if context == "core"}
    assert set(TEMPLATES) <= sources
    assert all(placeholders(t) for t in TEMPLATES)


def test_window_in_chinese(chinese, make_window) -> None:
    window = make_window(show=False, size=None)
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[:3] == ["文件(&F)", "编辑(&E)", "视图(&V)"]
    assert "训练(&R)" in menus and "帮助(&H)" in menus
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs == ["设计", "训练", "教学"]
    assert window.training.start_button.text() == "开始"
    assert window.start_action.text() == "开始训练(&S)"
    # core strings: the palette's groups and the inspector's field labels come from the core's tables
    palette = window.design.palette_tree
    groups = [palette.topLevelItem(i).text(0) for i in range(palette.topLevelItemCount())]
    assert groups[:2] == ["卷积", "池化"]
    window.document.select((0,))
    inspector = window.design.inspector
    assert "步长" in [inspector.form.itemAt(i).widget().text() for i in range(0, inspector.form.count(), 2)]
    assert window.status.text().startswith("可以训练")
    window.document.mark_clean()


def test_core_error_translated_with_its_numbers(chinese) -> None:
    report = infer(
        (1, 8, 8), [S.Conv2d(out_channels=4, kernel_size=11), S.Flatten(), S.Linear(out_features=3)]
    )
    bad = report.first_error()
    assert bad is not None and "does not fit" in bad.error
    error, fix, message = translate_core(bad.error), translate_core(bad.fix), translate_core(bad.message)
    assert error == "尺寸为 11 的卷积核放不进高度为 8 的输入。"
    assert fix == "把填充（padding）设为至少 2，或把卷积核尺寸（kernel_size）设为不超过 8。"
    assert message == f"{error} 修正：{fix}"


def test_nested_block_errors_formulas_and_warnings(chinese) -> None:
    residual = infer((3, 8, 8), [S.Residual(layers=(S.Conv2d(out_channels=3, kernel_size=11),))]).layers[0]
    assert (
        translate_core(residual.error)
        == "此残差块的第 0 层（conv2d）无法工作：尺寸为 11 的卷积核放不进高度为 8 的输入。"
    )
    pool = infer((4, 9, 9), [S.MaxPool2d(kernel_size=2)]).layers[0]
    formulas = translate_core("\n".join(pool.formulas)).split("\n")
    assert formulas[0] == pool.formulas[0]  # the maths stays as it is
    assert formulas[2] == "C = 4（池化不改变通道数）"
    assert (
        translate_core(pool.warnings[0])
        == "H：(9 - 2 + 2*0) / 2 不是整数，所以输入的最后 1 行始终不会被窗口覆盖。"
    )


def test_every_core_message_of_a_broken_network_has_chinese(chinese) -> None:
    """Errors, fixes and warnings that students meet most: none may stay in English."""
    cases = [
        ((1, 8, 8), [S.Conv2d(out_channels=4, kernel_size=3, padding="same", stride=2)]),
        ((3, 8, 8), [S.Conv2d(out_channels=4, kernel_size=3, groups=2)]),
        ((1, 8, 8), [S.MaxPool2d(kernel_size=2, padding=2)]),
        ((1, 8, 8), [S.MaxPool2d(kernel_size=9)]),
        ((1, 8, 8), [S.Linear(out_features=3)]),
        ((1, 8, 8), [S.Flatten(), S.Dropout2d()]),
        ((1, 8, 8), [S.Flatten(), S.Conv2d(out_channels=2, kernel_size=1)]),
    ]
    for shape, layers in cases:
        bad = infer(shape, layers).first_error()
        assert bad is not None
        for text in (bad.error, bad.fix):
            assert HAN.search(translate_core(text)), text


def test_english_is_unchanged(qapp) -> None:
    i18n.install_language(qapp, "en")
    text = "The kernel of size 11 does not fit in the input's height of 8."
    assert translate_core(text) == text


def test_preferences_saved_in_qsettings(qtbot, prefs, monkeypatch) -> None:
    from cnnstudio.ui.preferences import PreferencesDialog, presenter_scale, torch_threads

    dialog = PreferencesDialog(prefs)
    qtbot.addWidget(dialog)
    assert not dialog.restart_note.isVisible()
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    assert not dialog.restart_note.isHidden()  # says the language changes after a restart
    dialog.scale.setValue(1.8)
    dialog.colormap.setCurrentIndex(dialog.colormap.findData("viridis"))
    dialog.threads.setValue(3)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert prefs.value("language") == "zh_CN"
    assert presenter_scale(prefs) == pytest.approx(1.8)
    assert prefs.value("feature_map_colormap") == "viridis"
    assert torch_threads(prefs) == 3
    assert i18n.saved_language(prefs) == "zh_CN"
    # blank threads mean automatic
    again = PreferencesDialog(prefs)
    qtbot.addWidget(again)
    assert again.threads.value() == 3
    again.threads.setValue(0)
    again.accept()
    assert torch_threads(prefs) is None and prefs.value("torch_threads") == ""


def test_preferences_menu_opens_the_dialog_and_applies_the_scale(window, monkeypatch) -> None:
    from cnnstudio.ui import preferences

    def accept_with_scale(self) -> int:
        self.scale.setValue(2.0)
        self.accept()
        return 1

    monkeypatch.setattr(preferences.PreferencesDialog, "exec", accept_with_scale)
    app = QApplication.instance()
    base = app.font().pointSizeF()
    window.presenter_action.trigger()
    try:
        menus = window.menuBar().actions()  # held: PySide6 < 6.11 kills a menu's wrapper with its action's
        assert window.preferences_action in menus[1].menu().actions()
        window.preferences_action.trigger()
        assert app.font().pointSizeF() == pytest.approx(base * 2.0)
    finally:
        window.presenter_action.trigger()
    assert app.font().pointSizeF() == pytest.approx(base)


def test_saved_language_is_installed_at_start(qapp, prefs) -> None:
    prefs.setValue("language", "zh_CN")
    try:
        assert i18n.install_saved_language(qapp, prefs) == "zh_CN"
        assert QApplication.translate("MainWindow", "&File") == "文件(&F)"
    finally:
        i18n.install_language(qapp, "en")
    assert QApplication.translate("MainWindow", "&File") == "&File"


def test_ts_lists_no_source_file_paths() -> None:
    """Locations are left out so that edits elsewhere in a file do not churn the .ts."""
    assert "<location" not in Path(TS).read_text(encoding="utf-8")


def test_run_endings_read_the_same_on_the_train_page_and_in_the_lab(chinese) -> None:
    from cnnstudio.ui.problem_text import run_ending

    assert run_ending("diverged").startswith("发散")
    assert run_ending("diverged") != "diverged" and run_ending("something new") == "something new"


def test_every_option_value_and_built_in_class_has_a_chinese_name(chinese) -> None:
    """Combo boxes show names, not keys; the Train page's walk only sees the options on screen."""
    from visible_text import english_words

    from cnnstudio.core import training_settings as T
    from cnnstudio.core.dataset_catalog import DATASET_NAMES
    from cnnstudio.training.datasets.shape_sdf import KINDS
    from cnnstudio.ui.choice_text import choice_text, class_text

    options = {
        "optimizer": T.OPTIMIZERS,
        "schedule": T.SCHEDULES,
        "penalty_scope": T.PENALTY_SCOPES,
        "init": T.INITS,
        "device": T.DEVICES,
        "dataset": DATASET_NAMES,
    }
    for field, keys in options.items():
        for key in keys:
            name = choice_text(field, key)
            assert name != key or key.isupper(), (field, key)
            assert english_words(name) == [], (field, key, name)
    for kind in KINDS:
        assert HAN.search(class_text(kind.name)), kind.name
    assert class_text("my_own_folder") == "my_own_folder"  # a folder's class names stay as they are


def test_training_and_data_errors_read_chinese(chinese, tmp_path) -> None:
    """The engine's and the loaders' own messages (raised here for real), as the Train page shows them."""
    from visible_text import english_words

    from cnnstudio.core.errors import CoreError
    from cnnstudio.core.project import default_project
    from cnnstudio.core.training_settings import TrainingSettings
    from cnnstudio.training.build import check_network
    from cnnstudio.training.datasets import load_dataset
    from cnnstudio.training.datasets.errors import DatasetError
    from cnnstudio.training.errors import TrainingError

    messages = []
    for dataset in (
        {"name": "mnist", "root": str(tmp_path)},
        {"name": "folder", "root": str(tmp_path / "x")},
    ):
        with pytest.raises(DatasetError) as raised:
            load_dataset(dataset, (1, 28, 28))
        messages.append(str(raised.value))
    project = default_project()  # six classes
    data = load_dataset({"name": "shapes", "num_classes": 4, "num_images": 40}, project.input.shape)
    with pytest.raises(TrainingError) as raised:
        check_network(project, data)
    messages.append(str(raised.value))
    for training in ({"optimizer": "adam", "momentum": 0.9}, {"optimizer": "adam", "nesterov": True}):
        with pytest.raises(CoreError) as raised:
            TrainingSettings.from_dict(training)
        messages.append(str(raised.value))
    for message in messages:
        shown = translate_core(message)
        assert HAN.search(shown), message
        assert english_words(shown) == [], (message, shown)


# Terms the Chinese review of issue 15 replaced: each pattern must not come back in any translation.
RETIRED_TERMS = {
    r"探针": "probe image: 观察图像",
    r"胜出": "max-pooling winner: 最大值位置",
    r"学习率调度": "learning-rate schedule: 学习率调整策略",
    r"每阶梯轮数": "epochs per step: 衰减间隔（轮）",
    r"L[12](/L2)? ?惩罚": "L1/L2 penalty: L1/L2 正则化系数",
    r"批量大小": "batch size: 批次大小",
    r"前与后": "before and after: 池化前后对比",
    r"题卷": "sheet number: 试卷编号",
    r"运行记录|删除运行": "a run: 训练记录, remove run: 删除该次训练",
    r"膨胀": "dilation: 扩张率（空洞）, as the conv field's label",
    r"第 \{\d+(:[.\d]+f)?\} 轮": "epoch 2.0: 轮次 2.0",
    r"把 (padding|kernel_size|stride|groups) 设为": "a message names a field by its label: 把填充（padding）设为",
}


def test_retired_terms_do_not_come_back() -> None:
    found = [
        (source, translation.text, why)
        for _context, source, translation in _messages()
        for pattern, why in RETIRED_TERMS.items()
        if re.search(pattern, translation.text or "")
    ]
    assert found == []


def test_pooling_windows_are_never_called_kernels() -> None:
    """A pooling layer's window is 池化窗口/窗口尺寸, never 卷积核 (the convolution's kernel)."""
    from cnnstudio.core.layer_catalog import CATALOG

    pooled = {
        field.label for kind in ("maxpool2d", "avgpool2d", "lppool2d") for field in CATALOG[kind].fields
    }
    pooled |= {
        field.tooltip for kind in ("maxpool2d", "avgpool2d", "lppool2d") for field in CATALOG[kind].fields
    }
    for context, source, translation in _messages():
        if source in pooled or context in ("StrideEditor", "PoolingLab") or "pool" in source.lower():
            assert "卷积核" not in (translation.text or ""), source
    assert QApplication.translate("core", "Momentum") == "Momentum"  # English unchanged; Chinese below
    core_momentum = [t.text for c, s, t in _messages() if c == "core" and s == "Momentum"]
    assert core_momentum == ["滑动平均动量"]  # BatchNorm's, not the optimiser's 动量


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_language_note_is_whole_and_in_both_languages(qapp, qtbot, prefs, language) -> None:
    """Switching the language says plainly that it applies after a restart, in the window's language and
    the chosen one, and the note is never cut off (it was clipped in both languages)."""
    from cnnstudio.ui.preferences import PreferencesDialog

    i18n.install_language(qapp, language)
    try:
        prefs.setValue("language", language)
        other = "en" if language == "zh_CN" else "zh_CN"
        for chosen_before_shown in (False, True):
            dialog = PreferencesDialog(prefs)
            qtbot.addWidget(dialog)
            if chosen_before_shown:
                dialog.language.setCurrentIndex(dialog.language.findData(other))
            dialog.show()
            qtbot.waitExposed(dialog)
            dialog.language.setCurrentIndex(dialog.language.findData(other))
            QApplication.processEvents()
            note = dialog.restart_note
            assert note.isVisible()
            lines = note.text().split("\n")
            assert len(lines) == 2 and any("restarted" in line for line in lines)
            assert any("重新启动" in line or "重启" in line for line in lines), lines
            assert note.height() >= note.sizeHint().height() and note.width() >= note.sizeHint().width()
            assert dialog.rect().contains(note.geometry())
    finally:
        i18n.install_language(qapp, "en")


def test_the_cs231n_form_labels_its_fields_in_words(chinese, qtbot) -> None:
    """It labelled them n, m, k, fc_width, ...: the Python names, in English in a Chinese window."""
    from PySide6.QtWidgets import QFormLayout

    from cnnstudio.core.templates import CS231N_ARGUMENTS
    from cnnstudio.ui.template_dialog import TemplateDialog

    dialog = TemplateDialog()
    qtbot.addWidget(dialog)
    form = dialog.arguments.layout()
    assert isinstance(form, QFormLayout)
    labels = [form.labelForField(dialog.argument_editors[arg.name]).text() for arg in CS231N_ARGUMENTS]
    assert labels[:3] == ["每个阶段的卷积层数 (N)", "阶段数 (M)", "隐藏全连接层数 (K)"]
    for arg, label in zip(CS231N_ARGUMENTS, labels):
        assert label != arg.name and not label.isascii(), label  # words, and Chinese
        assert not dialog.argument_editors[arg.name].toolTip().isascii()


def test_generated_exercises_are_xiti_not_the_lessons_a_teacher_hands_out() -> None:
    """The Teach page's generated problems are 习题; 练习 is left to the lessons a teacher hands out (File >
    Lessons), so a class never sees one word for both."""
    words = {(context, source): t.text for context, source, t in _messages()}
    assert words[("TeachingPage", "Exercises")] == "习题"
    assert words[("ExercisesPanel", "Exercise:")] == "习题："
