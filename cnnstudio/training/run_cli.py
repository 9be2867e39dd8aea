"""``cnnstudio train FILE``: headless training with the same engine the window uses (docs/cli.md).

Importing this module does not import torch: ``add_train_parser`` only registers the arguments, so
``cnnstudio summary`` stays fast; the engine is imported when ``train`` actually runs.

Output (``train_report.py``): for people, one line per epoch on stdout and a tqdm progress bar on stderr;
with ``--json``, one JSON object per line on stdout: ``started``, ``epoch`` per epoch, a last ``finished``,
or an ``error`` for a run that could not start. Exit status (``core.cli_status``): 0 completed or stopped
early, 3 diverged, 2 a network that cannot work (or does not fit the dataset), 1 an unreadable project, bad
setting, dataset, checkpoint or ``--out`` folder, 64 a bad command line, 130 interrupted with Ctrl-C (the
run still writes its history, and its best checkpoint once an epoch has finished).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cnnstudio.core.cli_status import (
    EXIT_DIVERGED,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNREADABLE,
    raise_if_ctrl_c,
    warn,
    warn_unknown_keys,
)
from cnnstudio.core.cli_status import fail as _fail
from cnnstudio.core.training_settings import DEVICES, parse_setting
from cnnstudio.core.values import shown
from cnnstudio.training.download_cli import add_download_arguments, download_if_needed, with_data_dir

EXIT_BY_REASON = {
    "completed": EXIT_OK, "early_stopped": EXIT_OK, "diverged": EXIT_DIVERGED,
    "cancelled": EXIT_INTERRUPTED, "failed": EXIT_UNREADABLE,
}  # fmt: skip


def add_train_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``train`` on the ``cnnstudio`` command's subparsers."""
    p = subparsers.add_parser("train", help="train the project's network headless")
    p.add_argument("file", help="a .cnnproj.json project")
    p.add_argument("--epochs", type=setting_argument("epochs"), help="override training.epochs")
    p.add_argument("--device", choices=DEVICES, help="override training.device (default: auto)")
    p.add_argument("--seed", type=setting_argument("seed"), help="override training.seed")
    p.add_argument(
        "--threads", type=setting_argument("threads"), help="torch CPU threads (default: every core)"
    )
    p.add_argument("--out", metavar="DIR", help="folder for best.pt, last.pt (to resume) and history.json")
    p.add_argument("--resume", metavar="CHECKPOINT", help="continue the run saved in a last.pt")
    p.add_argument("--json", action="store_true", help="one JSON object per line on stdout")
    add_download_arguments(p)
    p.set_defaults(func=cmd_train)
    return p


