"""Phone numbers: mainland China mobiles for villagers, a lenient check for the station's phone,
and the masked numbers printed on waybills.

Since the 2024 rules on de-identified waybills, labels show ``138****5678`` and stations rarely
see a whole number (research notes, section 4), so matching a parcel to a villager works on the
visible head and tail only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)
# What people type between digits: spaces, dashes, dots, brackets ("(0571) 8888-6666").
_SEPARATORS = re.compile(r"[\s\-.()]+")
_COUNTRY = re.compile(r"^(?:\+86|0086|86)(?=1[3-9]\d{9}$)")
_LANDLINE = re.compile(r"0(?:[12]\d|[3-9]\d{2})[2-9]\d{6,7}", re.ASCII)
_SERVICE = re.compile(r"[48]00\d{7}", re.ASCII)  # 400/800 company numbers
_LOCAL = re.compile(r"[2-9]\d{6,7}", re.ASCII)  # the station's own area code left out
_MASKED = re.compile(r"(\d*)(\*+)(\d*)", re.ASCII)

_SHOWN = 24


def _clean(raw: str) -> str:
    # NFKC: full-width digits, "＋" and "＊" come from a Chinese input method
    text = unicodedata.normalize("NFKC", raw if isinstance(raw, str) else "")
    return _SEPARATORS.sub("", text.strip())


def normalise_phone(raw: str) -> str:
    """Separators and a +86 / 0086 / 86 country code removed; nothing is refused here."""
    return _COUNTRY.sub("", _clean(raw))


def _refuse(message: str, raw: str, field: str) -> ValidationError:
    shown = "".join(c if c.isprintable() else "?" for c in (raw or "").strip()[:_SHOWN])
    return ValidationError(message, field=field, phone=shown)


def parse_mobile(raw: str, *, field: str = "phone") -> str:
    """An 11-digit mainland China mobile number, or ValidationError saying what is wrong."""
    number = normalise_phone(raw)
    if not number:
        raise ValidationError(tr_noop("errors", "The mobile number is empty."), field=field)
    if not number.isascii() or not number.isdigit():
        raise _refuse(tr_noop("errors", "'{phone}' is not a mobile number: use digits only."), raw, field)
    if len(number) != 11:
        raise _refuse(
            tr_noop("errors", "'{phone}' is not a mobile number: a mobile number has 11 digits."),
            raw,
            field,
        )
    if not _MOBILE.fullmatch(number):
        raise _refuse(
            tr_noop(
                "errors",
                "'{phone}' is not a mainland China mobile number: those start with 13 to 19.",
            ),
            raw,
            field,
        )
    return number


def is_mobile(raw: str) -> bool:
    return bool(_MOBILE.fullmatch(normalise_phone(raw)))


def mask_mobile(number: str) -> str:
    """``13812345678`` -> ``138****5678``, the form waybills print."""
    n = parse_mobile(number)
    return f"{n[:3]}****{n[7:]}"


def last_four(number: str) -> str:
    return parse_mobile(number)[7:]


@dataclass(frozen=True, slots=True)
class MaskedPhone:
    """The visible part of a masked mobile number: ``head`` digits, hidden digits, ``tail``."""

    head: str
    tail: str

    @property
    def hidden(self) -> int:
        return 11 - len(self.head) - len(self.tail)

    @property
    def last_four(self) -> str:
        return self.tail[-4:]

    @property
    def regex(self) -> str:
        """A regular expression for whole 11-digit numbers this mask could stand for."""
        return f"^{self.head}\\d{{{self.hidden}}}{self.tail}$"

    @property
    def like(self) -> str:
        """The same as an SQL LIKE pattern over 11-digit numbers (``_`` is one hidden digit)."""
        return self.head + "_" * self.hidden + self.tail

    def display(self) -> str:
        return self.head + "*" * self.hidden + self.tail

    def matches(self, number: str) -> bool:
        n = normalise_phone(number)
        return bool(_MOBILE.fullmatch(n)) and n.startswith(self.head) and n.endswith(self.tail)


def parse_masked_phone(raw: str) -> MaskedPhone:
    """Read a phone number as printed on a waybill: ``138****5678``, ``****5678``, ``+86 138****5678``.

    The number of stars is not trusted (labels and typists vary): a head is taken as the start
    of an 11-digit mobile and the tail as its end. An unmasked mobile is accepted as it is. At
    least the last four digits must be visible, since they are what the partner asks for.
    """
    text = _clean(raw).upper().replace("X", "*")
    text = re.sub(r"^(?:\+86|0086)", "", text)
    if not text:
        raise ValidationError(tr_noop("errors", "The phone number on the label is empty."), field="phone")
    if "*" not in text:
        number = parse_mobile(text)
        return MaskedPhone(head=number[:7], tail=number[7:])
    m = _MASKED.fullmatch(text)
    if not m:
        raise _refuse(
            tr_noop("errors", "'{phone}' is not a masked mobile number such as 138****5678."),
            raw,
            "phone",
        )
    head, _, tail = m.groups()
    if len(tail) < 4:
        raise _refuse(
            tr_noop("errors", "'{phone}' does not show the last four digits of the phone number."),
            raw,
            "phone",
        )
    # the head must be able to start a mobile number: 1, then 3 to 9
    bad_head = bool(head) and (head[0] != "1" or (len(head) > 1 and head[1] in "012"))
    if len(head) + len(tail) > 10 or bad_head:
        raise _refuse(
            tr_noop("errors", "'{phone}' is not a masked mobile number such as 138****5678."),
            raw,
            "phone",
        )
    return MaskedPhone(head=head, tail=tail)


def parse_station_phone(raw: str) -> str:
    """The station's own phone, printed on receipts: a mobile, a landline or a 400/800 number.

    Lenient on purpose (it is only shown to people, never matched): a landline comes back as
    ``0571-88886666``, a number without area code as typed, others as digits.
    """
    number = normalise_phone(raw)
    if not number:
        raise ValidationError(tr_noop("errors", "The phone number is empty."), field="station_phone")
    if _MOBILE.fullmatch(number) or _SERVICE.fullmatch(number) or _LOCAL.fullmatch(number):
        return number
    if _LANDLINE.fullmatch(number):
        # 010 and 02x are the big cities' 2-digit area codes; every other one has 3 digits
        split = 3 if number[1] in "12" else 4
        return f"{number[:split]}-{number[split:]}"
    raise _refuse(
        tr_noop(
            "errors",
            "'{phone}' is not a phone number; type a mobile number, or a landline with its "
            "area code such as 0571-88886666.",
        ),
        raw,
        "station_phone",
    )
