"""A villager's details as typed at the counter or read from a CSV file, checked before storing.

Every check says what is wrong in words the partner can act on; ``check`` collects one error per
field (a CSV import reports them all), ``cleaned`` raises the first (a form shows one at a time).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from pos.domain.errors import ValidationError
from pos.domain.text_checks import refuse_nul
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.phone import mask_mobile, normalise_phone, parse_masked_phone, parse_mobile

NAME_MAX = 50
GROUP_MAX = 50
HOUSEHOLD_MAX = 100
ADDRESS_MAX = 200
NOTES_MAX = 1000
# Keeps a typo (an extra zero or two) from becoming a debt, and stays far inside a 32-bit column.
BALANCE_MAX_FEN = 1_000_000 * 100  # one million yuan

_YES = {"yes", "y", "是", "1", "true", "t", "同意", "✓"}
_NO = {"no", "n", "否", "0", "false", "f", "不同意", ""}
_MASK_CHARS = set("*xX")


@dataclass(frozen=True)
class PhoneValue:
    """A villager's phone as stored: the full number if known, always the waybill mask and tail."""

    full: str = ""
    masked: str = ""
    tail: str = ""

    def __bool__(self) -> bool:
        return bool(self.masked)


def parse_villager_phone(raw: str) -> PhoneValue:
    """A full mobile (13812345678), a waybill mask (138****5678, ****5678), or nothing."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        return PhoneValue()
    if _MASK_CHARS & set(text):
        mask = parse_masked_phone(text)
        return PhoneValue("", mask.display(), mask.last_four)
    full = parse_mobile(text)
    return PhoneValue(full, mask_mobile(full), full[7:])


def phones_may_match(a: PhoneValue, b: PhoneValue) -> bool:
    """Could these be the same number? Full numbers must be equal; a mask must fit."""
    if not a or not b:
        return False
    if a.full and b.full:
        return a.full == b.full
    if a.full or b.full:
        full, mask = (a.full, b.masked) if a.full else (b.full, a.masked)
        return parse_masked_phone(mask).matches(full)
    ma, mb = parse_masked_phone(a.masked), parse_masked_phone(b.masked)
    heads = ma.head.startswith(mb.head) or mb.head.startswith(ma.head)
    tails = ma.tail.endswith(mb.tail) or mb.tail.endswith(ma.tail)
    return heads and tails


def _strip_controls(text: str, keep_newlines: bool = False) -> str:
    # invisible control characters come from copy-paste and old spreadsheets; NUL breaks PostgreSQL
    keep = "\n" if keep_newlines else ""
    return "".join(c if c in keep or not c.isspace() else " " for c in text
                   if c in keep or c.isspace() or unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co"))


def _one_line(raw: str) -> str:
    return " ".join(_strip_controls(unicodedata.normalize("NFC", raw or "")).split())


def clean_villager_name(raw: str) -> str:
    name = _one_line(raw)
    if not name:
        raise ValidationError(tr_noop("errors", "Please enter the villager's name."), field="name")
    if len(name) > NAME_MAX:
        raise ValidationError(
            tr_noop("errors", "The name is too long ({length} characters; {max} at most)."),
            field="name", length=len(name), max=NAME_MAX,
        )
    if not any(unicodedata.category(c).startswith("L") for c in name):
        raise ValidationError(
            tr_noop("errors", "'{name}' is not a name: it has no letters or Chinese characters."),
            field="name", name=name[:20],
        )
    return name


def _limited(raw: str, field: str, limit: int, *, multiline: bool = False) -> str:
    if multiline:
        text = _strip_controls(unicodedata.normalize("NFC", (raw or "").replace("\r\n", "\n")), True).strip()
    else:
        text = _one_line(raw)
    if len(text) > limit:
        raise ValidationError(
            tr_noop("errors", "This is too long ({length} characters; {max} at most)."),
            field=field, length=len(text), max=limit,
        )
    return text


def parse_consent_flag(raw: str) -> bool:
    text = unicodedata.normalize("NFKC", raw or "").strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValidationError(
        tr_noop("errors", "'{text}' is not yes or no: write yes/no, 是/否, 1/0 or true/false."),
        field="delivery_consent", text=(raw or "").strip()[:20],
    )


def parse_consent_time(raw: str) -> dt.datetime | None:
    """An ISO date (local midnight) or date and time (local if it has no UTC offset)."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        return None
    try:
        if len(text) <= 10:
            day = dt.date.fromisoformat(text)
            return dt.datetime(day.year, day.month, day.day).astimezone()
        when = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise ValidationError(
            tr_noop("errors", "'{text}' is not a date: write it as 2024-03-15 or 2024-03-15T09:30:00+08:00."),
            field="delivery_consent_at", text=text[:30],
        ) from None
    return when if when.tzinfo else when.astimezone()


