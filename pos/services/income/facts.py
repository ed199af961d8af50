"""The station's records as income facts for a range of local days, by the shared record rules
of pos.domain.income (the county applies the same rules to its synced copies).

Each source is ``(session, first_day, last_day_exclusive) -> list[Fact]`` and reads only the
range asked, through indexed time columns: a five-year station holds a million parcels, and a
month's statement must not read them all. Parcels are counted per carrier and local day from
covering indexes (``ix_parcel_checked_in_carrier``, ``ix_parcel_picked_up_carrier``), one small
GROUP BY per day (statements built once, run with the day's bounds); every fact then stands for
that day's count.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import LargeBinary, Row, and_, bindparam, func, select, type_coerce
from sqlalchemy.orm import Session

from pos.db.key_lists import chunks
from pos.db.models import Parcel, PurchaseItem, PurchaseOrder, Refund, RefundLine, Sale, SaleLine
from pos.domain.income import (PARCEL_FEE, Fact, ItemRefund, LineRefund, purchase_item_facts,
                               sale_line_facts)
from pos.services.local_days import day_start, local_day

IncomeSource = Callable[[Session, dt.date, dt.date], list[Fact]]


def days(first: dt.date, last_exclusive: dt.date) -> Iterable[dt.date]:
    d = first
    while d < last_exclusive:
        yield d
        d += dt.timedelta(days=1)


# built once: a month asks them 31 times each, and building a statement costs more than running it
_CHECKED_IN = (select(Parcel.carrier, func.count())
               .where(Parcel.checked_in_at >= bindparam("start"), Parcel.checked_in_at < bindparam("end"))
               .group_by(Parcel.carrier))
# status is grouped, not filtered: a condition on it makes SQLite pick the status index and walk
# every parcel ever handed over
_LEFT = (select(Parcel.carrier, Parcel.status, func.count())
         .where(Parcel.picked_up_at >= bindparam("start"), Parcel.picked_up_at < bindparam("end"))
         .group_by(Parcel.carrier, Parcel.status))


def parcel_facts(s: Session, first: dt.date, last_exclusive: dt.date) -> list[Fact]:
    """Check-ins and handovers per carrier and day (pos.domain.income.parcel_facts, counted):
    every parcel checked in earns its check-in; a parcel handed to its villager (status
    picked_up, at the counter or on a delivery run) its handover, on the day it left."""
    facts: list[Fact] = []
    for day in days(first, last_exclusive):
        bounds = {"start": day_start(day), "end": day_start(day + dt.timedelta(days=1))}
        facts += [Fact(PARCEL_FEE, carrier, day, event="checkin", count=n)
                  for carrier, n in s.execute(_CHECKED_IN, bounds)]
        facts += [Fact(PARCEL_FEE, carrier, day, event="handover", count=n)
                  for carrier, status, n in s.execute(_LEFT, bounds) if status == "picked_up"]
    return facts


def _raw_key(s: Session, column):
    """A key as the driver gives it, for matching rows of one read: on SQLite its 16 bytes, not
    made into a UUID (a year's purchase items are 50,000 keys, and making them cost more than
    SQLite took to read them)."""
    if s.get_bind().dialect.name == "sqlite":
        return type_coerce(column, LargeBinary)
    return column


def _items_and_refunds(s: Session, orders) -> tuple[Sequence[Row], dict]:
    """The items of the orders ``orders`` selects (a condition on PurchaseOrder) with their
    order's collection time, and every refund of those items by item key: one query each."""
    items = s.execute(
        select(_raw_key(s, PurchaseItem.id), PurchaseItem.category, PurchaseItem.quantity,
               PurchaseItem.unit_price_fen, PurchaseOrder.collected_at)
        .join(PurchaseOrder, PurchaseOrder.id == PurchaseItem.order_id).where(orders)).all()
    refunds: dict = defaultdict(list)
    for key, at, amount in s.execute(
            select(_raw_key(s, RefundLine.purchase_item_id), Refund.at, RefundLine.amount_fen)
            .join(Refund, Refund.id == RefundLine.refund_id)
            .join(PurchaseOrder, PurchaseOrder.id == Refund.purchase_id)
            .where(orders, RefundLine.purchase_item_id.is_not(None))):
        refunds[key].append((at, amount))
    return items, refunds


