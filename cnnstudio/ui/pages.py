"""The pages beyond Design, added to the window in one place, with their menus and close hooks."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from cnnstudio.ui.window import MainWindow


def add_pages(window: MainWindow) -> None:
    """Add the Train page with a Run menu and a toolbar Start, and register its close hook."""
    from cnnstudio.ui.dashboard.training_page import TrainingPage

    page = TrainingPage(window.document)
    window.training = page
    index = window.add_page(page, window.tr("Train"))
    window.about_to_close.append(page.may_close)

    def start() -> None:
        window.tabs.setCurrentIndex(index)
        page.start()

    start_action = window._action(window.tr("&Start training"), start, QKeySequence("Ctrl+R"))
    pause_action = window._action(window.tr("&Pause or resume"), page.toggle_pause, QKeySequence("Ctrl+P"))
    stop_action = window._action(window.tr("S&top training"), page.stop, QKeySequence("Ctrl+."))
    window.start_action = start_action

    def sync() -> None:
        start_action.setEnabled(page.start_button.isEnabled())
        start_action.setToolTip(page.start_button.toolTip())
        pause_action.setEnabled(page.pause_button.isEnabled())
        stop_action.setEnabled(page.stop_button.isEnabled())

    page.buttons_changed.connect(sync)
    sync()
    menu = window.add_menu(window.tr("&Run"))
    menu.addActions([start_action, pause_action, stop_action])
    window.toolbar.addSeparator()
    window.toolbar.addActions([start_action, stop_action])
