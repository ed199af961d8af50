"""The station's records as the county is sent them (``RECORD_KINDS`` in the contract): read
from the station database as they are now, phones and names masked, whole mobile numbers in free
text masked too."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import Counter
from typing import Any, Callable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.db.models import (
    Notice, Parcel, ParcelEvent, Payment, PrintDayCount, PrintJob, PurchaseEvent, PurchaseItem, PurchaseOrder, Refund,
    RefundLine, Sale, SaleLine, ServicePayment, Shift,
)
from pos.domain.account_services import BILL_ACCOUNT, mask_account
from pos.sync.contract import counts_uuid, format_time
from pos.sync.masking import is_masked_account, mask_name, mask_phone

_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)", re.ASCII)


def mask_text(text: str | None) -> str:
    """Free text with every whole mobile number in it masked."""
    return _MOBILE.sub(lambda m: mask_phone(m.group(0)), text or "")


def _t(t: dt.datetime | None) -> str | None:
    return format_time(t) if t is not None else None


def _parcel(s: Session, p: Parcel) -> dict[str, Any]:
    return {
        "waybill": p.waybill, "carrier": p.carrier or "", "status": p.status,
        "phone_masked": mask_phone(p.phone_masked or p.phone), "recipient_name": mask_name(p.recipient_name),
        "shelf": p.shelf or "", "layer": p.layer or 0, "pickup_code": p.pickup_code or "",
        "fee_due_fen": p.fee_due_fen or 0, "checked_in_at": _t(p.checked_in_at),
        "checked_in_by": p.checked_in_by or "", "picked_up_at": _t(p.picked_up_at),
        "handed_over_by": p.handed_over_by or "", "returned_at": _t(p.returned_at),
        "delivery_requested": bool(p.delivery_requested),
    }


def _details(s: Session, text: str) -> str:
    return mask_text(text)


def _parcel_event(s: Session, e: ParcelEvent) -> dict[str, Any]:
    details = e.details or ""
    parcel = s.get(Parcel, e.parcel_id)
    if parcel is not None and parcel.collector_name:  # a 代取 collector is named in the details
        details = details.replace(parcel.collector_name, mask_name(parcel.collector_name))
    return {"parcel_uuid": str(e.parcel_id), "at": _t(e.at), "kind": e.kind, "operator": e.operator or "",
            "details": mask_text(details)[:2000]}


def _purchase(s: Session, o: PurchaseOrder) -> dict[str, Any]:
    items = s.scalars(select(PurchaseItem).where(PurchaseItem.order_id == o.id).order_by(PurchaseItem.created_at,
                                                                                         PurchaseItem.id)).all()
    return {
        "number": o.number, "status": o.status, "customer_name": mask_name(o.customer_name),
        "customer_phone": mask_phone(o.customer_phone), "items_total_fen": o.items_total_fen or 0,
        "service_fee_fen": o.service_fee_fen or 0, "total_fen": o.total_fen or 0, "paid_fen": o.paid_fen or 0,
        "on_account_fen": o.on_account_fen or 0, "refunded_fen": o.refunded_fen or 0,
        "operator": o.operator or "", "placed_at": _t(o.placed_at), "shipped_at": _t(o.shipped_at),
        "arrived_at": _t(o.arrived_at), "collected_at": _t(o.collected_at), "cancelled_at": _t(o.cancelled_at),
        "items": [{"uuid": str(i.id), "description": mask_text(i.description)[:200], "quantity": i.quantity,
                   "unit_price_fen": i.unit_price_fen, "refunded_fen": i.refunded_fen or 0,
                   "category": (i.category or "")[:50]} for i in items],
    }


def _purchase_event(s: Session, e: PurchaseEvent) -> dict[str, Any]:
    return {"purchase_uuid": str(e.order_id), "at": _t(e.at), "kind": e.kind, "operator": e.operator or "",
            "details": mask_text(e.details)[:2000]}


def _sale(s: Session, sale: Sale) -> dict[str, Any]:
    lines = s.scalars(select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.created_at,
                                                                                   SaleLine.id)).all()
    payments: Counter[str] = Counter()
    for method, amount in s.execute(select(Payment.method, func.sum(Payment.amount_fen))
                                    .where(Payment.sale_id == sale.id).group_by(Payment.method)):
        payments[method] += int(amount or 0)
    return {
        "number": sale.number, "status": sale.status, "operator": sale.operator or "",
        "subtotal_fen": sale.subtotal_fen or 0, "discount_fen": sale.discount_fen or 0,
        "total_fen": sale.total_fen or 0, "completed_at": _t(sale.completed_at), "payments": dict(payments),
        "lines": [{"uuid": str(ln.id), "description": ln.description, "category": ln.category or "",
                   "unit_price_fen": ln.unit_price_fen, "quantity": ln.quantity, "discount_fen": ln.discount_fen or 0,
                   "total_fen": ln.total_fen, "refunded_quantity": ln.refunded_quantity or 0} for ln in lines],
    }


def _refund(s: Session, r: Refund) -> dict[str, Any]:
    lines = s.scalars(select(RefundLine).where(RefundLine.refund_id == r.id).order_by(RefundLine.created_at,
                                                                                      RefundLine.id)).all()
    return {
        "number": r.number, "sale_uuid": str(r.sale_id) if r.sale_id else None,
        "purchase_uuid": str(r.purchase_id) if r.purchase_id else None, "reason": mask_text(r.reason)[:2000],
        "operator": r.operator or "", "approved_by": r.approved_by or "", "total_fen": r.total_fen or 0,
        "at": _t(r.at),
        "lines": [{"uuid": str(ln.id), "sale_line_uuid": str(ln.sale_line_id) if ln.sale_line_id else None,
                   "purchase_item_uuid": str(ln.purchase_item_id) if ln.purchase_item_id else None,
                   "quantity": ln.quantity or 0, "amount_fen": ln.amount_fen} for ln in lines],
    }


def _shift(s: Session, sh: Shift) -> dict[str, Any]:
    z: dict[str, int] = {}
    if sh.closed_at is not None:
        # the Z report's money: what the drawer's payments came to by method in the shift
        for method, amount in s.execute(select(Payment.method, func.sum(Payment.amount_fen))
                                        .where(Payment.at >= sh.opened_at, Payment.at <= sh.closed_at)
                                        .group_by(Payment.method)):
            z[f"{method}_fen"] = int(amount or 0)
    return {
        "number": sh.number, "opened_at": _t(sh.opened_at), "opened_by": sh.opened_by or "",
        "float_fen": sh.float_fen or 0, "closed_at": _t(sh.closed_at), "closed_by": sh.closed_by or "",
        "expected_cash_fen": sh.expected_cash_fen, "counted_cash_fen": sh.counted_cash_fen,
        "variance_fen": sh.variance_fen, "variance_reason": mask_text(sh.variance_reason)[:2000], "z_totals": z,
    }


def _service_payment(s: Session, p: ServicePayment) -> dict[str, Any]:
    # the stored mask, checked: a whole account never leaves the station
    masked = p.account_masked if is_masked_account(p.account_masked or "") else mask_account(BILL_ACCOUNT, p.account)
    return {
        "number": p.number, "kind": p.kind, "provider": p.provider or "", "account_masked": masked or "",
        "amount_fen": p.amount_fen, "fee_fen": p.fee_fen or 0, "commission_fen": p.commission_fen or 0,
        "status": p.status, "operator": p.operator or "", "paid_at": _t(p.paid_at),
        "refunded_at": _t(p.refunded_at), "approved_by": p.approved_by or "",
    }


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time()).astimezone()  # local midnight
    return start, start + dt.timedelta(days=1)


def counts(s: Session, day: str) -> dict[str, Any]:
    d = dt.date.fromisoformat(day)
    start, end = _day_bounds(d)
    prints = {k: int(n) for k, n in s.execute(select(PrintJob.kind, func.count()).where(
        PrintJob.created_at >= start, PrintJob.created_at < end).group_by(PrintJob.kind))}
    # jobs printed long ago are deleted; their day's count was kept (pos.services.hardware.print_retention)
    for k, n in s.execute(select(PrintDayCount.kind, PrintDayCount.jobs).where(PrintDayCount.day == d)):
        prints[k] = prints.get(k, 0) + int(n)
    notices = {k: int(n) for k, n in s.execute(select(Notice.status, func.count()).where(
        Notice.day == d).group_by(Notice.status))}
    return {"day": d.isoformat(), "prints": prints, "notices": notices}


_READERS: dict[str, tuple[type, Callable[[Session, Any], dict[str, Any]]]] = {
    "parcel": (Parcel, _parcel),
    "parcel_event": (ParcelEvent, _parcel_event),
    "purchase": (PurchaseOrder, _purchase),
    "purchase_event": (PurchaseEvent, _purchase_event),
    "sale": (Sale, _sale),
    "refund": (Refund, _refund),
    "shift": (Shift, _shift),
    "service_payment": (ServicePayment, _service_payment),
}


def read(s: Session, kind: str, key: str, station_id: str) -> tuple[str, dict[str, Any]] | None:
    """(uuid, data) of a record as it is now; None when it is gone."""
    if kind == "counts":
        return counts_uuid(station_id, key), counts(s, key)
    model, reader = _READERS[kind]
    obj = s.get(model, uuid.UUID(key))
    if obj is None:
        return None
    return key, reader(s, obj)


def key_chunks(s: Session, size: int = 2000) -> Iterator[list[tuple[str, str]]]:
    """Every record the county is sent, by kind, oldest first, ``size`` at a time: a five-year
    station holds millions, which are never all in memory at once."""
    for kind, (model, _reader) in _READERS.items():
        ids = s.execute(select(model.id).order_by(model.created_at, model.id)
                        .execution_options(yield_per=size)).scalars()
        for part in ids.partitions(size):
            yield [(kind, str(i)) for i in part]
    days = {d.isoformat() for d in s.scalars(select(Notice.day).distinct()) if d is not None}
    days |= {t.astimezone().date().isoformat() for t in s.scalars(select(PrintJob.created_at))}
    days |= {d.isoformat() for d in s.scalars(select(PrintDayCount.day).distinct())}
    if days:
        yield [("counts", d) for d in sorted(days)]


def all_keys(s: Session) -> list[tuple[str, str]]:
    """Every record the county is sent (a small station's, or a test's)."""
    return [k for chunk in key_chunks(s) for k in chunk]
