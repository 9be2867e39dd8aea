"""The dialog that downloads a torchvision set before Start: file, bytes, speed, time left, Cancel.

The download (``training.downloads``, plain urllib, no torch) runs on a QThread; its progress
reaches the GUI thread as queued signals, so the window keeps drawing and Cancel answers at once (the
thread stops at its next block, within a read's timeout at worst). A failure stays in the dialog, in the
person's language, until Close: it names the file, the URL and what to do offline.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressBar, QVBoxLayout, QWidget

from cnnstudio.core.budget import size_text
from cnnstudio.core.dataset_catalog import TITLES
from cnnstudio.core.dataset_size import dataset_name, folder_root
from cnnstudio.core.labels import duration_text
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.theme import Tone, set_text_colour


class _Download(QObject):
    """Runs on the thread: the whole download, reporting through signals."""

    progressed = Signal(object)  # download.Progress
    done = Signal(str)  # "" when it worked, else the one-line reason (English, for translate_core)

    def __init__(self, name: str, root: Path) -> None:
        super().__init__()
        self.name, self.root, self.cancel = name, root, threading.Event()

    def run(self) -> None:
        from cnnstudio.training.downloads.fetch import DownloadError
        from cnnstudio.training.downloads.sets import download_set

        try:
            download_set(self.name, self.root, self.progressed.emit, self.cancel)
        except DownloadError as error:
            self.done.emit(str(error))
            return
        except Exception as error:  # an unexpected fault still ends the dialog with its words
            self.done.emit(f"{type(error).__name__}: {error}")
            return
        self.done.emit("")


_LIVE: set[tuple[QThread, _Download]] = set()  # downloads still running, whatever became of their dialog


def _stop_all_when_quitting() -> None:
    """Cancel and wait for every download as the application quits (Python must not outlive a QThread)."""
    app = QCoreApplication.instance()
    if app is None or app.property("downloads_stop_on_quit"):
        return
    app.setProperty("downloads_stop_on_quit", True)

    def stop_all() -> None:
        for thread, job in list(_LIVE):
            job.cancel.set()
            thread.quit()
            thread.wait()

    app.aboutToQuit.connect(stop_all)


class DownloadDialog(QDialog):
    """Downloads ``dataset``'s missing files; ``accepted`` when they are all there, ``rejected`` otherwise."""

    def __init__(self, dataset: Mapping[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = dataset_name(dataset)
        self.root = folder_root(dataset)
        self.error = ""  # the failure's reason, translated, once there is one
        self.cancelled = False
        title = TITLES.get(self.name, self.name)
        self.setWindowTitle(self.tr("Downloading {0}").format(title))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.heading = QLabel(self.tr("Downloading {0} into {1}").format(title, self.root))
        self.heading.setWordWrap(True)
        self.file_label = QLabel(self.tr("Connecting…"))
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first bytes say how many there are
        self.figures = QLabel(" ")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_text_colour(self.message, Tone.ERROR)
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancel"))
        self.buttons.rejected.connect(self._on_cancel_clicked)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.file_label, self.bar, self.figures, self.message, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(520)
        self._thread: QThread | None = None
        self._job: _Download | None = None

    def begin(self) -> None:
        """Start the download on its thread (the dialog is shown by the caller: ``open()`` or ``show()``)."""
        self._job = job = _Download(self.name, self.root)
        # The thread is no child of the dialog: a dialog destroyed mid-download (its window closed) must not
        # destroy a running QThread, which aborts the program. It is cancelled and kept until it ends.
        self._thread = thread = QThread()
        _LIVE.add((thread, job))
        thread.finished.connect(lambda: _LIVE.discard((thread, job)))
        self.destroyed.connect(job.cancel.set)
        _stop_all_when_quitting()
        self._job.moveToThread(self._thread)
        self._thread.started.connect(self._job.run)
        self._job.progressed.connect(self._on_progress)
        self._job.done.connect(self._on_done)
        self._job.done.connect(self._thread.quit)
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    # -- slots ----------------------------------------------------------------------------------------------
    def _on_progress(self, progress: Any) -> None:
        self.file_label.setText(
            self.tr("File {0} of {1}: {2}").format(progress.index, progress.count, progress.filename)
        )
        if progress.total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * progress.done / progress.total))
            of = self.tr("{0} of {1}").format(size_text(progress.done), size_text(progress.total))
        else:
            of = size_text(progress.done)
        speed = self.tr("{0}/s").format(size_text(int(progress.speed)))
        left = (
            self.tr("{0} left").format(duration_text(progress.seconds_left))
            if progress.seconds_left is not None
            else ""
        )
        self.figures.setText("   ".join(part for part in (of, speed, left) if part))

    def _on_cancel_clicked(self) -> None:
        if not self.is_running():
            self.reject()  # after a failure the button reads Close
            return
        self.cancelled = True
        self._job.cancel.set()
        self.cancel_button.setEnabled(False)
        self.file_label.setText(self.tr("Cancelling…"))

    def _on_done(self, error: str) -> None:
        self._wait()
        if not error:
            self.accept()
        elif self.cancelled:
            self.reject()
        else:
            self.error = translate_core(error)
            self.file_label.setText(self.tr("The download failed; nothing was left behind."))
            self.message.setText(self.error)
            self.message.show()
            self.bar.hide()
            self.figures.hide()
            self.cancel_button.setText(self.tr("Close"))
            self.cancel_button.setEnabled(True)
            self.adjustSize()

    def _wait(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()

    def reject(self) -> None:
        """Escape and the window's close button cancel as the Cancel button does."""
        if self.is_running():
            self._on_cancel_clicked()
            return
        super().reject()
