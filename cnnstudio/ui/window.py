"""The main window: menus, toolbar, the pages (Design, Train, Teach) and the status line.

Pages are added with ``add_page``; a page that holds work in progress (a training run) registers a hook in
``about_to_close`` that is asked before the window closes or the project is replaced, so a run is stopped
cleanly instead of being killed with its thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QWidget,
)

from cnnstudio import __version__
from cnnstudio.core.project import Project, default_project
from cnnstudio.ui import presenter
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.design.design_page import DesignPage
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.file_actions import FileActions, recent_files
from cnnstudio.ui.preferences import PreferencesDialog, apply_colormap, presenter_scale
from cnnstudio.ui.problem_text import network_problem, unknown_keys_text
from cnnstudio.ui.theme import Tone, follow_scheme, set_text_colour
from cnnstudio.ui.widgets.scrolling_tabs import ScrollingTabs
from cnnstudio.ui.window_geometry import refit_with_frame, restore_geometry, save_geometry

SHORTCUTS = (
    ("Ctrl+N", QT_TRANSLATE_NOOP("MainWindow", "New project")),
    ("Ctrl+O", QT_TRANSLATE_NOOP("MainWindow", "Open project")),
    ("Ctrl+S", QT_TRANSLATE_NOOP("MainWindow", "Save")),
    ("Ctrl+Shift+S", QT_TRANSLATE_NOOP("MainWindow", "Save as")),
    ("Ctrl+Z", QT_TRANSLATE_NOOP("MainWindow", "Undo")),
    ("Ctrl+Shift+Z / Ctrl+Y", QT_TRANSLATE_NOOP("MainWindow", "Redo")),
    ("Ctrl+D", QT_TRANSLATE_NOOP("MainWindow", "Duplicate the selected layer")),
    ("Delete", QT_TRANSLATE_NOOP("MainWindow", "Delete the selected layer")),
    ("Up / Down", QT_TRANSLATE_NOOP("MainWindow", "Select the previous / next layer")),
    ("F11", QT_TRANSLATE_NOOP("MainWindow", "Presenter mode (large fonts)")),
)


def new_project() -> Project:
    """The default project, named in the installed language (its name is the user's to change)."""
    project = default_project()
    return project.replace(name=translate_core(project.name))


def _key_text(keys: str) -> str:
    """Key names as the platform writes them, in the installed language (Qt's own translation: 上方向)."""
    native = QKeySequence.SequenceFormat.NativeText
    return " / ".join(QKeySequence(key.strip()).toString(native) for key in keys.split("/"))


def unique_keys(*keys: QKeySequence | str) -> list[QKeySequence]:
    """The key sequences in order, each once (a sequence listed twice on one action is ambiguous to Qt)."""
    seen: list[QKeySequence] = []
    for key in keys:
        sequence = QKeySequence(key)
        if not sequence.isEmpty() and sequence not in seen:
            seen.append(sequence)
    return seen


class MainWindow(QMainWindow):
    def __init__(self, document: ProjectDocument | None = None, prefs: QSettings | None = None) -> None:
        super().__init__()
        self.document = document or ProjectDocument(new_project())
        self.prefs = prefs or QSettings()
        self.about_to_close: list[Callable[[], bool]] = []
        self.files = FileActions(self.document, self, self.prefs)
        self.tabs = ScrollingTabs()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.design = DesignPage(self.document)
        self.add_page(self.design, self.tr("Design"))
        self.status = QLabel()
        self._activity = ""  # see set_activity
        self.start_blocker: Callable[[], str] | None = None  # the Train page's reason Start cannot run
        self.statusBar().addPermanentWidget(self.status, 1)
        self._build_actions()
        self._build_menus()
        self.document.file_state_changed.connect(self._update_title)
        self.document.changed.connect(self._update_status)
        self._update_title()
        self._update_status()
        self._restore_layout()

    # -- pages --------------------------------------------------------------------------------------------
    def add_page(self, widget: QWidget, title: str) -> int:
        return self.tabs.addTab(widget, title)

    def add_menu(self, title: str) -> QMenu:
        """A page's own menu, placed before Help."""
        menu = QMenu(title, self)
        self.menuBar().insertMenu(self.help_menu.menuAction(), menu)
        return menu

    # -- actions ------------------------------------------------------------------------------------------
    def _action(self, text: str, slot: Callable, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._action(self.tr("&New"), self.new_project, keys.New)
        self.template_action = self._action(self.tr("New from &template…"), self.new_from_template)
        self.open_action = self._action(self.tr("&Open…"), self.open_file, keys.Open)
        self.import_action = self._action(self.tr("&Import network…"), self.import_network)
        self.compare_action = self._action(self.tr("&Compare with…"), self.compare_networks)
        self.figure_action = self._action(self.tr("Export &figure…"), self.export_figure)
        self.table_figure_action = self._action(self.tr("Export layer &table…"), self.export_layer_table)
        self.save_action = self._action(self.tr("&Save"), self.files.save, keys.Save)
        self.save_as_action = self._action(self.tr("Save &as…"), self.files.save_as, "Ctrl+Shift+S")
        self.quit_action = self._action(self.tr("&Quit"), self.close, keys.Quit)
        stack = self.document.undo_stack
        self.undo_action = stack.createUndoAction(self, self.tr("Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, self.tr("Redo"))
        # Ctrl+Shift+Z and Ctrl+Y everywhere, each once: on X11 the platform's Redo *is* Ctrl+Shift+Z, and a
        # key listed twice on one action makes Qt call it ambiguous and run nothing (issue 12.3).
        self.redo_action.setShortcuts(
            unique_keys("Ctrl+Shift+Z", "Ctrl+Y", *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
        )
        tree = self.design.tree
        self.duplicate_action = self._action(self.tr("&Duplicate layer"), tree.duplicate_selected, "Ctrl+D")
        # The Delete key itself: the platform's Delete binding adds Ctrl+D on X11, Duplicate's key.
        self.delete_action = self._action(self.tr("De&lete layer"), tree.delete_selected, "Del")
        for action in (self.duplicate_action, self.delete_action):
            # Shown in the Edit menu, but only the network list reacts to the key: Delete in a spin box
            # must delete a digit, not a layer.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tree.addAction(action)
        # The toolbar's buttons keep a short label; the menu's actions say what they would undo.
        self.undo_button = self._action(self.tr("Undo"), stack.undo)
        self.redo_button = self._action(self.tr("Redo"), stack.redo)
        for button, can, text in (
            (self.undo_button, stack.canUndoChanged, stack.undoTextChanged),
            (self.redo_button, stack.canRedoChanged, stack.redoTextChanged),
        ):
            can.connect(button.setEnabled)
            text.connect(button.setToolTip)
        self.undo_button.setEnabled(stack.canUndo())
        self.redo_button.setEnabled(stack.canRedo())
        self.presenter_action = self._action(self.tr("&Presenter mode"), self.toggle_presenter, "F11")
        self.presenter_action.setCheckable(True)
        self.preferences_action = self._action(self.tr("Pre&ferences…"), self.show_preferences)
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = self.file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addActions(
            [self.new_action, self.template_action, self.open_action, self.import_action, self.compare_action]
        )
        self.recent_menu = QMenu(self.tr("Open &recent"), self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions(
            [self.save_action, self.save_as_action, self.figure_action, self.table_figure_action]
        )
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit = bar.addMenu(self.tr("&Edit"))
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addActions([self.duplicate_action, self.delete_action])
        edit.addSeparator()
        edit.addAction(self.preferences_action)
        self.view_menu = bar.addMenu(self.tr("&View"))
        self.view_menu.addAction(self.presenter_action)
        help_menu = self.help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&Keyboard shortcuts"), self.show_shortcuts))
        help_menu.addAction(self._action(self.tr("&About CNN Studio"), self.show_about))
        toolbar = self.toolbar = QToolBar(self.tr("Main"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.new_action, self.template_action, self.open_action, self.save_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_button, self.redo_button])
        self.addToolBar(toolbar)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = recent_files(self.prefs)
        for path in paths:
            self.recent_menu.addAction(Path(path).name, lambda p=path: self.open_file(p)).setToolTip(path)
        if not paths:
            self.recent_menu.addAction(self.tr("No recent projects")).setEnabled(False)

    # -- commands -------------------------------------------------------------------------------------------
    def _may_replace(self) -> bool:
        return all(hook() for hook in self.about_to_close)

    def new_project(self, project: Project | None = None) -> bool:
        return self._may_replace() and self.files.new(project or new_project())

    def open_file(self, path: str | Path | None = None) -> bool:
        """Open ``path`` (asked for first: a cancelled dialog must not stop a training run for nothing)."""
        path = path or self.files.ask_open_path()
        return bool(path) and self._may_replace() and self.files.open(path)

    def import_network(self) -> bool:
        """File > Import: a torchvision model or a module file, written as a project, then opened."""
        from cnnstudio.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.files._folder(), self)
        if dialog.exec() and dialog.path is not None:
            return self.open_file(dialog.path)
        return False

    def compare_networks(self) -> None:
        """File > Compare with…: the current network against a template, a file or an import, side by side."""
        from cnnstudio.ui.compare_view import CompareDialog

        self.compare_dialog = CompareDialog(self.document.project, self, self.document.path)
        self.compare_dialog.show()

    def export_figure(self, path: str | None = None) -> bool:
        """File > Export figure: the volume diagram as SVG, PDF, PNG (300 dpi) or TikZ, every layer at zoom 1,
        its blocks collapsed or expanded as the Design page shows them."""
        from cnnstudio.ui.design.figure_export import export_volume_diagram

        expanded = self.design.diagram.expanded()
        filters = self.tr("SVG (*.svg);;PDF (*.pdf);;PNG, 300 dpi (*.png);;TikZ/LaTeX (*.tex)")
        write = lambda doc, target: export_volume_diagram(doc, target, expanded)  # noqa: E731
        return self._export(self.tr("Export figure"), "", filters, write, path)

    def export_layer_table(self, path: str | None = None) -> bool:
        """File > Export layer table: the summary's rows as SVG, PDF or PNG (300 dpi)."""
        from cnnstudio.ui.design.figure_export import export_layer_table

        filters = self.tr("SVG (*.svg);;PDF (*.pdf);;PNG, 300 dpi (*.png)")
        return self._export(self.tr("Export layer table"), " layers", filters, export_layer_table, path)

    def _export(self, title: str, suffix: str, filters: str, write: Callable, path: str | None) -> bool:
        """Ask for the file (unless ``path``), then ``write(document, path)``; a failure is shown, not raised."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from cnnstudio.ui.design.figure_export import FigureError

        if path is None:
            name = f"{self.document.project.name or 'network'}{suffix}.svg"
            path, _ = QFileDialog.getSaveFileName(
                self, title, str(Path(self.files._folder()) / name), filters
            )
        if not path:
            return False
        try:
            write(self.document, path)
        except FigureError as exc:
            QMessageBox.critical(self, self.tr("Cannot export the figure"), str(exc))
            return False
        return True

    def new_from_template(self) -> bool:
        from cnnstudio.ui.template_dialog import TemplateDialog

        dialog = TemplateDialog(self)
        if dialog.exec() and dialog.project is not None:
            return self.new_project(dialog.project)
        return False

    def toggle_presenter(self) -> None:
        """Large fonts for a projector: every text, by the factor of the preferences (presenter.py)."""
        presenter.set_presenter(self.presenter_action.isChecked(), presenter_scale(self.prefs))
        QTimer.singleShot(0, lambda: refit_with_frame(self))  # larger pages must not push it off screen

    def show_preferences(self) -> bool:
        """Edit > Preferences; what can change at once (font scale, colour map, colour scheme) changes when
        accepted."""
        dialog = PreferencesDialog(self.prefs, self)
        if not dialog.exec():
            return False
        apply_colormap(self.prefs, self)
        follow_scheme(self.prefs)
        if self.presenter_action.isChecked():
            self.toggle_presenter()
        return True

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td><b>{_key_text(k)}</b></td><td>{self.tr(t)}</td></tr>" for k, t in SHORTCUTS)
        QMessageBox.information(self, self.tr("Keyboard shortcuts"), f"<table cellspacing='6'>{rows}</table>")

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About CNN Studio"),
            self.tr(
                "<h3>CNN Studio {0}</h3><p>Design, train and inspect convolutional neural networks.</p>"
                "<p>Settings: {1}</p>"
            ).format(__version__, self.prefs.fileName()),
        )

    # -- window state ----------------------------------------------------------------------------------------
    def _update_title(self) -> None:
        self.setWindowTitle(self.document.title())
        self.setWindowModified(self.document.is_modified())

    def set_activity(self, text: str) -> None:
        """What the program is busy with (a training run), shown instead of "Ready to train"; "" when idle."""
        self._activity = text
        self._update_status()

    def _update_status(self) -> None:
        report = self.document.project.report
        unknown, unknown_list = unknown_keys_text(self.document.project)  # a typo is kept but named (18.4)
        self.status.setToolTip(unknown_list)
        if self._activity:
            self.status.setText(self._activity)
            set_text_colour(self.status, None)
            return
        blocker = (
            self.start_blocker() if self.start_blocker is not None else network_problem(self.document.project)
        )
        if blocker:  # "Ready to train" only when Start can run; else why not, as the Start button says it
            self.status.setText(f"{blocker} · ⚠ {unknown}" if unknown else blocker)
            set_text_colour(self.status, Tone.ERROR)
        else:
            ready = self.tr("Ready to train · {0:,} parameters").format(report.total_params)
            self.status.setText(f"{ready} · ⚠ {unknown}" if unknown else ready)
            set_text_colour(self.status, Tone.WARNING if unknown else None)

    def _restore_layout(self) -> None:
        restore_geometry(self, self.prefs)
        state = self.prefs.value("window/state")
        if state is not None:
            self.restoreState(state)
        splitter = self.prefs.value("window/design_splitter")
        if splitter is not None:
            self.design.splitter.restoreState(splitter)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        refit_with_frame(self)  # the first show tells the real title bar's height

    def closeEvent(self, event: QCloseEvent) -> None:
        if not (self._may_replace() and self.files.may_discard()):
            event.ignore()
            return
        save_geometry(self, self.prefs)
        self.prefs.setValue("window/state", self.saveState())
        self.prefs.setValue("window/design_splitter", self.design.splitter.saveState())
        self.files.clean_exit()
        event.accept()
