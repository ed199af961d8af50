"""Pickup at the counter: find a villager's parcels, check every scanned parcel against that
list, hand the scanned ones over in one unit of work, collect what is due.

The lookup only ever reads parcels in stock, through the indexes on pickup_code, phone_tail and
waybill (plus status), so it stays fast with a million parcels in the history.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import or_, select, text, update
from sqlalchemy.orm import Session

from pos.db.models import Parcel, ParcelEvent, Villager
from pos.domain.event_details import details_json
from pos.domain.errors import DomainError, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.phone import MaskedPhone, is_mobile, mask_mobile, normalise_phone, parse_masked_phone
from pos.domain.users import Operator
from pos.domain.waybill import normalise
from pos.services import audit
from pos.services.purchases import links as purchase_links
from pos.services.clock import Clock
from pos.services.pickup.dues import (  # noqa: F401 - Payment is part of this API
    DueLine, DueSource, Payment, drop_repeats, dues_for, dues_for_many, settle_lines,
    settle_payment,
    split_collected,
)
from pos.services.pickup.numbers import PICKUP, next_number
from pos.services.pickup.settings import days_in_stock, from_session
from pos.services.shifts.drawer import shift_for_tender

HANDOVER_WITHOUT_SCAN = "parcel.handover_without_scan"
FEE_WAIVED = "parcel.fee_waived"
EVENT_PICKED_UP = "picked_up"
IN_STOCK = "in_stock"
MAX_RESULTS = 60
_CODE_SHAPE = re.compile(r"^[0-9A-Z]{1,4}-[0-9A-Z]{1,3}-\d{1,6}$")


class NotInList(DomainError):
    """A scanned parcel is not one of the listed parcels: it must not be handed over."""


@dataclass(frozen=True)
class ParcelCard:
    id: uuid.UUID
    waybill: str
    carrier: str
    pickup_code: str
    shelf: str
    layer: int
    recipient_name: str
    phone_masked: str
    checked_in_at: dt.datetime
    days_in_stock: int
    delivery_requested: bool
    dues: tuple[DueLine, ...] = ()
    overdue: bool = False  # in stock for the reminder age or longer (pickup settings)

    @property
    def waybill_tail(self) -> str:
        return self.waybill[-4:]

    @property
    def due_fen(self) -> int:
        return sum(d.amount_fen for d in self.dues)


@dataclass(frozen=True)
class PickupGroup:
    key: str
    recipient_name: str
    phone_masked: str
    villager_id: uuid.UUID | None
    parcels: tuple[ParcelCard, ...]

    @property
    def due_fen(self) -> int:
        return sum(p.due_fen for p in self.parcels)


@dataclass(frozen=True)
class LookupResult:
    query: str
    kind: str  # code | tail | phone | masked | waybill | name
    groups: tuple[PickupGroup, ...]
    scanned_id: uuid.UUID | None = None  # the query was this parcel's own waybill


@dataclass(frozen=True)
class HandoverResult:
    number: str
    at: dt.datetime
    operator: str
    recipient_name: str
    phone_masked: str
    collector_name: str
    collector_relation: str
    parcels: tuple[ParcelCard, ...]
    unscanned_ids: tuple[uuid.UUID, ...]
    reason: str
    due_fen: int
    collected_fen: int
    waived_fen: int
    method: str


# lookup --------------------------------------------------------------------------------------
def _clean_query(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf") or c == " ")
    return " ".join(text.split())


def classify(raw: str) -> tuple[str, str]:
    """What the villager gave: (kind, normalised value). Pure, so it is tested on its own."""
    q = _clean_query(raw)
    if not q:
        raise ValidationError(
            tr_noop("errors", "Type a pickup code, the last 4 digits of the phone, the phone or a name."),
            field="query",
        )
    digits = normalise_phone(q)
    if digits.isascii() and digits.isdigit():
        if len(digits) == 4:
            return "tail", digits
        if is_mobile(digits):
            return "phone", digits
    if "*" in q or "＊" in q:
        return "masked", q
    up = q.upper().replace(" ", "")
    if _CODE_SHAPE.fullmatch(up) or ("-" in up and up.isascii() and len(up) <= 20):
        return "code", up
    if up.isascii() and up.isalnum() and len(up) >= 8 and any(c.isdigit() for c in up):
        return "waybill", normalise(up)
    if up.isascii() and up.isdigit():
        return "code", up
    return "name", q[:50]


def _in_stock():
    return Parcel.status == IN_STOCK


def _phone_display(p: Parcel) -> str:
    if p.phone_masked:
        return p.phone_masked
    if p.phone:
        try:
            return mask_mobile(p.phone)
        except DomainError:
            return p.phone
    return ""


def _masks_compatible(mask: MaskedPhone, p: Parcel, villager: Villager | None) -> bool:
    phones = [x for x in (p.phone, villager.phone if villager else "") if x]
    if phones:
        return any(mask.matches(x) for x in phones)
    try:
        other = parse_masked_phone(p.phone_masked) if p.phone_masked else None
    except DomainError:
        return False
    if other is None or other.tail[-4:] != mask.tail[-4:]:
        return False
    return other.head.startswith(mask.head) or mask.head.startswith(other.head)


# Literal SQL, identical to the partial indexes' WHERE clauses (pos.db.models.parcel), so SQLite
# and PostgreSQL answer code and waybill lookups from the small in-station indexes.
_IN_STATION = text("status IN ('awaiting_phone', 'in_stock', 'out_for_delivery')")
_IN_STATION_CODED = text("status IN ('awaiting_phone', 'in_stock', 'out_for_delivery') AND pickup_code != ''")


def _in_stock_only(rows) -> list[Parcel]:
    return [p for p in rows if p.status == IN_STOCK][:MAX_RESULTS]


def _by_code(session: Session, value: str) -> list[Parcel]:
    q = select(Parcel).where(_IN_STATION_CODED)
    hits = _in_stock_only(session.scalars(q.where(Parcel.pickup_code == value)))
    if hits or not value.isdigit():
        return hits
    return _by_code_tail(session, value)


def _by_code_tail(session: Session, value: str) -> list[Parcel]:
    # a bare number is the tail of a code ("0127" of A-3-0127): scans only the in-station index
    q = select(Parcel).where(_IN_STATION_CODED, Parcel.pickup_code.like(f"%-{value}"))
    # SQLite would walk the status index and read every in-stock row; the partial code index
    # holds the codes themselves, so only matches are read
    q = q.with_hint(Parcel, "INDEXED BY uq_parcel_pickup_code_in_station", "sqlite")
    return _in_stock_only(session.scalars(q.limit(MAX_RESULTS * 2)))


def _by_tail(session: Session, tail: str) -> list[Parcel]:
    return _in_stock_only(session.scalars(select(Parcel).where(Parcel.phone_tail == tail, _IN_STATION)
                                          .limit(MAX_RESULTS * 4)))


def _find(session: Session, kind: str, value: str) -> list[Parcel]:
    if kind == "code":
        return _by_code(session, value)
    if kind == "tail":
        # four digits are the phone's tail; only when no phone ends so, the tail of a pickup code
        return _by_tail(session, value) or _by_code_tail(session, value)
    if kind == "waybill":
        return _in_stock_only(session.scalars(select(Parcel).where(_IN_STATION, Parcel.waybill == value)))
    if kind == "phone":
        villager_ids = list(session.scalars(select(Villager.id).where(Villager.phone == value)))
        by_id = {p.id: p for p in _by_tail(session, value[7:])}
        if villager_ids:
            for p in session.scalars(select(Parcel).where(Parcel.villager_id.in_(villager_ids), _in_stock())):
                by_id.setdefault(p.id, p)
        villagers = _villagers(session, list(by_id.values()))
        mask = MaskedPhone(head=value[:7], tail=value[7:])
        return [p for p in by_id.values() if p.villager_id in villager_ids or p.phone == value
                or (not p.phone and _masks_compatible(mask, p, villagers.get(p.villager_id)))][:MAX_RESULTS]
    if kind == "masked":
        mask = parse_masked_phone(value)
        rows = _by_tail(session, mask.last_four)
        villagers = _villagers(session, rows)
        return [p for p in rows if _masks_compatible(mask, p, villagers.get(p.villager_id))][:MAX_RESULTS]
    # a name: the label's name, or a registered villager's name or pinyin initials (zs for 张三)
    like = value.replace("\\", "").replace("%", "").replace("_", "") + "%"
    named = select(Villager.id).where(or_(Villager.name.like(like), Villager.name_initials.like(like.lower())))
    return list(session.scalars(select(Parcel).where(_in_stock(), or_(Parcel.recipient_name.like(like),
                                                                      Parcel.villager_id.in_(named)))
                                .limit(MAX_RESULTS)))


def _villagers(session: Session, parcels: Sequence[Parcel]) -> dict[uuid.UUID | None, Villager]:
    """By id; None in the key type lets ``.get(p.villager_id)`` take a parcel with no villager."""
    ids = {p.villager_id for p in parcels if p.villager_id}
    if not ids:
        return {}
    return {v.id: v for v in session.scalars(select(Villager).where(Villager.id.in_(ids)))}


def group_key(p: Parcel) -> str:
    if p.villager_id:
        return f"v:{p.villager_id}"
    if p.phone:
        return f"p:{p.phone}"
    return f"m:{p.phone_masked}|{p.recipient_name}"


def card(session: Session, p: Parcel, now: dt.datetime, cfg, sources: Sequence[DueSource], dues=None) -> ParcelCard:
    """``dues``: the parcel's (source, line) pairs when the caller has them (without repeats)."""
    found = dues if dues is not None else dues_for(session, p, now, cfg, sources)
    days = days_in_stock(p.checked_in_at, now)
    return ParcelCard(p.id, p.waybill, p.carrier, p.pickup_code, p.shelf, p.layer, p.recipient_name,
                      _phone_display(p), p.checked_in_at, days, bool(p.delivery_requested),
                      tuple(line for _, line in found), overdue=days >= cfg.reminder_age_days)


