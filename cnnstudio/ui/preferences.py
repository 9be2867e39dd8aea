"""Edit > Preferences: language, colour scheme, presenter-mode font scale, default colour map, torch threads,
the folder of the downloadable datasets.

Everything is kept in QSettings (not in the project file): these are the person's and the machine's
choices, the same for every project. The language takes effect at the next start, because widgets read
their texts once when they are built; the dialog says so rather than half-translating the open window.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnstudio.core.data_folder import FOLDER_VARIABLE, DataFolder, default_data_folder
from cnnstudio.ui.i18n import LANGUAGES, saved_language, translate_in
from cnnstudio.ui.theme import SCHEME_KEY, SCHEMES, Tone, saved_scheme, set_text_colour

LANGUAGE_KEY = "language"
PRESENTER_SCALE_KEY = "presenter_scale"
COLORMAP_KEY = "feature_map_colormap"
THREADS_KEY = "torch_threads"
DATA_FOLDER_KEY = "data_folder"
# The variable as the shell set it when the program started: a blank preference restores it.
_SHELL_DATA_FOLDER = os.environ.get(FOLDER_VARIABLE)
PRESENTER_SCALE = (1.3, 2.0)
DEFAULT_PRESENTER_SCALE = 1.6
RESTART_NOTE = QT_TRANSLATE_NOOP(
    "PreferencesDialog", "The new language is used after CNN Studio is restarted."
)


def presenter_scale(prefs: QSettings) -> float:
    """The font factor of presenter mode, clamped to the offered range (a hand-edited file may hold anything)."""
    try:
        value = float(prefs.value(PRESENTER_SCALE_KEY, DEFAULT_PRESENTER_SCALE))
    except (TypeError, ValueError):
        value = DEFAULT_PRESENTER_SCALE
    return min(max(value, PRESENTER_SCALE[0]), PRESENTER_SCALE[1])


def default_colormap(prefs: QSettings) -> str:
    """The colour map feature-map views start with; the built-in default when unset or unknown."""
    from cnnstudio.ui.widgets import colormaps

    name = str(prefs.value(COLORMAP_KEY, colormaps.DEFAULT_COLORMAP))
    return name if name in colormaps.colormap_names() else colormaps.DEFAULT_COLORMAP


def torch_threads(prefs: QSettings) -> int | None:
    """Torch's intra-op threads for training from the window; None (blank) lets the engine choose."""
    value = prefs.value(THREADS_KEY, "")
    try:
        threads = int(value) if value not in ("", None) else 0
    except (TypeError, ValueError):
        return None
    return threads if threads > 0 else None


def data_folder(prefs: QSettings) -> str:
    """The dataset folder chosen in Preferences; "" for the default (``core.data_folder``)."""
    value = prefs.value(DATA_FOLDER_KEY, "")
    return value.strip() if isinstance(value, str) else ""


def apply_data_folder(prefs: QSettings) -> None:
    """Make the chosen folder this process's default for sets without ``root`` (core reads the variable, so
    Start's checks, the budget and the downloads all see it; each run's job carries it to its process)."""
    chosen = data_folder(prefs)
    if chosen:
        os.environ[FOLDER_VARIABLE] = chosen
    elif _SHELL_DATA_FOLDER is not None:
        os.environ[FOLDER_VARIABLE] = _SHELL_DATA_FOLDER
    else:
        os.environ.pop(FOLDER_VARIABLE, None)


def apply_colormap(prefs: QSettings, root: QWidget | None = None) -> None:
    """Make the chosen colour map the default of views built from now on, and of those under ``root``.

    ``colormaps.DEFAULT_COLORMAP`` is what a new ``FeatureMapGrid`` starts with, so setting it covers the
    Teach page's grids, which are built later.
    """
    from cnnstudio.ui.widgets import colormaps
    from cnnstudio.ui.widgets.feature_grid import FeatureMapGrid

    name = default_colormap(prefs)
    colormaps.DEFAULT_COLORMAP = name
    if root is not None:
        for grid in root.findChildren(FeatureMapGrid):
            grid.set_colormap(name)


