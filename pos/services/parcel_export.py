"""Parcels as CSV for Excel: UTF-8 with BOM, times in ISO 8601 with the local UTC offset.

Rows are streamed from the check-in time index, so a history of a million parcels is written
without holding it in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from sqlalchemy import select

from pos.db.models import Parcel
from pos.db.unit_of_work import Database
from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop
from pos.services.local_days import days_bounds

COLUMNS = (
    "waybill", "carrier", "status", "pickup_code", "phone", "phone_masked", "phone_tail",
    "recipient_name", "shelf", "layer", "checked_in_at", "checked_in_by", "picked_up_at",
    "handed_over_by", "collector_name", "returned_at",
)  # fmt: skip
BATCH = 1000


def parse_day(text: str | None, field: str) -> dt.date | None:
    if text is None or text == "":
        return None
    try:
        return dt.date.fromisoformat(text.strip()) if len(text.strip()) == 10 else _bad(text, field)
    except ValueError:
        return _bad(text, field)


def _bad(text: str, field: str):
    raise ValidationError(tr_noop("errors", "'{value}' is not a date; write it as YYYY-MM-DD, for example "
                                  "2026-11-20."), field=field, value=str(text)[:30])


def iso(at: dt.datetime | None) -> str:
    return at.astimezone().isoformat(timespec="seconds") if at else ""


def _cell(text: str) -> str:
    # Excel runs a cell that starts with = + - @ as a formula
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _row(p: Parcel) -> list[str]:
    return [
        p.waybill, p.carrier, p.status, p.pickup_code, p.phone, p.phone_masked, p.phone_tail,
        _cell(p.recipient_name), p.shelf, str(p.layer or "") if p.shelf else "", iso(p.checked_in_at),
        _cell(p.checked_in_by), iso(p.picked_up_at), _cell(p.handed_over_by), _cell(p.collector_name),
        iso(p.returned_at),
    ]


def export_parcels(db: Database, out: Path, first: dt.date | None = None, last: dt.date | None = None) -> int:
    """Write the parcels checked in on local days first..last (both included, either open) to
    ``out``; returns the number of rows. The file is written whole or not at all."""
    if first and last and first > last:
        raise ValidationError(tr_noop("errors", "The first day {first} is after the last day {last}."),
                              field="date_from", first=first.isoformat(), last=last.isoformat())
    start, end = days_bounds(first, last)
    query = select(Parcel).order_by(Parcel.checked_in_at, Parcel.waybill)
    if start is not None:
        query = query.where(Parcel.checked_in_at >= start)
    if end is not None:
        query = query.where(Parcel.checked_in_at < end)
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    count = 0
    try:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f, db.reader() as s:
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow(COLUMNS)
            for p in s.scalars(query.execution_options(yield_per=BATCH)):
                w.writerow(_row(p))
                count += 1
                if count % BATCH == 0:
                    s.expunge_all()
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return count
