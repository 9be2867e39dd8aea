"""Edit > Preferences: language, colour scheme, presenter-mode font scale, default colour map, torch threads.

Everything is kept in QSettings (not in the project file): these are the person's and the machine's
choices, the same for every project. The language takes effect at the next start, because widgets read
their texts once when they are built; the dialog says so rather than half-translating the open window.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.ui.i18n import LANGUAGES, saved_language, translate_in
from cnnstudio.ui.theme import SCHEME_KEY, SCHEMES, Tone, saved_scheme, set_text_colour

LANGUAGE_KEY = "language"
PRESENTER_SCALE_KEY = "presenter_scale"
COLORMAP_KEY = "feature_map_colormap"
THREADS_KEY = "torch_threads"
PRESENTER_SCALE = (1.3, 2.0)
DEFAULT_PRESENTER_SCALE = 1.6
RESTART_NOTE = QT_TRANSLATE_NOOP(
    "PreferencesDialog", "The new language is used after CNN Studio is restarted."
)


def presenter_scale(settings: QSettings) -> float:
    """The font factor of presenter mode, clamped to the offered range (a hand-edited file may hold anything)."""
    try:
        value = float(settings.value(PRESENTER_SCALE_KEY, DEFAULT_PRESENTER_SCALE))
    except (TypeError, ValueError):
        value = DEFAULT_PRESENTER_SCALE
    return min(max(value, PRESENTER_SCALE[0]), PRESENTER_SCALE[1])


def default_colormap(settings: QSettings) -> str:
    """The colour map feature-map views start with; the built-in default when unset or unknown."""
    from cnnstudio.ui.widgets import colormaps

    name = str(settings.value(COLORMAP_KEY, colormaps.DEFAULT_COLORMAP))
    return name if name in colormaps.colormap_names() else colormaps.DEFAULT_COLORMAP


def torch_threads(settings: QSettings) -> int | None:
    """Torch's intra-op threads for training from the window; None (blank) lets the engine choose."""
    value = settings.value(THREADS_KEY, "")
    try:
        threads = int(value) if value not in ("", None) else 0
    except (TypeError, ValueError):
        return None
    return threads if threads > 0 else None


def apply_colormap(settings: QSettings, root: QWidget | None = None) -> None:
    """Make the chosen colour map the default of views built from now on, and of those under ``root``.

    ``colormaps.DEFAULT_COLORMAP`` is what a new ``FeatureMapGrid`` starts with, so setting it covers the
    Teach page's grids, which are built later.
    """
    from cnnstudio.ui.widgets import colormaps
    from cnnstudio.ui.widgets.feature_grid import FeatureMapGrid

    name = default_colormap(settings)
    colormaps.DEFAULT_COLORMAP = name
    if root is not None:
        for grid in root.findChildren(FeatureMapGrid):
            grid.set_colormap(name)


class PreferencesDialog(QDialog):
    """The five preferences as a form; ``accept`` writes them to ``settings``."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Preferences"))
        form = QFormLayout()
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self._initial_language = saved_language(settings)
        self.language.setCurrentIndex(max(0, self.language.findData(self._initial_language)))
        self.language.currentIndexChanged.connect(self._on_language_changed)
        form.addRow(self.tr("Language"), self.language)
        # One line per language, not word-wrapped: a wrapped label gave the dialog no height for its second
        # line, and the note was cut in both languages.
        self.restart_note = QLabel()
        set_text_colour(self.restart_note, Tone.WARNING, bold=True)
        form.addRow(self.restart_note)  # the whole width: two lines, not a narrow column of many
        self.scheme = QComboBox()
        for name, text in zip(SCHEMES, (self.tr("Follow the system"), self.tr("Light"), self.tr("Dark"))):
            self.scheme.addItem(text, name)
        self.scheme.setCurrentIndex(max(0, self.scheme.findData(saved_scheme(settings))))
        self.scheme.setToolTip(self.tr("Light or dark window colours; the system's follows its setting"))
        form.addRow(self.tr("Colour scheme"), self.scheme)
        self.scale = QDoubleSpinBox()
        self.scale.setRange(*PRESENTER_SCALE)
        self.scale.setSingleStep(0.1)
        self.scale.setDecimals(1)
        self.scale.setSuffix(" ×")
        self.scale.setValue(presenter_scale(settings))
        self.scale.setToolTip(
            self.tr("How much larger fonts are in presenter mode (View > Presenter mode, F11)")
        )
        form.addRow(self.tr("Presenter-mode font scale"), self.scale)
        self.colormap = QComboBox()
        self._fill_colormaps()
        form.addRow(self.tr("Feature-map colour map"), self.colormap)
        self.threads = QSpinBox()
        self.threads.setRange(0, 256)
        self.threads.setSpecialValueText(self.tr("automatic"))
        self.threads.setValue(torch_threads(settings) or 0)
        self.threads.setToolTip(
            self.tr(
                "Torch threads for training from the window. Automatic: every core but one, which the "
                "window keeps for drawing. A project that sets its own thread count keeps it."
            )
        )
        form.addRow(self.tr("Training threads"), self.threads)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._on_language_changed()

    def _fill_colormaps(self) -> None:
        from cnnstudio.ui.widgets import colormaps

        for name in colormaps.colormap_names():
            self.colormap.addItem(colormaps.display_name(name), name)
        self.colormap.setCurrentIndex(max(0, self.colormap.findData(default_colormap(self.settings))))

    def _on_language_changed(self) -> None:
        """Say that the language changes at the next start, in the window's language and in the chosen one
        (someone who picked the wrong one by mistake may read only that)."""
        chosen = self.language.currentData()
        lines = [self.tr(RESTART_NOTE)]
        in_chosen = translate_in(chosen, "PreferencesDialog", RESTART_NOTE)
        if in_chosen not in lines:
            lines.append(in_chosen)
        self.restart_note.setText("\n".join(lines))
        self.restart_note.setVisible(chosen != self._initial_language)
        self.adjustSize()  # grown to show the whole note (a hidden label had no room kept for it)

    def accept(self) -> None:
        self.settings.setValue(LANGUAGE_KEY, self.language.currentData())
        self.settings.setValue(SCHEME_KEY, self.scheme.currentData())
        self.settings.setValue(PRESENTER_SCALE_KEY, round(self.scale.value(), 2))
        self.settings.setValue(COLORMAP_KEY, self.colormap.currentData())
        threads = self.threads.value()
        self.settings.setValue(THREADS_KEY, str(threads) if threads > 0 else "")
        self.settings.sync()
        super().accept()
