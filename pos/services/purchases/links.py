"""The link between assisted purchases and parcels, called by check-in and pickup.

Every hook runs inside the caller's unit of work (it takes the caller's Session and never
commits), so a parcel check-in or hand-over and the order's change are saved together or not at
all. A parcel's waybill is matched against the waybills of open orders.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import Session

from pos.db import direct
from pos.db.models.parcel import Parcel
from pos.db.models.purchase import PurchaseOrder, PurchaseWaybill
from pos.domain import purchases as rules
from pos.domain.dues import DueLine
from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop
from pos.domain.purchases import Tender
from pos.domain.users import Operator
from pos.domain.waybill import normalise
from pos.services.clock import Clock
from pos.services.purchases.ledger import add_event, record_tenders

NOTICE_TEMPLATE = tr_noop("purchase_notice", "Assisted purchase order {number}")
NOTICE_TEMPLATE_ZH = "代购单 {number}"


# built once: every check-in runs it (#20, goal 2)
_OPEN_LINK = (select(PurchaseWaybill, PurchaseOrder).join(PurchaseOrder, PurchaseWaybill.order_id == PurchaseOrder.id)
              .where(PurchaseWaybill.waybill == bindparam("waybill"), PurchaseOrder.status.in_(rules.OPEN))
              .order_by(PurchaseOrder.placed_at.desc()).limit(1))
_ANY_OPEN_LINK = _OPEN_LINK.with_only_columns(PurchaseWaybill.id)


def _open_link_for_waybill(session: Session, waybill: str) -> tuple[PurchaseWaybill, PurchaseOrder] | None:
    # asked at every check-in, and found for few: whether there is one, past the ORM, first
    if direct.run(session, _ANY_OPEN_LINK, {"waybill": normalise(waybill)}).first() is None:
        return None
    row = session.execute(_OPEN_LINK, {"waybill": normalise(waybill)}).first()
    return (row[0], row[1]) if row else None


def _link_for_parcel(session: Session, parcel: Parcel) -> tuple[PurchaseWaybill, PurchaseOrder] | None:
    row = session.execute(
        select(PurchaseWaybill, PurchaseOrder).join(PurchaseOrder, PurchaseWaybill.order_id == PurchaseOrder.id)
        .where(PurchaseWaybill.parcel_id == parcel.id)).first()
    if row:
        return row[0], row[1]
    # a parcel checked in before its waybill was typed on the order, or before the hook ran
    found = _open_link_for_waybill(session, parcel.waybill)
    if found and found[0].parcel_id is None:
        return found
    return None


def link_parcel(session: Session, order: PurchaseOrder, link: PurchaseWaybill, parcel: Parcel,
                operator: Operator | str, now: dt.datetime) -> None:
    """Tie a checked-in parcel to its order; the order has arrived once every waybill has one."""
    if parcel.id is None:
        session.flush()
    link.parcel_id = parcel.id
    session.flush()
    add_event(session, order, "parcel_arrived", operator, now, waybill=link.waybill, parcel_id=str(parcel.id))
    waiting = session.scalar(select(PurchaseWaybill.id).where(PurchaseWaybill.order_id == order.id,
                                                              PurchaseWaybill.parcel_id.is_(None)).limit(1))
    if waiting is None and order.status in (rules.PLACED, rules.SHIPPED):
        if order.status == rules.PLACED:
            rules.check_move(order.status, rules.SHIPPED)
            order.status, order.shipped_at = rules.SHIPPED, order.shipped_at or now
        rules.check_move(order.status, rules.ARRIVED)
        order.status, order.arrived_at = rules.ARRIVED, now
        add_event(session, order, "arrived", operator, now)


def on_parcel_checked_in(session: Session, parcel: Parcel, operator: Operator | str, clock: Clock) -> PurchaseOrder | None:
    """A parcel was checked in: if an open order ships under its waybill, link it (the order
    becomes arrived when all its waybills are in). Returns the order, or None."""
    if parcel.id is None:
        session.add(parcel)
        session.flush()
    found = _open_link_for_waybill(session, parcel.waybill)
    if found is None:
        return None
    link, order = found
    if link.parcel_id == parcel.id:
        return order
    link_parcel(session, order, link, parcel, operator, clock())
    return order


def on_parcel_checkin_undone(session: Session, parcel: Parcel, operator: Operator | str, clock: Clock) -> PurchaseOrder | None:
    """A check-in was taken back (wrong scan): the order's waybill waits for a parcel again, and
    an order that had arrived through this parcel goes back to shipped. Returns the order, or None.

    Not a move of the order's life cycle (arrived never goes back to shipped otherwise), so the
    status is restored here directly and the timeline says why."""
    link = session.scalar(select(PurchaseWaybill).where(PurchaseWaybill.parcel_id == parcel.id))
    if link is None:
        return None
    order = session.get_one(PurchaseOrder, link.order_id)
    now = clock()
    link.parcel_id = None
    if order.status == rules.ARRIVED:
        order.status, order.arrived_at = rules.SHIPPED, None
    add_event(session, order, "parcel_arrival_undone", operator, now, waybill=link.waybill, parcel_id=str(parcel.id))
    session.flush()
    return order


def order_for_parcel(session: Session, parcel_id: uuid.UUID) -> PurchaseOrder | None:
    return session.scalar(select(PurchaseOrder).join(PurchaseWaybill, PurchaseWaybill.order_id == PurchaseOrder.id)
                          .where(PurchaseWaybill.parcel_id == parcel_id))


def amount_due_for_parcel(session: Session, parcel_id: uuid.UUID) -> int:
    """What the villager still owes on the order this parcel belongs to (0 when none).

    An order in several parcels is owed in full with whichever of them leaves first."""
    order = order_for_parcel(session, parcel_id)
    if order is None or order.status not in rules.OPEN:
        return 0
    return max(0, rules.due(order.total_fen, order.refunded_fen, order.paid_fen, order.on_account_fen))


def on_parcel_handed_over(session: Session, parcel: Parcel, operator: Operator | str, payments, clock: Clock) -> PurchaseOrder | None:
    """The parcel was handed over: record the balance taken (``payments``: Tender-like objects
    with method, amount_fen, reference; they must add up to amount_due_for_parcel) and mark the
    order collected once all its parcels have left. Returns the order, or None."""
    found = _link_for_parcel(session, parcel)
    payments = list(payments or [])
    if found is None or found[1].status not in rules.OPEN:
        if sum(p.amount_fen for p in payments):
            raise DomainError(tr_noop("errors", "This parcel has no assisted purchase with money due."))
        return None
    link, order = found
    now = clock()
    if link.parcel_id is None:
        link_parcel(session, order, link, parcel, operator, now)
    due = max(0, rules.due(order.total_fen, order.refunded_fen, order.paid_fen, order.on_account_fen))
    if due or payments:
        tenders = rules.check_tenders([Tender(p.method, p.amount_fen, getattr(p, "reference", "")) for p in payments],
                                      due, order.villager_id is not None, need_reference=False)
        if tenders:
            record_tenders(session, order, tenders, "purchase_balance", operator, now, parcel_id=parcel.id)
            add_event(session, order, "payment", operator, now, amount_fen=due,
                      methods=[t.method for t in tenders], parcel_id=str(parcel.id))
    others = session.scalars(select(Parcel.status).join(PurchaseWaybill, PurchaseWaybill.parcel_id == Parcel.id)
                             .where(PurchaseWaybill.order_id == order.id, Parcel.id != parcel.id)).all()
    waiting = session.scalar(select(PurchaseWaybill.id).where(PurchaseWaybill.order_id == order.id,
                                                              PurchaseWaybill.parcel_id.is_(None)).limit(1))
    if order.status == rules.ARRIVED and waiting is None and all(st == "picked_up" for st in others):
        rules.check_move(order.status, rules.COLLECTED)
        order.status, order.collected_at = rules.COLLECTED, now
        add_event(session, order, "collected", operator, now, parcel_id=str(parcel.id))
    session.flush()
    return order


def order_note_for_notice(session: Session, parcel: Parcel, translate=None) -> str | None:
    """The line a parcel's notice adds for an assisted purchase: ``代购单 P20261122-0003``.

    ``translate(context, text)`` (QCoreApplication.translate) gives the interface language;
    without it the note is in Chinese, the villagers' language."""
    order = order_for_parcel(session, parcel.id) if parcel.id is not None else None
    if order is None:
        found = _open_link_for_waybill(session, parcel.waybill)
        order = found[1] if found else None
    if order is None:
        return None
    template = translate("purchase_notice", NOTICE_TEMPLATE) if translate else NOTICE_TEMPLATE_ZH
    return template.format(number=order.number)


