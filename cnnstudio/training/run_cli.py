"""``cnnstudio train FILE``: headless training with the same engine the window uses (DESIGN.md section 3).

Importing this module does not import torch: ``add_train_parser`` only registers the arguments, so
``cnnstudio summary`` stays fast; the engine is imported when ``train`` actually runs.

Output: for people, a progress line (redrawn with a carriage return on a terminal) and one line per epoch;
with ``--json``, one JSON object per line on stdout, ``{"event": "epoch", ...}`` per epoch and a last
``{"event": "finished", ...}``. Exit status: 0 completed or stopped early, 3 diverged, 2 a network that
cannot work (or does not fit the dataset), 1 an unreadable project, bad setting, dataset or checkpoint
problem, 130 interrupted with Ctrl-C (the run still writes its history and best checkpoint).
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cnnstudio.core.cli_status import EXIT_DIVERGED, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE
from cnnstudio.core.cli_status import fail as _fail
from cnnstudio.core.labels import duration_text
from cnnstudio.core.training_settings import DEVICES

if TYPE_CHECKING:
    from cnnstudio.training.events import BatchProgress, EpochEnd, Finished, RunStarted

EXIT_BY_REASON = {
    "completed": EXIT_OK, "early_stopped": EXIT_OK, "diverged": EXIT_DIVERGED,
    "cancelled": EXIT_INTERRUPTED, "failed": EXIT_UNREADABLE,
}  # fmt: skip


def add_train_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``train`` on the ``cnnstudio`` command's subparsers."""
    p = subparsers.add_parser("train", help="train the project's network headless")
    p.add_argument("file", help="a .cnnproj.json project")
    p.add_argument("--epochs", type=_positive_int, help="override training.epochs")
    p.add_argument("--device", choices=DEVICES, help="override training.device (default: auto)")
    p.add_argument("--seed", type=_non_negative_int, help="override training.seed")
    p.add_argument("--threads", type=_positive_int, help="torch CPU threads (default: every core)")
    p.add_argument("--out", metavar="DIR", help="folder for best.pt, last.pt (to resume) and history.json")
    p.add_argument("--resume", metavar="CHECKPOINT", help="continue the run saved in a last.pt")
    p.add_argument("--json", action="store_true", help="one JSON object per line on stdout")
    p.set_defaults(func=cmd_train)
    return p


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be at least 0, got {value}")
    return value


def _settings(project: Any, args: argparse.Namespace) -> Any:
    """The project's training settings with the command line's overrides (SpecError when one is bad)."""
    from cnnstudio.core.training_settings import TrainingSettings

    settings = TrainingSettings.from_dict(project.training)
    overrides = {"epochs": args.epochs, "seed": args.seed, "device": args.device, "threads": args.threads}
    return settings.replace(**{k: v for k, v in overrides.items() if v is not None})


def cmd_train(args: argparse.Namespace) -> int:
    from cnnstudio.core.errors import CoreError
    from cnnstudio.core.project_file import load

    try:
        project = load(args.file)
        settings = _settings(project, args)
    except CoreError as exc:
        where = "" if str(exc).startswith(args.file) else f"{args.file}: "
        return _fail(f"{where}{exc}", EXIT_UNREADABLE)
    from cnnstudio.core.shapes import first_problem

    problem = first_problem(project.layers, project.report)
    if problem:
        return _fail(f"{args.file}: {problem}", EXIT_INVALID)
    return _run(project, settings, args)


def _run(project: Any, settings: Any, args: argparse.Namespace) -> int:
    from cnnstudio.core.errors import CoreError
    from cnnstudio.training.control import RunControl
    from cnnstudio.training.datasets import DatasetError
    from cnnstudio.training.engine import Trainer, TrainJob
    from cnnstudio.training.errors import NetworkMismatchError, TrainingError

    out = Path(args.out) if args.out else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    job = TrainJob(
        project, settings, out_dir=out, resume=Path(args.resume) if args.resume else None,
        probes=False, reserve_gui_core=False,
    )  # fmt: skip
    try:
        trainer = Trainer(job)
    except NetworkMismatchError as exc:
        return _fail(f"{args.file}: {exc}", EXIT_INVALID)
    except (DatasetError, TrainingError) as exc:
        return _fail(f"{args.file}: {exc}", EXIT_UNREADABLE)
    control = RunControl()
    reporter = JsonReporter(sys.stdout) if args.json else HumanReporter(sys.stdout, project.name)
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, lambda *_: _interrupt(control)) if main_thread else None
    try:
        finished = None
        for event in trainer.run(control):
            reporter.handle(event)
            finished = event
    except (TrainingError, CoreError) as exc:  # a checkpoint or the history could not be written
        return _fail(f"{args.file}: {exc}", EXIT_BY_REASON["failed"])
    finally:
        if main_thread:
            signal.signal(signal.SIGINT, previous)
    reason = getattr(finished, "reason", "failed")
    if getattr(finished, "message", "") and not args.json:
        print(f"cnnstudio: {finished.message}", file=sys.stderr)
    return EXIT_BY_REASON.get(reason, EXIT_UNREADABLE)


