"""The overfitting lab's words: the names of variant B's presets and the summary table under the curves.

Kept out of the lab widget (which runs the two set-ups and draws their curves) in the lab's translation
context, so that each text is written once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication

from cnnstudio.core.lab_variants import (
    ADAMW_DECAY,
    DROPOUT_P,
    L2_PENALTY,
    SGD_LR,
    SGD_MOMENTUM,
    EpochPoint,
    LabSummary,
)
from cnnstudio.ui.widgets.metric_plots import MetricPlots

CONTEXT = "OverfittingLab"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def preset_text(key: str) -> tuple[str, str]:
    """(menu text, legend name) of preset ``key``."""
    texts = {
        "dropout": (
            _t("Dropout p={0} before the classifier").format(DROPOUT_P),
            _t("B: dropout {0}").format(DROPOUT_P),
        ),
        "l2": (_t("L2 penalty {0:g}").format(L2_PENALTY), _t("B: L2 {0:g}").format(L2_PENALTY)),
        "adamw": (
            _t("Weight decay {0:g} (AdamW)").format(ADAMW_DECAY),
            _t("B: AdamW, decay {0:g}").format(ADAMW_DECAY),
        ),
        "sgd": (
            _t("SGD + momentum {0:g} (lr {1:g}) instead of Adam").format(SGD_MOMENTUM, SGD_LR),
            _t("B: SGD + momentum"),
        ),
        "augment": (
            _t("Data augmentation on (random crop and flip)"),
            _t("B: augmentation"),
        ),
    }
    return texts[key]


def summary_table(
    plots: MetricPlots,
    summaries: Mapping[str, LabSummary | None],
    points: Mapping[str, Sequence[EpochPoint]],
    patience: int,
) -> str:
    """The rich-text table of each run's last accuracies, its gaps, its best epoch and where early stopping
    would have stopped, each run named in its curves' colour."""
    headers = (
        _t("set-up"),
        _t("train acc."),
        _t("val. acc."),
        _t("gap (acc. points)"),
        _t("gap (val. − train loss)"),
        _t("lowest val. loss at"),
        _t("early stopping (patience {0}) stops at").format(patience),
    )
    rows = ["<tr>" + "".join(f"<th align='left'>{h}</th>" for h in headers) + "</tr>"]
    for run_id in plots.run_ids():
        summary = summaries.get(run_id)
        colour = plots.run_colour(run_id).name()
        name = f"<b style='color:{colour}'>{plots.run_name(run_id)}</b>"
        if summary is None:
            cells = [name] + ["—"] * 6
        else:
            last = points[run_id][-1]
            cells = [
                name,
                f"{last.train_accuracy:.1%}",
                f"{last.val_accuracy:.1%}",
                f"{100 * summary.accuracy_gap:+.1f}",
                f"{summary.loss_gap:+.3f}",
                _epoch_text(summary.best_epoch, summary.best_val_loss),
                _stop_text(summary),
            ]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return "<table cellspacing='0' cellpadding='4'>" + "".join(rows) + "</table>"


def _epoch_text(epoch: int | None, loss: float) -> str:
    if epoch is None or not math.isfinite(loss):
        return _t("no validation set")
    return _t("epoch {0} (loss {1:.3f})").format(epoch, loss)


def _stop_text(summary: LabSummary) -> str:
    if summary.best_epoch is None:
        return "—"
    if summary.stop_epoch is None:
        return _t("not within {0} epochs").format(summary.epochs)
    return _t("epoch {0}, keeping epoch {1}").format(summary.stop_epoch, summary.best_epoch)