def setting_argument(key: str) -> Callable[[str], int]:
    """An argparse type for a whole-number setting, checked as the project file's ``training.<key>`` is.

    It raises ArgumentTypeError only: for a ValueError argparse names the function ("invalid
    _positive_int value"), which means nothing to a user (issue 18.2).
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:  # not digits, or more than 4,300 of them
            raise argparse.ArgumentTypeError(f"must be a whole number, got {shown(text)}") from None
        try:
            return parse_setting(key, value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = key  # argparse's fallback wording, should any other error reach it
    return parse


def _settings(project: Any, args: argparse.Namespace) -> Any:
    """The project's training settings with the command line's overrides (SpecError when one is bad)."""
    from cnnstudio.core.training_settings import TrainingSettings

    settings = TrainingSettings.from_dict(project.training)
    overrides = {"epochs": args.epochs, "seed": args.seed, "device": args.device, "threads": args.threads}
    return settings.replace(**{k: v for k, v in overrides.items() if v is not None})


def cmd_train(args: argparse.Namespace) -> int:
    from cnnstudio.core.errors import CoreError
    from cnnstudio.core.project_file import load

    def fail(message: str, status: int) -> int:
        return _fail(message, status, as_json=args.json)

    try:
        project = with_data_dir(load(args.file), args)
        settings = _settings(project, args)
    except CoreError as exc:
        where = "" if str(exc).startswith(args.file) else f"{args.file}: "
        return fail(f"{where}{exc}", EXIT_UNREADABLE)
    warn_unknown_keys(args.file, project)
    from cnnstudio.core.shapes import first_problem

    problem = first_problem(project.layers, project.report)
    if problem:
        return fail(f"{args.file}: {problem}", EXIT_INVALID)
    out = None
    if args.out:
        from cnnstudio.core.atomic import make_folder
        from cnnstudio.core.errors import ProjectSaveError

        try:
            out = make_folder(args.out, "the --out folder ")
        except ProjectSaveError as exc:
            return fail(str(exc), EXIT_UNREADABLE)
    return _run(project, settings, args, out, fail)


def _run(project: Any, settings: Any, args: argparse.Namespace, out: Path | None, fail: Callable) -> int:
    from cnnstudio.core.errors import CoreError
    from cnnstudio.training.control import RunControl
    from cnnstudio.training.datasets import DatasetError
    from cnnstudio.training.downloads.fetch import DownloadError
    from cnnstudio.training.engine import Trainer, TrainJob
    from cnnstudio.training.errors import (
        NetworkMismatchError,
        TrainingError,
        allocation_message,
        is_out_of_memory,
    )
    from cnnstudio.training.train_report import HumanReporter, JsonReporter

    raise_if_ctrl_c()  # pressed while torch was importing: stop before loading the data
    job = TrainJob(
        project, settings, out_dir=out, resume=Path(args.resume) if args.resume else None,
        probes=False, reserve_gui_core=False,
    )  # fmt: skip
    try:
        download_if_needed(project, events=sys.stdout if args.json else None)
        trainer = Trainer(job)
    except NetworkMismatchError as exc:
        return fail(f"{args.file}: {exc}", EXIT_INVALID)
    except (DatasetError, DownloadError, TrainingError, CoreError) as exc:
        return fail(f"{args.file}: {exc}", EXIT_UNREADABLE)
    except RuntimeError as exc:  # the network or its data does not fit in memory
        if not is_out_of_memory(exc):
            raise
        return fail(f"{args.file}: {allocation_message(exc)}", EXIT_UNREADABLE)
    threads = _threads_used(settings)
    if args.json:
        reporter: Any = JsonReporter(sys.stdout, str(project.dataset.get("name", "")), threads)
    else:
        reporter = HumanReporter(sys.stdout, project.name)
    control, finished = RunControl(), None
    raise_if_ctrl_c()
    try:
        with _ctrl_c_stops(control):
            for event in trainer.run(control):
                reporter.handle(event)
                finished = event
    except (TrainingError, CoreError) as exc:  # a checkpoint or the history could not be written
        return fail(f"{args.file}: {exc}", EXIT_BY_REASON["failed"])
    finally:
        reporter.close()
    reason = getattr(finished, "reason", "failed")
    if getattr(finished, "message", "") and not args.json:
        _fail(finished.message, EXIT_BY_REASON.get(reason, EXIT_UNREADABLE))
    return EXIT_BY_REASON.get(reason, EXIT_UNREADABLE)


def _threads_used(settings: Any) -> int:
    """The CPU threads torch trains with; a note when the setting asked for more than there are cores."""
    import torch

    threads = torch.get_num_threads()
    if settings.threads is not None and settings.threads > threads:
        warn(f"threads {settings.threads}: this machine has {threads} cores; training with {threads} threads")
    return threads


@contextmanager
def _ctrl_c_stops(control: Any) -> Iterator[None]:
    """The first Ctrl-C stops the run at the next batch (it still writes its files and reports) and skips
    the test measurement (the person wants out, not figures); a second one, for a stop that takes too long,
    interrupts at once (``cli.main`` turns that into status 130)."""
    if threading.current_thread() is not threading.main_thread():  # signals reach the main thread only
        yield
        return

    def on_interrupt(signum: int, frame: Any) -> None:
        if control.stop.is_set():
            raise KeyboardInterrupt
        control.skip_test.set()
        control.stop.set()

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