class PreferencesDialog(QDialog):
    """The five preferences as a form; ``accept`` writes them to ``prefs``."""

    def __init__(self, prefs: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.setWindowTitle(self.tr("Preferences"))
        form = QFormLayout()
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self._initial_language = saved_language(prefs)
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
        self.scheme.setCurrentIndex(max(0, self.scheme.findData(saved_scheme(prefs))))
        self.scheme.setToolTip(self.tr("Light or dark window colours; the system's follows its setting"))
        form.addRow(self.tr("Colour scheme"), self.scheme)
        self.scale = QDoubleSpinBox()
        self.scale.setRange(*PRESENTER_SCALE)
        self.scale.setSingleStep(0.1)
        self.scale.setDecimals(1)
        self.scale.setSuffix(" ×")
        self.scale.setValue(presenter_scale(prefs))
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
        self.threads.setValue(torch_threads(prefs) or 0)
        self.threads.setToolTip(
            self.tr(
                "Torch threads for training from the window. Automatic: every core but one, which the "
                "window keeps for drawing. A project that sets its own thread count keeps it."
            )
        )
        form.addRow(self.tr("Training threads"), self.threads)
        form.addRow(self.tr("Dataset folder"), self._data_folder_row())
        self.data_note = QLabel()
        set_text_colour(self.data_note, Tone.MUTED)
        self.data_note.setWordWrap(True)
        form.addRow(self.data_note)
        self._on_data_folder_edited()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._on_language_changed()

    def _data_folder_row(self) -> QWidget:
        self.data_folder = QLineEdit(data_folder(self.prefs))
        self.data_folder.setClearButtonEnabled(True)
        self.data_folder.setToolTip(
            self.tr(
                "Where MNIST, Fashion-MNIST, KMNIST, CIFAR-10/100 and SVHN are read from and downloaded to, "
                "for projects that name no folder of their own. Blank: the default folder."
            )
        )
        self.data_folder.textChanged.connect(self._on_data_folder_edited)
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self._on_choose_data_folder)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.data_folder, 1)
        layout.addWidget(choose)
        return row

    def _on_choose_data_folder(self) -> None:
        start = self.data_folder.text().strip() or str(self._default_folder().path)
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Dataset folder"), start)
        if chosen:
            self.data_folder.setText(chosen)

    def _default_folder(self) -> DataFolder:
        """The folder a blank field means: the shell's variable, the former ~/cnnstudio-data, or the
        platform's data folder (not this preference, which the process's variable may hold now)."""
        return default_data_folder(_SHELL_DATA_FOLDER or "")

    def _on_data_folder_edited(self) -> None:
        default = self._default_folder()
        self.data_folder.setPlaceholderText(str(default.path))
        # Wide enough to read the default folder whole (a path cut at "data-zh…" tells nothing).
        width = self.data_folder.fontMetrics().horizontalAdvance(str(default.path)) + 40
        self.data_folder.setMinimumWidth(min(width, 520))
        if self.data_folder.text().strip():
            self.data_note.setText(
                self.tr("Projects that name no folder read and download their datasets here.")
            )
        elif default.origin == "legacy":
            self.data_note.setText(
                self.tr(
                    "Blank: {0}, the folder earlier versions used, since it exists (new installs use the "
                    "platform's data folder)."
                ).format(default.path)
            )
        else:
            self.data_note.setText(self.tr("Blank: {0}, the platform's data folder.").format(default.path))

    def _fill_colormaps(self) -> None:
        from cnnstudio.ui.widgets import colormaps

        for name in colormaps.colormap_names():
            self.colormap.addItem(colormaps.display_name(name), name)
        self.colormap.setCurrentIndex(max(0, self.colormap.findData(default_colormap(self.prefs))))

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
        self.prefs.setValue(LANGUAGE_KEY, self.language.currentData())
        self.prefs.setValue(SCHEME_KEY, self.scheme.currentData())
        self.prefs.setValue(PRESENTER_SCALE_KEY, round(self.scale.value(), 2))
        self.prefs.setValue(COLORMAP_KEY, self.colormap.currentData())
        threads = self.threads.value()
        self.prefs.setValue(THREADS_KEY, str(threads) if threads > 0 else "")
        self.prefs.setValue(DATA_FOLDER_KEY, self.data_folder.text().strip())
        self.prefs.sync()
        apply_data_folder(self.prefs)
        super().accept()
