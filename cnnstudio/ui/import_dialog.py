"""File > Import: a torchvision model, a class in a Python file, a TorchScript or an ONNX file as a new project.

The import runs as ``cnnstudio import ... --json`` in a child process (``QProcess``): tracing and checking a
large network takes seconds and loads torch, and the window stays responsive meanwhile (Cancel ends the child).
The dialog and the command line are one code path, so their results cannot differ.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core import project_file as files
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.theme import Tone, set_text_colour

# The torchvision models known to import exactly (tests/training/test_import.py and docs/cli.md).
TORCHVISION = ("resnet18", "resnet34", "resnet50", "resnet152", "vgg11", "vgg16", "alexnet", "googlenet",
               "mobilenet_v2")  # fmt: skip


NETWORK_FILES = (".pt", ".pth", ".ptl", ".torchscript", ".onnx")  # any_source's TorchScript and ONNX suffixes


def is_network_file(source: str) -> bool:
    """A TorchScript or ONNX file: it records its image size, so the size fields are optional."""
    return source.strip().lower().endswith(NETWORK_FILES)


def destination_for(source: str, folder: Path) -> Path:
    """The project file suggested for a source: ``resnet18.cnnproj.json``, ``Net.cnnproj.json``,
    ``model.cnnproj.json`` for ``model.onnx``."""
    if is_network_file(source):
        name = Path(source.strip()).name.split(".")[0]
    else:
        name = source.rsplit(":", 1)[-1].split("(", 1)[0].strip()
    return folder / f"{name or 'imported'}{files.SUFFIX}"


class ImportDialog(QDialog):
    """Asks for the source, the input size and the file; ``path`` is the written project after accept()."""

    def __init__(self, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import a network"))
        self.folder = Path(folder)
        self.path: Path | None = None
        self.process: QProcess | None = None
        self.source = QComboBox(editable=True)
        self.source.addItems([f"torchvision:{name}" for name in TORCHVISION])
        choose = QPushButton(self.tr("File…"))
        choose.clicked.connect(self._choose_file)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source, 1)
        source_row.addWidget(choose)
        hint = QLabel(
            self.tr("A torchvision model; a Python file and the class in it with its arguments, such as "
                    "model.py:Net(width=16); or a TorchScript (.pt) or ONNX (.onnx) file. Layers the program "
                    "knows become editable layers; residual and Inception blocks are recovered from the graph, "
                    "and a file's weights come along as a run."),
            wordWrap=True,
        )  # fmt: skip
        set_text_colour(hint, Tone.MUTED)
        self.shape = [self._spin(value) for value in (3, 224, 224)]
        shape_row = QHBoxLayout()
        for label, spin in zip(("C", "H", "W"), self.shape):
            shape_row.addWidget(QLabel(label))
            shape_row.addWidget(spin)
        self.file_size = QCheckBox(self.tr("as the file records it"), checked=True)
        self.file_size.toggled.connect(self._size_choice)
        shape_row.addWidget(self.file_size)
        self.pretrained = QCheckBox(
            self.tr("torchvision's pretrained weights (only when already on this computer)")
        )
        self.output = QLineEdit()
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._choose_output)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output, 1)
        output_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Source"), source_row)
        form.addRow(self.tr("Input size"), shape_row)
        form.addRow("", self.pretrained)
        form.addRow(self.tr("Save as"), output_row)
        self.status = QLabel(wordWrap=True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.source.currentTextChanged.connect(self._suggest_output)
        self._suggest_output(self.source.currentText())
        self.setMinimumWidth(640)

    def _spin(self, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(1, 4096)
        spin.setValue(value)
        return spin

    def _suggest_output(self, source: str) -> None:
        self.pretrained.setEnabled(source.startswith("torchvision:"))
        self.file_size.setVisible(is_network_file(source))
        self._size_choice()
        self.output.setText(str(destination_for(source, self.folder)))

    def _size_choice(self) -> None:
        """A TorchScript or ONNX file brings its image size; the fields then only say another one."""
        for spin in self.shape:
            spin.setEnabled(not self.uses_file_size())

    def uses_file_size(self) -> bool:
        return is_network_file(self.source.currentText()) and self.file_size.isChecked()

    def file_filters(self) -> str:
        return ";;".join((
            self.tr("Networks (*.py *.pt *.pth *.onnx)"), self.tr("Python module (*.py)"),
            self.tr("TorchScript (*.pt *.pth *.ptl *.torchscript)"), self.tr("ONNX (*.onnx)"),
            self.tr("All files (*)"),
        ))  # fmt: skip

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Network file"), str(self.folder), self.file_filters()
        )
        if not path:
            return
        if is_network_file(path):
            self.source.setEditText(path)
            self.status.setText("")
        else:
            self.source.setEditText(f"{path}:")
            self.source.setFocus()
            self.status.setText(self.tr("Now type the class name after the colon."))

    def _choose_output(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as"), self.output.text(), self.tr("CNN Studio project (*.cnnproj.json)")
        )
        if path:
            self.output.setText(path if path.endswith(".json") else path + files.SUFFIX)

    # -- the child process ----------------------------------------------------------------------------------
    def arguments(self) -> list[str]:
        shape = ",".join(str(spin.value()) for spin in self.shape)
        args = [
            "-m",
            "cnnstudio",
            "import",
            self.source.currentText().strip(),
            "-o",
            self.output.text().strip(),
        ]
        if not self.uses_file_size():
            args += ["--input", shape]
        args.append("--json")
        if self.pretrained.isEnabled() and self.pretrained.isChecked():
            args.append("--pretrained")
        return args

    def start(self) -> None:
        if not self.source.currentText().strip() or not self.output.text().strip():
            self.status.setText(self.tr("Name a source and a file to save to."))
            return
        self.process = QProcess(self)
        self.process.finished.connect(self._finished)
        self.import_button.setEnabled(False)
        self.busy.show()
        set_text_colour(self.status, None)
        self.status.setText(self.tr("Importing (reading the network and checking its output)…"))
        self.process.start(sys.executable, self.arguments())

    def _finished(self, status: int, _exit: QProcess.ExitStatus) -> None:
        assert self.process is not None
        out = bytes(self.process.readAllStandardOutput().data()).decode("utf-8", "replace").strip()
        err = bytes(self.process.readAllStandardError().data()).decode("utf-8", "replace").strip()
        self.process = None
        self.busy.hide()
        self.import_button.setEnabled(True)
        answer = _last_json(out)
        if status == 0 and answer.get("file"):
            self.path = Path(answer["file"])
            self.accept()
            return
        message = answer.get("message") or err.removeprefix("cnnstudio: ") or self.tr("the import failed")
        set_text_colour(self.status, Tone.ERROR)
        self.status.setText(self.tr("Cannot import: {0}").format(translate_core(message)))
        self._fit_status()

    def _fit_status(self) -> None:
        """A refusal may take several lines (it names the node and what the program reads): the dialog grows
        to show it whole, since a window does not follow a word-wrapped label's height by itself (the rows
        above were squeezed instead, seen under Xvfb)."""
        layout = self.layout()
        layout.activate()
        needed = (
            layout.totalHeightForWidth(self.width())
            if layout.hasHeightForWidth()
            else self.sizeHint().height()
        )
        if needed > self.height():
            self.resize(self.width(), needed)

    def reject(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.waitForFinished(2000)
            self.process = None
        super().reject()


def _last_json(text: str) -> dict:
    for line in reversed(text.splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return {}
