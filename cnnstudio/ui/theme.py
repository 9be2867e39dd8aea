"""Light and dark colour schemes: the window's palette, the few colours of meaning, following the system.

Every colour a widget draws text with comes from the application palette or from ``Tone`` here, never
from a hex literal in a style sheet: a literal chosen for a light window (#555 captions, #b3261e errors)
reads at 1.1-1.9:1 on a dark one. Each tone has a light and a dark value, chosen by the palette's window
colour, and tests/gui/test_theme.py holds every pair to WCAG's 4.5:1 against both palettes.

The scheme is a preference (``system``, ``light``, ``dark``). ``system`` follows Qt's
``QStyleHints.colorScheme`` and its change signal; where the platform says dark but gives no dark palette
(X11 without a desktop portal, the offscreen platform), ``dark_palette`` stands in for it. Widgets that
use a tone are re-coloured when the scheme changes (``refresh_widgets``), so nothing needs a restart: a
label's colour (``set_text_colour``), a style sheet (``set_themed_style``), rich text with coloured spans
(``set_themed_text``) and the rows of lists, tables and trees (``set_item_tone``). Text coloured with
``colour()`` directly is re-coloured only by its widget's own ``PaletteChange`` handler (the layer table's),
and tests/gui/test_theme.py holds every module that does so to having one.
"""

from __future__ import annotations

import contextlib
from enum import Enum

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QSettings, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QListWidgetItem,
    QTableWidgetItem,
    QWidget,
)

SCHEME_KEY = "colour_scheme"
SCHEMES = ("system", "light", "dark")
TONE_PROPERTY = "cnnstudioTone"  # a widget's tone name, so a scheme change can colour it again
STYLE_PROPERTY = "cnnstudioStyle"  # a widget's style-sheet template with {tone} fields
TEXT_PROPERTY = "cnnstudioText"  # a label's rich text with {tone} fields in its colour spans
PALETTE_PROPERTY = "cnnstudioPalette"  # on the application: "light" or "dark" when it has one of ours
TONE_ROLE = Qt.ItemDataRole.UserRole + 77  # an item's tone name, so a scheme change can colour it again


class Tone(Enum):
    """What a coloured text means; its colour depends on the scheme."""

    ERROR = "error"  # a problem: red
    WARNING = "warning"  # needs attention, or a restart: amber
    SUCCESS = "success"  # right, met: green
    MUTED = "muted"  # a caption or a note beside the main text: grey, upright
    ERROR_FILL = "error_fill"  # the background of an error box (text on it: ERROR)
    NOTE_FILL = "note_fill"  # the background of a worked-example box (text on it: the palette's)


# (light scheme, dark scheme). Text tones reach 4.5:1 on Window and Base of their palette, and ERROR on
# ERROR_FILL; the fills are light tints in the light scheme and dark tints in the dark one.
_COLOURS: dict[Tone, tuple[str, str]] = {
    Tone.ERROR: ("#b3261e", "#ff8f85"),
    Tone.WARNING: ("#8a5a00", "#f2bd52"),
    Tone.SUCCESS: ("#176b32", "#6fd08c"),
    Tone.MUTED: ("#555555", "#b8b8b8"),
    Tone.ERROR_FILL: ("#fde2e1", "#4a1f1c"),
    Tone.NOTE_FILL: ("#fff4e0", "#3d3222"),
}
TEXT_TONES = (Tone.ERROR, Tone.WARNING, Tone.SUCCESS, Tone.MUTED)


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether ``palette`` (the application's when None) is a dark one: light text on a dark window."""
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colour(tone: Tone, palette: QPalette | None = None) -> QColor:
    """The colour of ``tone`` in the scheme of ``palette`` (the application's when None)."""
    return QColor(_COLOURS[tone][1 if is_dark(palette) else 0])


def tone_of(widget: QWidget) -> Tone | None:
    """The tone ``set_text_colour`` gave ``widget`` (None: the palette's normal text)."""
    name = widget.property(TONE_PROPERTY)
    return Tone(name) if name else None


def themed_css(template: str, palette: QPalette | None = None) -> str:
    """``template`` with every ``{error}``, ``{muted}``, ``{error_fill}``... replaced by its colour."""
    return template.format(**{tone.value: colour(tone, palette).name() for tone in Tone})


def set_themed_style(widget: QWidget, template: str) -> None:
    """A style sheet whose colours are tones (``"color: {error}; background: {error_fill}"``), set again
    in the new colours when the scheme changes. Set only when it changes (it re-polishes the widget)."""
    widget.setProperty(STYLE_PROPERTY, template)
    css = themed_css(template)
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)


