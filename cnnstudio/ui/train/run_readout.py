"""The Train page's readout of a run: the progress bar, the speed label and the status line.

The page lays these three widgets out and routes the run's events here; this module says what they show at
each phase (ready or blocked, preparing, training, measuring, finished), in the page's translation context.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QProgressBar

from cnnstudio.core.labels import duration_text
from cnnstudio.training.events import BatchProgress, Finished, Measuring, RunStarted
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.problem_text import run_ending
from cnnstudio.ui.theme import Tone, set_text_colour
from cnnstudio.ui.train.pacing import fix_width
from cnnstudio.ui.train.run_notices import measuring_format, measuring_text

CONTEXT = "TrainingPage"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class RunReadout:
    """``progress`` (a bar), ``speed`` (images a second and time left) and ``status`` (one line of words)."""

    def __init__(self) -> None:
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.speed = QLabel()
        fix_width(self.speed, _t("{0:,.0f} img/s · {1} left").format(88_888, "88:88:88"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self._newest: BatchProgress | None = None  # not yet on the bar (see show_progress)

    def say(self, text: str, tone: Tone | None = None) -> None:
        self.status.setText(text)
        set_text_colour(self.status, tone)

    def warn(self, text: str, active: bool = True) -> None:
        """``text`` in the error tone (or plain, when what it warns of has passed)."""
        self.say(text, Tone.ERROR if active else None)

    def ready(self, blocker: str) -> None:
        """Whether Start can run: what blocks it, in red, or "Ready to train"."""
        self.say(blocker or _t("Ready to train"), Tone.ERROR if blocker else None)

    def clear(self) -> None:
        """No run to speak of (another project, or a run that ended without a record): an empty bar and no
        speed, rather than the last run's "epoch 2 · 12%" and a time left that no one keeps."""
        self._newest = None
        self.progress.reset()
        self.progress.setFormat("%p%")
        self.speed.clear()

    def preparing(self) -> None:
        self.say(_t("Preparing the data and the model…"))
        self.progress.setValue(0)

    def started(self, event: RunStarted, gpu_note: str) -> None:
        total = max(1, event.epochs * event.batches_per_epoch)
        self.progress.setRange(0, total)
        self.progress.setValue((event.start_epoch - 1) * event.batches_per_epoch)
        text = _t("Training on {0}: {1:,} images, {2} classes").format(
            translate_core(event.device), event.train_images, len(event.class_names)
        )
        self.status.setText(f"{text}. {gpu_note}" if gpu_note else text)

    def take_progress(self, event: BatchProgress) -> None:
        """Keep the newest batch's progress for the next ``show_progress`` (the curve has every point)."""
        self._newest = event

    def show_progress(self) -> None:
        """The newest progress on the bar and the speed label."""
        event, self._newest = self._newest, None
        if event is None:
            return
        self.progress.setValue((event.epoch - 1) * event.batches + event.batch)
        self.progress.setFormat(_t("epoch {0} · %p%").format(event.epoch))
        self.speed.setText(
            _t("{0:,.0f} img/s · {1} left").format(event.images_per_second, duration_text(event.seconds_left))
        )

    def measuring(self, event: Measuring) -> None:
        if event.done == 0:  # training is over
            self._newest = None  # a training batch not yet drawn must not take the bar back
            self.progress.setRange(0, max(1, event.total))
            self.progress.setFormat(measuring_format(event))
            self.say(measuring_text(event))
        self.progress.setValue(event.done)

    def finished(self, event: Finished, run_folder: Path | None) -> None:
        self.show_progress()  # the last batch on the bar, before the speed summary replaces the speed
        text = run_ending(event.reason)
        if event.message:
            text += f": {event.message}"
        if event.test_accuracy is not None:
            text += _t(" · test accuracy {0:.1%}").format(event.test_accuracy)
        self.say(text, Tone.ERROR if event.reason in ("diverged", "failed") else None)
        if event.reason == "completed":  # the last measuring report may come before its last batch
            self.progress.setValue(self.progress.maximum())
        self.progress.setFormat(_t("done") if event.reason == "completed" else "%p%")
        self.speed.setText(_speed_summary(run_folder))


def _speed_summary(run_folder: Path | None) -> str:
    """After a run: its mean training speed instead of a stale "0:00 left"."""
    from cnnstudio.training.history import HISTORY_FILE, RunHistory

    if run_folder is None:
        return ""
    try:
        history = RunHistory.load(run_folder / HISTORY_FILE)
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    speeds = [v for v in history.images_per_second if v]
    return _t("{0:,.0f} img/s on average").format(sum(speeds) / len(speeds)) if speeds else ""
