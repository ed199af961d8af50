"""Pickup codes ``<shelf>-<layer>-<NNNN>``: the place and a running number.

The number comes from a per-station counter (research notes, section 3: deriving it from the
count on hand, as PickCodeUtil does, repeats codes once parcels leave out of order). It wraps after
9999 and skips any code still held by a parcel in the station, so two parcels in the station never
share a code (the partial unique index on parcel.pickup_code enforces the same). It also skips a
code whose last parcel left (handed over or returned) less than CODE_REST_DAYS ago (90 by
default): an SMS or WeChat message naming it may still be on a villager's phone.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pos.db import direct
from pos.db.models import Parcel, Sequence
from pos.db.models.parcel import IN_STATION
from pos.db.rowcount import rowcount
from pos.domain.errors import DomainError
from pos.domain.i18n import tr_noop
from pos.services import settings as st
from pos.services.parcels.settings import CODE_REST_DAYS, rest_days

COUNTER_KEY = "parcel.pickup_code"
MODULUS = 9999  # tails 0001..9999


# built once, values bound at each run: every check-in runs them (#20, goal 2)
_STEP = (update(Sequence).where(Sequence.key == bindparam("counter")).values(value=Sequence.value + 1)
         .execution_options(synchronize_session=False))
_STEP_RETURNING = _STEP.returning(Sequence.value)
# the code itself is selected, not the parcel's key: every column these read is in
# ix_parcel_pickup_code_stay, so SQLite answers from one index page instead of reading the rows
# of every parcel that ever had the code (#20, goal 3a)
_HELD = (select(Parcel.pickup_code).where(Parcel.pickup_code == bindparam("code"), Parcel.status.in_(IN_STATION))
         .limit(1))
_HELD_OR_RESTING = (select(Parcel.pickup_code).where(
    Parcel.pickup_code == bindparam("code"),
    or_(Parcel.status.in_(IN_STATION), Parcel.picked_up_at >= bindparam("since"),
        Parcel.returned_at >= bindparam("since"))).limit(1))


def next_number(session: Session, key: str) -> int:
    """Advance the named counter inside the caller's transaction and return the new value.

    The first number creates the row in a savepoint: on PostgreSQL a second counter taking the
    first number at the same moment waits on the uncommitted row, fails its insert on
    uq_sequence_key, and must then count on the row the other made instead of failing its
    check-in (as numbering.next_number does)."""
    for _ in range(3):
        if session.get_bind().dialect.update_returning:  # one statement instead of two, in every check-in
            value = direct.run(session, _STEP_RETURNING, {"counter": key}).scalar()
        elif rowcount(direct.run(session, _STEP, {"counter": key})):
            value = session.scalar(select(Sequence.value).where(Sequence.key == key))
        else:
            value = None
        if value is not None:
            return value
        try:
            with session.begin_nested():
                session.add(Sequence(key=key, value=1))
            return 1
        except IntegrityError:
            continue  # another counter made the row first: count on it
    raise RuntimeError(f"counter {key!r} could be neither advanced nor created")


def format_code(shelf: str, layer: int, number: int) -> str:
    return f"{shelf}-{layer}-{number:04d}"


def tail(number: int) -> int:
    return (number - 1) % MODULUS + 1


def code_in_use(session: Session, code: str, left_since: dt.datetime | None = None) -> bool:
    """A parcel in the station holds the code, or (with left_since) one that left after it."""
    if left_since is None:
        return direct.run(session, _HELD, {"code": code}).first() is not None
    return direct.run(session, _HELD_OR_RESTING, {"code": code, "since": left_since}).first() is not None


def allocate(session: Session, shelf: str, layer: int, at: dt.datetime) -> str:
    """A fresh code for this place; the counter moves past codes still in use or resting."""
    days = rest_days(st.get(session, CODE_REST_DAYS))
    rested = at - dt.timedelta(days=days) if days else None
    # A layer never holds MODULUS parcels (capacity <= 999), so a free tail is always near. Only
    # a layer given more than 9,999 parcels within the rest period has no rested code left: then
    # the counter's next free code is given rather than refusing the check-in.
    for left_since in (rested, None) if rested else (None,):
        for _ in range(MODULUS):
            code = format_code(shelf, layer, tail(next_number(session, COUNTER_KEY)))
            if not code_in_use(session, code, left_since):
                return code
    raise DomainError(tr_noop("errors", "No free pickup code is left for layer {slot}."),
                      slot=f"{shelf}-{layer}")
