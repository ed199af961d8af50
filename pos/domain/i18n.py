"""Marking user-facing text in Qt-free code.

The domain and service layers may not import Qt, yet their messages must reach the partner in
Chinese. They mark a message with ``tr_noop(context, text)``; pyside6-lupdate extracts it under
the same name Qt uses (QT_TRANSLATE_NOOP), and the UI translates it when it shows it.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    return text


tr_noop = QT_TRANSLATE_NOOP


# the settings key of the saved language (pos.services.settings.LANGUAGE), here so that the
# login screen can read it before the services are loaded (pos.db.peek)
LANGUAGE_SETTING_KEY = "ui.language"
