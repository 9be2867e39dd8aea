"""Where the program's icons and translations are, in a checkout, an installed wheel and the bundle alike.

They live in the repository's ``resources/`` folder (the layout in docs/architecture.md and docs/packaging.md). The package reaches them
through ``cnnstudio/resources``, a link to that folder: a checkout and an editable install follow the link,
and building a wheel copies the files behind it (``package-data`` in pyproject.toml), so ``pip install .``
still has its Chinese translation and its icon. The PyInstaller spec puts them at the same place.
"""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
TRANSLATIONS = RESOURCES / "translations"
APP_ICON = RESOURCES / "icons" / "cnnstudio.png"
