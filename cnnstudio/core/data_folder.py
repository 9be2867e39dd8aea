"""Where the downloadable sets (MNIST ... SVHN) live when a project names no ``dataset.root``.

Why the platform's data location (platformdirs: ``~/.local/share/cnnstudio/datasets`` on Linux,
``%LOCALAPPDATA%\\cnnstudio\\datasets`` on Windows, ``~/Library/Application Support/cnnstudio/datasets`` on
macOS) and not ``~/cnnstudio-data``: a program does not put folders in a person's home uninvited. Why data
rather than cache: a classroom machine that is offline in class must not lose 200 MB of sets to a cache
clean-up. The window and the command line both ask this module (the window's Preferences only set
:data:`FOLDER_VARIABLE`), so they always agree.

The order: the ``CNNSTUDIO_DATA_DIR`` environment variable (the window's Preferences, or a person's shell),
then ``~/cnnstudio-data`` when it exists (the former default: sets already there keep working), then the
platform's folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

FOLDER_VARIABLE = "CNNSTUDIO_DATA_DIR"
LEGACY_FOLDER = "~/cnnstudio-data"
APP_FOLDER = "cnnstudio"


@dataclass(frozen=True)
class DataFolder:
    """The folder and why it is that one: ``chosen`` (the variable), ``legacy`` or ``platform``."""

    path: Path
    origin: str

    def note(self) -> str:
        """One line for a person when the folder is not the obvious one; "" otherwise."""
        if self.origin == "legacy":
            return (
                f"reading the datasets in {self.path}, the former default folder "
                f"(new installs use {platform_data_folder()})"
            )
        return ""


def platform_data_folder() -> Path:
    """The platform's per-user data folder for CNN Studio's datasets."""
    return Path(platformdirs.user_data_dir(APP_FOLDER, appauthor=False)) / "datasets"


def default_data_folder(chosen: str | None = None) -> DataFolder:
    """Where a torchvision set with no ``root`` is read from and downloaded to; ``chosen`` stands for the
    variable (None: read it; "": as if unset, which is what a blank field in Preferences means)."""
    chosen = (os.environ.get(FOLDER_VARIABLE, "") if chosen is None else chosen).strip()
    if chosen:
        return DataFolder(Path(chosen).expanduser(), "chosen")
    legacy = Path(LEGACY_FOLDER).expanduser()
    if legacy.is_dir():
        return DataFolder(legacy, "legacy")
    return DataFolder(platform_data_folder(), "platform")
