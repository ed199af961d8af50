"""What a partner earns, computed from records and dated rates.

The same code runs at the station (its own records) and at the county (the synced copies), so the
two statements for a month agree by construction. Each side turns its records into ``Fact``s (one
per thing that earns: a parcel checked in or handed over, a collected purchase item, a service
payment, a counter-sale line) on the station's local day; ``income_lines`` prices them with the
rate in force on that day. A rate change therefore moves later months only.

Rates are basis points of a base amount (350 = 3.5 %) or fixed fen per fact. A service payment's
commission is fixed when it is paid (its rule was the one in force then), so its fact carries
``fixed_fen`` and no rate is looked up. Counter-sale margin is the partner's own (no rate, the
county does not pay it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pos.domain.errors import ValidationError
from pos.domain.i18n import tr_noop

PURCHASE_COMMISSION = "purchase_commission"  # key: goods category ("" = uncategorised)
PARCEL_FEE = "parcel_fee"  # key: carrier code; event: "checkin" or "handover"
SERVICE_COMMISSION = "service_commission"  # key: service kind (phone_topup, electricity, ...)
SALES_MARGIN = "sales_margin"  # key: product category

SOURCES = (PURCHASE_COMMISSION, PARCEL_FEE, SERVICE_COMMISSION, SALES_MARGIN)
# What the county pays the partner; the margin the partner keeps from the till.
COUNTY_PAID = frozenset({PURCHASE_COMMISSION, PARCEL_FEE, SERVICE_COMMISSION})
PARCEL_EVENTS = ("checkin", "handover")
ANY = "*"  # a rate key that matches every key without a rate of its own

SOURCE_NAMES = {
    PURCHASE_COMMISSION: tr_noop("income", "Assisted purchase commission"),
    PARCEL_FEE: tr_noop("income", "Parcel fees"),
    SERVICE_COMMISSION: tr_noop("income", "Service commission"),
    SALES_MARGIN: tr_noop("income", "Counter sales margin"),
}

MAX_BP = 10_000  # 100 %
MAX_FEN_EACH = 100_000  # 1,000 yuan per parcel would be a typo


@dataclass(frozen=True, slots=True)
class Rate:
    source: str
    key: str  # category / carrier / service kind, or ANY
    valid_from: dt.date  # the first local day it applies to
    bp: int = 0  # basis points of the fact's base
    fen_each: int = 0  # fixed fen per fact
    event: str = ""  # parcel_fee only: "checkin" or "handover"

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "key": self.key, "event": self.event,
                "valid_from": self.valid_from.isoformat(), "bp": self.bp,
                "fen_each": self.fen_each}


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing that earns, on the station's local ``day``."""

    source: str
    key: str
    day: dt.date
    base_fen: int = 0  # what a bp rate applies to (negative for a refund after the fact)
    event: str = ""
    fixed_fen: int | None = None  # an amount already decided (service commission, margin)
    count: int = 1  # how many things it stands for (-1 for a reversal)


@dataclass(frozen=True, slots=True)
class IncomeLine:
    source: str
    key: str
    event: str
    count: int
    base_fen: int
    income_fen: int


@dataclass(frozen=True)
class Statement:
    """One station's income for one month."""

    station: str
    year: int
    month: int
    lines: tuple[IncomeLine, ...] = field(default_factory=tuple)

    @property
    def total_fen(self) -> int:
        return sum(line.income_fen for line in self.lines)

    @property
    def county_owes_fen(self) -> int:
        return sum(line.income_fen for line in self.lines if line.source in COUNTY_PAID)

    def by_source(self) -> dict[str, int]:
        out = {s: 0 for s in SOURCES}
        for line in self.lines:
            out[line.source] += line.income_fen
        return out


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """[first day, first day of the next month) as local dates."""
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt


def rate_for(rates: Iterable[Rate], source: str, key: str, day: dt.date, event: str = "") -> Rate | None:
    """The rate in force on ``day``: the newest ``valid_from`` not after it, the key's own rates
    before the ANY ones."""
    best: Rate | None = None
    for r in rates:
        if r.source != source or r.event != event or r.valid_from > day:
            continue
        if r.key not in (key, ANY):
            continue
        if best is None:
            best = r
            continue
        own, best_own = r.key == key, best.key == key
        if (own, r.valid_from) > (best_own, best.valid_from):
            best = r
    return best


