"""File > Import under real use: the dialog runs ``cnnstudio import`` in a child process, the window opens the
written project with its imported weights as a run, and a refused network says why inside the dialog."""

from __future__ import annotations

import textwrap

import pytest
from PySide6.QtWidgets import QDialog

from cnnstudio.core import specs as S
from cnnstudio.ui.import_dialog import ImportDialog, destination_for

MODULE = textwrap.dedent(
    """
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self, width=4):
            super().__init__()
            self.conv = nn.Conv2d(1, width, 3, padding=1)
            self.bn = nn.BatchNorm2d(width)
            self.fc = nn.Linear(width * 8 * 8, 3)

        def forward(self, x):
            y = torch.relu(self.bn(self.conv(x)))
            return self.fc(torch.flatten(y + y.relu(), 1))

    class Odd(nn.Module):  # a parameter read in forward: neither a layer nor a custom layer (one call on x)
        def __init__(self):
            super().__init__()
            self.scale = nn.Parameter(torch.ones(1))

        def forward(self, x):
            return x * self.scale
    """
)


def test_suggested_file_is_named_after_the_model(tmp_path) -> None:
    assert destination_for("torchvision:resnet18", tmp_path).name == "resnet18.cnnproj.json"
    assert destination_for("a/b/model.py:Net(width=3)", tmp_path).name == "Net.cnnproj.json"


def test_import_opens_the_project_with_its_weights_as_a_run(qtbot, make_window, tmp_path) -> None:
    (tmp_path / "model.py").write_text(MODULE)
    window = make_window(pages=False)
    dialog = ImportDialog(str(tmp_path), window)
    qtbot.addWidget(dialog)
    dialog.source.setEditText(f"{tmp_path / 'model.py'}:Net(width=4)")
    for spin, value in zip(dialog.shape, (1, 8, 8)):
        spin.setValue(value)
    assert dialog.output.text().endswith("Net.cnnproj.json")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=90_000)
    assert dialog.path is not None and dialog.path.is_file()
    assert window.open_file(dialog.path)
    project = window.document.project
    assert [layer.type for layer in project.layers] == [
        "conv2d",
        "batchnorm2d",
        "relu",
        "residual",
        "flatten",
        "linear",
    ]
    assert isinstance(project.layers[3], S.Residual) and project.layers[3].layers == (S.ReLU(),)
    assert project.runs and "imported" in project.runs[0]["name"]


def test_a_refused_network_says_why_in_the_dialog(qtbot, tmp_path) -> None:
    (tmp_path / "model.py").write_text(MODULE)
    dialog = ImportDialog(str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.source.setEditText(f"{tmp_path / 'model.py'}:Odd")
    dialog.import_button.click()
    qtbot.waitUntil(
        lambda: dialog.import_button.isEnabled() and "mul" in dialog.status.text(), timeout=90_000
    )
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not (tmp_path / "Odd.cnnproj.json").exists()


def test_file_types_are_offered_and_a_file_brings_its_own_size(qtbot, tmp_path) -> None:
    dialog = ImportDialog(str(tmp_path))
    qtbot.addWidget(dialog)
    filters = dialog.file_filters()
    for pattern in ("*.py", "*.pt", "*.onnx"):
        assert pattern in filters
    dialog.source.setEditText(str(tmp_path / "resnet.onnx"))
    assert dialog.output.text() == str(tmp_path / "resnet.cnnproj.json")
    assert dialog.uses_file_size() and not any(spin.isEnabled() for spin in dialog.shape)
    assert "--input" not in dialog.arguments()
    dialog.file_size.setChecked(False)  # another size: the fields say it
    assert all(spin.isEnabled() for spin in dialog.shape) and "--input" in dialog.arguments()
    dialog.source.setEditText("torchvision:resnet18")
    assert not dialog.uses_file_size() and "--input" in dialog.arguments()


def test_an_onnx_export_imports_back_into_the_window(qtbot, make_window, tmp_path) -> None:
    from cnnstudio.core.templates import make_template
    from cnnstudio.training.export import export_project

    project = make_template("default")
    export_project(project, "onnx", tmp_path / "default.onnx")
    window = make_window(pages=False)
    dialog = ImportDialog(str(tmp_path), window)
    qtbot.addWidget(dialog)
    dialog.source.setEditText(str(tmp_path / "default.onnx"))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=90_000)
    assert window.open_file(dialog.path)
    assert window.document.project.layers == project.layers
    assert window.document.project.input == project.input  # the size the file records
    assert window.document.project.runs  # the file's weights, as a run


@pytest.fixture
def chinese(qapp):
    from cnnstudio.ui import i18n

    assert i18n.install_language(qapp, "zh_CN")
    yield
    i18n.install_language(qapp, "en")


def test_an_unknown_onnx_operator_is_named_in_chinese(chinese, qtbot, tmp_path) -> None:
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    node = helper.make_node("Erf", ["x"], ["y"], name="mystery")
    info = [helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, 1, 4, 4]) for n in ("x", "y")]
    onnx.save(
        helper.make_model(helper.make_graph([node], "g", info[:1], info[1:])), str(tmp_path / "odd.onnx")
    )
    dialog = ImportDialog(str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.source.setEditText(str(tmp_path / "odd.onnx"))
    dialog.import_button.click()
    qtbot.waitUntil(
        lambda: dialog.import_button.isEnabled() and "Erf" in dialog.status.text(), timeout=90_000
    )
    text = dialog.status.text()
    assert "无法导入" in text and "节点 mystery（Erf）" in text and "没有与算子 Erf 对应的层" in text, text