def _groups(session: Session, parcels: Sequence[Parcel], now, sources) -> tuple[PickupGroup, ...]:
    cfg = from_session(session)
    villagers = _villagers(session, parcels)
    by_key: dict[str, list[Parcel]] = {}
    for p in sorted(parcels, key=lambda p: (p.shelf, p.layer, p.pickup_code)):
        by_key.setdefault(group_key(p), []).append(p)
    every = [p for rows in by_key.values() for p in rows]
    found = dict(zip((p.id for p in every), dues_for_many(session, every, now, cfg, sources)))
    out = []
    for key, rows in by_key.items():
        first = rows[0]
        v = villagers.get(first.villager_id)
        name = (v.name if v else "") or first.recipient_name
        dues = drop_repeats([found[p.id] for p in rows])
        out.append(PickupGroup(key, name, _phone_display(first), first.villager_id,
                               tuple(card(session, p, now, cfg, sources, d) for p, d in zip(rows, dues))))
    return tuple(out)


def lookup(db, clock: Clock, query: str, sources: Sequence[DueSource]) -> LookupResult:
    """The in-stock parcels the query points at, grouped per recipient (shelf order)."""
    kind, value = classify(query)
    now = clock()
    with db.reader() as s:
        parcels = _find(s, kind, value)
        if kind == "waybill" and parcels:
            # the partner scanned a parcel first: list everything its recipient has in stock
            scanned = parcels[0]
            same = [p for p in _find_same_recipient(s, scanned) if p.id != scanned.id]
            return LookupResult(query, kind, _groups(s, [scanned, *same], now, sources), scanned.id)
        return LookupResult(query, kind, _groups(s, parcels, now, sources))


