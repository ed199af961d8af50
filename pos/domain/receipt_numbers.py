"""Receipt numbers: a prefix, the local date and a daily sequence, e.g. ``R20261122-0007``.

R = counter sale, P = assisted purchase, F = refund (退款), Q = parcel pickup (取件),
T = parcel return batch (退回), D = delivery run (送货), J = a parcel sent (寄件),
L = a courier's collection of sent parcels (揽收), B = a service paid with an account (便民缴费:
a phone top-up, a bill). The sequence starts at 1 every local
day for each prefix and is four digits wide (it grows to five on a day with 10,000 receipts,
so a number is never cut). The printed barcode carries the number without its hyphen, which
Code 128 packs much shorter (the digits go in pairs); both forms parse.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

SALE = "R"
PURCHASE = "P"
REFUND = "F"
PICKUP = "Q"
RETURN_BATCH = "T"
DELIVERY_RUN = "D"
SEND = "J"
HANDOVER = "L"
SERVICE = "B"
PREFIXES = (SALE, PURCHASE, REFUND, PICKUP, RETURN_BATCH, DELIVERY_RUN, SEND, HANDOVER, SERVICE)

_NUMBER = re.compile(r"^([A-Z])(\d{8})-?(\d{4,6})$")


@dataclass(frozen=True, order=True)
class ReceiptNumber:
    prefix: str
    day: dt.date
    seq: int

    def __str__(self) -> str:
        return format_number(self.prefix, self.day, self.seq)

    @property
    def barcode(self) -> str:
        return barcode_data(str(self))


def format_number(prefix: str, day: dt.date, seq: int) -> str:
    if prefix not in PREFIXES:
        raise ValueError(f"unknown receipt prefix {prefix!r}")
    if seq < 1:
        raise ValueError("receipt sequence starts at 1")
    return f"{prefix}{day:%Y%m%d}-{seq:04d}"


def sequence_key(prefix: str, day: dt.date) -> str:
    """The Sequence row that counts one prefix's receipts on one local day."""
    if prefix not in PREFIXES:
        raise ValueError(f"unknown receipt prefix {prefix!r}")
    return f"receipt:{prefix}:{day:%Y%m%d}"


def barcode_data(number: str) -> str:
    return number.replace("-", "")


def parse_number(text: str) -> ReceiptNumber | None:
    """The receipt number in ``text`` (typed or scanned, with or without the hyphen, any case),
    or None when it is not one."""
    t = (text or "").strip().upper()
    m = _NUMBER.match(t)
    if not m or m.group(1) not in PREFIXES:
        return None
    try:
        day = dt.datetime.strptime(m.group(2), "%Y%m%d").date()
    except ValueError:
        return None
    seq = int(m.group(3))
    if seq < 1:
        return None
    return ReceiptNumber(m.group(1), day, seq)


def require_number(text: str) -> ReceiptNumber:
    parsed = parse_number(text)
    if parsed is None:
        raise ValidationError(
            tr_noop("errors", "'{text}' is not a receipt number (for example R20261122-0007)."),
            field="number",
            text=(text or "").strip()[:30],
        )
    return parsed
