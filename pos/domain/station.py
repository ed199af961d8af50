"""The station's own details, checked before they are stored."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

_PHONE_CHARS = re.compile(r"^[0-9+\- ()]{0,30}$")


@dataclass(frozen=True)
class StationDetails:
    name: str
    address: str = ""
    phone: str = ""

    def cleaned(self) -> StationDetails:
        name = " ".join(self.name.split())
        address = " ".join(self.address.split())
        phone = self.phone.strip()
        if not name:
            raise ValidationError(tr_noop("errors", "Please enter the station's name."), field="name")
        if len(name) > 100:
            raise ValidationError(
                tr_noop("errors", "The station's name is too long (100 characters at most)."), field="name"
            )
        if len(address) > 200:
            raise ValidationError(
                tr_noop("errors", "The address is too long (200 characters at most)."), field="address"
            )
        digits = re.sub(r"\D", "", phone)
        if phone and (not _PHONE_CHARS.match(phone) or not 5 <= len(digits) <= 15):
            raise ValidationError(
                tr_noop("errors", "'{phone}' is not a phone number."), field="phone", phone=phone[:30]
            )
        return StationDetails(name, address, phone)


def clean_person_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(tr_noop("errors", "Please enter a name."), field="owner_name")
    if len(name) > 50:
        raise ValidationError(tr_noop("errors", "The name is too long (50 characters at most)."), field="owner_name")
    return name
