"""The pages beyond Design, added to the window in one place (each loads its heavy parts lazily)."""

from __future__ import annotations

from cnnstudio.ui.window import MainWindow


def add_pages(window: MainWindow) -> None:
    """Add the training and teaching pages that exist; each registers its close hook."""
    del window  # the Train and Teach pages are added here as they land
