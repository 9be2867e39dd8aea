"""A local HTTP server serving small dataset files in their published formats, for the download tests.

Files: MNIST-like ``*-idx?-ubyte.gz`` (LeCun's IDX, gzipped), the CIFAR python tarball
(``cifar-10-batches-py/data_batch_1`` ... pickles, as torchvision reads them) and SVHN's ``*_32x32.mat``.
The server answers Range requests with 206 (like S3 and Apache), can drop a connection half-way through a
file once (to test resuming) or ignore Range (to test restarting), and logs every request's Range header.
The tests point the downloader at it with ``CNNSTUDIO_DATASET_MIRROR``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import pickle
import struct
import tarfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

MIRROR_VARIABLE = "CNNSTUDIO_DATASET_MIRROR"


def md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def idx(array: np.ndarray) -> bytes:
    """IDX as LeCun describes it: zero, zero, type 0x08 (ubyte), rank; big-endian sizes; the bytes."""
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(np.uint8).tobytes()


def mnist_files(train: int = 40, test: int = 10, size: int = 28) -> dict[str, bytes]:
    """The four gzipped IDX files of an MNIST-like set (random pictures, labels 0..9 repeating)."""
    rng = np.random.default_rng(0)
    files = {}
    for prefix, count in (("train", train), ("t10k", test)):
        files[f"{prefix}-images-idx3-ubyte.gz"] = gzip.compress(
            idx(rng.integers(0, 256, (count, size, size)))
        )
        files[f"{prefix}-labels-idx1-ubyte.gz"] = gzip.compress(idx(np.arange(count) % 10))
    return files


def cifar_tarball(folder: str, train_files: list[str], test_files: list[str], meta: tuple[str, str],
                  hundred: bool, per_file: int = 6) -> bytes:  # fmt: skip
    """The CIFAR python tarball: ``folder/<batch>`` pickles of ``data`` (N x 3072 uint8) and labels."""
    rng = np.random.default_rng(1)
    key, classes = ("fine_labels", 100) if hundred else ("labels", 10)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        entries = {
            name: {
                "data": rng.integers(0, 256, (per_file, 3 * 32 * 32), dtype=np.uint8),
                key: [int(v) for v in rng.integers(0, classes, per_file)],
            }
            for name in (*train_files, *test_files)
        }
        entries[meta[0]] = {meta[1]: [f"class{i}" for i in range(classes)]}
        for name, entry in entries.items():
            data = pickle.dumps(entry)
            info = tarfile.TarInfo(f"{folder}/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def svhn_mat(count: int) -> bytes:
    """An SVHN ``.mat``: X is 32x32x3xN uint8, y is Nx1 with the digit 0 written as 10."""
    from scipy.io import savemat

    rng = np.random.default_rng(2)
    buffer = io.BytesIO()
    labels = (np.arange(count) % 10 + 1).reshape(-1, 1)
    savemat(buffer, {"X": rng.integers(0, 256, (32, 32, 3, count), dtype=np.uint8), "y": labels})
    return buffer.getvalue()


@dataclass
class DatasetServer:
    """Serves ``files`` by name at ``url``; see the module's docstring for the faults it can play."""

    files: dict[str, bytes]
    cut_once: set[str] = field(default_factory=set)  # names whose first answer stops half-way
    ignore_range: bool = False
    delay_s: float = 0.0  # between 16 KiB blocks: slow enough to cancel mid-file
    ranges: list[tuple[str, str | None]] = field(default_factory=list)  # (name, Range header) per request

    def __post_init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.answer(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/data"

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        name = handler.path.rsplit("/", 1)[-1]
        header = handler.headers.get("Range")
        self.ranges.append((name, header))
        if name not in self.files:
            handler.send_error(404, "Not Found")
            return
        data, start = self.files[name], 0
        if header and not self.ignore_range:
            start = int(header.removeprefix("bytes=").split("-")[0])
            handler.send_response(206)
            handler.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            handler.send_response(200)
        body = data[start:]
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if name in self.cut_once:
            self.cut_once.discard(name)
            body = body[: len(body) // 2]  # then the connection closes: a dropped download
        for offset in range(0, len(body), 16384):
            handler.wfile.write(body[offset : offset + 16384])
            if self.delay_s:
                threading.Event().wait(self.delay_s)
        handler.close_connection = True

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., DatasetServer]]:
    """``serve(files, **faults)`` starts a server and points the downloader at it for this test."""
    servers: list[DatasetServer] = []

    def start(files: dict[str, bytes], **faults: object) -> DatasetServer:
        server = DatasetServer(files, **faults)  # type: ignore[arg-type]
        servers.append(server)
        monkeypatch.setenv(MIRROR_VARIABLE, server.url)
        return server

    yield start
    for server in servers:
        server.close()
