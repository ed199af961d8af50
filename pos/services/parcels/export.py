"""Parcels as CSV for Excel: UTF-8 with BOM, times in ISO 8601 with the local UTC offset.

Rows are streamed from the check-in time index, so a history of a million parcels is written
without holding it in memory.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from pos.db.models import Parcel
from pos.db.unit_of_work import Database
from pos.services.csv_export import cell as _cell
from pos.services.csv_export import FULL, audit_export, check_day_range, iso, write_csv
from pos.domain.users import Operator
from pos.services.local_days import days_bounds

__all__ = ["COLUMNS", "export_parcels", "iso"]

COLUMNS = (
    "waybill", "carrier", "status", "pickup_code", "phone", "phone_masked", "phone_tail",
    "recipient_name", "shelf", "layer", "checked_in_at", "checked_in_by", "picked_up_at",
    "handed_over_by", "collector_name", "returned_at",
)  # fmt: skip
BATCH = 1000


def _row(p: Parcel) -> list[str]:
    return [
        p.waybill, p.carrier, p.status, p.pickup_code, p.phone, p.phone_masked, p.phone_tail,
        _cell(p.recipient_name), p.shelf, str(p.layer or "") if p.shelf else "", iso(p.checked_in_at),
        _cell(p.checked_in_by), iso(p.picked_up_at), _cell(p.handed_over_by), _cell(p.collector_name),
        iso(p.returned_at),
    ]


def export_parcels(db: Database, out: Path, first: dt.date | None = None, last: dt.date | None = None, *,
                   operator: Operator | None = None) -> int:
    """Write the parcels checked in on local days first..last (both included, either open) to
    ``out``; returns the number of rows. The file is written whole or not at all, and audited
    (it holds full phone numbers); ``operator`` None is the command line on the station's PC."""
    check_day_range(first, last)
    start, end = days_bounds(first, last)
    query = select(Parcel).order_by(Parcel.checked_in_at, Parcel.waybill)
    if start is not None:
        query = query.where(Parcel.checked_in_at >= start)
    if end is not None:
        query = query.where(Parcel.checked_in_at < end)
    with db.reader() as s:
        def rows():
            for n, p in enumerate(s.scalars(query.execution_options(yield_per=BATCH)), 1):
                yield _row(p)
                if n % BATCH == 0:
                    s.expunge_all()  # a million rows stream through without piling up

        return write_csv(out, COLUMNS, rows(), before_placing=audit_export(
            db, operator, kind="parcels", phones=FULL, out=out, extra=_span(first, last)))


def _span(first: dt.date | None, last: dt.date | None) -> dict:
    return {"from": first.isoformat() if first else "", "to": last.isoformat() if last else ""}
