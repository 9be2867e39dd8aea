"""Light and dark schemes (issue 18.5): every text colour reads at WCAG's 4.5:1 on both palettes.

Truth is the WCAG 2 contrast formula (relative luminance of linearised sRGB, (L1 + 0.05) / (L2 + 0.05)),
written out here rather than taken from the code under test. Three angles: the theme's own colours against
both palettes; the source, which must take every text colour from the palette or a tone (a literal such
as ``color: #555`` read 1.7:1 on a dark window); and the real window in the dark scheme, every label
shown, with an invalid network so that the error texts are on screen too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QTreeWidgetItem, QWidget

from cnnstudio.core import specs as S
from cnnstudio.core.project import default_project
from cnnstudio.ui import theme
from cnnstudio.ui.theme import TEXT_TONES, Tone

UI = Path(__file__).resolve().parents[2] / "cnnstudio" / "ui"
WCAG_AA = 4.5
ROLE = QPalette.ColorRole
PALETTES = {"light": theme.light_palette, "dark": theme.dark_palette}


def luminance(colour: QColor) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.red()) + 0.7152 * linear(colour.green()) + 0.0722 * linear(colour.blue())


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_formula_matches_wcag_examples() -> None:
    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)  # WCAG's famous fail
    assert contrast(QColor("#555555"), QColor("#2d2d30")) < 2.0  # the old caption grey on a dark window


@pytest.mark.parametrize("scheme", PALETTES)
def test_every_tone_reads_on_window_and_base_of_its_scheme(qtbot, scheme: str) -> None:
    palette = PALETTES[scheme]()
    assert theme.is_dark(palette) == (scheme == "dark")
    for tone in TEXT_TONES:
        for role in (ROLE.Window, ROLE.Base, ROLE.AlternateBase):
            ratio = contrast(theme.colour(tone, palette), palette.color(role))
            assert ratio >= WCAG_AA, f"{scheme}: {tone.name} on {role.name} is {ratio:.2f}:1"
    error_box = contrast(theme.colour(Tone.ERROR, palette), theme.colour(Tone.ERROR_FILL, palette))
    note_box = contrast(palette.color(ROLE.WindowText), theme.colour(Tone.NOTE_FILL, palette))
    assert error_box >= WCAG_AA and note_box >= WCAG_AA, (error_box, note_box)


def test_the_dark_palette_pairs_every_text_role_with_its_background(qtbot) -> None:
    palette = theme.dark_palette()
    pairs = [
        (ROLE.WindowText, ROLE.Window),
        (ROLE.Text, ROLE.Base),
        (ROLE.Text, ROLE.AlternateBase),
        (ROLE.ButtonText, ROLE.Button),
        (ROLE.HighlightedText, ROLE.Highlight),
        (ROLE.ToolTipText, ROLE.ToolTipBase),
        (ROLE.PlaceholderText, ROLE.Base),
        (ROLE.Link, ROLE.Base),
        (ROLE.LinkVisited, ROLE.Base),
    ]
    for text, background in pairs:
        ratio = contrast(palette.color(text), palette.color(background))
        assert ratio >= WCAG_AA, f"{text.name} on {background.name}: {ratio:.2f}:1"


# Text colours written into the code: in a style sheet (colour literal or a palette role too faint for
# text), passed to set_text_colour as a string, or set on an item as a literal.
LITERAL_TEXT_COLOUR = re.compile(
    r"""(?<![-\w])color:\s*(\#|rgb|palette\()"""
    r"""|set_text_colour\([^)]*["']\#"""
    r"""|setForeground\(\s*QColor\("""
)


def test_no_text_colour_is_written_into_the_ui_code() -> None:
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "theme.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if LITERAL_TEXT_COLOUR.search(line.split("  #")[0]):
                found.append(f"{path.relative_to(UI)}:{number}: {line.strip()}")
    assert not found, "take text colours from the palette or theme.Tone:\n" + "\n".join(found)


@pytest.fixture
def dark_app(qtbot):
    app = QApplication.instance()
    theme.apply_scheme(app, "dark")
    yield app
    theme.apply_scheme(app, "system")


def _background(widget: QWidget) -> QColor:
    """The colour behind ``widget``: the nearest style-sheet background or filled widget, else the window."""
    while widget is not None:
        sheet = re.search(r"background:\s*(#[0-9a-fA-F]{6})", widget.styleSheet())
        if sheet:
            return QColor(sheet.group(1))
        if widget.autoFillBackground():
            return widget.palette().color(widget.backgroundRole())
        widget = widget.parentWidget()
    return QApplication.palette().color(ROLE.Window)


def _text_colours(label: QLabel) -> list[QColor]:
    sheet = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", label.styleSheet())
    colours = [QColor(sheet.group(1)) if sheet else label.palette().color(label.foregroundRole())]
    colours += [QColor(c) for c in re.findall(r"color:\s*(#[0-9a-fA-F]{6})", label.text())]  # rich text
    return colours