def _find_same_recipient(session: Session, p: Parcel) -> list[Parcel]:
    q = select(Parcel).where(_in_stock())
    if p.villager_id:
        q = q.where(Parcel.villager_id == p.villager_id)
    elif p.phone:
        q = q.where(Parcel.phone_tail == p.phone_tail, Parcel.phone == p.phone)
    elif p.phone_tail:
        q = q.where(Parcel.phone_tail == p.phone_tail, Parcel.phone_masked == p.phone_masked,
                    Parcel.recipient_name == p.recipient_name)
    else:
        return []
    return list(session.scalars(q.limit(MAX_RESULTS)))


# scanning ------------------------------------------------------------------------------------
def verify_scan(group: PickupGroup, raw: str) -> ParcelCard:
    """The listed parcel this scan is, or NotInList. Pure: the wrong parcel is never handed over."""
    number = normalise(raw)
    for p in group.parcels:
        if p.waybill == number:
            return p
    raise NotInList(tr_noop("errors", "Parcel {waybill} is NOT in this list. Do not hand it over."),
                    waybill=number[:30])


def check_scan(db, group: PickupGroup, raw: str) -> ParcelCard:
    """verify_scan, with where the stray parcel belongs in the refusal (never whose it is)."""
    try:
        return verify_scan(group, raw)
    except NotInList as err:
        number = normalise(raw)
        with db.reader() as s:
            p = s.scalar(select(Parcel).where(Parcel.waybill == number).order_by(Parcel.checked_in_at.desc()).limit(1))
        if p is None:
            raise NotInList(tr_noop("errors", "Parcel {waybill} is NOT in this list and was never checked in. "
                                    "Do not hand it over."), waybill=number[:30]) from err
        if p.status == IN_STOCK:
            raise NotInList(tr_noop("errors", "Parcel {waybill} is NOT in this list: it belongs under pickup "
                                    "code {code}. Do not hand it over."), waybill=number[:30],
                            code=p.pickup_code or "-") from err
        raise NotInList(tr_noop("errors", "Parcel {waybill} is NOT in this list: it has already left the "
                                "station. Do not hand it over."), waybill=number[:30]) from err


