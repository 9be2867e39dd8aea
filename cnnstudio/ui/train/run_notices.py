"""The Train page's words for a run's phases beyond its batches: a diverging loss, the final measurement.

Kept out of the page (which lays out and routes events) so that each text is written once, translated, and
tested on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from cnnstudio.training.events import Diverging, Measuring, SettingsChanged

CONTEXT = "TrainingPage"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def diverging_text(event: Diverging) -> str:
    """What to say when the loss starts diverging (with what to do), or when it has come back down."""
    if not event.active:
        return _t("The training loss came back down ({0:.3g}).").format(event.loss)
    return _t(
        "The training loss keeps rising ({0:.3g}, from {1:.3g} at the start): the run is diverging. Lower the "
        "learning rate (now {2:.3g}): Stop and start again, or Pause and change it."
    ).format(event.loss, event.start_loss, event.lr)


def measuring_text(event: Measuring) -> str:
    split = _t("test split") if event.split == "test" else _t("validation split")
    return _t(
        "Training is over. Measuring the {0} ({1:,} images) for the results; Skip test ends it now."
    ).format(split, event.total)


def measuring_format(event: Measuring) -> str:
    """The progress bar's text while measuring (Qt's %p% is the percentage)."""
    return _t("test · %p%") if event.split == "test" else _t("validation · %p%")


def changed_text(event: SettingsChanged) -> str:
    """What a change made while paused did (issue 15.8), or why it was refused."""
    if event.error:
        return _t("The change was refused: {0}").format(event.error)
    return _t("Changed at epoch {0:.2f}: {1}").format(event.epoch, "; ".join(_change_parts(event.record)))


def change_mark(record: Mapping[str, Any]) -> tuple[float, str, str]:
    """A change record (``history.changes``) as the curves mark it: (epoch, a short label for the plot,
    the whole sentence for its tooltip)."""
    epoch = float(record.get("epoch", 0.0))
    short = []
    if "lr" in record:
        short.append(_t("lr → {0:.3g}").format(record["lr"]))
    if record.get("dropout"):
        rates = ", ".join(f"{rate:.2f}" for rate in record["dropout"].values())
        short.append(_t("dropout → {0}").format(rates))
    if "frozen" in record:
        short.append(_t("frozen: {0}").format(", ".join(str(i) for i in record["frozen"]) or _t("none")))
    detail = _t("Changed at epoch {0:.2f}: {1}").format(epoch, "; ".join(_change_parts(record)))
    return epoch, " · ".join(short), detail


def _change_parts(r: Mapping[str, Any]) -> list[str]:
    parts = []
    if "lr" in r:
        parts.append(_t("learning rate {0:.3g} → {1:.3g}").format(r["lr_before"], r["lr"]))
    for layer, rate in r.get("dropout", {}).items():
        parts.append(
            _t("dropout of layer {0}: {1:.2f} → {2:.2f}").format(layer, r["dropout_before"][layer], rate)
        )
    if "frozen" in r:
        frozen = ", ".join(str(i) for i in r["frozen"]) or _t("none")
        parts.append(_t("frozen layers: {0}").format(frozen))
    return parts
