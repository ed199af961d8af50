"""The next receipt number (R/P/F + local date + daily sequence), inside the caller's session.

The Sequence row is advanced by a single UPDATE in the caller's transaction: a rolled-back sale
gives its number back, and two counters at once (PostgreSQL) wait on the row lock instead of
both taking the same number. The first number of a day inserts the row in a savepoint, so a
racing insert of the same key retries the UPDATE rather than failing the sale.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pos.db.models import Sequence
from pos.db.rowcount import rowcount
from pos.domain.receipt_numbers import format_number, sequence_key
from pos.services.local_days import local_day


def next_number(session: Session, prefix: str, now: dt.datetime) -> str:
    day = local_day(now)
    key = sequence_key(prefix, day)
    for _ in range(3):
        done = session.execute(
            update(Sequence).where(Sequence.key == key).values(value=Sequence.value + 1)
        )
        if rowcount(done):
            break
        try:
            with session.begin_nested():
                session.add(Sequence(key=key, value=1))
            break
        except IntegrityError:
            continue  # someone else created today's row first: count on it
    value = session.execute(select(Sequence.value).where(Sequence.key == key)).scalar_one()
    return format_number(prefix, day, value)
