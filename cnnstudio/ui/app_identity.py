"""Who the application is to the system: names that match the application id, and the one-time move of what
earlier versions kept under their old names.

The id ``io.github.cnnstudio.CnnStudio`` names the menu entry, the AppStream metadata, the icon, the MIME
type's owner and the macOS bundle (packaging/). Qt builds the settings' place and the data and cache
folders from the organisation and application names (and, on macOS, from the organisation domain), so those
names are the id's parts: settings in ``~/.config/io.github.cnnstudio/CnnStudio.conf`` on Linux,
``io.github.cnnstudio.CnnStudio.plist`` on macOS, ``HKCU\\Software\\io.github.cnnstudio\\CnnStudio`` on
Windows. Versions up to 0.1 used "CNN Studio" for both: their settings and autosaves are taken over once.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication

APP_ID = "io.github.cnnstudio.CnnStudio"
ORGANISATION = "io.github.cnnstudio"
DOMAIN = "cnnstudio.github.io"  # macOS reverses it: io.github.cnnstudio
APPLICATION = "CnnStudio"
DISPLAY_NAME = "CNN Studio"
OLD_NAMES = ("CNN Studio", "CNN Studio")  # organisation, application before 0.2
MIGRATED_KEY = "migrated_from"


def set_identity(app: QApplication) -> None:
    app.setOrganizationName(ORGANISATION)
    app.setOrganizationDomain(DOMAIN)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(DISPLAY_NAME)  # dialog titles and the window title's suffix
    app.setDesktopFileName(APP_ID)  # the menu entry's icon and name for the running window (Wayland)


def migrate_prefs(old: QSettings, new: QSettings) -> bool:
    """Copy every key of ``old`` into ``new`` when ``new`` is still empty; once (``new`` then holds
    ``migrated_from``). The old settings are left where they are, for an older version still installed."""
    if new.allKeys() or not old.allKeys():
        return False
    for key in old.allKeys():
        new.setValue(key, old.value(key))
    new.setValue(MIGRATED_KEY, old.fileName())
    new.sync()
    return True


def migrate_folder(old: Path, new: Path) -> bool:
    """Move ``old`` (an earlier version's autosave or cache folder) to ``new`` unless ``new`` exists."""
    if new.exists() or not old.is_dir():
        return False
    new.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(old), str(new))
    return True


def migrate_old_names() -> None:
    """Take over the settings and the data and cache folders of versions that used the old names."""
    migrate_prefs(QSettings(*OLD_NAMES), QSettings())
    for location in (
        QStandardPaths.StandardLocation.AppDataLocation,
        QStandardPaths.StandardLocation.CacheLocation,
    ):
        base = QStandardPaths.writableLocation(location)
        if base:  # <base>/<organisation>/<application> on every platform
            new = Path(base)
            migrate_folder(new.parent.parent / OLD_NAMES[0] / OLD_NAMES[1], new)
