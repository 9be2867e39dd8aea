"""File > Import under real use: the dialog runs ``cnnstudio import`` in a child process, the window opens the
written project with its imported weights as a run, and a refused network says why inside the dialog."""

from __future__ import annotations

import textwrap

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
