"""Assisted purchases as CSV for Excel: one row per order, UTF-8 with BOM, ISO 8601 times with
the local UTC offset, amounts in yuan with two decimals in the *_yuan columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from pos.db.models.purchase import PurchaseOrder
from pos.db.unit_of_work import Database
from pos.services.csv_export import cell as _cell
from pos.services.csv_export import FULL, audit_export, check_day_range, iso, write_csv
from pos.services.csv_export import yuan as _yuan
from pos.domain.users import Operator
from pos.services.local_days import days_bounds
from pos.services.purchases.settings import LATE_DAYS, read_int
from pos.services.purchases.views import order_views
from pos.services import settings

COLUMNS = (
    "number", "status", "placed_at", "customer_name", "customer_phone", "items", "item_count",
    "platform_orders", "waybills", "items_total_yuan", "service_fee_yuan", "total_yuan", "paid_yuan",
    "on_account_yuan", "refunded_yuan", "due_yuan", "expected_on", "late", "shipped_at", "arrived_at",
    "collected_at", "cancelled_at", "cancel_reason", "return_waybill", "operator", "note",
)  # fmt: skip
BATCH = 500

__all__ = ["COLUMNS", "export_purchases", "row"]


def row(o) -> list[str]:
    items = "; ".join(f"{i.description} x{i.quantity} @{_yuan(i.unit_price_fen)}" for i in o.items)
    return [
        o.number, o.status, iso(o.placed_at), _cell(o.customer_name), _cell(o.customer_phone), _cell(items),
        str(sum(i.quantity for i in o.items)), _cell("; ".join(o.platform_orders)),
        "; ".join(w.waybill for w in o.waybills), _yuan(o.items_total_fen), _yuan(o.service_fee_fen),
        _yuan(o.total_fen), _yuan(o.paid_fen), _yuan(o.on_account_fen), _yuan(o.refunded_fen), _yuan(o.due_fen),
        o.expected_on.isoformat() if o.expected_on else "", "yes" if o.late else "no", iso(o.shipped_at),
        iso(o.arrived_at), iso(o.collected_at), iso(o.cancelled_at), _cell(o.cancel_reason), o.return_waybill,
        _cell(o.operator), _cell(o.note),
    ]


def export_purchases(db: Database, out: Path, now: dt.datetime, first: dt.date | None = None,
                     last: dt.date | None = None, *, operator: Operator | None = None) -> int:
    """Write the orders placed on local days first..last (both included, either open) to ``out``;
    returns the number of rows. The file is written whole or not at all, and audited (it holds
    customers' phone numbers); ``operator`` None is the command line on the station's PC."""
    check_day_range(first, last)
    start, end = days_bounds(first, last)
    query = select(PurchaseOrder).order_by(PurchaseOrder.placed_at, PurchaseOrder.number)
    if start is not None:
        query = query.where(PurchaseOrder.placed_at >= start)
    if end is not None:
        query = query.where(PurchaseOrder.placed_at < end)
    with db.reader() as s:
        late_days = read_int(lambda d: settings.get(s, d), LATE_DAYS)
        # a batch's items, refunds and waybills by one query each (views.order_views), not three an order
        rows = (row(view) for batch in s.scalars(query.execution_options(yield_per=BATCH)).partitions()
                for view in order_views(s, batch, now, late_days))
        return write_csv(out, COLUMNS, rows, before_placing=audit_export(
            db, operator, kind="purchases", phones=FULL, out=out,
            extra={"from": first.isoformat() if first else "", "to": last.isoformat() if last else ""}))
