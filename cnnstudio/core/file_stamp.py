"""What a file was when a window opened or saved it, to notice that something else changed it since.

Two windows (or a window and an editor, or a synced folder) may hold the same project: saving over a file
that changed on disk since it was opened must ask first, or the other's work is lost without a word. The
modification time says cheaply that nothing happened; when it differs, the content hash decides (a
``touch`` or a copy of the same bytes is not a change).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileStamp:
    mtime_ns: int
    size: int
    sha256: str

    def to_dict(self) -> dict[str, object]:
        return {"mtime_ns": self.mtime_ns, "size": self.size, "sha256": self.sha256}

    @classmethod
    def from_dict(cls, data: object) -> FileStamp | None:
        """The stamp kept in an autosave, or None when it is missing or malformed."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(int(data["mtime_ns"]), int(data["size"]), str(data["sha256"]))
        except (KeyError, TypeError, ValueError):
            return None


def stamp(path: str | os.PathLike[str]) -> FileStamp | None:
    """The file's stamp now, or None when it cannot be read (missing, a folder, no permission)."""
    try:
        info = os.stat(path)
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None
    return FileStamp(info.st_mtime_ns, info.st_size, digest)


def changed_since(path: str | os.PathLike[str], before: FileStamp | None) -> bool:
    """True when ``path`` now holds other bytes than it did at ``before`` (False if it is gone or unknown:
    saving then loses nothing of anyone's)."""
    if before is None:
        return False
    try:
        info = os.stat(path)
    except OSError:
        return False
    if info.st_mtime_ns == before.mtime_ns and info.st_size == before.size:
        return False
    now = stamp(path)
    return now is not None and now.sha256 != before.sha256
