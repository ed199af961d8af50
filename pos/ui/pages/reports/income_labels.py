"""The words of income on screen, in the language the app shows (the PDF and CSV take theirs
from pos.reports.income_words, in the language asked)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from pos.domain.income import ANY
from pos.reports.income_words import event_name, source_name


def _t(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def source_text(source: str) -> str:
    return source_name(_t, source)


def event_text(event: str) -> str:
    return event_name(_t, event) if event else ""


def rate_key_text(key: str, names: Mapping[str, str] | None = None) -> str:
    if key in ("", ANY):
        return _t("income", "(every one)")
    name = (names or {}).get(key)
    return f"{name} ({key})" if name and name != key else key


def line_text(line, names: Mapping[str, str] | None = None) -> str:
    """What a statement line is for (category, carrier with how it pays, service kind)."""
    from pos.reports.income_words import line_item

    return line_item(_t, line, names)
