"""The default folder of the downloadable sets: the variable, the former ~/cnnstudio-data, the platform's."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from cnnstudio.core.data_folder import default_data_folder, platform_data_folder
from cnnstudio.core.dataset_size import folder_problem, folder_root, needs_download


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CNNSTUDIO_DATA_DIR", raising=False)
    return tmp_path


def test_the_platform_folder_is_platformdirs_data_location(home: Path) -> None:
    assert (
        platform_data_folder() == Path(platformdirs.user_data_dir("cnnstudio", appauthor=False)) / "datasets"
    )
    assert default_data_folder().path == home / "xdg" / "cnnstudio" / "datasets"
    assert default_data_folder().origin == "platform" and default_data_folder().note() == ""
    assert folder_root({"name": "mnist"}) == home / "xdg" / "cnnstudio" / "datasets"
    assert not (home / "cnnstudio-data").exists(), "no folder in the home made uninvited"


def test_an_existing_cnnstudio_data_keeps_working_and_says_so(home: Path) -> None:
    (home / "cnnstudio-data").mkdir()
    folder = default_data_folder()
    assert (folder.path, folder.origin) == (home / "cnnstudio-data", "legacy")
    assert folder.note().startswith(f"reading the datasets in {home / 'cnnstudio-data'}, the former default")
    assert folder_root({"name": "cifar10", "root": ""}) == home / "cnnstudio-data"


def test_the_chosen_folder_wins_and_a_project_root_wins_over_it(home: Path, monkeypatch) -> None:
    (home / "cnnstudio-data").mkdir()
    monkeypatch.setenv("CNNSTUDIO_DATA_DIR", str(home / "chosen"))
    assert default_data_folder().path == home / "chosen"
    assert folder_root({"name": "svhn"}) == home / "chosen"
    assert folder_root({"name": "svhn", "root": str(home / "own")}) == home / "own"


def test_missing_files_are_known_without_torch(home: Path) -> None:
    dataset = {"name": "mnist", "root": str(home)}
    assert folder_problem(dataset).startswith(f"MNIST is not in {home} (4 files missing")
    assert needs_download({**dataset, "download": True}) and not needs_download(dataset)
    raw = home / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name in ("train-images-idx3", "train-labels-idx1", "t10k-images-idx3", "t10k-labels-idx1"):
        (raw / f"{name}-ubyte").write_bytes(b"")
    assert folder_problem(dataset) == "" and not needs_download({**dataset, "download": True})
    assert not needs_download({"name": "shapes", "download": True})
