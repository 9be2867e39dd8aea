"""GUI fixtures: a main window on a fresh document with its own settings file, and no leftover threads."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QStandardPaths, QThread
from PySide6.QtWidgets import QApplication, QMessageBox
from studio_fixtures import tiny_project

from cnnstudio.core.project import Project, default_project
from cnnstudio.core.project_file import save
from cnnstudio.ui.document import ProjectDocument

# Caches, autosaves and unsaved runs go to Qt's test locations (~/.qttest), never the user's own folders.
QStandardPaths.setTestModeEnabled(True)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """After every fixture and pytest-qt have closed a test's widgets, delete them now, wrappers and all.

    Closed widgets were only scheduled (deleteLater) and their Python wrappers, held in reference cycles,
    freed whenever the garbage collector next ran: once, under load, mid-paint in a later test, where the
    half-freed tools' event filters failed and the process crashed in ConvCanvas.paintEvent.
    """
    result = yield
    if QApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    return result


@pytest.fixture
def prefs(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def autosave_dir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "autosave"
    monkeypatch.setattr("cnnstudio.ui.file_actions.autosave_folder", lambda: folder)
    return folder


@pytest.fixture
def make_window(qtbot, prefs, autosave_dir, tmp_path):
    """Factory for the real main window (napari's ``make_napari_viewer`` style); closed after the test.

    ``make_window(project=None, *, pages=True, file=None, show=True, size=(1300, 850))``: the window on
    ``project`` (default: the default project) with the Train and Teach pages when ``pages``; with ``file``
    the project is first saved as ``tmp_path / file`` and opened from there, so runs are written beside it.
    """
    from cnnstudio.ui.pages import add_pages
    from cnnstudio.ui.window import MainWindow

    made: list[MainWindow] = []

    def make(
        project: Project | None = None,
        *,
        pages: bool = True,
        file: str | None = None,
        show: bool = True,
        size: tuple[int, int] | None = (1300, 850),
    ) -> MainWindow:
        project = project if project is not None else default_project()
        if file is None:
            document = ProjectDocument(project)
        else:
            save(project, tmp_path / file)
            document = ProjectDocument()
            document.open(tmp_path / file)
        win = MainWindow(document, prefs)
        made.append(win)
        if pages:
            add_pages(win)
        if size is not None:
            win.resize(*size)
        if show:
            win.show()
            qtbot.waitExposed(win)
        return win

    yield make
    for win in made:
        win.document.mark_clean()
        win.close()
        win.deleteLater()


@pytest.fixture
def window(make_window):
    """The window with its Design page only, on the default project (not saved)."""
    return make_window(pages=False)


@dataclass
class MessageBoxes:
    """Every message box a test raised, and the answer the next question gets (never a blocking dialog)."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)
    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Discard

    def titles(self) -> list[str]:
        return [title for _, title, _ in self.shown]


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch) -> MessageBoxes:
    """Record message boxes instead of blocking on them; questions get ``answer``."""
    boxes = MessageBoxes()

    def fake(kind: str):
        def show(parent, title, text, *args, **kwargs):
            boxes.shown.append((kind, title, text))
            return boxes.answer if kind == "question" else QMessageBox.StandardButton.Ok

        return show

    for kind in ("question", "critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake(kind)))
    return boxes


@pytest.fixture(autouse=True)
def no_thread_left_running(qtbot):
    """Fail any GUI test that leaves a QThread running (a training run not stopped cleanly)."""
    yield
    from cnnstudio.ui.train.run_controller import running_threads

    running = [t for t in _threads() if t.isRunning()] + running_threads()
    assert not running, f"QThreads still running after the test: {running}"


def _threads() -> list[QThread]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    return [] if app is None else app.findChildren(QThread)


@pytest.fixture
def studio(make_window):
    """The real window with its Train page, on a tiny project saved in tmp_path (runs go beside it)."""
    win = make_window(tiny_project(), file="tiny.cnnproj.json")
    win.tabs.setCurrentWidget(win.training)
    return win


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """(project, folder) of a one-epoch tiny run trained and recorded once per test module (the insight
    views' tests look inside it)."""
    from studio_fixtures import train_tiny_run

    folder = tmp_path_factory.mktemp("run")
    return train_tiny_run(folder), folder


@pytest.fixture
def make_run_view(qtbot, tiny_run):
    """Factory: ``make_run_view(ViewClass, size)`` is an insight view (Channels, Feature space...) made on
    the tiny run's project, shown at ``size`` and given that run; stopped after the test."""
    from cnnstudio.ui.document import ProjectDocument
    from cnnstudio.ui.train.shown_run import ShownRun

    made = []

    def make(view_class, size: tuple[int, int]):
        project, folder = tiny_run
        widget = view_class(ProjectDocument(project))
        qtbot.addWidget(widget)
        widget.resize(*size)
        widget.show()
        widget.set_run(ShownRun("r1", "Run 1", project, folder))
        made.append(widget)
        return widget

    yield make
    for widget in made:
        widget.stop()
