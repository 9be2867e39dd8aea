"""Autosaves that belong to one window of one running process, and the crashed ones a window may offer back.

Each window writes its unsaved edits to its own file, ``<pid>-<process start>-<window>.cnnproj.json``, and
holds an operating-system lock on ``<same name>.lock`` for as long as it lives. The lock is the liveness
test: the system releases it however the process ends (a crash, ``kill -9``, a power cut), and no pid that
was reused by another program can hold it. So another window never offers or deletes a live window's
autosave (it cannot take the lock), and every autosave whose lock is free is one a crash left behind.

Why a lock written here rather than ``filelock``: the test is "can I take it without waiting, and let it go
at once", across processes *and* between two windows of one process (tests open several), which a plain
``flock``/``msvcrt.locking`` on a file of our own gives in a few lines; filelock's locks are re-entrant
within a process by design.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cnnstudio.core import project_file as files
from cnnstudio.core.errors import CoreError, ProjectFileError
from cnnstudio.core.file_stamp import FileStamp
from cnnstudio.core.project import Project

AUTOSAVE_KEY = "autosave"  # the record inside an autosave: original file, pid, start, the file's stamp
OLD_KEY = "autosave_of"  # what earlier versions wrote (one shared file per project)
LOCK_SUFFIX = ".lock"
PROCESS_STARTED = time.time()
_windows = itertools.count(1)


# -- the operating system's lock --------------------------------------------------------------------------
def _try_lock(handle: IO[bytes]) -> bool:
    """Take the lock on ``handle`` without waiting; False when another holder (any process) has it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def is_live(autosave: Path) -> bool:
    """True while the window that writes ``autosave`` is running (it holds the lock beside it)."""
    lock = autosave.with_name(autosave.name.removesuffix(files.SUFFIX) + LOCK_SUFFIX)
    try:
        handle = open(lock, "rb+")  # noqa: SIM115 (held across the test below, closed in finally)
    except OSError:
        return False  # no lock file: written by an earlier version, or its owner ended
    try:
        if _try_lock(handle):
            _unlock(handle)
            return False
        return True
    finally:
        handle.close()


# -- one window's autosave --------------------------------------------------------------------------------
class AutosaveSlot:
    """The autosave file of one window: written on a timer, removed on every normal end."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        started = time.strftime("%Y%m%d-%H%M%S", time.localtime(PROCESS_STARTED))
        self.name = f"{os.getpid()}-{started}-{next(_windows)}"
        self._lock: IO[bytes] | None = None

    @property
    def path(self) -> Path:
        return self.folder / f"{self.name}{files.SUFFIX}"

    @property
    def lock_path(self) -> Path:
        return self.folder / f"{self.name}{LOCK_SUFFIX}"

    def _hold_lock(self) -> None:
        """Taken before the first write, so the file is never on disk without its owner's lock."""
        if self._lock is not None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        handle = open(self.lock_path, "ab+")  # noqa: SIM115 (held for the window's life)
        if not _try_lock(handle):
            handle.close()
            raise OSError(f"{self.lock_path}: held by another window")
        self._lock = handle

    def write(self, project: Project, original: Path | None, disk: FileStamp | None) -> Path | None:
        """Keep ``project`` (the unsaved edits of ``original``, as it was at ``disk``); None if it failed."""
        record = {
            "of": str(original or ""), "pid": os.getpid(), "process_started": PROCESS_STARTED,
            "written": time.time(), "disk": disk.to_dict() if disk is not None else None,
        }  # fmt: skip
        try:
            self._hold_lock()
            files.save(project.replace(extra={**project.extra, AUTOSAVE_KEY: record}), self.path)
        except (OSError, CoreError):
            return None  # an autosave is a courtesy: a full disk must not interrupt the lesson
        return self.path

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)

    def close(self) -> None:
        """The window ends normally: nothing of it is left to recover."""
        self.remove()
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self.lock_path.unlink(missing_ok=True)
            _unlock(self._lock)
            self._lock.close()
            self._lock = None

    def abandon(self) -> None:
        """What a crash leaves behind: the lock let go, the files kept (for tests that play a crash)."""
        if self._lock is not None:
            _unlock(self._lock)
            self._lock.close()
            self._lock = None


# -- what a crash left --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Recovered:
    """An autosave whose window did not end normally, read back."""

    path: Path
    project: Project  # without the autosave record
    original: Path | None  # the file the edits belong to, None for a project never saved
    written: float  # when the autosave was written (seconds since the epoch)
    disk: FileStamp | None  # the original file as that window had opened or saved it

    def forget(self) -> None:
        """Delete the autosave and its lock file (the user chose to, or its edits live on elsewhere)."""
        for path in (self.path, self.path.with_name(self.path.name.removesuffix(files.SUFFIX) + LOCK_SUFFIX)):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def crashed_autosaves(folder: Path) -> list[Recovered]:
    """Every autosave in ``folder`` whose window is not running, newest first. Live ones are left alone,
    and so are unreadable ones (never deleted silently: a later version may read them)."""
    found = []
    for lock in Path(folder).glob(f"*{LOCK_SUFFIX}"):  # a window that saved, then crashed: nothing to keep
        autosave = lock.with_name(lock.name.removesuffix(LOCK_SUFFIX) + files.SUFFIX)
        if not autosave.exists() and not is_live(autosave):
            with contextlib.suppress(OSError):
                lock.unlink()
    for path in Path(folder).glob(f"*{files.SUFFIX}"):
        if is_live(path):
            continue
        recovered = _read(path)
        if recovered is not None:
            found.append(recovered)
    return sorted(found, key=lambda r: r.written, reverse=True)


def _read(path: Path) -> Recovered | None:
    try:
        project = files.load(path)
        written = path.stat().st_mtime
    except (ProjectFileError, OSError):
        return None
    record: Any = project.extra.get(AUTOSAVE_KEY)
    if not isinstance(record, dict):
        record = {"of": project.extra.get(OLD_KEY)}
    original = str(record.get("of") or "")
    with contextlib.suppress(TypeError, ValueError):
        written = float(record.get("written") or written)
    extra = {k: v for k, v in project.extra.items() if k not in (AUTOSAVE_KEY, OLD_KEY)}
    return Recovered(
        path, project.replace(extra=extra), Path(original) if original else None,
        written, FileStamp.from_dict(record.get("disk")),
    )  # fmt: skip


def same_file(a: Path | None, b: Path | None) -> bool:
    """Whether two paths name one file (through links and relative spellings too)."""
    if a is None or b is None:
        return False
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b