# the purchase links of some parcels (by parcel, or an open order's by waybill), newest order
# first. Built once: building them and their cache keys cost more than SQLite took to run them,
# at each check-in that joins a notice of earlier parcels and at each pickup lookup
_OF_PARCELS = or_(PurchaseWaybill.parcel_id.in_(bindparam("ids", expanding=True)),
                  and_(PurchaseWaybill.waybill.in_(bindparam("numbers", expanding=True)),
                       PurchaseOrder.status.in_(rules.OPEN)))
_NOTES_OF = (select(PurchaseWaybill.parcel_id, PurchaseWaybill.waybill, PurchaseOrder.number, PurchaseOrder.status)
             .join(PurchaseOrder, PurchaseWaybill.order_id == PurchaseOrder.id)
             .where(_OF_PARCELS).order_by(PurchaseOrder.placed_at.desc()))
_LINKS_OF = (select(PurchaseWaybill, PurchaseOrder).join(PurchaseOrder, PurchaseWaybill.order_id == PurchaseOrder.id)
             .where(_OF_PARCELS).order_by(PurchaseOrder.placed_at.desc()))


def order_notes_for_notice(session: Session, parcels) -> list[str | None]:
    """order_note_for_notice (in Chinese) of each parcel, in order, in one query whatever the
    number of parcels: a notice is rewritten with all its parcels at every check-in."""
    parcels = list(parcels)
    if not parcels:
        return []
    ids = {p.id for p in parcels if p.id is not None}
    numbers = {normalise(p.waybill) for p in parcels}
    rows = session.execute(_NOTES_OF, {"ids": list(ids), "numbers": sorted(numbers)}).all()
    linked: dict[uuid.UUID, str] = {}
    shipped: dict[str, str] = {}
    for parcel_id, waybill, number, status in rows:
        if parcel_id is not None and parcel_id in ids:
            linked.setdefault(parcel_id, number)
        if waybill in numbers and status in rules.OPEN:
            shipped.setdefault(waybill, number)  # the newest, as _open_link_for_waybill
    out: list[str | None] = []
    for p in parcels:
        order_number = linked.get(p.id) or shipped.get(normalise(p.waybill))
        out.append(NOTICE_TEMPLATE_ZH.format(number=order_number) if order_number else None)
    return out


