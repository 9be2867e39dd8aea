"""Downloading a set from the window: the dialog shows bytes, speed and time left, Cancel stops it and
leaves nothing, a failure says why, Start downloads first, and Preferences choose the folder."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest
import torchvision
from dataset_server import md5, mnist_files
from PySide6.QtCore import QSettings, QStandardPaths, Qt
from studio_fixtures import TINY_LAYERS

from cnnstudio.core import specs as S
from cnnstudio.core.data_folder import platform_data_folder
from cnnstudio.core.dataset_size import folder_root
from cnnstudio.ui.preferences import PreferencesDialog, apply_data_folder
from cnnstudio.ui.train.download_dialog import DownloadDialog

MNIST = torchvision.datasets.MNIST


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """MNIST-like files, 1 MB of training images (stored, not compressed) (time to click Cancel), as torchvision's list names them."""
    noise = np.random.default_rng(3).integers(0, 256, 1_000_000, dtype=np.uint8).tobytes()
    files = {**mnist_files(), "train-images-idx3-ubyte.gz": gzip.compress(noise, compresslevel=0)}
    monkeypatch.setattr(MNIST, "resources", [(name, md5(files[name])) for name, _ in MNIST.resources])
    return files


def _dialog(qtbot, root: Path) -> DownloadDialog:
    dialog = DownloadDialog({"name": "mnist", "root": str(root), "download": True})
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.begin()
    return dialog


def test_the_dialog_shows_bytes_and_cancel_stops_and_cleans_up(qtbot, tmp_path, serve, published) -> None:
    serve(published, delay_s=0.05)  # 3 s in all: time to click Cancel
    dialog = _dialog(qtbot, tmp_path / "sets")
    qtbot.waitUntil(lambda: " of 1.00 MB" in dialog.figures.text(), timeout=20_000)
    assert dialog.file_label.text() == "File 1 of 4: train-images-idx3-ubyte.gz"
    assert "/s" in dialog.figures.text() and 0 < dialog.bar.value() < 1000
    with qtbot.waitSignal(dialog.rejected, timeout=20_000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.cancelled and not dialog.is_running()
    assert not (tmp_path / "sets").exists(), "no partial file, no empty folder"


def test_a_finished_download_accepts(qtbot, tmp_path, serve, published) -> None:
    serve(published)
    dialog = _dialog(qtbot, tmp_path)
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        pass
    assert (tmp_path / "MNIST/raw/train-images-idx3-ubyte").stat().st_size == 1_000_000


def test_a_failure_stays_in_the_dialog_with_its_reason(qtbot, tmp_path, serve, published) -> None:
    server = serve({})
    dialog = _dialog(qtbot, tmp_path / "sets")
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=20_000)
    assert dialog.message.text().startswith(
        f"MNIST: train-images-idx3-ubyte.gz could not be downloaded: HTTP 404 Not Found ({server.url}/"
    )
    assert dialog.cancel_button.text() == "Close" and dialog.isVisible()
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not (tmp_path / "sets").exists()


def test_start_downloads_first_then_trains(studio, qtbot, tmp_path, serve, monkeypatch) -> None:
    files = mnist_files(train=64, test=16)
    monkeypatch.setattr(MNIST, "resources", [(name, md5(files[name])) for name, _ in MNIST.resources])
    serve(files, delay_s=0.05)
    page, doc = studio.training, studio.document
    doc.push(doc.project.with_layers((*TINY_LAYERS[:-1], S.Linear(out_features=10))), "ten classes")
    doc.set_dataset({"name": "mnist", "root": str(tmp_path / "sets"), "download": True})
    assert page.start_button.isEnabled(), page.status.text()
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    dialog = page.download
    assert dialog is not None and dialog.isVisible() and not page.controller.is_running()
    with qtbot.waitSignal(page.run_finished, timeout=90_000):
        pass
    assert (tmp_path / "sets/MNIST/raw/t10k-images-idx3-ubyte").is_file()
    qtbot.waitUntil(lambda: not page.controller.is_running())
    assert len(doc.project.runs) == 1


def test_a_cancelled_download_starts_nothing(studio, qtbot, tmp_path, serve, published) -> None:
    serve(published, delay_s=0.05)
    page, doc = studio.training, studio.document
    doc.push(doc.project.with_layers((*TINY_LAYERS[:-1], S.Linear(out_features=10))), "ten classes")
    doc.set_dataset({"name": "mnist", "root": str(tmp_path / "sets"), "download": True})
    page.start()
    qtbot.waitUntil(lambda: "of 1.00 MB" in page.download.figures.text(), timeout=20_000)
    with qtbot.waitSignal(page.download.rejected, timeout=20_000):
        page.download.cancel_button.click()
    assert page.status.text() == "Download cancelled" and not page.controller.is_running()
    assert doc.project.runs == () and not (tmp_path / "sets").exists()


def test_qt_and_platformdirs_agree_on_the_data_location(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    QStandardPaths.setTestModeEnabled(False)  # pytest-qt's test mode answers ~/.qttest
    try:
        qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    finally:
        QStandardPaths.setTestModeEnabled(True)
    assert (
        Path(qt) / "cnnstudio" / "datasets" == platform_data_folder() == tmp_path / "xdg/cnnstudio/datasets"
    )


def test_preferences_choose_the_dataset_folder(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CNNSTUDIO_DATA_DIR", raising=False)
    monkeypatch.setattr("cnnstudio.ui.preferences._SHELL_DATA_FOLDER", None)
    prefs = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    dialog = PreferencesDialog(prefs)
    qtbot.addWidget(dialog)
    default = tmp_path / "xdg/cnnstudio/datasets"
    assert dialog.data_folder.text() == "" and dialog.data_folder.placeholderText() == str(default)
    assert dialog.data_note.text() == f"Blank: {default}, the platform's data folder."
    qtbot.keyClicks(dialog.data_folder, str(tmp_path / "class-sets"))
    dialog.accept()
    assert prefs.value("data_folder") == str(tmp_path / "class-sets")
    assert folder_root({"name": "cifar10"}) == tmp_path / "class-sets", "Start's checks and downloads use it"
    prefs.setValue("data_folder", "")
    apply_data_folder(prefs)
    (tmp_path / "cnnstudio-data").mkdir()  # an earlier version's folder: still read, and the dialog says so
    assert folder_root({"name": "cifar10"}) == tmp_path / "cnnstudio-data"
    again = PreferencesDialog(prefs)
    qtbot.addWidget(again)
    assert "the folder earlier versions used" in again.data_note.text()


def test_in_chinese_the_dialog_and_its_failure_read_chinese(qtbot, qapp, tmp_path, serve, published) -> None:
    from cnnstudio.ui import i18n

    server = serve({})
    assert i18n.install_language(qapp, "zh_CN")
    try:
        dialog = _dialog(qtbot, tmp_path / "sets")
        assert dialog.windowTitle() == "正在下载 MNIST"
        qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=20_000)
        assert dialog.message.text().startswith(
            f"MNIST：无法下载 train-images-idx3-ubyte.gz：HTTP 404 Not Found ({server.url}/"
        )
        assert (
            "没有网络时：在能上网的电脑上下载 https://ossci-datasets.s3.amazonaws.com/mnist/"
            in dialog.message.text()
        )
        assert dialog.cancel_button.text() == "关闭"
    finally:
        i18n.install_language(qapp, "en")
