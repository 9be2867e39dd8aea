"""The Results tab reads right at the size it gets on a 1366 x 768 screen: measured geometry.

The predictions' captions never lie over another picture, every caption is whole, the confusion matrix's
headers hold their class names (ten of them), and the top-5 lines are not squeezed.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication, QLabel

from cnnstudio.training.run_results import RunResults
from cnnstudio.ui.train.results_view import ResultsView

# The ten kinds of the built-in shapes set, the longest names a default lesson meets.
SHAPES = ("circle", "square", "triangle", "cross", "ring", "star", "plus", "diamond", "line", "hexagon")
# The Results tab measured about 990 x 290 pixels on a 1366 x 768 screen, 1230 x 470 at 1600 x 1000.
SIZES = {"1366x768": (990, 290), "1600x1000": (1230, 470)}


def ten_class_results(n: int = 48) -> RunResults:
    rng = np.random.default_rng(0)
    probabilities = rng.dirichlet(np.ones(len(SHAPES)), size=n).astype(np.float32)
    labels = rng.integers(0, len(SHAPES), size=n)
    confusion = np.zeros((len(SHAPES), len(SHAPES)), np.int64)
    np.add.at(confusion, (labels, probabilities.argmax(1)), 137)  # three-digit counts
    return RunResults(
        class_names=SHAPES,
        filters=rng.normal(size=(16, 3, 3, 3)).astype(np.float32),
        filter_layer=(0,),
        examples=rng.random((n, 3, 32, 32), dtype=np.float32),
        labels=labels,
        probabilities=probabilities,
        confusion=confusion,
        split="test",
    )


@pytest.fixture(params=list(SIZES))
def shown(qtbot, request) -> ResultsView:
    view = ResultsView()
    qtbot.addWidget(view)
    view.resize(*SIZES[request.param])
    view.show()
    qtbot.waitExposed(view)
    view.show_results(ten_class_results())
    QApplication.processEvents()
    return view


def test_prediction_captions_are_whole_and_never_over_another_picture(shown: ResultsView) -> None:
    examples = shown.examples
    metrics = examples.fontMetrics()
    rects = [examples.visualRect(examples.model().index(row, 0)) for row in range(examples.count())]
    assert examples.viewport().height() >= rects[0].height() * 2  # two rows of pictures with captions
    for row, rect in enumerate(rects):
        name, _percent = examples.item(row).text().split("\n")
        needed = examples.iconSize().height() + 2 * metrics.lineSpacing()
        # Before: no grid, the captions ran into the next row's pictures and were cut.
        assert rect.height() >= needed and rect.width() >= metrics.horizontalAdvance(name), (row, rect)
        for other in rects[row + 1 :]:
            assert not rect.intersects(other), (row, rect, other)


def test_confusion_headers_hold_ten_class_names(shown: ResultsView) -> None:
    table = shown.confusion
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    for column, name in enumerate(SHAPES):
        # Before: ten stretched columns read "squar", "iamon".
        assert header.sectionSize(column) >= metrics.horizontalAdvance(name), name
    assert table.verticalHeader().width() >= max(metrics.horizontalAdvance(n) for n in SHAPES)


def test_top_five_lines_are_not_squeezed(shown: ResultsView) -> None:
    labels = [label for label in shown.top_k_box.findChildren(QLabel) if label.isVisible()]
    assert len(labels) == 6  # the true class and five guesses
    for label in labels:
        assert label.height() >= label.sizeHint().height(), label.text()
