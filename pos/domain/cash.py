"""The cash drawer's arithmetic: denominations, a count, expected against counted, variance.

A shift's money is its Payment rows (signed fen: refunds and cash out are negative). What the
drawer should hold is the opening float plus every cash movement of the shift; the count at the
close says what it does hold; the difference is the variance (positive = more than expected).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

# Renminbi in circulation at a village counter, largest first, in fen. The 1-yuan note and the
# 1-yuan coin (likewise 5 and 1 jiao notes and coins) are one row each: the count is by value,
# and a partner who counts them apart adds the two numbers in one field (the field takes "12+30").
DENOMINATIONS: tuple[int, ...] = (10000, 5000, 2000, 1000, 500, 100, 50, 10)

METHODS = ("cash", "mobile", "account")
PURPOSES = ("sale", "sale_refund", "purchase_deposit", "purchase_balance", "purchase_refund",
            "parcel_fee", "delivery", "parcel_send", "service", "service_refund", "account_payment",
            "cash_in", "cash_out")
REFUND_PURPOSES = ("sale_refund", "purchase_refund", "service_refund")

MAX_PIECES = 99_999  # per denomination: more is a typing slip, not a drawer
MAX_FLOAT_FEN = 10_000_000  # ¥100,000
MAX_MOVEMENT_FEN = 10_000_000
MAX_REASON = 200


def parse_pieces(text: str, denomination: int = 0) -> int:
    """A count typed by the partner: ``12``, blank (0), or a sum such as ``12+30`` (notes + coins)."""
    raw = (text or "").strip().replace("＋", "+")
    if not raw:
        return 0
    parts = [p.strip() for p in raw.split("+")]
    if not all(p.isascii() and p.isdigit() for p in parts):
        raise ValidationError(
            tr_noop("errors", "'{text}' is not a number of notes or coins."),
            field=f"count_{denomination}", text=raw[:20],
        )
    total = sum(int(p) for p in parts)
    if total > MAX_PIECES:
        raise ValidationError(
            tr_noop("errors", "At most {max} pieces of one kind."), field=f"count_{denomination}", max=MAX_PIECES
        )
    return total


def check_counts(counts: Mapping[Any, Any]) -> dict[int, int]:
    """Every denomination with its number of pieces (missing ones are 0); refuses anything else."""
    out = {d: 0 for d in DENOMINATIONS}
    for key, value in counts.items():
        try:
            d = int(key)
        except (TypeError, ValueError):
            d = -1
        if d not in out:
            raise ValidationError(tr_noop("errors", "{value} is not a banknote or coin."), field="counts", value=str(key)[:12])
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PIECES:
            raise ValidationError(
                tr_noop("errors", "At most {max} pieces of one kind."), field=f"count_{d}", max=MAX_PIECES
            )
        out[d] = value
    return out


def counted_total(counts: Mapping[int, int]) -> int:
    return sum(int(d) * n for d, n in check_counts(counts).items())


def counts_to_json(counts: Mapping[int, int]) -> str:
    return json.dumps({str(d): n for d, n in check_counts(counts).items() if n}, sort_keys=True)


def counts_from_json(text: str) -> dict[int, int]:
    try:
        data = json.loads(text or "{}")
        return check_counts(data if isinstance(data, dict) else {})
    except (ValueError, ValidationError):
        return {d: 0 for d in DENOMINATIONS}


def check_float(fen: int) -> int:
    if isinstance(fen, bool) or not isinstance(fen, int) or not 0 <= fen <= MAX_FLOAT_FEN:
        raise ValidationError(
            tr_noop("errors", "The opening float must be between {low} and {high}."),
            field="float", low="¥0.00", high="¥100000.00",
        )
    return fen


def check_movement(fen: int) -> int:
    if isinstance(fen, bool) or not isinstance(fen, int) or not 0 < fen <= MAX_MOVEMENT_FEN:
        raise ValidationError(
            tr_noop("errors", "The amount must be more than {low} and at most {high}."),
            field="amount", low="¥0.00", high="¥100000.00",
        )
    return fen


def clean_reason(text: str | None, field_name: str = "reason", required: bool = True) -> str:
    reason = " ".join((text or "").split())
    if required and not reason:
        raise ValidationError(tr_noop("errors", "Please give a reason."), field=field_name)
    if len(reason) > MAX_REASON:
        raise ValidationError(
            tr_noop("errors", "The reason is too long ({max} characters at most)."), field=field_name, max=MAX_REASON
        )
    return reason


@dataclass(frozen=True)
class Movement:
    """One Payment row as the arithmetic sees it."""

    purpose: str
    method: str
    amount_fen: int


@dataclass(frozen=True)
class ShiftTotals:
    """Sums of a shift's movements: per tender, per purpose and tender, and how many."""

    by_method: dict[str, int] = field(default_factory=dict)
    by_purpose: dict[str, dict[str, int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def purpose_total(self, purpose: str) -> int:
        return sum(self.by_purpose.get(purpose, {}).values())

    def purpose_method(self, purpose: str, method: str) -> int:
        return self.by_purpose.get(purpose, {}).get(method, 0)

    @property
    def cash_fen(self) -> int:
        """Net cash into the drawer (refunds and cash out already negative)."""
        return self.by_method.get("cash", 0)

    @property
    def refunds_fen(self) -> int:
        return sum(self.purpose_total(p) for p in REFUND_PURPOSES)

    @property
    def refund_count(self) -> int:
        return sum(self.counts.get(p, 0) for p in REFUND_PURPOSES)

    @property
    def total_fen(self) -> int:
        return sum(self.by_method.values())

    def expected_cash(self, float_fen: int) -> int:
        return float_fen + self.cash_fen


def summarise(movements: Iterable[Movement]) -> ShiftTotals:
    by_method = {m: 0 for m in METHODS}
    by_purpose: dict[str, dict[str, int]] = {}
    counts: dict[str, int] = {}
    for mv in movements:
        by_method[mv.method] = by_method.get(mv.method, 0) + mv.amount_fen
        row = by_purpose.setdefault(mv.purpose, {})
        row[mv.method] = row.get(mv.method, 0) + mv.amount_fen
        counts[mv.purpose] = counts.get(mv.purpose, 0) + 1
    return ShiftTotals(by_method, by_purpose, counts)


def expected_cash(float_fen: int, movements: Iterable[Movement]) -> int:
    return summarise(movements).expected_cash(float_fen)


def variance(expected_fen: int, counted_fen: int) -> int:
    """Counted minus expected: positive when the drawer holds more than it should."""
    return counted_fen - expected_fen


def needs_reason(variance_fen: int) -> bool:
    return variance_fen != 0


def needs_owner(variance_fen: int, threshold_fen: int) -> bool:
    return abs(variance_fen) > threshold_fen
