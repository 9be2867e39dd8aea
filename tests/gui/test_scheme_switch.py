"""A live light/dark switch re-colours every text that took its colour from a ``theme.Tone``, at once (not
at the widget's next update): the Train page's budget warning, the template dialog's problem line, wrong
predictions in Results, the run being trained in the runs list, and every label and layer row. The colours
are read back from the widgets after ``apply_scheme`` and compared with the tone's value for that scheme.
A scan of the source holds any code that colours text with ``colour()`` directly to re-colouring it on
``PaletteChange`` itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel
from studio_fixtures import tiny_project
from test_results_view import ten_class_results

from cnnstudio.core import specs as S
from cnnstudio.core.budget import memory_budget
from cnnstudio.ui import theme
from cnnstudio.ui.theme import Tone

UI = Path(__file__).resolve().parents[2] / "cnnstudio" / "ui"
SPAN = re.compile(r"color:\s*(#[0-9a-fA-F]{6})")
ROLE = QPalette.ColorRole


def wanted(tone: Tone, scheme: str) -> str:
    return theme._COLOURS[tone][scheme == "dark"]


@pytest.fixture
def switch(qtbot):
    """``switch("dark")``: the application in that scheme, its events delivered; back to the system's after."""
    app = QApplication.instance()

    def to(scheme: str) -> None:
        theme.apply_scheme(app, scheme)
        qtbot.waitUntil(lambda: theme.is_dark() == (scheme == "dark"))
        QApplication.processEvents()

    yield to
    theme.apply_scheme(app, "system")


def test_the_budget_warning_and_the_window_follow_a_switch(studio, monkeypatch, switch) -> None:
    page = studio.training
    project = studio.document.project
    need = memory_budget(project)
    monkeypatch.setattr(
        "cnnstudio.ui.train.budget_panel.available_ram", lambda: need.weights + need.dataset + 10**5
    )
    studio.document.set_training({**project.training, "batch_size": 256})
    warning = page.budget.warning
    assert warning.isVisible() and "Will not fit" in warning.text()
    status = page.status  # the reason Start is off, in the error tone (set_text_colour)
    for scheme in ("dark", "light", "dark"):
        switch(scheme)
        assert SPAN.findall(warning.text()) == [wanted(Tone.ERROR, scheme)], scheme
        assert "Will not fit" in warning.text()  # the same text, only its colour changed
        assert status.palette().color(status.foregroundRole()).name() == wanted(Tone.ERROR, scheme)
        toned = [w for w in studio.findChildren(QLabel) if theme.tone_of(w) is not None]
        assert toned and all(
            w.palette().color(w.foregroundRole()).name() == wanted(theme.tone_of(w), scheme) for w in toned
        )


def test_labels_given_the_normal_colour_take_the_new_schemes_text_colour(studio, switch) -> None:
    """A status line set back to the normal colour (``set_text_colour(label, None)``) kept the light
    scheme's black on the dark window ("Ready to train" unreadable, seen under Xvfb)."""
    status = studio.training.status
    assert status.text() and theme.tone_of(status) is None
    plain = [w for w in studio.findChildren(QLabel) if w.property(theme.TONE_PROPERTY) == ""]
    assert status in plain
    for scheme in ("dark", "light"):
        switch(scheme)
        text = (theme.dark_palette() if scheme == "dark" else theme.light_palette()).color(ROLE.WindowText)
        assert [w.text() for w in plain if w.palette().color(w.foregroundRole()) != text] == []


def test_the_template_dialogs_problem_line_follows_a_switch(qtbot, switch) -> None:
    from cnnstudio.ui.template_dialog import TemplateDialog

    dialog = TemplateDialog()
    qtbot.addWidget(dialog)
    dialog.choose("cs231n")
    dialog.argument_editors["input_size"].setValue(4)  # five pools cannot halve 4 pixels five times
    assert not dialog.project.report.valid
    for scheme in ("dark", "light"):
        switch(scheme)
        assert SPAN.findall(dialog.detail.text()) == [wanted(Tone.ERROR, scheme)]


def test_wrong_predictions_and_the_live_run_follow_a_switch(qtbot, make_window, switch) -> None:
    from cnnstudio.ui.train.results_view import ResultsView

    view = ResultsView()
    qtbot.addWidget(view)
    results = ten_class_results()
    view.show_results(results)
    wrong = [
        i for i in range(view.examples.count()) if results.labels[i] != results.probabilities[i].argmax()
    ]
    assert wrong
    window = make_window(tiny_project())
    runs = window.training.runs
    window.training.plots.add_run("live", "Run 9")  # as Start does, before the list shows it
    runs.set_live_run("live", "Run 9")
    live = next(runs.list.item(i) for i in range(runs.list.count()) if runs._is_live(runs.list.item(i)))
    for scheme in ("dark", "light"):
        switch(scheme)
        for i in wrong:
            assert view.examples.item(i).foreground().color().name() == wanted(Tone.ERROR, scheme)
        assert live.foreground().color().name() == wanted(Tone.MUTED, scheme)


def test_the_layer_tables_error_row_follows_a_switch(make_window, switch) -> None:
    project = tiny_project()
    window = make_window(project.with_layers([*project.layers, S.Conv2d(out_channels=4, kernel_size=99)]))
    for scheme in ("dark", "light"):
        switch(scheme)
        row = window.design.tree.row((len(project.layers),))  # the rows are rebuilt in the new colours
        assert row.foreground(0).color().name() == wanted(Tone.ERROR, scheme)
        assert row.background(0).color().name() == wanted(Tone.ERROR_FILL, scheme)


def test_code_that_colours_text_itself_recolours_it_on_a_palette_change() -> None:
    """``colour(...)`` outside theme.py is a colour fixed at the time it was set: its module must handle
    ``PaletteChange`` (or use the theme's re-applied helpers instead)."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "theme.py":
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r"(?<![\w.])colour\(\s*(Tone\.|tone\b)", source) and "PaletteChange" not in source:
            found.append(str(path.relative_to(UI)))
    assert not found, "these colour text from a Tone once and never again: " + ", ".join(found)
