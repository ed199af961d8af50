"""The words of an income statement in a given language, for the PDF, the CSV and the page.

The county server builds the same statement for a station in whichever language its staff
chose, on a thread of its own, so these words do not go through the application's installed
translator: each language gets its own QTranslator, loaded once, asked directly.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping

from PySide6.QtCore import QTranslator

from pos.domain.income import ANY, PARCEL_FEE, SOURCE_NAMES, IncomeLine, Statement, month_bounds
from pos.domain.money import Money
from pos.i18n import QM_NAME, normalise_language
from pos.resources import resource

Translate = Callable[[str, str], str]

_lock = threading.Lock()
_translators: dict[str, QTranslator] = {}


def words(language: str = "zh_CN") -> Translate:
    """translate(context, text) in ``language``; English (the source text) for "en"."""
    lang = normalise_language(language)
    if lang == "en":
        return lambda _context, text: text
    with _lock:
        tr = _translators.get(lang)
        if tr is None:
            tr = QTranslator()
            tr.load(str(resource("translations", QM_NAME.format(lang=lang))))
            _translators[lang] = tr

    def translate(context: str, text: str) -> str:
        return tr.translate(context, text) or text

    return translate


def source_name(t: Translate, source: str) -> str:
    text = SOURCE_NAMES.get(source)
    return t("income", text) if text else source


def event_name(t: Translate, event: str) -> str:
    return {"checkin": t("income", "per check-in"), "handover": t("income", "per handover")}.get(event, event)


def key_name(t: Translate, line: IncomeLine, key_names: Mapping[str, str] | None = None) -> str:
    """What the line is for: a goods category, a carrier, a service kind; named by ``key_names``
    (carrier names, service kinds) where it knows them."""
    if line.key in ("", ANY):
        return t("income", "(no category)")
    return (key_names or {}).get(line.key, line.key)


def line_item(t: Translate, line: IncomeLine, key_names: Mapping[str, str] | None = None) -> str:
    name = key_name(t, line, key_names)
    return f"{name} ({event_name(t, line.event)})" if line.source == PARCEL_FEE and line.event else name


def money(fen: int) -> str:
    return Money(int(fen)).format()


def month_text(t: Translate, statement: Statement) -> str:
    first, nxt = month_bounds(statement.year, statement.month)
    return t("income", "{month} ({first} to {last})").format(
        month=first.strftime("%Y-%m"), first=first.isoformat(), last=(nxt - dt.timedelta(days=1)).isoformat())


def title(t: Translate) -> str:
    return t("income", "Income statement")
