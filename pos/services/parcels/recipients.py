"""Who a parcel is for: the phone as typed (whole, masked, or only its last four digits), the
name on the label, and the villagers of the register that fit them.

The register may be empty or incomplete: a parcel keeps the phone and name it was checked in
with, linked to a villager only when the match is certain or the partner picked one. Villagers
are never created here (the register is kept on its own page).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from pos.db import direct
from pos.db.models import Villager
from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.phone import MaskedPhone, mask_mobile, normalise_phone, parse_masked_phone, parse_mobile

MAX_NAME = 50
MAX_MATCHES = 50
_TAIL_ONLY = re.compile(r"\d{4}", re.ASCII)


@dataclass(frozen=True)
class PhoneInput:
    """What the partner typed in the phone field, read."""

    full: str  # 11 digits, or '' when only part is known
    masked: MaskedPhone | None

    @property
    def tail(self) -> str:
        return self.full[7:] if self.full else self.masked.last_four  # type: ignore[union-attr]

    @property
    def display(self) -> str:
        """As printed on a label: 138****5678 (a whole number is masked too)."""
        return mask_mobile(self.full) if self.full else self.masked.display()  # type: ignore[union-attr]


def read_phone(text: str) -> PhoneInput:
    """A whole mobile number, a masked one (138****5678) or just the last four digits.

    ValidationError (field ``phone``) says what is wrong.
    """
    cleaned = normalise_phone(text or "")
    if _TAIL_ONLY.fullmatch(cleaned):
        return PhoneInput("", MaskedPhone(head="", tail=cleaned))
    if any(c in cleaned for c in "*xX＊"):
        masked = parse_masked_phone(text)
        if not masked.hidden:
            return PhoneInput(masked.head + masked.tail, None)
        return PhoneInput("", masked)
    return PhoneInput(parse_mobile(text), None)


def clean_name(text: str) -> str:
    name = " ".join((text or "").split())
    if len(name) > MAX_NAME:
        raise ValidationError(
            tr_noop("errors", "The name is too long (50 characters at most)."), field="name"
        )
    return name


@dataclass(frozen=True)
class VillagerMatch:
    id: uuid.UUID
    name: str
    phone_display: str  # masked: the picker is on a screen villagers can see
    village_group: str
    household: str
    full_phone: str


def _match(v: Villager) -> VillagerMatch:
    shown = mask_mobile(v.phone) if v.phone else v.phone_masked
    return VillagerMatch(v.id, v.name, shown, v.village_group, v.household, v.phone)


def _name_fits(v: Villager, name: str) -> bool:
    if not name:
        return True
    if name in v.name:
        return True
    # pinyin initials typed on a keyboard without an input method: zs for 张三
    return name.isascii() and name.isalpha() and (v.name_initials or "").lower().startswith(name.lower())


def _phone_fits(v: Villager, masked: MaskedPhone) -> bool:
    if v.phone:
        return masked.matches(v.phone)
    if not v.phone_masked:
        return False
    try:
        theirs = parse_masked_phone(v.phone_masked)
    except ValidationError:
        return False
    # two masks fit when the digits both show agree
    return (theirs.tail.endswith(masked.tail) or masked.tail.endswith(theirs.tail)) and (
        theirs.head.startswith(masked.head) or masked.head.startswith(theirs.head)
    )


def by_phone(session: Session, number: str) -> list[VillagerMatch]:
    return [_match(v) for v in active_with_phone(session, number)]


# built once: every check-in with a whole phone runs it; what a check-in and a match use of a
# villager, read past the ORM (pos.db.direct)
_WITH_PHONE = (select(Villager.id, Villager.name, Villager.phone, Villager.phone_masked, Villager.phone_tail,
                      Villager.village_group, Villager.household)
               .where(Villager.phone == bindparam("phone"), Villager.active.is_(True)).limit(MAX_MATCHES))


def active_with_phone(session: Session, number: str) -> list[Any]:
    """Rows with a villager's id, name, phones, group and household: a check-in that finds one
    villager uses it without reading it again."""
    return list(direct.run(session, _WITH_PHONE, {"phone": number}))


def by_masked(session: Session, masked: MaskedPhone, name: str) -> list[VillagerMatch]:
    """Villagers whose phone fits the visible digits and whose name contains ``name``."""
    rows = session.scalars(
        select(Villager)
        .where(Villager.phone_tail == masked.last_four, Villager.active.is_(True))
        .order_by(Villager.name)
        .limit(500)
    )
    return [_match(v) for v in rows if _phone_fits(v, masked) and _name_fits(v, name)][:MAX_MATCHES]


def find(session: Session, phone: PhoneInput, name: str) -> list[VillagerMatch]:
    if phone.full:
        return by_phone(session, phone.full)
    return by_masked(session, phone.masked, name)  # type: ignore[arg-type]


def load(session: Session, villager_id: uuid.UUID) -> Villager:
    from pos.domain.errors import NotFound

    v = session.get(Villager, villager_id)
    if v is None or not v.active:
        raise NotFound(tr_noop("errors", "This villager is no longer in the register."))
    return v
