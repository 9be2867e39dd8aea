"""Every built-in template's title and description, wherever the window shows them, in Chinese: the
New-from-template list and its detail, and the Compare dialog's choosers (item and tooltip) with the
project a template side gives. Truth for "translated" is the .ts file itself (a finished entry) and the
zh_CN walk's English-word rule (names such as AlexNet or VGG-16 are allowed; "paper" or "torchvision's
version" are not)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_palette import finished_translations
from visible_text import english_words, plain, visible_texts

from cnnstudio.core.project import default_project
from cnnstudio.core.templates import TEMPLATES
from cnnstudio.ui import i18n


@pytest.fixture
def chinese(qapp):
    assert i18n.install_language(qapp, "zh_CN")
    yield
    i18n.install_language(qapp, "en")


def test_every_title_and_description_has_a_finished_translation() -> None:
    translations = finished_translations()
    for template in TEMPLATES.values():
        for text in (template.title, template.description):
            assert text in translations, f"{template.name}: {text!r} is not translated"
            assert not english_words(translations[text]), (template.name, translations[text])


def test_the_template_dialog_reads_chinese_for_every_template(chinese, qtbot) -> None:
    from cnnstudio.ui.template_dialog import TemplateDialog

    dialog = TemplateDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    english = []
    for name in TEMPLATES:
        dialog.choose(name)
        assert dialog.list.currentItem().data(Qt.ItemDataRole.UserRole) == name
        english += [
            (name, seen.text) for seen in visible_texts(dialog, paint=False) if english_words(seen.text)
        ]
        assert dialog.project is not None and not english_words(dialog.project.name), dialog.project.name
    assert not english, english


def test_the_compare_choosers_read_chinese_for_every_template(chinese, qtbot) -> None:
    from cnnstudio.ui.compare_view import CompareDialog

    dialog = CompareDialog(default_project())
    qtbot.addWidget(dialog)
    chooser = dialog.side_b
    shown = {}
    for index in range(chooser.count()):
        name = chooser.itemData(index)
        if isinstance(name, str) and name in TEMPLATES:
            text = chooser.itemText(index)
            tip = plain(chooser.itemData(index, Qt.ItemDataRole.ToolTipRole) or "")
            shown[name] = (text, tip)
            assert not english_words(text) and not english_words(tip), (name, text, tip)
            chooser.setCurrentIndex(index)
            assert not english_words(chooser.project().name), chooser.project().name
    assert set(shown) == set(TEMPLATES)
    assert shown["alexnet2012"][0] == "模板：AlexNet（2012 年论文版）"
