"""CNN Studio's own small downloader for the published dataset files (no torch here).

Why not torchvision's ``download=True``: it has no progress callback (a window cannot show bytes, speed
or time left), no way to cancel (a class waits for 170 MB of CIFAR or kills the program), it writes
straight to the final file name (a dropped connection leaves a truncated file that looks present), and
its error cuts the reason off ("Error downloading train-images-idx3-ubyte.gz:"). Here each file is
streamed to ``NAME.part`` beside its final place, resumed with an HTTP Range request when the connection
drops (restarted when the server ignores Range), checked against its published MD5, and only then renamed
(``os.replace``: atomic). Any failure removes the partial file and every folder this download created,
and raises :class:`DownloadError` with one line naming the file, the URL and the real reason.

``CNNSTUDIO_DATASET_MIRROR`` (a base URL) fetches every file by its name from there instead: a classroom's
own server, and the tests' local one.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import http.client
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MIRROR_VARIABLE = "CNNSTUDIO_DATASET_MIRROR"
CHUNK = 1 << 16
TIMEOUT_S = 20.0  # a stalled read; cancel waits at most this long for it
RESUMES = 3  # a connection that drops this often in one file ends the download
REPORT_EVERY_S = 0.1


@dataclass(frozen=True)
class RemoteFile:
    """One published file: saved as ``folder/filename`` (relative to the dataset folder), from the first
    of ``urls`` that answers, expected to have the MD5 ``md5`` (None: not published)."""

    filename: str
    urls: tuple[str, ...]
    md5: str | None
    folder: str = ""


@dataclass(frozen=True)
class Progress:
    """How far the current file is: ``index`` of ``count`` files, ``done`` of ``total`` bytes (None when
    the server does not say), the average speed in bytes per second and the seconds left (None: unknown)."""

    filename: str
    url: str
    index: int
    count: int
    done: int
    total: int | None
    speed: float
    seconds_left: float | None


class DownloadError(Exception):
    """A download that failed or was cancelled; ``str()`` is the one line to show (the dataset loader
    turns it into its ``DatasetError``)."""


class DownloadCancelled(DownloadError):
    """Cancelled by the person (Cancel in the window, Ctrl-C in the terminal)."""


class DownloadUnreachable(DownloadError):
    """No URL of the file answered with it (no network, HTTP error): the message can add what to do offline."""


ProgressCallback = Callable[[Progress], None]


def mirrored(url: str) -> str:
    """``url``, or the same file name on the mirror ``CNNSTUDIO_DATASET_MIRROR`` names."""
    base = os.environ.get(MIRROR_VARIABLE, "").strip()
    return f"{base.rstrip('/')}/{url.rsplit('/', 1)[-1]}" if base else url


def file_md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Folders:
    """The folders a download creates, so that a failure removes them again (only if left empty)."""

    def __init__(self) -> None:
        self.created: list[Path] = []

    def make(self, folder: Path) -> None:
        missing = []
        for parent in (folder, *folder.parents):
            if parent.exists():
                break
            missing.append(parent)
        for path in reversed(missing):
            path.mkdir()
            self.created.append(path)

    def remove_empty(self) -> None:
        for path in reversed(self.created):
            with contextlib.suppress(OSError):
                path.rmdir()  # only when empty: the person's other files stay
        self.created.clear()


def fetch(
    remote: RemoteFile,
    root: Path,
    folders: Folders,
    cancel: threading.Event | None = None,
    report: Callable[[int, int | None, str], None] | None = None,
) -> Path:
    """Download ``remote`` into ``root``, checked; returns its path. Raises :class:`DownloadError`."""
    target = root / remote.folder / remote.filename
    part = target.with_name(target.name + ".part")
    try:
        if target.is_file() and remote.md5 is not None and file_md5(target) == remote.md5:
            return target  # copied there by hand (an offline classroom): checked, not fetched again
        folders.make(target.parent)
    except OSError as error:  # a folder that cannot be made (read-only, a file in the way)
        raise DownloadError(f"{remote.filename}: cannot write {target.parent} ({_reason(error)})") from None
    try:
        return _fetch_to(remote, target, part, cancel, report)
    except OSError as error:  # renaming or reading back the file
        part.unlink(missing_ok=True)
        raise DownloadError(f"{remote.filename}: cannot write {target.parent} ({_reason(error)})") from None
    except BaseException:  # a failure, a cancel, Ctrl-C: no partial file stays
        part.unlink(missing_ok=True)
        raise


def _fetch_to(
    remote: RemoteFile, target: Path, part: Path, cancel: threading.Event | None,
    report: Callable[[int, int | None, str], None] | None,
) -> Path:  # fmt: skip
    """Try each mirror in turn; check the MD5; rename into place."""
    reasons = []
    for url in map(mirrored, remote.urls):
        try:
            _stream(url, part, cancel or threading.Event(), report or (lambda done, total, url: None))
            break
        except _MirrorFailed as failed:
            part.unlink(missing_ok=True)
            reasons.append(f"{failed} ({url})")
    else:
        raise DownloadUnreachable(f"{remote.filename} could not be downloaded: {'; '.join(reasons)}")
    if remote.md5 is not None and (actual := file_md5(part)) != remote.md5:
        raise DownloadError(
            f"{remote.filename} from {url} failed its checksum (MD5 {actual}, published {remote.md5}): "
            "the file is damaged or not the published one"
        )
    os.replace(part, target)
    return target


class _MirrorFailed(Exception):
    """This URL cannot give the file (HTTP error, no connection): try the next mirror."""


def _stream(
    url: str, part: Path, cancel: threading.Event, report: Callable[[int, int | None, str], None]
) -> None:
    """Write ``url`` to ``part``, resuming after a dropped connection up to :data:`RESUMES` times."""
    drops = 0
    while True:
        have = part.stat().st_size if part.exists() else 0
        request = urllib.request.Request(url, headers={"User-Agent": "cnnstudio"})
        if have:
            request.add_header("Range", f"bytes={have}-")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                resumed = have > 0 and response.status == 206
                length = response.headers.get("Content-Length")
                start = have if resumed else 0
                total = start + int(length) if length and length.isdigit() else None
                _copy(response, part, start, total, url, cancel, report)
            return
        except urllib.error.HTTPError as error:
            if error.code == 416 and have:  # a Range past the end: the old partial file is useless
                part.unlink(missing_ok=True)
                continue
            raise _MirrorFailed(f"HTTP {error.code} {error.reason}") from None
        except urllib.error.URLError as error:
            raise _MirrorFailed(_reason(error.reason)) from None
        except (ConnectionError, TimeoutError, http.client.HTTPException) as error:
            drops += 1
            if drops > RESUMES:
                raise _MirrorFailed(f"the connection dropped {drops} times, last: {_reason(error)}") from None


def _copy(
    response: http.client.HTTPResponse, part: Path, start: int, total: int | None, url: str,
    cancel: threading.Event, report: Callable[[int, int | None, str], None],
) -> None:  # fmt: skip
    done, last = start, 0.0
    try:
        with open(part, "ab" if start else "wb") as file:
            while block := response.read(CHUNK):
                if cancel.is_set():
                    raise DownloadCancelled(f"{part.name[:-5]}: download cancelled")
                file.write(block)
                done += len(block)
                if time.monotonic() - last >= REPORT_EVERY_S:
                    last = time.monotonic()
                    report(done, total, url)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise DownloadError(f"{part.name[:-5]}: the disk is full (writing {part.parent})") from None
        if isinstance(error, (ConnectionError, TimeoutError)):
            raise
        raise DownloadError(f"{part.name[:-5]}: cannot write {part} ({_reason(error)})") from None
    report(done, total, url)
    if total is not None and done < total:
        raise ConnectionResetError(f"the server sent {done} of {total} bytes")


def _reason(error: object) -> str:
    """An exception's words without Python's decoration ("[Errno 111] Connection refused")."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower() if error.strerror[:1].isupper() else error.strerror
    text = str(error).strip()
    return text or type(error).__name__
