"""What ``cnnstudio train`` prints while it runs: JSON lines for scripts, or lines and a progress bar for
people (docs/cli.md).

For people the results go to stdout, one line per epoch, and the live progress bar to stderr, drawn by tqdm:
it follows the terminal's width, and ``cnnstudio train f | tee log`` keeps the log clean while the bar
still shows on the terminal. Where stderr is not a terminal (a log file, ``2>&1 | tee``) there is no bar,
since a carriage-return animation would fill the file.
"""

from __future__ import annotations

import json
import math
import sys
from typing import TYPE_CHECKING, Any, TextIO

from cnnstudio.core.values import printable

if TYPE_CHECKING:
    from tqdm import tqdm

    from cnnstudio.training.events import BatchProgress, EpochEnd, Finished, RunStarted


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
    """One JSON object per line: started, one per epoch, finished (docs/cli.md)."""

    def __init__(self, stream: TextIO, dataset: str = "", threads: int = 0) -> None:
        self.stream, self.dataset, self.threads = stream, dataset, threads

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
            case RunStarted():
                row = {
                    "event": "started", "device": event.device, "dataset": self.dataset, "threads": self.threads,
                    "train_images": event.train_images, "epochs": event.epochs, "start_epoch": event.start_epoch,
                    "classes": list(event.class_names),
                }  # fmt: skip
                for note in event.notes:  # what a resumed run could not carry over
                    self.stream.write(json.dumps(row) + "\n")
                    row = {"event": "note", "message": note}
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

    def close(self) -> None:
        """Nothing is left open (the human reporter's bar is)."""


class HumanReporter:
    """A start line, a progress bar on a terminal's stderr, one line per epoch and a closing line."""

    def __init__(self, stream: TextIO, name: str, bar_stream: TextIO | None = None) -> None:
        self.stream, self.name = stream, printable(name)
        self.bar_stream = sys.stderr if bar_stream is None else bar_stream
        self.epochs = 0
        self.bar: tqdm | None = None
        self.health: list[Any] = []  # core.health.EpochHealth, for its warnings
        self.warned: set[str] = set()  # warning kinds already written

    def handle(self, event: Any) -> None:
        from cnnstudio.core.health import EpochHealth
        from cnnstudio.training.events import BatchProgress, Diverging, EpochEnd, Finished, RunStarted

        match event:
            case Diverging():
                self._write(("warning: " if event.active else "") + diverging_text(event))
            case EpochHealth():
                self._on_health(event)
            case BatchProgress():
                self._on_batch_progress(event)
            case EpochEnd():
                self._on_epoch_end(event)
            case RunStarted():
                self._on_run_started(event)
            case Finished():
                self._on_finished(event)

    def close(self) -> None:
        """Take the bar off the terminal (also when the run ends in an error)."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def _write(self, text: str) -> None:
        self.close()
        self.stream.write(f"{text}\n")
        self.stream.flush()

    def _on_run_started(self, e: RunStarted) -> None:
        self.epochs = e.epochs
        first = f" from epoch {e.start_epoch}" if e.start_epoch > 1 else ""
        self._write(
            f"training '{self.name}' on {e.device}: {e.train_images:,} images, {len(e.class_names)} classes, "
            f"{e.batches_per_epoch} batches per epoch, {e.epochs} epochs{first}"
        )
        for note in e.notes:
            self._write(f"note: {note}")

    def _on_batch_progress(self, e: BatchProgress) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=e.batches, desc=f"epoch {e.epoch}/{self.epochs}", unit="batch", file=self.bar_stream,
                dynamic_ncols=True, leave=False, disable=not _is_terminal(self.bar_stream),
            )  # fmt: skip
        self.bar.update(e.batch - self.bar.n)
        # drawn on every event: the engine sends at most 20 a second, so tqdm's own throttle is not needed
        self.bar.set_postfix_str(f"loss {e.loss:.4f}, acc {e.accuracy:.1%}, {e.images_per_second:,.0f} img/s")

    def _on_epoch_end(self, e: EpochEnd) -> None:
        width = len(str(self.epochs))
        best = " *" if e.best_epoch == e.epoch else ""
        self._write(
            f"epoch {e.epoch:>{width}}/{self.epochs}  train loss {e.train_loss:.4f} acc {e.train_accuracy:6.1%}  "
            f"val loss {e.val_loss:.4f} acc {e.val_accuracy:6.1%}  lr {e.lr:.3g}  {e.seconds:.1f} s  "
            f"{e.images_per_second:,.0f} img/s{best}"
        )

    def _on_health(self, e: Any) -> None:
        """Each kind of training-health warning (core.health_rules) once, when it first appears."""
        from cnnstudio.core.health_rules import health_warnings

        self.health.append(e)
        for warning in health_warnings(self.health):
            if warning.kind not in self.warned:
                self.warned.add(warning.kind)
                self._write(f"health, epoch {e.epoch}: {warning.text}")

    def _on_finished(self, e: Finished) -> None:
        best = f", best epoch {e.best_epoch}" if e.best_epoch is not None else ""
        test = f", test accuracy {e.test_accuracy:.2%}" if e.test_accuracy is not None else ""
        saved = f"; best checkpoint {e.checkpoint}" if e.checkpoint else ""
        self._write(f"{e.reason.replace('_', ' ')}{best}{test}{saved}")


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False
