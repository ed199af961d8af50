"""A station's monthly statement from the county, as PDF and CSV (web pages and scripts): the
very documents the station prints (same builders, same layout), from the synced records.

Nothing is written: a statement is computed from the synced records each time it is asked for.
"""

from __future__ import annotations

import functools
import re
import uuid
from zoneinfo import ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from pos.county.income import station_statement
from pos.county.models import Station
from pos.domain.carriers import load_rules
from pos.domain.errors import ValidationError
from pos.domain.income import Statement
from pos.i18n import normalise_language
from pos.reports.csv_income_statement import income_statement_csv
from pos.reports.pdf_income_statement import build_income_statement_pdf

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class NoData(Exception):
    """No statement: the station never synced, or nothing it synced earns in that month."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class BadMonth(ValueError):
    pass


def parse_month(text: str) -> tuple[int, int]:
    """'2026-11' -> (2026, 11); BadMonth otherwise."""
    m = _MONTH.match(text or "")
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 2000:
        raise BadMonth(f"'{(text or '')[:20]}' is not a month; write it as YYYY-MM, for example 2026-11")
    return int(m.group(1)), int(m.group(2))


def _station(session: Session, station_id: uuid.UUID) -> Station:
    station = session.get(Station, uuid.UUID(str(station_id)))
    if station is None:
        raise LookupError(f"no station {station_id}")
    if station.last_sync_at is None:
        raise NoData("never_synced", f"station {station.name} has never synced: the county has no records of it")
    return station


def statement_for(session: Session, station_id: uuid.UUID, year: int, month: int) -> Statement:
    """The month's statement, or NoData (LookupError: no such station)."""
    station = _station(session, station_id)
    try:
        s = station_statement(session, station_id, year, month)
    except (ValidationError, ValueError, ZoneInfoNotFoundError) as e:
        # settings stored before the county checked them
        raise NoData("bad_settings", f"station {station.name}'s rates or time zone cannot be used ({e}): "
                     "put them right with PUT /api/stations/NAME/settings") from None
    if not s.lines:
        raise NoData("no_data", f"station {station.name} synced nothing that earns income in {year}-{month:02d}")
    return s


def key_names(language: str) -> dict[str, str]:
    """Carriers by name, as the station names them on its own statement (the shipped carrier rules)."""
    zh = normalise_language(language) != "en"
    return {code: (c.name_zh if zh else c.name_en) for code, c in _carriers().items()}


@functools.cache
def _carriers() -> dict:
    return dict(load_rules().carriers)


def statement_csv(session: Session, station_id: uuid.UUID, year: int, month: int, language: str = "zh_CN") -> bytes:
    """The station's own statement CSV (pos.reports.csv_income_statement), from the synced
    records: one row per source and category, carrier and event or service kind, then what the
    county owes and the total; UTF-8 with BOM for Excel, amounts in yuan."""
    s = statement_for(session, station_id, year, month)
    text = income_statement_csv(s, station_name=s.station, language=language, key_names=key_names(language))
    return text.encode("utf-8-sig")


def statement_pdf(session: Session, station_id: uuid.UUID, year: int, month: int, language: str = "zh_CN") -> bytes:
    """The station's own statement PDF (pos.reports.pdf_income_statement), from the synced records."""
    s = statement_for(session, station_id, year, month)
    return build_income_statement_pdf(s, station_name=s.station, language=language, key_names=key_names(language))