def set_text_colour(widget: QWidget, tone: Tone | None, bold: bool = False) -> None:
    """Colour (None: the normal text colour) and weight of a label's text, through its palette and font.

    Not a style sheet: a widget with one keeps its font when presenter mode enlarges the application's,
    so a coloured note would stay small on the projector while everything around it grows. The tone is
    remembered on the widget, so ``refresh_widgets`` colours it again in a new scheme.
    """
    palette = widget.palette()
    normal = QApplication.palette(widget).color(QPalette.ColorRole.WindowText)
    palette.setColor(QPalette.ColorRole.WindowText, colour(tone) if tone else normal)
    widget.setPalette(palette)
    widget.setProperty(TONE_PROPERTY, tone.value if tone else "")
    font = widget.font()
    if font.bold() != bold:
        font.setBold(bold)
        widget.setFont(font)


def literal(text: str) -> str:
    """``text`` kept as it is inside a ``set_themed_text`` template (its braces are not tone fields)."""
    return text.replace("{", "{{").replace("}", "}}")


def toned_span(tone: Tone, html_text: str) -> str:
    """A ``set_themed_text`` template piece: ``html_text`` (already escaped HTML) in ``tone``'s colour."""
    return f"<span style='color: {{{tone.value}}}'>{literal(html_text)}</span>"


def set_themed_text(label: QLabel, template: str) -> None:
    """Rich text whose colours are tones (pieces from ``toned_span``, the rest through ``literal``), set
    again in the new colours when the scheme changes."""
    label.setProperty(TEXT_PROPERTY, template)
    text = themed_css(template)
    if label.text() != text:
        label.setText(text)


def set_item_tone(item: QListWidgetItem | QTableWidgetItem, tone: Tone | None) -> None:
    """A list or table row's text colour (None: the palette's), kept on the item for a new scheme."""
    item.setData(TONE_ROLE, tone.value if tone else None)
    item.setData(Qt.ItemDataRole.ForegroundRole, QBrush(colour(tone)) if tone else None)


def column_count(model: QAbstractItemModel, parent: QModelIndex) -> int:
    """``model.columnCount(parent)``; 1 for a list widget's model, whose columnCount PySide keeps private."""
    try:
        return model.columnCount(parent)
    except TypeError:
        return 1


def recolour_items(view: QAbstractItemView) -> None:
    """Colour again every row of ``view`` that ``set_item_tone`` gave a tone (nested rows too)."""
    model = view.model()
    if model is None:
        return

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            for column in range(column_count(model, parent)):
                index = model.index(row, column, parent)
                tone = index.data(TONE_ROLE)
                if tone:
                    model.setData(index, QBrush(colour(Tone(tone))), Qt.ItemDataRole.ForegroundRole)
                if column == 0 and model.rowCount(index) > 0:
                    walk(index)

    walk(QModelIndex())


def light_palette() -> QPalette:
    """Fusion's light palette, the one Qt's own style gives where the platform has none."""
    from PySide6.QtWidgets import QStyleFactory

    style = QStyleFactory.create("Fusion")
    return style.standardPalette() if style is not None else QPalette()


def dark_palette() -> QPalette:
    """A dark palette for Fusion where the platform gives none: every role set, disabled text dimmed."""
    role = QPalette.ColorRole
    colours = {
        role.Window: "#2d2d30",
        role.WindowText: "#e6e6e6",
        role.Base: "#1f1f22",
        role.AlternateBase: "#2a2a2e",
        role.ToolTipBase: "#3a3a3e",
        role.ToolTipText: "#f0f0f0",
        role.PlaceholderText: "#9a9a9a",
        role.Text: "#e6e6e6",
        role.Button: "#3a3a3e",
        role.ButtonText: "#e6e6e6",
        role.BrightText: "#ff8f85",
        role.Light: "#505055",
        role.Midlight: "#424246",
        role.Mid: "#2a2a2d",
        role.Dark: "#1a1a1c",
        role.Shadow: "#0a0a0a",
        role.Highlight: "#2d68c4",
        role.HighlightedText: "#ffffff",
        role.Link: "#7ab4ff",
        role.LinkVisited: "#c49bff",
    }
    palette = QPalette()
    for which, name in colours.items():
        palette.setColor(which, QColor(name))
    group = QPalette.ColorGroup.Disabled
    for which in (role.WindowText, role.Text, role.ButtonText, role.HighlightedText):
        palette.setColor(group, which, QColor("#7c7c80"))
    palette.setColor(group, role.Highlight, QColor("#4a4a4e"))
    return palette


