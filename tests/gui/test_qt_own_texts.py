"""Qt's own dialogs (file dialog, message boxes) speak Chinese in a Chinese window, not only our texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from cnnstudio.ui import i18n

HAN = re.compile(r"[\u4e00-\u9fff]")
QT_TRANSLATIONS = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))

pytestmark = pytest.mark.skipif(
    not (QT_TRANSLATIONS / "qtbase_zh_CN.qm").is_file(), reason="this PySide6 ships no qtbase_zh_CN.qm"
)


@pytest.fixture
def chinese(qapp):
    assert i18n.install_language(qapp, "zh_CN")
    yield
    i18n.install_language(qapp, "en")


@pytest.mark.parametrize(
    "text", ["Look in:", "&Look in:", "Files of type:", "Files of &type:", "File &name:"]
)
def test_file_dialog_texts_are_chinese(chinese, text: str) -> None:
    translated = QCoreApplication.translate("QFileDialog", text)
    assert HAN.search(translated), translated
    if "&" in text:  # the shortcut key survives, written the way Qt's Chinese texts write it: 查找范围(&L)：
        assert f"(&{text[text.index('&') + 1].upper()})" in translated


def test_the_file_dialog_a_user_sees_has_no_english_label(chinese, qtbot, tmp_path) -> None:
    dialog = QFileDialog(None, "", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel) if label.text()}
    for name in ("lookInLabel", "fileTypeLabel", "fileNameLabel"):
        assert HAN.search(labels[name]), labels


def test_message_box_buttons_are_chinese(chinese, qtbot) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    box.show()
    for button in box.buttons():
        assert HAN.search(button.text()), button.text()


def test_english_again_after_switching_back(qapp) -> None:
    assert i18n.install_language(qapp, "zh_CN")
    i18n.install_language(qapp, "en")
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Look in:"


def test_texts_nobody_translates_stay_as_written(chinese) -> None:
    """The fallback translator must not turn an untranslated text into an empty one."""
    assert QCoreApplication.translate("core", "no such text 17") == "no such text 17"
    assert QCoreApplication.translate("QFileDialog", "&No such label:") == "&No such label:"


def test_the_open_dialogs_file_types_are_chinese(chinese, make_window) -> None:
    """The project filter was a module constant, so "Files of type" listed "CNN Studio projects" in English."""
    window = make_window(pages=False)
    kinds = window.files.file_filter().split(";;")
    assert len(kinds) == 2 and all(HAN.search(kind) for kind in kinds), kinds
    assert "(*.cnnproj.json *.json)" in kinds[0]