def _round_bp(base_fen: int, bp: int) -> int:
    """base × bp / 10000, half away from zero (a refund reverses exactly what was earned)."""
    q, r = divmod(abs(base_fen) * bp, MAX_BP)
    v = q + (1 if 2 * r >= MAX_BP else 0)
    return v if base_fen >= 0 else -v


def income_lines(facts: Iterable[Fact], rates: Iterable[Rate]) -> tuple[IncomeLine, ...]:
    """Price every fact and sum by (source, key, event). Each fact is rounded on its own, so a
    month's total is the sum of its days' and a refund cancels its sale to the fen."""
    rates = tuple(rates)
    acc: dict[tuple[str, str, str], list[int]] = {}
    for f in facts:
        if f.fixed_fen is not None:
            earned = f.fixed_fen
        else:
            rate = rate_for(rates, f.source, f.key, f.day, f.event)
            earned = 0 if rate is None else _round_bp(f.base_fen, rate.bp) + rate.fen_each * f.count
        slot = acc.setdefault((f.source, f.key, f.event), [0, 0, 0])
        slot[0] += f.count
        slot[1] += f.base_fen
        slot[2] += earned
    order = {s: i for i, s in enumerate(SOURCES)}
    return tuple(IncomeLine(s, k, e, c, b, v)
                 for (s, k, e), (c, b, v) in sorted(acc.items(),
                                                   key=lambda kv: (order.get(kv[0][0], 99), kv[0][1:])))


def statement(station: str, year: int, month: int, facts: Iterable[Fact],
              rates: Iterable[Rate]) -> Statement:
    first, nxt = month_bounds(year, month)
    inside = (f for f in facts if first <= f.day < nxt)
    return Statement(station, year, month, income_lines(inside, rates))


def parse_rate(obj: Any, path: str = "rate") -> Rate:
    """A rate from settings or from the county: every field checked, nothing guessed."""
    if not isinstance(obj, Mapping):
        raise ValidationError(tr_noop("errors", "A rate is not in the right form."), field=path)
    source = obj.get("source")
    if source not in COUNTY_PAID:
        raise ValidationError(tr_noop("errors", "A rate names an income source that does not exist."), field=f"{path}.source")
    key = obj.get("key", ANY)
    if not isinstance(key, str) or len(key) > 50:
        raise ValidationError(tr_noop("errors", "A rate's category is not valid."), field=f"{path}.key")
    event = obj.get("event", "")
    if source == PARCEL_FEE and event not in PARCEL_EVENTS:
        raise ValidationError(tr_noop("errors", "A parcel fee must say whether it is paid per check-in or per handover."), field=f"{path}.event")
    if source != PARCEL_FEE and event != "":
        raise ValidationError(tr_noop("errors", "A rate is not in the right form."), field=f"{path}.event")
    try:
        valid_from = dt.date.fromisoformat(str(obj.get("valid_from")))
    except ValueError:
        raise ValidationError(tr_noop("errors", "A rate's start date is not a valid date."), field=f"{path}.valid_from") from None
    bp, fen_each = obj.get("bp", 0), obj.get("fen_each", 0)
    for name, v, hi in (("bp", bp, MAX_BP), ("fen_each", fen_each, MAX_FEN_EACH)):
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= hi:
            raise ValidationError(tr_noop("errors", "A rate's amount is out of range."), field=f"{path}.{name}")
    return Rate(source, key or ANY, valid_from, bp, fen_each, event)


def parse_rates(obj: Any) -> tuple[Rate, ...]:
    if not isinstance(obj, list) or len(obj) > 1000:
        raise ValidationError(tr_noop("errors", "The rate table is not in the right form."), field="rates")
    return tuple(parse_rate(o, f"rates[{i}]") for i, o in enumerate(obj))


# --- turning records into facts: one rule for both sides ------------------------------------
# Callers give local days (the station's); the county converts synced UTC times with the
# station's time zone first.

def parcel_facts(carrier: str, checked_in: dt.date, handed_over: dt.date | None) -> list[Fact]:
    """A parcel earns on check-in and, if handed to its villager (not returned), on handover;
    the carrier's rate for that event decides which of the two pays and how much."""
    facts = [Fact(PARCEL_FEE, carrier, checked_in, event="checkin")]
    if handed_over is not None:
        facts.append(Fact(PARCEL_FEE, carrier, handed_over, event="handover"))
    return facts