def _tree_items(parent: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = [parent.child(i) for i in range(parent.childCount())]
    return [item for child in children for item in (child, *_tree_items(child))]


def _low_contrast_labels(window) -> list[str]:
    bad = []
    for label in window.findChildren(QLabel):
        if (
            not label.isVisible()
            or not label.text().strip()
            or (label.pixmap() and not label.pixmap().isNull())
        ):
            continue
        background = _background(label)
        for colour in _text_colours(label):
            ratio = contrast(colour, background)
            if ratio < WCAG_AA:
                bad.append(f"{label.text()[:50]!r}: {colour.name()} on {background.name()} = {ratio:.2f}:1")
    return bad


def test_every_shown_label_reads_in_the_dark_scheme(dark_app, make_window) -> None:
    project = default_project()
    broken = S.Conv2d(out_channels=4, kernel_size=99)  # cannot fit: error texts in tree, totals, status
    window = make_window(project.with_layers([*project.layers, broken]))
    bad = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        bad += _low_contrast_labels(window)
    assert not bad, "\n".join(sorted(set(bad)))
    tree = window.design.tree
    base = tree.palette().color(ROLE.Base)
    for item in _tree_items(tree.invisibleRootItem()):  # layer rows, branch rows and notes
        text = item.data(0, Qt.ItemDataRole.ForegroundRole)
        fill = item.data(0, Qt.ItemDataRole.BackgroundRole)
        text = text.color() if text is not None else tree.palette().color(ROLE.Text)
        fill = fill.color() if fill is not None else base
        assert contrast(text, fill) >= WCAG_AA, f"{item.text(0)!r}: {text.name()} on {fill.name()}"
    failed_row = tree.row((len(project.layers),))
    assert contrast(failed_row.foreground(0).color(), failed_row.background(0).color()) >= WCAG_AA
    notes = [failed_row.child(i) for i in range(failed_row.childCount())]
    assert notes and all(contrast(n.foreground(0).color(), base) >= WCAG_AA for n in notes)


def test_a_scheme_change_recolours_toned_widgets_at_once(dark_app, qtbot) -> None:
    from cnnstudio.ui.theme import set_text_colour

    label = QLabel("caption")
    qtbot.addWidget(label)
    set_text_colour(label, Tone.MUTED)
    dark = label.palette().color(ROLE.WindowText)
    theme.apply_scheme(dark_app, "light")
    light = label.palette().color(ROLE.WindowText)
    assert (dark.name(), light.name()) == (theme._COLOURS[Tone.MUTED][1], theme._COLOURS[Tone.MUTED][0])
    assert not theme.is_dark()


def test_preferences_offer_the_scheme_and_the_window_follows_it(make_window, monkeypatch, qtbot) -> None:
    from cnnstudio.ui.preferences import PreferencesDialog

    window = make_window(pages=False)

    def choose_dark(dialog: PreferencesDialog) -> int:
        dialog.scheme.setCurrentIndex(dialog.scheme.findData("dark"))
        dialog.accept()
        return 1

    monkeypatch.setattr(PreferencesDialog, "exec", choose_dark)
    try:
        assert window.show_preferences()
        assert window.prefs.value(theme.SCHEME_KEY) == "dark"
        assert theme.is_dark()
        qtbot.waitUntil(lambda: theme.is_dark(window.palette()))  # the palette reaches widgets by event
    finally:
        theme.apply_scheme(QApplication.instance(), "system")
    assert not theme.is_dark()


def test_the_metric_plots_follow_a_scheme_change(qtbot) -> None:
    from cnnstudio.ui.widgets.metric_plots import LINE_KEYS, MetricPlots

    plots = MetricPlots()
    qtbot.addWidget(plots)
    app = QApplication.instance()
    theme.apply_scheme(app, "dark")
    try:
        dark = theme.dark_palette()
        page, text = dark.color(ROLE.Base), dark.color(ROLE.WindowText)
        qtbot.waitUntil(lambda: plots._canvas.backgroundBrush().color() == page)
        for plot in plots._plots.values():
            assert plot.getAxis("left").textPen().color() == text
        assert all(plots._legend.entry(key).colour == text for key in LINE_KEYS)
        assert contrast(plots._plots["loss"].getAxis("bottom").textPen().color(), page) >= WCAG_AA
    finally:
        theme.apply_scheme(app, "system")


def test_white_teaching_plots_keep_dark_ink_in_the_dark_scheme(dark_app, qtbot) -> None:
    from cnnstudio.ui.teaching.plain_plot import still_plot

    plot = still_plot("x", "y")
    qtbot.addWidget(plot)
    page = plot.backgroundBrush().color()
    for side in ("left", "bottom"):
        assert contrast(plot.getPlotItem().getAxis(side).textPen().color(), page) >= WCAG_AA