def saved_scheme(prefs: QSettings) -> str:
    value = str(prefs.value(SCHEME_KEY, "system"))
    return value if value in SCHEMES else "system"


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_scheme(app: QApplication, scheme: str) -> None:
    """Give ``app`` the palette of ``scheme`` and re-colour the widgets that use a tone.

    Qt 6.8+ is first asked for the scheme itself (native dark controls on Windows and macOS); where the
    palette it then has is not of the wanted kind, Fusion's light or ``dark_palette`` is set instead.
    """
    hints = QGuiApplication.styleHints()
    wanted = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(scheme)
    if hasattr(hints, "setColorScheme"):  # Qt 6.8
        if wanted is None:
            hints.unsetColorScheme()
        else:
            hints.setColorScheme(wanted)
    if app.property(PALETTE_PROPERTY):  # ours: back to the platform's, then see what it gives
        app.setPalette(QPalette())  # nothing resolved: every role the platform's
        app.setProperty(PALETTE_PROPERTY, "")
    dark = system_is_dark() if wanted is None else wanted == Qt.ColorScheme.Dark
    if dark != is_dark(app.palette()):
        app.setPalette(dark_palette() if dark else light_palette())
        app.setProperty(PALETTE_PROPERTY, "dark" if dark else "light")
    refresh_widgets(app)


def refresh_widgets(app: QApplication) -> None:
    """Colour again everything that took a tone: labels (``set_text_colour``), themed style sheets and rich
    text, and toned rows of item views."""
    for widget in app.allWidgets():
        tone = widget.property(TONE_PROPERTY)
        if tone is not None:  # "": the normal text colour, which set_text_colour wrote in as it was then
            set_text_colour(widget, Tone(tone) if tone else None, bold=widget.font().bold())
        template = widget.property(STYLE_PROPERTY)
        if template:
            set_themed_style(widget, template)
        text = widget.property(TEXT_PROPERTY)
        if text and isinstance(widget, QLabel):
            set_themed_text(widget, text)
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):  # a header's
            recolour_items(widget)  # model is its view's, walked there


def follow_scheme(prefs: QSettings) -> SchemeFollower:
    """Put the application in the scheme saved in ``prefs`` and keep it there (one follower per
    application: a second window, or Preferences saving another scheme, updates the same one)."""
    app = QApplication.instance()
    follower = app.findChild(SchemeFollower, SchemeFollower.NAME)
    if follower is None:
        follower = SchemeFollower(app, prefs)
    else:
        follower.prefs = prefs
        follower.follow()
    return follower


class SchemeFollower(QObject):
    """Keeps the application in the saved scheme: applies it now, and again when the system's changes
    (only matters for ``system``) or when Preferences saves another one (``follow``)."""

    NAME = "cnnstudioSchemeFollower"

    def __init__(self, app: QApplication, prefs: QSettings) -> None:
        super().__init__(app)
        self.setObjectName(self.NAME)
        self.app, self.prefs = app, prefs
        self.follow()
        with contextlib.suppress(AttributeError):  # colorSchemeChanged: Qt 6.5
            QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme_changed)

    def follow(self) -> None:
        apply_scheme(self.app, saved_scheme(self.prefs))

    def _on_system_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if saved_scheme(self.prefs) == "system":
            self.follow()


def swatch(fill: QColor | str, size: int = 12) -> QIcon:
    """A small square of a data colour (a run's curve, a plotted function) to show beside its name, whose
    text stays in the palette's colour: a curve colour as text reads badly on one of the two schemes."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(fill))
    return QIcon(pixmap)
