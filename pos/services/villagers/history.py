"""A villager's history: parcels, assisted purchases, sales and account entries, newest first.

Each area contributes a provider ``(session, villager) -> entries``; a new feature adds its
function to PROVIDERS. Entries carry English templates marked for translation (context
"villager_history") with their parameters, so the page shows them in the partner's language.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from pos.db.models import AccountEntry, Parcel, PurchaseItem, PurchaseOrder, Sale, SaleLine, Villager
from pos.db.unit_of_work import Database
from pos.domain.carriers import RuleSet
from pos.domain.i18n import tr_noop
from pos.domain.users import Operator
from pos.domain.villager_fields import PhoneValue, phones_may_match
from pos.services.villagers.register import load

CONTEXT = "villager_history"
LIMIT = 500


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    kind: str  # parcel | purchase | sale | account (stable, for filters and tests)
    kind_label: str  # English, marked tr_noop("villager_history", ...)
    description: str  # English template, marked tr_noop("villager_history", ...)
    params: Mapping[str, str] = field(default_factory=dict)
    amount_fen: int | None = None
    note: str = ""  # free text typed by a person, shown as is

    def text(self, translate: Callable[[str, str], str]) -> str:
        template = translate(CONTEXT, self.description)
        try:
            body = template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            body = template
        return f"{body} · {self.note}" if self.note else body


HistoryProvider = Callable[[Session, Villager], Iterable[HistoryEntry]]


def _when(at: dt.datetime | None) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at else ""


# parcels -------------------------------------------------------------------------------------
_PARCEL_TEXT = {
    "awaiting_phone": tr_noop("villager_history", "{carrier_en} {waybill}: checked in, waiting for a phone number"),
    "in_stock": tr_noop("villager_history", "{carrier_en} {waybill}: on the shelf, pickup code {code}"),
    "out_for_delivery": tr_noop("villager_history", "{carrier_en} {waybill}: out for delivery"),
    "picked_up": tr_noop("villager_history", "{carrier_en} {waybill}: picked up {when}"),
    "returned": tr_noop("villager_history", "{carrier_en} {waybill}: returned to the courier {when}"),
}
_PICKED_UP_BY = tr_noop("villager_history", "{carrier_en} {waybill}: picked up {when} by {collector}")


def parcel_entries(s: Session, v: Villager, carrier_names: Mapping[str, tuple[str, str]]) -> Iterable[HistoryEntry]:
    """Parcels linked to the villager, and unlinked ones whose phone fits the villager's;
    ``carrier_names``: code -> (English, Chinese)."""
    linked = Parcel.villager_id == v.id
    cond = linked
    if v.phone_tail:
        cond = or_(linked, and_(Parcel.villager_id.is_(None), Parcel.phone_tail == v.phone_tail))
    rows = s.scalars(select(Parcel).where(cond).order_by(Parcel.checked_in_at.desc()).limit(LIMIT))
    mine = PhoneValue(v.phone, v.phone_masked, v.phone_tail)
    names = carrier_names
    for p in rows:
        if p.villager_id != v.id and not phones_may_match(PhoneValue(p.phone, p.phone_masked, p.phone_tail), mine):
            continue
        en, zh = names.get(p.carrier, (p.carrier, p.carrier))
        params = {"carrier_en": en, "carrier_zh": zh, "waybill": p.waybill, "code": p.pickup_code}
        template = _PARCEL_TEXT.get(p.status, _PARCEL_TEXT["in_stock"])
        if p.status == "picked_up":
            params["when"] = _when(p.picked_up_at)
            if p.collector_name and p.collector_name != v.name:
                template = _PICKED_UP_BY
                params["collector"] = p.collector_name
        elif p.status == "returned":
            params["when"] = _when(p.returned_at)
        yield HistoryEntry(p.checked_in_at, "parcel", tr_noop("villager_history", "Parcel"), template, params,
                           p.fee_due_fen or None)


# assisted purchases and sales ----------------------------------------------------------------
_PURCHASE_TEXT = {
    "placed": tr_noop("villager_history", "Order {number} placed: {items}"),
    "shipped": tr_noop("villager_history", "Order {number} shipped: {items}"),
    "arrived": tr_noop("villager_history", "Order {number} arrived at the station: {items}"),
    "collected": tr_noop("villager_history", "Order {number} collected: {items}"),
    "cancelled": tr_noop("villager_history", "Order {number} cancelled: {items}"),
    "refunded": tr_noop("villager_history", "Order {number} refunded: {items}"),
}
_SALE_TEXT = {
    "completed": tr_noop("villager_history", "Receipt {number}: {items}"),
    "partly_refunded": tr_noop("villager_history", "Receipt {number} (partly refunded): {items}"),
    "refunded": tr_noop("villager_history", "Receipt {number} (refunded): {items}"),
}


def _items(descriptions: Iterable[str], shown: int = 3) -> str:
    items = list(descriptions)
    text = "、".join(items[:shown])
    return text + ("…" if len(items) > shown else "")


def _lines(s: Session, model, key, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    out: dict[uuid.UUID, list[str]] = {}
    if ids:
        for owner_id, description in s.execute(select(key, model.description).where(key.in_(ids))):
            out.setdefault(owner_id, []).append(description)
    return out


def purchase_entries(s: Session, v: Villager) -> Iterable[HistoryEntry]:
    orders = s.scalars(select(PurchaseOrder).where(PurchaseOrder.villager_id == v.id)
                       .order_by(PurchaseOrder.placed_at.desc()).limit(LIMIT)).all()
    items = _lines(s, PurchaseItem, PurchaseItem.order_id, [o.id for o in orders])
    for o in orders:
        template = _PURCHASE_TEXT.get(o.status, _PURCHASE_TEXT["placed"])
        yield HistoryEntry(o.placed_at, "purchase", tr_noop("villager_history", "Assisted purchase"), template,
                           {"number": o.number, "items": _items(items.get(o.id, []))}, o.total_fen, o.note)


def sale_entries(s: Session, v: Villager) -> Iterable[HistoryEntry]:
    sales = s.scalars(select(Sale).where(Sale.villager_id == v.id)
                      .order_by(Sale.completed_at.desc()).limit(LIMIT)).all()
    lines = _lines(s, SaleLine, SaleLine.sale_id, [x.id for x in sales])
    for x in sales:
        template = _SALE_TEXT.get(x.status, _SALE_TEXT["completed"])
        yield HistoryEntry(x.completed_at, "sale", tr_noop("villager_history", "Sale"), template,
                           {"number": x.number, "items": _items(lines.get(x.id, []))}, x.total_fen, x.note)


# the account (赊账) --------------------------------------------------------------------------
_ACCOUNT_TEXT = {
    "payment": tr_noop("villager_history", "Payment received on account by {operator}"),
    "adjustment": tr_noop("villager_history", "Balance adjusted by {operator}"),
    "import": tr_noop("villager_history", "Opening balance from a CSV import"),
    "sale": tr_noop("villager_history", "Bought on account, receipt {reference}"),
    "purchase": tr_noop("villager_history", "Assisted purchase on account, order {reference}"),
    "refund": tr_noop("villager_history", "Refund to the account, {reference}"),
}
_ACCOUNT_OTHER = tr_noop("villager_history", "Account change ({kind}) {reference}")


def account_entries(s: Session, v: Villager) -> Iterable[HistoryEntry]:
    """Every change of the balance; the amount is the change (positive: owes more)."""
    rows = s.scalars(select(AccountEntry).where(AccountEntry.villager_id == v.id)
                     .order_by(AccountEntry.at.desc()).limit(LIMIT))
    for e in rows:
        template = _ACCOUNT_TEXT.get(e.kind, _ACCOUNT_OTHER)
        params = {"operator": e.operator, "reference": e.reference, "kind": e.kind}
        yield HistoryEntry(e.at, "account", tr_noop("villager_history", "Account"), template, params,
                           e.amount_fen, e.note)


def providers(rules: RuleSet) -> tuple[HistoryProvider, ...]:
    """The station's history: parcels (named by the carrier rules), purchases, sales, account."""
    names = {c.code: (c.name_en, c.name_zh) for c in rules.carriers.values()}
    return (partial(parcel_entries, carrier_names=names), purchase_entries, sale_entries, account_entries)


def history(db: Database, operator: Operator, villager_id: uuid.UUID,
            providers: Iterable[HistoryProvider]) -> list[HistoryEntry]:
    """Newest first, at most LIMIT entries."""
    with db.reader() as s:
        v = load(s, villager_id)
        entries = [e for provider in providers for e in provider(s, v)]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:LIMIT]