def purchase_facts(s: Session, first: dt.date, last_exclusive: dt.date) -> list[Fact]:
    """Commission facts of assisted purchase items (pos.domain.income.purchase_item_facts): items
    of orders collected in the range, and items refunded in the range after their collection.
    Each item is priced once, with all its refunds, and only its facts inside the range kept.
    Every query starts from an indexed time range or key, never from the whole order book."""
    start, end = day_start(first), day_start(last_exclusive)
    conditions = [and_(PurchaseOrder.collected_at >= start, PurchaseOrder.collected_at < end)]
    # collected before the range and refunded in it: a refund in the range came after collection
    earlier = s.scalars(select(Refund.purchase_id).distinct()
                        .join(PurchaseOrder, PurchaseOrder.id == Refund.purchase_id)
                        .where(Refund.at >= start, Refund.at < end, PurchaseOrder.collected_at < start)).all()
    for chunk in chunks(sorted(earlier, key=str)):
        conditions.append(PurchaseOrder.id.in_(chunk))
    facts: list[Fact] = []
    for orders in conditions:
        items, refunds = _items_and_refunds(s, orders)
        for key, category, quantity, price, collected_at in items:
            item_refunds = [ItemRefund(local_day(at), amount, at > collected_at) for at, amount in refunds[key]]
            facts += purchase_item_facts(category or "", quantity * price, local_day(collected_at), item_refunds)
    return [f for f in facts if first <= f.day < last_exclusive]


_LINE = (SaleLine.id, SaleLine.sale_id, SaleLine.category, SaleLine.total_fen, SaleLine.quantity, SaleLine.cost_fen,
         SaleLine.weight_grams, SaleLine.weight_unit, Sale.completed_at)


def sales_margin_facts(s: Session, first: dt.date, last_exclusive: dt.date) -> list[Fact]:
    """Counter-sale margin (pos.domain.income.sale_line_facts) of lines with a cost price: lines
    of sales in the range, and lines refunded in the range (their reversal on the refund's day).
    Refunds are found through their sale (indexed), never by scanning refund lines."""
    start, end = day_start(first), day_start(last_exclusive)
    lines = {row[0]: row for row in s.execute(
        select(*_LINE).join(Sale, Sale.id == SaleLine.sale_id)
        .where(Sale.completed_at >= start, Sale.completed_at < end, SaleLine.cost_fen.is_not(None)))}
    refunded = s.execute(select(RefundLine.sale_line_id).join(Refund, Refund.id == RefundLine.refund_id)
                         .where(Refund.at >= start, Refund.at < end, Refund.sale_id.is_not(None))).scalars().all()
    others = sorted({lid for lid in refunded if lid is not None and lid not in lines}, key=str)
    for chunk in chunks(others):
        for row in s.execute(select(*_LINE).join(Sale, Sale.id == SaleLine.sale_id)
                             .where(SaleLine.id.in_(chunk), SaleLine.cost_fen.is_not(None))):
            lines[row[0]] = row
    refunds: dict[uuid.UUID | None, list[LineRefund]] = defaultdict(list)
    for chunk in chunks(sorted({row[1] for row in lines.values()}, key=str)):
        for line_id, at, q, amount in s.execute(
                select(RefundLine.sale_line_id, Refund.at, RefundLine.quantity, RefundLine.amount_fen)
                .join(Refund, Refund.id == RefundLine.refund_id).where(Refund.sale_id.in_(chunk))):
            refunds[line_id].append(LineRefund(local_day(at), q, amount))
    facts: list[Fact] = []
    for line_id, _sale, category, total, quantity, cost, grams, unit, completed_at in lines.values():
        facts += sale_line_facts(category or "", local_day(completed_at), total, quantity, cost, refunds[line_id],
                                 grams, unit or "")
    return [f for f in facts if first <= f.day < last_exclusive]


BUILT_IN_INCOME_SOURCES: tuple[IncomeSource, ...] = (parcel_facts, purchase_facts, sales_margin_facts)
