"""``import cnnstudio`` for notebooks: light to import, and load -> summary -> build -> from_module works
as docs/api.md's worked example shows."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import torch
from torch import nn

import cnnstudio
from cnnstudio.core import project_file as files
from cnnstudio.core.templates import TEMPLATES


def test_import_cnnstudio_loads_neither_torch_nor_qt(tmp_path: Path) -> None:
    code = (
        "import sys, cnnstudio; p = cnnstudio.load(sys.argv[1]); s = p.summary(); str(s); s._repr_html_();"
        "print(any(m in sys.modules for m in ('torch', 'PySide6', 'numpy')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, _lenet_file(tmp_path)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False"


def _lenet_file(folder: Path) -> str:
    target = f"{folder}/lenet.cnnproj.json"
    files.save(TEMPLATES["lenet5"].make(), target)
    return target


def test_summary_is_text_in_a_terminal_and_a_table_in_jupyter(tmp_path: Path) -> None:
    project = cnnstudio.load(_lenet_file(tmp_path))
    summary = project.summary()
    assert "Total params: 61,706" in str(summary)
    html = summary._repr_html_()
    assert html.count("<tr>") == 1 + len(project.layers) and "61,706" in html


def test_build_and_from_module_are_inverse() -> None:
    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.body = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 2))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.body(x)

    project = cnnstudio.from_module(Net(), (1, 8, 8))
    assert project.name == "Net" and project.report.total_params == 4 * 9 + 4 + 144 * 2 + 2
    model = cnnstudio.build(project)
    assert model(torch.zeros(3, 1, 8, 8)).shape == (3, 2)
    again = cnnstudio.from_module(model, (1, 8, 8))
    assert again.layers == project.layers


def test_open_in_studio_hands_the_window_a_file_it_can_open() -> None:
    from cnnstudio.api import _as_file

    project = TEMPLATES["alexnet2012"].make()  # a name with spaces and brackets
    path = _as_file(project, None)
    assert path.name == "AlexNet_2012_paper.cnnproj.json" and files.load(path).layers == project.layers
    module_file = _as_file(nn.Sequential(nn.Flatten(), nn.Linear(4, 2)), (1, 2, 2))
    assert [layer.type for layer in files.load(module_file).layers] == ["flatten", "linear"]
    for made in (path, module_file):
        shutil.rmtree(made.parent)
