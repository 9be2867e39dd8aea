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
        "Activations",
        "Losses",
        "Optimiser race",
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


def test_hidden_tools_and_layer_lists_do_no_work_on_edits_until_shown(
    make_window, qtbot, monkeypatch
) -> None:
    from collections import Counter

    from cnnstudio.ui.widgets.layer_chooser import LayerChooser

    window = make_window()
    window.tabs.setCurrentWidget(window.teaching)
    page = window.teaching.ensure_built()
    for index in range(page.tabs.count()):  # every tool opened once, as in a lesson
        page.tabs.setCurrentIndex(index)
        qtbot.wait(5)
    page.tabs.setCurrentWidget(page.animator)
    window.tabs.setCurrentWidget(window.design)
    work: Counter[str] = Counter()

    def count(obj, method: str, name: str) -> None:
        original = getattr(obj, method)
        monkeypatch.setattr(obj, method, lambda *a: (work.update([name]), original(*a))[1])

    count(page.animator, "_rebuild", "animator")
    count(page.pooling_lab, "_load_map", "pooling lab")
    count(page.receptive_field, "_show_layer", "receptive field")
    count(page.fc_to_conv, "_show_conversion", "fc to conv")
    count(page.saliency, "_compute", "saliency")
    for k, chooser in enumerate(window.findChildren(LayerChooser)):
        count(chooser, "refill", f"layer list {k}")

    for channels in (20, 24, 28):  # a drag in the editor
        window.document.set_field((0,), "out_channels", channels)
    assert work == Counter()

    window.tabs.setCurrentWidget(window.teaching)  # the animator's tab: it alone catches up, once
    assert work["animator"] == 1 and page.animator.layer_box.current_choice().spec.out_channels == 28
    assert {name for name in work if not name.startswith("layer list")} == {"animator"}
    page.tabs.setCurrentWidget(page.fc_to_conv)
    assert work["fc to conv"] == 1
