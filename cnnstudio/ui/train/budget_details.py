"""The budget's details: each part of the memory a run needs, with its size and how it was counted.

A popup under the budget line's Details button (open inline it squeezed the curves at 1366x768), in the
budget panel's translation context.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from cnnstudio.core.budget import MemoryBudget, size_text
from cnnstudio.core.run_time import TimeEstimate
from cnnstudio.ui.choice_text import choice_text
from cnnstudio.ui.core_text import translate_core
from cnnstudio.ui.theme import Tone, set_text_colour

CONTEXT = "BudgetPanel"
NOTE_CHARS = 60  # the notes column: most notes on one line, none squeezed to a word per line


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class BudgetDetails(QFrame):
    """The budget's parts, over the page until a click elsewhere (or Escape) closes it."""

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(10, 8, 10, 8)
        self.grid.setVerticalSpacing(1)
        self.cells: list[tuple[QLabel, QLabel, QLabel]] = []
        for _ in range(8):
            cells = (QLabel(), QLabel(alignment=Qt.AlignmentFlag.AlignRight), QLabel(wordWrap=True))
            row = len(self.cells)
            for column, cell in enumerate(cells):
                self.grid.addWidget(cell, row, column, Qt.AlignmentFlag.AlignTop)
            set_text_colour(cells[2], Tone.MUTED)
            # the panel's font: a popup window does not inherit its parent's
            cells[2].setMinimumWidth(parent.fontMetrics().averageCharWidth() * NOTE_CHARS)
            self.cells.append(cells)
        self.grid.setColumnStretch(2, 1)

    def hideEvent(self, event: Any) -> None:
        super().hideEvent(event)
        self.closed.emit()

    def show_budget(self, b: MemoryBudget, estimate: TimeEstimate | None) -> None:
        """Fill the rows with ``b``'s parts; the total's note gains the measured time when there is one."""
        images = b.images
        rows = [
            (_t("Parameters"), b.parameters, _t("{0:,} float32 values").format(b.params)),
            (_t("Gradients"), b.gradients, _t("one per parameter")),
            (
                _t("Optimiser state"),
                b.optimizer_state,
                _t("{0}: {1} value(s) per parameter").format(
                    choice_text("optimizer", b.optimizer), b.state_copies
                ),
            ),
            (
                _t("Weight copies"),
                b.weight_copies,
                _t("the best and the last good epoch's weights"),
            ),
            (
                _t("Activations"),
                b.activations_per_batch,
                _t("per batch of {0}: forward {1} + backward about {2}; {3} per image").format(
                    b.batch_size,
                    size_text(b.activations_forward_per_batch),
                    size_text(b.activations_backward_per_batch),
                    size_text(b.forward_per_image),
                ),
            ),
            (
                _t("Evaluation"),
                b.evaluation,
                _t("batches of {0:,} images, no gradients").format(b.eval_images),
            ),
            (
                _t("Dataset"),
                b.dataset,
                _t("size unknown")
                if images is None
                else _t("{0:,} images in memory ({1:,} training, {2:,} validation, {3:,} test)").format(
                    images.total, images.train, images.val, images.test
                ),
            ),
            (
                _t("Total"),
                b.total,
                _t("of {0} free").format(size_text(b.available)) if b.available is not None else "",
            ),
        ]
        if estimate is not None:
            e = estimate
            scaled = _t(", scaled up from a step of {0}").format(e.measured_batch) if e.extrapolated else ""
            rows[-1] = (
                rows[-1][0],
                b.total,
                rows[-1][2]
                + " · "
                + _t("{0:.3g} s per batch on {1}{2}").format(
                    e.seconds_per_batch, translate_core(e.device), scaled
                ),
            )
        for (name, size, note), (a, b_, c) in zip(rows, self.cells):
            a.setText(name)
            b_.setText(size_text(size))
            c.setText(note)
