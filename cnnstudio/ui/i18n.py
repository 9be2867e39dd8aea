"""Language: the Simplified Chinese translation (the course texts' language) or English, from QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from cnnstudio.ui.resource_files import TRANSLATIONS

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
_installed: list[QTranslator] = []
_current = ["en"]  # the language installed last (texts that are not Qt's, such as a lesson's, follow it)


def current_language() -> str:
    """The language the window speaks now."""
    return _current[0]


def translation_file(language: str) -> Path:
    """The compiled translation (``resources/translations/cnnstudio_<language>.qm``)."""
    return TRANSLATIONS / f"cnnstudio_{language}.qm"


def install_language(app: QCoreApplication, language: str) -> bool:
    """Switch the translator; widgets built afterwards (and retranslated ones) use it. False if missing."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current[0] = "en"
    if language == "en":
        return True
    translator = QTranslator(app)
    if not translator.load(str(translation_file(language))):
        return False
    # Qt's own texts (OK / Cancel, file dialogs, context menus) from the translations PySide6 ships.
    qt_own = QTranslator(app)
    if qt_own.load(f"qt_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        _install(app, MnemonicFallback(qt_own, app))  # installed first, so asked last
    _install(app, translator)
    if not qt_own.isEmpty():
        _install(app, qt_own)
    _current[0] = language
    return True


def _install(app: QCoreApplication, translator: QTranslator) -> None:
    app.installTranslator(translator)
    _installed.append(translator)


class MnemonicFallback(QTranslator):
    """Qt's labels that gained a shortcut key after its catalogues were last translated.

    Qt 6.11's file dialog says "&Look in:" and "Files of &type:", but the zh_CN catalogue PySide6 ships
    still has only "Look in:" and "Files of type:", so those labels stayed English in a Chinese window.
    For a text with one ``&`` that nothing else translates, this looks the text up without it and puts the
    key back the way Qt's Chinese texts write it ("文件名称(&N)："). Asked last, so it never shadows a real
    translation.
    """

    def __init__(self, catalogue: QTranslator, parent: QCoreApplication) -> None:
        super().__init__(parent)
        self.catalogue = catalogue

    def isEmpty(self) -> bool:  # Qt skips an empty translator
        return False

    def translate(  # QTranslator's virtual, called by QCoreApplication.translate
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None, not "": Qt takes only a null string as "not translated here" and shows "" for an empty one.
        at = source.find("&")
        if at < 0 or at + 1 >= len(source) or source.count("&") != 1:
            return None
        found = self.catalogue.translate(context, source[:at] + source[at + 1 :], disambiguation, n)
        if not found:
            return None
        stem = found.rstrip(":：")
        return f"{stem}(&{source[at + 1].upper()}){found[len(stem) :]}"


def translate_in(language: str, context: str, text: str) -> str:
    """``text`` in ``language`` whatever language the window speaks (``text`` itself if not translated)."""
    if language == "en":
        return text
    translator = QTranslator()
    if not translator.load(str(translation_file(language))):
        return text
    return translator.translate(context, text) or text


def saved_language(prefs: QSettings) -> str:
    """The chosen language, or the system's when none was chosen (Chinese for a zh locale, else English)."""
    default = "zh_CN" if QLocale.system().name().startswith("zh") else "en"
    language = str(prefs.value("language", default))
    return language if language in LANGUAGES else "en"


def install_saved_language(app: QCoreApplication, prefs: QSettings | None = None) -> str:
    """Install the language saved in the preferences; English when its translation file is missing."""
    language = saved_language(prefs or QSettings())
    if not install_language(app, language):
        language = "en"
    return language
