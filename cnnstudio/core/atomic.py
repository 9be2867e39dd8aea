"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import errno
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from cnnstudio.core.errors import ProjectSaveError

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.EFBIG: "the file would be larger than this disk or account allows",
    errno.ENOENT: "the folder does not exist",
}


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def save_error_message(path: Path, exc: OSError, what: str = "") -> str:
    """``what`` names the kind of file ("the checkpoint ") before its path."""
    return f"Could not save {what}{path}: {_reason(exc)}. The previous file, if any, is unchanged."


def make_folder(path: str | os.PathLike[str], what: str = "the folder ") -> Path:
    """Create ``path`` and its parents unless it is a folder already, and check that files can be made in
    it, so that a run learns before its first epoch, not after it, that it cannot keep its results.

    ``ProjectSaveError`` names the path and why: a file or device in the way (``--out /dev/null``), a file
    as a parent (``file/sub``), a read-only disk, no permission (issue 11.3: each was a traceback).
    """
    import tempfile

    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except FileExistsError:
        reason = "it exists and is not a folder"
    except NotADirectoryError:
        reason = "a part of the path is a file, not a folder"
    except OSError as exc:
        reason = _reason(exc)
    else:
        return folder
    raise ProjectSaveError(f"Could not use {what}{path}: {reason}.")


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder, fsync, then ``os.replace``.

    Raises ``ProjectSaveError`` with a message naming the file and the cause (disk full, read-only, ...).
    """
    atomic_write(path, lambda handle: handle.write(data))


def atomic_write(path: str | os.PathLike[str], write: Callable[[BinaryIO], object], what: str = "") -> None:
    """``atomic_write_bytes`` for content that ``write`` streams into the open file (a checkpoint of a large
    model, which need not be held in memory twice). Same guarantees, same ``ProjectSaveError``."""
    import tempfile  # only when saving: keeps `import cnnstudio.core` fast

    target = Path(path)
    if target.exists() and not target.is_file():  # a folder, or a device: replacing /dev/null is no save
        raise ProjectSaveError(f"Could not save {what}{path}: it exists and is not a file.")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            _write_keeping_cause(write, handle)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp_name, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_folder(target.parent)
    except OSError as exc:
        raise ProjectSaveError(save_error_message(target, exc, what)) from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


class _CauseKeeper:
    """The file as ``write`` sees it, remembering the OSError a write raised.

    ``torch.save`` into a file object turns that OSError (a full disk) into ``RuntimeError: ... unexpected
    pos``, which says nothing and escaped the ``except OSError`` below as a traceback (issue 11.3).
    """

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.error: OSError | None = None

    def write(self, data: bytes) -> int:
        try:
            return self.handle.write(data)
        except OSError as exc:
            self.error = exc
            raise

    def __getattr__(self, name: str) -> object:
        return getattr(self.handle, name)


def _write_keeping_cause(write: Callable[[BinaryIO], object], handle: BinaryIO) -> None:
    keeper = _CauseKeeper(handle)
    try:
        write(keeper)  # type: ignore[arg-type]
    except Exception:
        if keeper.error is not None:
            raise keeper.error from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_json(path: str | os.PathLike[str], what: str) -> Any:
    """The JSON a save wrote, or ``ValueError`` naming the file and ``what`` it should have been (unreadable,
    damaged): one wording for every record the program reads back (history.json, health.json)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a readable {what} ({exc})") from None
