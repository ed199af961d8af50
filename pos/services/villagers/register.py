"""The villager register (F8): who the station serves, their phones, groups and account balance.

Phones: ``Villager.phone`` is the full mobile when known, ``phone_masked`` the waybill form
(138****5678). Views given to an assistant carry only the masked form; the owner sees the full
number. A full number belongs to one villager only; masked numbers may repeat.

Balance (赊账) is what the villager owes; every change is an AccountEntry row (the ledger the
history shows) plus an audit entry. Payments received on account are also Payment rows, so the
money shows in the shift's drawer count.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, replace

from sqlalchemy import delete as sa_delete
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from pos.db.models import AccountEntry, DeliveryConsent, Notice, Parcel, Payment, PurchaseOrder, Sale, Villager
from pos.db.unit_of_work import Database
from pos.domain.errors import NotFound, PermissionDenied, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.phone import parse_masked_phone
from pos.domain.pinyin import is_initials_query, search_key
from pos.domain.users import Operator
from pos.domain.villager_fields import (
    PhoneValue,
    VillagerInput,
    check_balance_limit,
    phone_query_digits,
    phones_may_match,
)
from pos.services import audit
from pos.services.clock import Clock, system_clock
from pos.services.shifts.drawer import shift_for_tender
from pos.services.villagers import consent

VILLAGER_PHONE_CHANGED = "villager.phone_changed"
VILLAGER_DEACTIVATED = "villager.deactivated"
VILLAGER_REACTIVATED = "villager.reactivated"
VILLAGER_DELETED = "villager.deleted"
VILLAGER_PAYMENT = "villager.payment"
VILLAGER_BALANCE_ADJUSTED = "villager.balance_adjusted"

PAYMENT_METHODS = ("cash", "mobile")
REASON_MAX = 200
SEARCH_LIMIT = 200


@dataclass(frozen=True)
class VillagerView:
    id: uuid.UUID
    name: str
    phone: str  # the full number; '' when unknown, or hidden from this operator
    phone_masked: str
    village_group: str
    household: str
    address: str
    notes: str
    delivery_consent: bool
    delivery_consent_at: dt.datetime | None
    balance_fen: int
    active: bool
    has_full_phone: bool  # known to the station, even when hidden from this operator
    no_sms: bool = False  # asked not to get SMS notices from the station's modem

    @property
    def phone_shown(self) -> str:
        return self.phone or self.phone_masked

    @property
    def balance(self) -> Money:
        return Money(self.balance_fen)


def view(v: Villager, operator: Operator) -> VillagerView:
    return VillagerView(
        v.id, v.name, v.phone if operator.is_owner else "", v.phone_masked, v.village_group,
        v.household, v.address, v.notes, v.delivery_consent, v.delivery_consent_at, v.balance_fen,
        v.active, bool(v.phone), bool(v.no_sms),
    )


def _stored_phone(v: Villager) -> PhoneValue:
    return PhoneValue(v.phone, v.phone_masked, v.phone_tail)


def load(s: Session, villager_id: uuid.UUID, *, for_update: bool = False) -> Villager:
    q = select(Villager).where(Villager.id == villager_id)
    v = s.scalar(q.with_for_update() if for_update else q)
    if v is None:
        raise NotFound(tr_noop("errors", "This villager is no longer in the register."))
    return v


def refuse_duplicate_phone(s: Session, full: str, except_id: uuid.UUID | None = None) -> None:
    if not full:
        return
    q = select(Villager).where(Villager.phone == full)
    if except_id is not None:
        q = q.where(Villager.id != except_id)
    other = s.scalar(q.limit(1))
    if other is None:
        return
    if not other.active:
        raise ValidationError(
            tr_noop("errors", "The phone {phone} belongs to {name}, who is deactivated; ask the owner to "
                    "reactivate that record instead of adding a new one."),
            field="phone", phone=full, name=other.name,
        )
    if other.village_group:
        raise ValidationError(
            tr_noop("errors", "The phone {phone} is already registered to {name} ({group})."),
            field="phone", phone=full, name=other.name, group=other.village_group,
        )
    raise ValidationError(
        tr_noop("errors", "The phone {phone} is already registered to {name}."),
        field="phone", phone=full, name=other.name,
    )


def _require_owner(operator: Operator, message: str) -> None:
    if not operator.is_owner:
        raise PermissionDenied(message)


# register ------------------------------------------------------------------------------------
def create(db: Database, operator: Operator, data: VillagerInput, clock: Clock = system_clock) -> VillagerView:
    now = clock()
    clean = data.cleaned(now)
    with db.unit_of_work() as s:
        refuse_duplicate_phone(s, clean.phone.full)
        v = Villager(
            name=clean.name, name_initials=search_key(clean.name), phone=clean.phone.full,
            phone_masked=clean.phone.masked, phone_tail=clean.phone.tail, village_group=clean.village_group,
            household=clean.household, address=clean.address, notes=clean.notes,
            delivery_consent=False, delivery_consent_at=None,
            balance_fen=0, active=True, created_at=now, updated_at=now, no_sms=bool(clean.no_sms),
        )
        s.add(v)
        s.flush()
        if clean.delivery_consent:
            consent.add_entry(s, operator, v, True, consent.REGISTER, clean.delivery_consent_at or now, now)
        return view(v, operator)


def update(db: Database, operator: Operator, villager_id: uuid.UUID, data: VillagerInput,
           clock: Clock = system_clock) -> VillagerView:
    now = clock()
    with db.unit_of_work() as s:
        v = load(s, villager_id)
        if data.delivery_consent and data.delivery_consent_at is None and v.delivery_consent:
            # saving the form again must not move the date the villager agreed
            data = replace(data, delivery_consent_at=v.delivery_consent_at)
        clean = data.cleaned(now)
        phone, before = clean.phone, _stored_phone(v)
        if phone and not phone.full and before.full and phones_may_match(phone, before):
            # the mask an assistant sees (or a waybill shows) of the number already known
            phone = before
        if phone.full != before.full:
            refuse_duplicate_phone(s, phone.full, except_id=v.id)
        if phone != before:
            audit.record(s, operator, VILLAGER_PHONE_CHANGED,
                         {"villager": str(v.id), "name": clean.name, "before": before.masked, "after": phone.masked},
                         at=now)
        v.name, v.name_initials = clean.name, search_key(clean.name)
        v.phone, v.phone_masked, v.phone_tail = phone.full, phone.masked, phone.tail
        v.village_group, v.household, v.address, v.notes = (
            clean.village_group, clean.household, clean.address, clean.notes)
        if (clean.delivery_consent, clean.delivery_consent_at) != (v.delivery_consent, v.delivery_consent_at):
            # the card's tick box and date: logged like any other consent (pos.services.villagers.consent)
            consent.add_entry(s, operator, v, clean.delivery_consent, consent.REGISTER,
                              clean.delivery_consent_at or now, now)
        if clean.no_sms is not None:
            v.no_sms = clean.no_sms
        v.updated_at = now
        s.flush()
        return view(v, operator)


def get(db: Database, operator: Operator, villager_id: uuid.UUID) -> VillagerView:
    with db.reader() as s:
        return view(load(s, villager_id), operator)


def set_active(db: Database, owner: Operator, villager_id: uuid.UUID, active: bool,
               clock: Clock = system_clock) -> VillagerView:
    _require_owner(owner, tr_noop("errors", "Only the owner can deactivate or reactivate a villager."))
    now = clock()
    with db.unit_of_work() as s:
        v = load(s, villager_id)
        if v.active != active:
            v.active, v.updated_at = active, now
            audit.record(s, owner, VILLAGER_REACTIVATED if active else VILLAGER_DEACTIVATED,
                         {"villager": str(v.id), "name": v.name, "balance_fen": v.balance_fen}, at=now)
        return view(v, owner)


def deactivate(db: Database, owner: Operator, villager_id: uuid.UUID, clock: Clock = system_clock) -> VillagerView:
    return set_active(db, owner, villager_id, False, clock)


def delete(db: Database, owner: Operator, villager_id: uuid.UUID, clock: Clock = system_clock) -> None:
    """Remove a record entered by mistake; one with any history is kept (deactivate it)."""
    _require_owner(owner, tr_noop("errors", "Only the owner can delete a villager."))
    with db.unit_of_work() as s:
        v = load(s, villager_id)
        used = v.balance_fen != 0 or any(
            s.scalar(select(func.count()).select_from(model).where(model.villager_id == v.id))
            for model in (Parcel, AccountEntry, Payment, Sale, PurchaseOrder, Notice)
        )
        if used:
            raise ValidationError(
                tr_noop("errors", "{name} has parcels, purchases or account entries, so the record must stay; "
                        "deactivate it instead."),
                name=v.name,
            )
        audit.record(s, owner, VILLAGER_DELETED,
                     {"villager": str(v.id), "name": v.name, "phone": v.phone_masked}, at=clock())
        # a record entered by mistake takes its consent log along (the audit keeps every entry)
        s.execute(sa_delete(DeliveryConsent).where(DeliveryConsent.villager_id == v.id))
        s.delete(v)


def village_groups(db: Database) -> list[str]:
    with db.reader() as s:
        groups = s.scalars(select(Villager.village_group).where(Villager.village_group != "").distinct()).all()
    return sorted(groups, key=group_sort_key)


# search --------------------------------------------------------------------------------------
_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}
_GROUP_NUMBER = re.compile(r"(\d+)|([零一二三四五六七八九十]+)")


def _chinese_number(text: str) -> int:
    if "十" not in text:
        return int("".join(str(_NUMERALS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_NUMERALS.get(tens, 1) if tens else 1) * 10 + (_NUMERALS.get(ones, 0) if ones else 0)


def group_sort_key(group: str) -> tuple[int, int, str]:
    """一组, 二组 ... 十二组 and 3组 in counting order; groups without a number after them."""
    m = _GROUP_NUMBER.search(group or "")
    if not group:
        return (2, 0, "")
    if m is None:
        return (1, 0, group)
    return (0, int(m.group(1)) if m.group(1) else _chinese_number(m.group(2)), group)


def _sorted(rows: list[Villager], first=lambda v: 0) -> list[Villager]:
    return sorted(rows, key=lambda v: (not v.active, first(v), group_sort_key(v.village_group),
                                       v.name_initials, v.name))


def search(db: Database, operator: Operator, query: str, *, include_inactive: bool = False,
           limit: int = SEARCH_LIMIT) -> list[VillagerView]:
    """By name (part of it), pinyin initials (``zs``), phone tail (``5678``), full or masked phone."""
    text = (query or "").strip()
    with db.reader() as s:
        rows = _find(s, text, include_inactive)
        return [view(v, operator) for v in rows[:limit]]


def _find(s: Session, text: str, include_inactive: bool) -> list[Villager]:
    base = select(Villager)
    if not include_inactive:
        base = base.where(Villager.active.is_(True))
    if not text:
        return _sorted(list(s.scalars(base)))
    if "*" in text or "＊" in text:
        return _by_mask(s, base, text)
    digits = phone_query_digits(text)
    if digits is not None:
        if len(digits) == 11:
            return _by_mask(s, base, digits)
        rows = s.scalars(base.where(or_(Villager.phone.endswith(digits), Villager.phone_masked.endswith(digits))))
        return _sorted(list(rows))
    if is_initials_query(text):
        q = text.lower()
        rows = s.scalars(base.where(or_(Villager.name_initials.contains(q, autoescape=True),
                                        func.lower(Villager.name).contains(q, autoescape=True))))
        starts = lambda v: 0 if any(k.startswith(q) for k in v.name_initials.split()) else 1  # noqa: E731
        return _sorted(list(rows), starts)
    rows = s.scalars(base.where(or_(Villager.name.contains(text, autoescape=True), Villager.village_group == text)))
    return _sorted(list(rows), lambda v: 0 if v.name.startswith(text) else 1)


def _by_mask(s: Session, base, text: str) -> list[Villager]:
    try:
        wanted = parse_masked_phone(text)
    except ValidationError:
        return []
    typed = PhoneValue("", wanted.display(), wanted.last_four)
    rows = s.scalars(base.where(Villager.phone_tail == wanted.last_four))
    found = [v for v in rows if v.phone_masked and phones_may_match(typed, _stored_phone(v))]
    exact = wanted.head + wanted.tail if wanted.hidden == 0 else ""
    return _sorted(found, lambda v: 0 if exact and v.phone == exact else 1)


def match_phone(db: Database, operator: Operator, raw: str) -> list[VillagerView]:
    """Active villagers whose phone could be ``raw`` (a full number or a waybill mask)."""
    return search(db, operator, raw)


# balance on account --------------------------------------------------------------------------
def _change_balance(s: Session, v: Villager, change: int) -> tuple[int, int]:
    before, after = v.balance_fen, v.balance_fen + change
    check_balance_limit(after, "amount")
    v.balance_fen = after
    return before, after


def record_payment(db: Database, operator: Operator, villager_id: uuid.UUID, amount_fen: int,
                   method: str = "cash", note: str = "", clock: Clock = system_clock) -> VillagerView:
    """The villager pays money off their account at the counter (any operator)."""
    if amount_fen <= 0:
        raise ValidationError(tr_noop("errors", "The payment must be more than ¥0.00."), field="amount")
    check_balance_limit(amount_fen, "amount")
    if method not in PAYMENT_METHODS:
        raise ValueError(f"unknown payment method {method!r}")
    note = " ".join((note or "").split())[:REASON_MAX]
    now = clock()
    with db.unit_of_work() as s:
        shift_for_tender(s)  # a repayment is money in the drawer: it belongs to the open shift
        v = load(s, villager_id, for_update=True)
        before, after = _change_balance(s, v, -amount_fen)
        s.add(AccountEntry(villager_id=v.id, at=now, amount_fen=-amount_fen, kind="payment",
                           operator=operator.name, note=note))
        s.add(Payment(at=now, purpose="account_payment", method=method, amount_fen=amount_fen,
                      operator=operator.name, villager_id=v.id, note=note))
        audit.record(s, operator, VILLAGER_PAYMENT,
                     {"villager": str(v.id), "name": v.name, "amount_fen": amount_fen, "method": method,
                      "balance_before_fen": before, "balance_after_fen": after}, at=now)
        s.flush()
        return view(v, operator)


def adjust_balance(db: Database, owner: Operator, villager_id: uuid.UUID, change_fen: int, reason: str,
                   clock: Clock = system_clock) -> VillagerView:
    """The owner corrects a balance by ``change_fen`` (positive: the villager owes more)."""
    _require_owner(owner, tr_noop("errors", "Only the owner can adjust a villager's balance."))
    if change_fen == 0:
        raise ValidationError(tr_noop("errors", "The change must not be ¥0.00."), field="amount")
    check_balance_limit(change_fen, "amount")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(tr_noop("errors", "Please say why the balance changes."), field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(tr_noop("errors", "This is too long ({length} characters; {max} at most)."),
                              field="reason", length=len(reason), max=REASON_MAX)
    now = clock()
    with db.unit_of_work() as s:
        v = load(s, villager_id, for_update=True)
        before, after = _change_balance(s, v, change_fen)
        s.add(AccountEntry(villager_id=v.id, at=now, amount_fen=change_fen, kind="adjustment",
                           operator=owner.name, note=reason))
        audit.record(s, owner, VILLAGER_BALANCE_ADJUSTED,
                     {"villager": str(v.id), "name": v.name, "change_fen": change_fen, "reason": reason,
                      "balance_before_fen": before, "balance_after_fen": after}, at=now)
        s.flush()
        return view(v, owner)
