"""Qt translations: zh_CN by default, English as the second language.

Source strings in the code are English; resources/translations holds the zh_CN .ts source and
its compiled .qm. English needs no file: Qt shows the source text.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from pos.domain.errors import DeviceError, DomainError
from pos.resources import resource

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
QM_NAME = "village_pos_{lang}.qm"


def normalise_language(lang: str | None) -> str:
    if not lang:
        return DEFAULT_LANGUAGE
    low = lang.replace("-", "_").lower()
    if low.startswith("en"):
        return "en"
    if low.startswith("zh"):
        return "zh_CN"
    raise ValueError(lang)


class Translations:
    """Owns the installed translators so a language switch can replace them."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        # translators belong to the application, not to this object: a second Translations
        # (the command line after the window, or tests) must replace, not stack, them
        if not hasattr(app, "_village_pos_translators"):
            app._village_pos_translators = []  # type: ignore[attr-defined]
        self._installed: list[QTranslator] = app._village_pos_translators  # type: ignore[attr-defined]
        self.language = "en"

    def use(self, lang: str) -> str:
        lang = normalise_language(lang)
        for t in self._installed:
            self.app.removeTranslator(t)
        self._installed.clear()
        if lang != "en":
            app_tr = QTranslator(self.app)
            qm = resource("translations", QM_NAME.format(lang=lang))
            if app_tr.load(str(qm)):
                self.app.installTranslator(app_tr)
                self._installed.append(app_tr)
            else:
                log.error("translation %s could not be loaded", qm)
            # Qt's own strings (OK/Cancel buttons, context menus) from the Qt installation
            qt_tr = QTranslator(self.app)
            from PySide6.QtCore import QLibraryInfo

            if qt_tr.load(QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                self.app.installTranslator(qt_tr)
                self._installed.append(qt_tr)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese if lang == "zh_CN" else QLocale.Language.English))
        self.language = lang
        return lang


def error_text(err: BaseException) -> str:
    """The message of a DomainError or DeviceError in the current language."""
    if isinstance(err, (DomainError, DeviceError)):
        template = QCoreApplication.translate(err.context, err.message)
        try:
            return template.format(**err.params)
        except (KeyError, IndexError, ValueError):
            return template
    return str(err)
