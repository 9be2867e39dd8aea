"""File > Export: the project as ordinary PyTorch (model.py, weights, TorchScript, ONNX, a DDP script).

The same ``export_project`` as ``cnnstudio export``; the trained weights of the newest run of the network in
the editor are used when there are any (the dialog names the run), otherwise the weights a run with the
project's seed starts from.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox

from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.problem_text import network_problem
from cnnstudio.ui.train.run_title import run_title
from cnnstudio.ui.window import MainWindow

FORMATS = (
    ("pytorch", QT_TRANSLATE_NOOP("MainWindow", "PyTorch &model.py…"), "Python (*.py)"),
    ("state_dict", QT_TRANSLATE_NOOP("MainWindow", "&Weights (state_dict .pt)…"), "PyTorch weights (*.pt)"),
    ("torchscript", QT_TRANSLATE_NOOP("MainWindow", "&TorchScript…"), "TorchScript (*.pt)"),
    ("onnx", QT_TRANSLATE_NOOP("MainWindow", "&ONNX…"), "ONNX (*.onnx)"),
    ("ddp", QT_TRANSLATE_NOOP("MainWindow", "&Distributed training script (folder)…"), ""),
)


def _tr(text: str) -> str:
    """The main window's translation context: File > Export is one of its menus."""
    return QCoreApplication.translate("MainWindow", text)


class ExportActions:
    def __init__(self, window: MainWindow, checkpoint: Callable[[], Path | None]) -> None:
        self.window, self.checkpoint = window, checkpoint
        self.menu = QMenu(_tr("&Export"), window)
        for fmt, text, _filter in FORMATS:
            self.menu.addAction(window._action(_tr(text), lambda f=fmt: self.export(f)))

    def _ask_path(self, fmt: str) -> str:
        doc = self.window.document
        folder = doc.path.parent if doc.path is not None else Path.home()
        if fmt == "ddp":
            return QFileDialog.getExistingDirectory(self.window, _tr("Export to folder"), str(folder))
        from cnnstudio.training.export import DEFAULT_NAMES

        filter_text = dict((f, t) for f, _x, t in FORMATS)[fmt]
        path, _ = QFileDialog.getSaveFileName(
            self.window, _tr("Export"), str(folder / DEFAULT_NAMES[fmt]), filter_text
        )
        return path

    def _run_name(self, folder: Path) -> str:
        """The run's name as the runs list shows it ("Run 2"), not its folder's time stamp."""
        for record in self.window.document.project.runs:
            if str(record.get("id")) == folder.name or Path(str(record.get("folder", ""))) == folder:
                return run_title(record) or folder.name
        return folder.name

    def export(self, fmt: str, path: str | None = None) -> list[Path]:
        """Export in ``fmt`` to ``path`` (asked for when None); returns the files written."""
        window = self.window
        project = window.document.project
        if not project.report.valid:
            problem = network_problem(project)
            QMessageBox.warning(window, _tr("Export"), _tr("The network cannot work: {0}").format(problem))
            return []
        path = path or self._ask_path(fmt)
        if not path:
            return []
        checkpoint = self.checkpoint()
        QApplication.setOverrideCursor(window.cursor().shape().WaitCursor)
        try:
            from cnnstudio.training.export import export_project

            written = export_project(project, fmt, path, checkpoint)
        except Exception as exc:  # every export error is a one-line message; the project is untouched
            QMessageBox.warning(window, _tr("Export failed"), translate_core(str(exc)))
            return []
        finally:
            QApplication.restoreOverrideCursor()
        weights = (
            _tr("trained weights from {0}").format(self._run_name(checkpoint.parent))
            if checkpoint is not None
            else _tr("untrained weights (seeded)")
        )
        QMessageBox.information(
            window,
            _tr("Exported"),
            _tr("Wrote, with {0}:\n{1}").format(weights, "\n".join(map(str, written))),
        )
        return written
