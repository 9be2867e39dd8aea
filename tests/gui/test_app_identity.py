"""The settings and folders are named after the application id, and an earlier version's are taken over once."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings

from cnnstudio.ui import app_identity as identity

ROOT = Path(__file__).resolve().parents[2]


def ini(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


def test_old_settings_are_copied_once_and_kept(tmp_path: Path) -> None:
    old, new = ini(tmp_path / "old.conf"), ini(tmp_path / "new.conf")
    old.setValue("language", "zh_CN")
    old.setValue("recent_files", ["/a.cnnproj.json", "/b.cnnproj.json"])
    old.sync()
    assert identity.migrate_prefs(old, new)
    again = ini(tmp_path / "new.conf")
    assert again.value("language") == "zh_CN"
    assert again.value("recent_files") == ["/a.cnnproj.json", "/b.cnnproj.json"]
    assert again.value(identity.MIGRATED_KEY) == old.fileName()
    old.setValue("language", "en")  # the older version, still installed, changes its own
    assert not identity.migrate_prefs(old, again), "once: later runs keep the new settings"
    assert again.value("language") == "zh_CN" and old.value("language") == "en"


def test_nothing_is_copied_over_settings_the_new_names_already_have(tmp_path: Path) -> None:
    old, new = ini(tmp_path / "old.conf"), ini(tmp_path / "new.conf")
    old.setValue("language", "zh_CN")
    new.setValue("language", "en")
    assert not identity.migrate_prefs(old, new) and new.value("language") == "en"
    assert not identity.migrate_prefs(ini(tmp_path / "none.conf"), ini(tmp_path / "fresh.conf"))


def test_an_old_folder_moves_unless_the_new_one_exists(tmp_path: Path) -> None:
    old = tmp_path / "CNN Studio" / "CNN Studio"
    (old / "autosave").mkdir(parents=True)
    (old / "autosave" / "slot.cnnproj.json").write_text("{}")
    new = tmp_path / identity.ORGANISATION / identity.APPLICATION
    assert identity.migrate_folder(old, new)
    assert (new / "autosave" / "slot.cnnproj.json").read_text() == "{}" and not old.exists()
    old.mkdir(parents=True)
    assert not identity.migrate_folder(old, new) and old.exists()


def test_the_names_are_the_application_id(qapp) -> None:
    names = (qapp.organizationName(), qapp.organizationDomain(), qapp.applicationName())
    try:
        identity.set_identity(qapp)
        assert f"{qapp.organizationName()}.{qapp.applicationName()}" == identity.APP_ID
        assert ".".join(reversed(qapp.organizationDomain().split("."))) == identity.ORGANISATION
        assert qapp.applicationDisplayName() == "CNN Studio"
        if sys.platform.startswith("linux"):
            path = Path(QSettings().fileName())
            assert path.parts[-2:] == ("io.github.cnnstudio", "CnnStudio.conf")
    finally:
        QCoreApplication.setOrganizationName(names[0])
        QCoreApplication.setOrganizationDomain(names[1])
        QCoreApplication.setApplicationName(names[2])
    assert (ROOT / "packaging" / f"{identity.APP_ID}.desktop").is_file()
    assert f'APP_ID = "{identity.APP_ID}"' in (ROOT / "packaging" / "cnnstudio.spec").read_text(
        encoding="utf-8"
    )