# handover ------------------------------------------------------------------------------------
def _clean_text(value: str, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def hand_over(
    db, operator: Operator, clock: Clock, parcel_ids: Sequence[uuid.UUID], *,
    scanned: Sequence[uuid.UUID], collector: str = "", relation: str = "",
    payment: Payment | None = None, no_scan_reason: str = "", waived_by: Operator | None = None,
    sources: Sequence[DueSource],
) -> HandoverResult:
    """Hand over ``parcel_ids`` (one recipient's) in one unit of work.

    Parcels not in ``scanned`` need ``no_scan_reason`` and are written to the audit log.
    ``collector``/``relation``: someone collecting for the recipient (代取). What is due must be
    paid in full by ``payment`` unless the owner (``waived_by``) lets part of it go.
    """
    ids = list(dict.fromkeys(parcel_ids))
    if not ids:
        raise ValidationError(tr_noop("errors", "Scan the parcels to hand over first."), field="parcels")
    unscanned = [i for i in ids if i not in set(scanned)]
    reason = _clean_text(no_scan_reason, 200)
    if unscanned and not reason:
        raise ValidationError(tr_noop("errors", "Say why the parcel is handed over without a scan."), field="reason")
    collector, relation = _clean_text(collector, 50), _clean_text(relation, 30)
    if collector and not relation:
        raise ValidationError(tr_noop("errors", "Say how the collector is related to the villager."), field="relation")
    if relation and not collector:
        raise ValidationError(tr_noop("errors", "Enter the collector's name."), field="collector")
    now = clock()
    with db.unit_of_work() as s:
        cfg = from_session(s)
        parcels = {p.id: p for p in s.scalars(select(Parcel).where(Parcel.id.in_(ids)))}
        rows: list[Parcel] = []
        for i in ids:
            p = parcels.get(i)
            if p is None or p.status != IN_STOCK:
                raise DomainError(tr_noop("errors", "Parcel {code} is no longer in stock; look the villager up "
                                          "again."), code=(p.pickup_code or p.waybill) if p else str(i)[:8])
            rows.append(p)
        if len({group_key(p) for p in rows}) > 1:
            raise DomainError(tr_noop("errors", "One handover is for one villager; hand the others over separately."))
        dues = drop_repeats([dues_for(s, p, now, cfg, sources) for p in rows])
        per_parcel = [sum(line.amount_fen for _, line in d) for d in dues]
        due = sum(per_parcel)
        collected, waived, method = settle_payment(due, payment, waived_by)
        if collected:
            shift_for_tender(s)  # fees and purchase balances taken at pickup: in the open shift
        flat = [item for d in dues for item in d]
        covered = iter(split_collected(collected, flat))
        shares = [[next(covered) for _ in d] for d in dues]
        number = next_number(s, PICKUP, now)
        for p, d, line_shares, owed in zip(rows, dues, shares, per_parcel):
            share = sum(line_shares)
            done = s.execute(update(Parcel).where(Parcel.id == p.id, Parcel.status == IN_STOCK).values(
                status="picked_up", picked_up_at=now, handed_over_by=operator.name, collector_name=collector,
                collector_relation=relation, delivery_requested=False, return_batch_id=None,
                handover_without_scan_reason=reason if p.id in unscanned else "",
            ).execution_options(synchronize_session="fetch"))
            if not done.rowcount:
                raise DomainError(tr_noop("errors", "Parcel {code} was handed over meanwhile; look the villager "
                                          "up again."), code=p.pickup_code or p.waybill)
            settle_lines(s, operator, p, d, line_shares, method, number, now)
            # every parcel, due or not: an order all of whose parcels have left is collected
            purchase_links.on_parcel_handed_over(s, p, operator, [], lambda: now)
            s.add(ParcelEvent(parcel_id=p.id, at=now, kind=EVENT_PICKED_UP, operator=operator.name, details=details_json({
                "receipt": number, "scanned": p.id not in unscanned, "reason": reason if p.id in unscanned else "",
                "collector": collector, "relation": relation,
                "dues": [{"kind": line.kind, "amount_fen": line.amount_fen, "reference": line.reference}
                         for _, line in d],
                "due_fen": owed, "collected_fen": share, "method": method if share else "",
            })))
        if unscanned:
            audit.record(s, operator, HANDOVER_WITHOUT_SCAN, {
                "receipt": number, "reason": reason,
                "parcels": [{"waybill": parcels[i].waybill, "code": parcels[i].pickup_code} for i in unscanned],
            }, at=now)
        if waived:
            audit.record(s, waived_by, FEE_WAIVED, {"receipt": number, "due_fen": due, "collected_fen": collected,
                                                    "waived_fen": waived, "operator": operator.name}, at=now)
        cards = tuple(card(s, p, now, cfg, (), d) for p, d in zip(rows, dues))
        first = rows[0]
    return HandoverResult(number, now, operator.name, first.recipient_name, cards[0].phone_masked, collector,
                          relation, cards, tuple(unscanned), reason, due, collected, waived, method)

