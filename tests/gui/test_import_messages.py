"""The import's new refusals (a product that is no gate, ConvNeXt's missing layers, an ONNX operator with the
list of what the program reads) reach the Chinese window translated, with the node and operator kept; and
File > Import shows a long one whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from cnnstudio.cli import main
from cnnstudio.ui import i18n
from cnnstudio.ui.core_text import translate_core


@pytest.fixture
def in_chinese(qapp):
    assert i18n.install_language(qapp, "zh_CN")
    yield
    i18n.install_language(qapp, "en")


def _refusal(argv: list[str], capsys) -> str:
    assert main(argv) == 2
    return capsys.readouterr().err.strip().removeprefix("cnnstudio: ")


def test_convnexts_refusal_is_translated(in_chinese, tmp_path: Path, capsys) -> None:
    message = _refusal(
        ["import", "torchvision:convnext_tiny", "--input", "3,32,32", "-o", str(tmp_path / "c.json")], capsys
    )
    text = translate_core(message)
    assert text.startswith("ConvNeXt 需要本程序尚未提供的两种层") and "LayerNorm2d" in text, text


def test_an_onnx_operator_and_what_the_studio_reads_are_translated(
    in_chinese, tmp_path: Path, capsys
) -> None:
    pytest.importorskip("onnx")
    from tests.training.test_import_files import _tiny_onnx

    _tiny_onnx(tmp_path / "odd.onnx")
    text = translate_core(
        _refusal(["import", str(tmp_path / "odd.onnx"), "-o", str(tmp_path / "o.json")], capsys)
    )
    assert "节点 mystery（Hardmax）" in text and "本程序能读取 Conv" in text and "the studio" not in text, (
        text
    )


def test_a_long_refusal_grows_the_dialog_instead_of_squeezing_its_fields(qtbot, tmp_path: Path) -> None:
    """Seen under Xvfb: the refusal's label took its lines from the rows above it (the source field and the
    size boxes shrank to slivers); the dialog now grows to fit the message."""
    from PySide6.QtWidgets import QDialog

    from cnnstudio.ui.import_dialog import ImportDialog

    dialog = ImportDialog(str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    before = dialog.height()
    dialog.source.setEditText("torchvision:convnext_tiny")
    dialog.import_button.click()
    qtbot.waitUntil(
        lambda: dialog.import_button.isEnabled() and "LayerNorm2d" in dialog.status.text(), timeout=90_000
    )
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.height() > before
    assert dialog.status.height() >= dialog.status.heightForWidth(dialog.status.width())
    assert dialog.source.height() >= dialog.source.minimumSizeHint().height()