def _interrupt(control: Any) -> None:
    """Ctrl-C: stop after the batch, and skip the test measurement (the person wants out, not figures)."""
    control.skip_test.set()
    control.stop.set()


def diverging_text(event: Any) -> str:
    """The CLI's words for a Diverging event (the window has its own, translated)."""
    if not event.active:
        return f"the training loss came back down to {event.loss:.3g}"
    return (
        f"the training loss keeps rising: {event.loss:.3g}, from {event.start_loss:.3g} at the start. The run "
        f"is diverging: lower the learning rate (now {event.lr:g})"
    )


def _number(value: float | None) -> float | None:
    """JSON has no NaN: a missing or non-finite figure is written as null."""
    return None if value is None or not math.isfinite(value) else value


class JsonReporter:
    """One JSON object per line: the epoch and finished events of DESIGN.md section 3."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def handle(self, event: Any) -> None:
        from cnnstudio.training.events import (  # numpy: off summary's path
            Diverging,
            EpochEnd,
            Finished,
            RunStarted,
        )

        match event:
            case Diverging():
                row = {
                    "event": "diverging", "active": event.active, "epoch": round(event.epoch, 4),
                    "loss": _number(event.loss), "start_loss": _number(event.start_loss), "lr": event.lr,
                    "message": diverging_text(event),
                }  # fmt: skip
            case RunStarted(notes=notes) if notes:  # what a resumed run could not carry over
                for note in notes:
                    self.stream.write(json.dumps({"event": "note", "message": note}) + "\n")
                self.stream.flush()
                return
            case EpochEnd():
                row = {"event": "epoch", "epoch": event.epoch}
                for key in ("train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds"):
                    row[key] = _number(getattr(event, key))
                row["train_images"] = event.train_images
                row["images_per_second"] = _number(event.images_per_second)
            case Finished():
                row = {
                    "event": "finished", "reason": event.reason, "best_epoch": event.best_epoch,
                    "test_accuracy": _number(event.test_accuracy),
                }  # fmt: skip
                if event.message:
                    row["message"] = event.message
            case _:
                return
        self.stream.write(json.dumps(row) + "\n")
        self.stream.flush()


class HumanReporter:
    """A start line, a live progress line on a terminal, one line per epoch and a closing line."""

    BAR = 24

    def __init__(self, stream: TextIO, name: str) -> None:
        self.stream, self.name = stream, name
        self.live = stream.isatty()
        self.epochs = 0

    def handle(self, event: Any) -> None:
        from cnnstudio.training.events import BatchProgress, Diverging, EpochEnd, Finished, RunStarted

        match event:
            case Diverging():
                self._write(("warning: " if event.active else "") + diverging_text(event))
            case BatchProgress():
                self._on_batch_progress(event)
            case EpochEnd():
                self._on_epoch_end(event)
            case RunStarted():
                self._on_run_started(event)
            case Finished():
                self._on_finished(event)

    def _write(self, text: str) -> None:
        clear = "\r\x1b[2K" if self.live else ""
        self.stream.write(f"{clear}{text}\n")
        self.stream.flush()

    def _on_run_started(self, e: RunStarted) -> None:
        self.epochs = e.epochs
        first = f" from epoch {e.start_epoch}" if e.start_epoch > 1 else ""
        self._write(
            f"training {self.name!r} on {e.device}: {e.train_images:,} images, {len(e.class_names)} classes, "
            f"{e.batches_per_epoch} batches per epoch, {e.epochs} epochs{first}"
        )
        for note in e.notes:
            self._write(f"note: {note}")

    def _on_batch_progress(self, e: BatchProgress) -> None:
        if not self.live:
            return
        done = round(self.BAR * e.batch / e.batches)
        left = "" if e.seconds_left is None else f" {duration_text(e.seconds_left)} left"
        self.stream.write(
            f"\r\x1b[2Kepoch {e.epoch}/{self.epochs} [{'=' * done}{' ' * (self.BAR - done)}] "
            f"loss {e.loss:.4f} acc {e.accuracy:6.1%} {e.images_per_second:,.0f} img/s{left}"
        )
        self.stream.flush()

    def _on_epoch_end(self, e: EpochEnd) -> None:
        width = len(str(self.epochs))
        best = " *" if e.best_epoch == e.epoch else ""
        self._write(
            f"epoch {e.epoch:>{width}}/{self.epochs}  train loss {e.train_loss:.4f} acc {e.train_accuracy:6.1%}  "
            f"val loss {e.val_loss:.4f} acc {e.val_accuracy:6.1%}  lr {e.lr:.3g}  {e.seconds:.1f} s  "
            f"{e.images_per_second:,.0f} img/s{best}"
        )

    def _on_finished(self, e: Finished) -> None:
        best = f", best epoch {e.best_epoch}" if e.best_epoch is not None else ""
        test = f", test accuracy {e.test_accuracy:.2%}" if e.test_accuracy is not None else ""
        saved = f"; best checkpoint {e.checkpoint}" if e.checkpoint else ""
        self._write(f"{e.reason.replace('_', ' ')}{best}{test}{saved}")