class PurchaseBalanceDue:
    """The pickup page's due source for an order's balance (see pos.services.pickup.dues).

    ``settle`` records the balance as taken by ``method``: its own purchase_balance Payment row
    (``records_payment``), so pickup writes none for it. The owner cannot let it go
    (``waivable`` False): it is the villager's goods money, not a station fee."""

    kind = "purchase"
    records_payment = True
    waivable = False
    label = tr_noop("pickup", "Assisted purchase {number}: balance")

    def lines(self, session, parcel, now, cfg):
        order = order_for_parcel(session, parcel.id)
        if order is None:
            found = _open_link_for_waybill(session, parcel.waybill)
            order = found[1] if found and found[0].parcel_id is None else None
        return self._lines(order)

    def lines_many(self, session, parcels, now, cfg):
        """``lines`` of each parcel, in order, in one query whatever the number of parcels (the
        pickup list of a phone tail): the orders linked to them, and the open orders shipped
        under their waybills (for a parcel no order is linked to yet)."""
        parcels = list(parcels)
        ids = {p.id for p in parcels if p.id is not None}
        numbers = sorted({normalise(p.waybill) for p in parcels})
        if not parcels:
            return []
        rows = session.execute(_LINKS_OF, {"ids": list(ids), "numbers": numbers}).all()
        linked: dict[uuid.UUID, PurchaseOrder] = {}
        waiting: dict[str, tuple[PurchaseWaybill, PurchaseOrder]] = {}
        wanted = set(numbers)
        for link, order in rows:
            if link.parcel_id is not None and link.parcel_id in ids:
                linked.setdefault(link.parcel_id, order)
            if link.waybill in wanted and order.status in rules.OPEN:
                waiting.setdefault(link.waybill, (link, order))  # the newest, as _open_link_for_waybill
        out = []
        for p in parcels:
            order = linked.get(p.id)
            if order is None:
                found = waiting.get(normalise(p.waybill))
                order = found[1] if found and found[0].parcel_id is None else None
            out.append(self._lines(order))
        return out

    def _lines(self, order):
        if order is None or order.status not in rules.OPEN:
            return []
        due = max(0, rules.due(order.total_fen, order.refunded_fen, order.paid_fen, order.on_account_fen))
        if not due:
            return []
        return [DueLine(self.kind, self.label, due, (("number", order.number),), order.number)]

    def settle(self, session, operator, parcel, line, now, method: str = "cash"):
        on_parcel_handed_over(session, parcel, operator, [Tender(method, line.amount_fen, "")], lambda: now)