@dataclass(frozen=True, slots=True)
class ItemRefund:
    day: dt.date
    amount_fen: int
    after_collection: bool  # refunded once the villager had the goods


def purchase_item_facts(category: str, gross_fen: int, collected: dt.date | None,
                        refunds: Iterable[ItemRefund] = ()) -> list[Fact]:
    """Commission is earned when the villager collects the goods, on what they kept: refunds
    before collection lower the base; a refund after collection reverses on its own day (a
    closed month's statement never changes)."""
    if collected is None:
        return []
    refunds = tuple(refunds)
    kept = gross_fen - sum(r.amount_fen for r in refunds if not r.after_collection)
    facts = [Fact(PURCHASE_COMMISSION, category, collected, base_fen=kept)] if kept > 0 else []
    facts += [Fact(PURCHASE_COMMISSION, category, r.day, base_fen=-r.amount_fen, count=0)
              for r in refunds if r.after_collection and r.amount_fen > 0]
    return facts


def service_facts(kind: str, paid: dt.date, amount_fen: int, commission_fen: int,
                  refunded: dt.date | None = None) -> list[Fact]:
    """A service payment's commission was fixed when it was paid; a refund takes it back on the
    refund's day."""
    facts = [Fact(SERVICE_COMMISSION, kind, paid, base_fen=amount_fen, fixed_fen=commission_fen)]
    if refunded is not None:
        facts.append(Fact(SERVICE_COMMISSION, kind, refunded, base_fen=-amount_fen,
                          fixed_fen=-commission_fen, count=-1))
    return facts


@dataclass(frozen=True, slots=True)
class LineRefund:
    day: dt.date
    quantity: int  # of the line's quantity (1 for a weighed line)
    amount_fen: int


GRAMS_PER_UNIT = {"jin": 500, "kg": 1000}


def line_cost_fen(cost_fen: int, quantity: int, weight_grams: int | None = None, weight_unit: str = "") -> int:
    """What the goods of a sale line cost the partner: the cost per piece × pieces, or for a
    weighed line the cost per jin/kg × its weight (rounded half up to the fen)."""
    grams = GRAMS_PER_UNIT.get(weight_unit)
    if weight_grams is not None and grams:
        q, r = divmod(cost_fen * weight_grams, grams)
        return q + (1 if 2 * r >= grams else 0)
    return cost_fen * quantity


def sale_line_facts(category: str, day: dt.date, total_fen: int, quantity: int, cost_fen: int | None,
                    refunds: Iterable[LineRefund] = (), weight_grams: int | None = None,
                    weight_unit: str = "") -> list[Fact]:
    """The counter-sale margin of one line: its total less what its goods cost, on the sale's
    day; a refund takes back its share (its amount less the cost of what came back) on the
    refund's day. A line without a cost price earns no margin fact at all."""
    if cost_fen is None or quantity <= 0:
        return []
    cost = line_cost_fen(cost_fen, quantity, weight_grams, weight_unit)
    facts = [Fact(SALES_MARGIN, category, day, base_fen=total_fen, fixed_fen=total_fen - cost, count=quantity)]
    for r in refunds:
        q, rem = divmod(cost * r.quantity, quantity)
        share = q + (1 if 2 * rem >= quantity else 0)
        facts.append(Fact(SALES_MARGIN, category, r.day, base_fen=-r.amount_fen,
                          fixed_fen=-(r.amount_fen - share), count=-r.quantity))
    return facts


def parse_percent_bp(text: str) -> int:
    """A commission the owner types as a percentage ("3.5", "3.5%", "0.25") in basis points."""
    raw = (text or "").strip().rstrip("%％").strip()
    whole, _, frac = raw.partition(".")
    if not whole.isdecimal() or (frac and not frac.isdecimal()) or len(frac) > 2 or len(whole) > 3:
        raise ValidationError(tr_noop("errors", "'{text}' is not a percentage (for example 3.5)."),
                              field="bp", text=(text or "").strip()[:20])
    bp = int(whole) * 100 + int(frac.ljust(2, "0") or 0)
    if bp > MAX_BP:
        raise ValidationError(tr_noop("errors", "A rate's amount is out of range."), field="bp")
    return bp


def percent_text(bp: int) -> str:
    """Basis points as the owner reads them: 350 -> "3.5%"."""
    whole, frac = divmod(bp, 100)
    return f"{whole}.{frac:02d}".rstrip("0").rstrip(".") + "%"
