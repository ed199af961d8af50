"""The income facts of service payments for the income page and the statements: a payment earns
its stored commission on its local day, a refund takes it back on the refund's day
(pos.domain.income.service_facts)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pos.db.models import ServicePayment
from pos.domain.income import Fact, service_facts
from pos.services.local_days import day_start, local_day


def income_facts(session: Session, first_day: dt.date, last_day_exclusive: dt.date) -> list[Fact]:
    """The facts of payments paid or refunded in [first_day, last_day_exclusive) (local days),
    only those falling inside it: a payment of last month refunded this month gives this month
    its reversal and nothing else."""
    start, end = day_start(first_day), day_start(last_day_exclusive)
    rows = session.execute(select(ServicePayment.kind, ServicePayment.paid_at, ServicePayment.amount_fen,
                                  ServicePayment.commission_fen, ServicePayment.refunded_at)
                           .where(or_((ServicePayment.paid_at >= start) & (ServicePayment.paid_at < end),
                                      (ServicePayment.refunded_at >= start) & (ServicePayment.refunded_at < end)))
                           .order_by(ServicePayment.paid_at, ServicePayment.id))
    facts: list[Fact] = []
    for kind, paid_at, amount, commission, refunded_at in rows:
        refunded = local_day(refunded_at) if refunded_at is not None else None
        facts += [f for f in service_facts(kind, local_day(paid_at), amount, commission, refunded)
                  if first_day <= f.day < last_day_exclusive]
    return facts
