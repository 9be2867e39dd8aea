"""The Teach page builds on a fresh document with sources that have nothing yet, and refreshes safely."""

from __future__ import annotations

from cnnstudio.core.project import default_project
from cnnstudio.ui.document import ProjectDocument
from cnnstudio.ui.teaching.teaching_page import TeachingPage


def test_page_before_training_has_every_tool(qtbot) -> None:
    page = TeachingPage(ProjectDocument(default_project()), lambda: None, lambda: None, lambda: None)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles == [
        "Convolution",
        "Pooling lab",
        "Receptive field",
        "FC to conv",
        "Exercises",
        "Saliency / Grad-CAM",
        "Overfitting lab",
    ]
    assert page.animator.plan is not None  # the first conv, on the example image
    page.tabs.setCurrentWidget(page.fc_to_conv)
    assert page.fc_to_conv.difference is not None and page.fc_to_conv.difference < 1e-5
    page.refresh()
    assert "Train page" in page.saliency.hint_label.text()


def test_failing_sources_count_as_nothing_yet(qtbot) -> None:
    def broken():
        raise RuntimeError("trainer busy")

    page = TeachingPage(ProjectDocument(default_project()), broken, broken, broken)
    qtbot.addWidget(page)
    page.refresh()
    page.doc.select((3,))
    assert "Example image" in page.pooling_lab.note_label.text()
    assert page.animator.layer_box.currentData() == (3,)
