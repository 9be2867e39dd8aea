"""``cnnstudio train --download`` and ``--data-dir``: fetch a torchvision set before training, visibly.

The bar is tqdm's, on stderr, sized to the terminal (bytes, speed, time left); where stderr is not a
terminal (a log file, ``2>&1 | tee``) each file gets a line when it starts and when it is done instead,
since a carriage-return animation would fill the file. With ``--json`` each file's progress is also one
``{"event": "download", ...}`` line per state on stdout (docs/cli.md), before the run's ``started`` line.
Ctrl-C stops the download, removing the partial file and the folders it created (``cli.main`` turns the
interrupt into status 130).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, TextIO

from cnnstudio.core.cli_status import warn
from cnnstudio.training.train_report import _is_terminal


def add_download_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--download", action="store_true",
        help="download the project's dataset (MNIST, CIFAR-10...) first if its files are missing",
    )  # fmt: skip
    parser.add_argument(
        "--data-dir", metavar="DIR",
        help="folder of the downloadable datasets for this run (default: the project's dataset.root, else "
        "the platform's data folder)",
    )  # fmt: skip


def with_data_dir(project: Any, args: argparse.Namespace) -> Any:
    """The project with ``--data-dir`` as its dataset folder and ``--download`` allowing the download (for
    the downloadable sets only: a ``folder`` set keeps its own root)."""
    from cnnstudio.core.dataset_catalog import TORCHVISION
    from cnnstudio.core.dataset_size import dataset_name

    name = dataset_name(project.dataset)
    if name not in TORCHVISION:
        if args.download or args.data_dir:
            warn(
                f"--download and --data-dir apply to {', '.join(TORCHVISION)}; the dataset '{name}' needs neither"
            )
        return project
    changes = {}
    if args.data_dir:
        changes["root"] = args.data_dir
    if args.download:
        changes["download"] = True
    return project.replace(dataset={**project.dataset, **changes}) if changes else project


def download_if_needed(project: Any, stream: TextIO | None = None, events: TextIO | None = None) -> None:
    """Download the project's torchvision set when it may and files are missing; DownloadError on failure.
    A set read from the former default folder, ``~/cnnstudio-data``, is said so on stderr. ``events``
    (``--json``'s stdout) also receives the progress as JSON lines."""
    from cnnstudio.core.dataset_catalog import TORCHVISION
    from cnnstudio.core.dataset_size import dataset_name, folder_root, needs_download

    dataset = project.dataset
    if dataset_name(dataset) not in TORCHVISION:
        return
    _note_legacy_folder(dataset)
    if not needs_download(dataset):
        return
    from cnnstudio.training.downloads.sets import download_set

    shown = [_Bars(sys.stderr if stream is None else stream)]
    if events is not None:
        shown.append(JsonProgress(events))

    def update(progress: Any) -> None:
        for each in shown:
            each.update(progress)

    try:
        download_set(str(dataset["name"]), folder_root(dataset), update)
    except BaseException:
        for each in shown:
            each.close(finished=False)
        raise
    for each in shown:
        each.close()


def _note_legacy_folder(dataset: Any) -> None:
    from cnnstudio.core.data_folder import default_data_folder

    root = dataset.get("root")
    if not (isinstance(root, str) and root.strip()) and default_data_folder().note():
        warn(default_data_folder().note())


class _Bars:
    """One tqdm bar per file on a terminal; a line per file elsewhere."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.bar: Any = None
        self.current: tuple[int, str] | None = None
        self.terminal = _is_terminal(stream)

    def update(self, progress: Any) -> None:
        key = (progress.index, progress.filename)
        if key != self.current:
            self.close()
            self.current, self.last = key, progress
            self._start(progress)
        if self.bar is not None:
            if progress.total is not None and self.bar.total != progress.total:
                self.bar.total = progress.total
            self.bar.update(progress.done - self.bar.n)
        self.last = progress

    def _start(self, progress: Any) -> None:
        desc = f"{progress.filename} ({progress.index}/{progress.count})"
        if self.terminal:
            from tqdm import tqdm

            self.bar = tqdm(
                total=progress.total, desc=desc, unit="B", unit_scale=True, unit_divisor=1024,
                file=self.stream, dynamic_ncols=True, leave=True,
            )  # fmt: skip
        else:
            print(f"downloading {desc} from {progress.url}", file=self.stream, flush=True)

    def close(self, finished: bool = True) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        elif self.current is not None and finished:
            last = self.last
            print(f"downloaded {last.filename}: {last.done:,} bytes", file=self.stream, flush=True)
        self.current = None


class JsonProgress:
    """``{"event": "download", "state": "started" | "progress" | "finished", ...}`` lines: one when a file
    starts, at most one per ``every_s`` seconds while it comes, one when it is complete. A failed download
    ends with the command's ``error`` line instead of ``finished``."""

    def __init__(self, stream: TextIO, every_s: float = 0.5) -> None:
        self.stream, self.every_s = stream, every_s
        self.last: Any = None
        self.written_at = 0.0

    def update(self, progress: Any) -> None:
        if self.last is None or (progress.index, progress.filename) != (self.last.index, self.last.filename):
            self.close()
            self._write("started", progress)
        elif time.monotonic() - self.written_at >= self.every_s:
            self._write("progress", progress)
        self.last = progress

    def close(self, finished: bool = True) -> None:
        if self.last is not None and finished:
            self._write("finished", self.last)
        self.last = None

    def _write(self, state: str, progress: Any) -> None:
        row = {
            "event": "download", "state": state, "file": progress.filename, "url": progress.url,
            "index": progress.index, "count": progress.count, "bytes": progress.done,
            "total_bytes": progress.total, "bytes_per_second": round(progress.speed, 1),
            "seconds_left": None if progress.seconds_left is None else round(progress.seconds_left, 1),
        }  # fmt: skip
        self.stream.write(json.dumps(row) + "\n")
        self.stream.flush()
        self.written_at = time.monotonic()
