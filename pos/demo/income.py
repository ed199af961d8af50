"""The demo station's income rates: so the Income page shows what a partner would see."""

from __future__ import annotations

from pos.domain.income import ANY, PARCEL_FEE, PURCHASE_COMMISSION, Rate
from pos.domain.users import Operator
from pos.services import settings as st
from pos.services.clock import Clock
from pos.services.income.rates import RATES
from pos.services.local_days import local_day


def add_demo_rates(db, owner: Operator, clock: Clock) -> None:
    """Commission 3 % on every assisted purchase, the carriers 0.50 a parcel at check-in, all
    since a year ago; from the first of this month check-ins pay 0.60 (a rate change)."""
    today = local_day(clock())
    year_ago = today.replace(year=today.year - 1, day=1)
    rates = (Rate(PURCHASE_COMMISSION, ANY, year_ago, bp=300),
             Rate(PARCEL_FEE, ANY, year_ago, fen_each=50, event="checkin"),
             Rate(PARCEL_FEE, ANY, today.replace(day=1) if today.day > 1 else today, fen_each=60, event="checkin"))
    if rates[2].valid_from == rates[1].valid_from:
        rates = rates[:2]
    st.save(db, owner, {RATES: [r.to_json() for r in sorted(rates, key=lambda r: (r.source, r.valid_from))]})