def parse_balance(raw: str, field: str = "balance_yuan") -> int:
    """An amount in yuan (``12.50``, ``-3``, ``¥8``) as fen, within the register's limit."""
    text = unicodedata.normalize("NFKC", raw or "").strip().replace(",", "")
    if not text:
        return 0
    try:
        fen = Money.parse(text).fen
    except ValidationError as e:
        raise ValidationError(e.message, field=field, **e.params) from None
    check_balance_limit(fen, field)
    return fen


def check_balance_limit(fen: int, field: str = "amount") -> None:
    if abs(fen) > BALANCE_MAX_FEN:
        raise ValidationError(
            tr_noop("errors", "{amount} is more than the register allows ({max}); check the amount."),
            field=field, amount=Money(fen).format(), max=Money(BALANCE_MAX_FEN).format(),
        )


@dataclass(frozen=True)
class CleanVillager:
    name: str
    phone: PhoneValue
    village_group: str
    household: str
    address: str
    notes: str
    delivery_consent: bool
    delivery_consent_at: dt.datetime | None
    no_sms: bool | None = None


@dataclass(frozen=True)
class VillagerInput:
    """What the form or a CSV row gives; ``delivery_consent_at`` None with consent means now."""

    name: str
    phone: str = ""
    village_group: str = ""
    household: str = ""
    address: str = ""
    notes: str = ""
    delivery_consent: bool = False
    delivery_consent_at: dt.datetime | None = None
    # asked not to get SMS notices; None: leave as stored (a CSV has no such column)
    no_sms: bool | None = None

    def check(self, now: dt.datetime) -> tuple[CleanVillager | None, list[ValidationError]]:
        errors: list[ValidationError] = []

        def field(fn, *args, **kw):
            try:
                return fn(*args, **kw)
            except ValidationError as e:
                errors.append(e)
                return None

        nul = [f for f in ("name", "phone", "village_group", "household", "address", "notes")
               if "\x00" in (getattr(self, f) or "")]
        if nul:  # stripped silently below otherwise: refused, named, like every other bad value
            for f in nul:
                field(refuse_nul, getattr(self, f), f)
            return None, errors
        name = field(clean_villager_name, self.name)
        phone = field(parse_villager_phone, self.phone)
        group = field(_limited, self.village_group, "village_group", GROUP_MAX)
        household = field(_limited, self.household, "household", HOUSEHOLD_MAX)
        address = field(_limited, self.address, "address", ADDRESS_MAX)
        notes = field(_limited, self.notes, "notes", NOTES_MAX, multiline=True)
        consent_at = None
        if self.delivery_consent:
            consent_at = self.delivery_consent_at or now
            if consent_at.tzinfo is None:
                raise ValueError("delivery_consent_at must be an aware datetime")
            if consent_at.astimezone().date() > now.astimezone().date():
                errors.append(ValidationError(
                    tr_noop("errors", "The consent date {date} is in the future."),
                    field="delivery_consent_at", date=consent_at.astimezone().date().isoformat(),
                ))
        if errors:
            return None, errors
        return CleanVillager(name, phone, group, household, address, notes,
                             bool(self.delivery_consent), consent_at, self.no_sms), []

    def cleaned(self, now: dt.datetime) -> CleanVillager:
        clean, errors = self.check(now)
        if errors:
            raise errors[0]
        assert clean is not None  # check gives a villager or errors
        return clean


def phone_query_digits(text: str) -> str | None:
    """The digits of a phone search (``5678``, ``138 1234 5678``), or None if it is not one."""
    number = normalise_phone(text)
    return number if number and number.isascii() and number.isdigit() else None
