"""Cash-drawer shifts (交班): open with a float, cash in and out, X report, close with a count.

One drawer per counter (pos.services.station.counters), so at most one shift is open per counter.
A shift's money is every Payment stamped with its id (``shift_for_tender`` names the shift, the
unit of work stamps it, see pos.db.unit_of_work); payments from before counters carry no shift and
count by time, ``opened_at <= at < closed_at``. The Z figures are computed in the same transaction
that closes the shift, so what is printed is what was stored. Which counter is asking comes with
the session (``session.info["counter_id"]``, set by the Database of this PC); a session without
one (a station from before counters, the command line) sees the station's one drawer as before.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pos.db.models import AuditEntry, Counter, Parcel, Payment, Sequence, ServicePayment, Shift
from pos.db.unit_of_work import TENDER_SHIFT_KEY, session_counter
from pos.domain import cash
from pos.domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.money import Money
from pos.domain.shift_documents import CashMove, ServiceTotal, ShiftReport
from pos.domain.users import Operator
from pos.services import audit
from pos.services.hardware import print_retention
from pos.services import settings as st
from pos.services.clock import Clock
from pos.services.local_days import local_day
from pos.services.shifts.settings import VARIANCE_OWNER_LIMIT, variance_limit_or_default
from pos.services.shifts import tenders

SHIFT_OPENED = "shift.opened"
SHIFT_CLOSED = "shift.closed"
SHIFT_CASH_IN = "shift.cash_in"
SHIFT_CASH_OUT = "shift.cash_out"
SHIFT_COUNT_STARTED = "shift.count_started"  # the drawer was opened to count it

_TICK = dt.timedelta(microseconds=1)
_LOCK_KEY = "shift.lock"  # bumped first by open and close: serialises them on both backends


def _lock_key(counter: uuid.UUID | None) -> str:
    """One lock per drawer: two counters' tenders never wait for each other."""
    return _LOCK_KEY if counter is None else f"{_LOCK_KEY}:{counter}"


class NoOpenShift(DomainError):
    def __init__(self) -> None:
        super().__init__(tr_noop("errors", "No shift is open. Open a shift first (F6)."))


class ShiftAlreadyOpen(DomainError):
    def __init__(self, number: str) -> None:
        super().__init__(tr_noop("errors", "Shift {number} is still open: close it before opening another."),
                         number=number)


class OwnerApprovalNeeded(PermissionDenied):
    def __init__(self, variance_fen: int, limit_fen: int) -> None:
        self.variance_fen = variance_fen
        super().__init__(
            tr_noop("errors", "The variance {variance} is more than {limit}: the owner must close this shift "
                    "or approve the close."),
            variance=str(Money(variance_fen)), limit=str(Money(limit_fen)),
        )


@dataclass(frozen=True)
class ShiftView:
    id: uuid.UUID
    number: str
    opened_at: dt.datetime
    opened_by: str
    float_fen: int
    closed_at: dt.datetime | None
    closed_by: str
    expected_cash_fen: int | None
    counted_cash_fen: int | None
    variance_fen: int | None
    variance_reason: str
    counter_id: uuid.UUID | None = None
    counter_name: str = ""

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


def _view(s: Shift, counter_name: str = "") -> ShiftView:
    return ShiftView(s.id, s.number, s.opened_at, s.opened_by, s.float_fen, s.closed_at, s.closed_by,
                     s.expected_cash_fen, s.counted_cash_fen, s.variance_fen, s.variance_reason,
                     s.counter_id, counter_name)


# queries ------------------------------------------------------------------------------------------
_CLOCK_SKEW = dt.timedelta(minutes=10)


def _counter(session: Session, counter: uuid.UUID | None = None) -> uuid.UUID | None:
    return counter if counter is not None else session_counter(session)


def _of_counter(q, counter: uuid.UUID | None):
    return q.where(Shift.counter_id == counter) if counter is not None else q


def open_shift_row(session: Session, counter: uuid.UUID | None = None) -> Shift | None:
    """The open shift of this session's counter inside the caller's unit of work (sales check it
    in their own transaction)."""
    q = _of_counter(select(Shift).where(Shift.closed_at.is_(None)), _counter(session, counter))
    return session.scalar(q.order_by(Shift.opened_at.desc()).limit(1))


def shift_for_tender(session: Session, counter: uuid.UUID | None = None) -> Shift:
    """The shift a tender taken now belongs to, or NoOpenShift: every service that writes a
    Payment asks this first, inside its own unit of work, so no money is taken outside a shift.

    The shift is the open one of the counter that takes the money (``counter``, by default the
    session's); every Payment this unit of work then adds is stamped with it (pos.db.unit_of_work),
    so two counters' drawers are counted apart even when their tenders interleave.

    It takes the drawer's shift lock that open and close take first, so a close in progress
    finishes before the tender is written (then refused), and a close waits for the tender: none
    falls between a Z report and its shift.
    """
    counter = _counter(session, counter)
    _bump(session, _lock_key(counter))
    row = open_shift_row(session, counter)
    if row is None:
        raise NoOpenShift()
    session.info[TENDER_SHIFT_KEY] = row.id
    return row


def shift_required(session: Session) -> None:
    """A sale's shift guard (pos.services.sales.checkout): money is only taken inside an open shift."""
    shift_for_tender(session)


def current_shift(db) -> ShiftView | None:
    with db.reader() as s:
        row = open_shift_row(s)
        return _view(row) if row else None


def require_open_shift(db) -> ShiftView | None:
    """The open shift, or None: sales and purchases ask before taking money (see pos.ui.shift_prompt)."""
    return current_shift(db)


def list_shifts(db, limit: int = 50) -> list[ShiftView]:
    """Every counter's shifts, newest first, each with its counter's name."""
    with db.reader() as s:
        rows = s.execute(select(Shift, Counter.name).outerjoin(Counter, Counter.id == Shift.counter_id)
                         .order_by(Shift.opened_at.desc()).limit(limit))
        return [_view(r, name or "") for r, name in rows]


def last_closed_shift(db) -> ShiftView | None:
    """This counter's last closed shift."""
    with db.reader() as s:
        q = _of_counter(select(Shift).where(Shift.closed_at.is_not(None)), session_counter(s))
        row = s.scalar(q.order_by(Shift.closed_at.desc()).limit(1))
        return _view(row) if row else None


def _payments_of(shift: Shift, end: dt.datetime | None):
    return tenders.of_shift(shift.id, shift.opened_at, end)


def _count(session: Session, column, start: dt.datetime, end: dt.datetime | None) -> int:
    q = select(func.count()).select_from(Parcel).where(column >= start)
    if end is not None:
        q = q.where(column < end)
    return int(session.scalar(q) or 0)


def _report(session: Session, shift: Shift, until: dt.datetime, approved_by: str = "",
            end: dt.datetime | None = None) -> ShiftReport:
    """``end``: where an open shift's window stops (the close being made); None = no end yet."""
    closed = shift.closed_at is not None
    end = shift.closed_at if closed else end
    q = select(Payment.purpose, Payment.method, Payment.amount_fen, Payment.at, Payment.note, Payment.operator).where(
        _payments_of(shift, end))
    rows = session.execute(q.order_by(Payment.at)).all()
    totals = cash.summarise(cash.Movement(r.purpose, r.method, r.amount_fen) for r in rows)
    moves = tuple(CashMove(r.at, r.purpose, r.amount_fen, r.note, r.operator)
                  for r in rows if r.purpose in ("cash_in", "cash_out"))
    return ShiftReport(
        shift_id=shift.id, number=shift.number, opened_at=shift.opened_at, opened_by=shift.opened_by,
        float_fen=shift.float_fen, until=shift.closed_at or until, totals=totals,
        expected_cash_fen=totals.expected_cash(shift.float_fen),
        parcels_in=_count(session, Parcel.checked_in_at, shift.opened_at, end),
        parcels_out=_count(session, Parcel.picked_up_at, shift.opened_at, end),
        parcels_returned=_count(session, Parcel.returned_at, shift.opened_at, end),
        cash_moves=moves, closed=closed, closed_by=shift.closed_by,
        counted_cash_fen=shift.counted_cash_fen if closed else None,
        variance_fen=shift.variance_fen if closed else None,
        variance_reason=shift.variance_reason, counts=cash.counts_from_json(shift.denominations) if closed else {},
        approved_by=approved_by, services=_services(session, shift),
    )


def _services(session: Session, shift: Shift) -> tuple[ServiceTotal, ...]:
    """Services paid in this shift by kind (their money is in the totals as purpose "service")."""
    sp = ServicePayment
    rows = session.execute(select(func.max(sp.kind_name), func.count(), func.sum(sp.amount_fen), func.sum(sp.fee_fen))
                           .where(sp.shift_id == shift.id).group_by(sp.kind).order_by(sp.kind))
    return tuple(ServiceTotal(name or "", int(n), int(a or 0), int(f or 0)) for name, n, a, f in rows)


def figures_of(session: Session, shift: Shift, until: dt.datetime) -> ShiftReport:
    """A shift's report inside the caller's session (the day's Z by counter sums these)."""
    return _report(session, shift, until)


def x_report(db, clock: Clock) -> ShiftReport:
    """The open shift's figures so far; closes nothing. NoOpenShift when none is open."""
    with db.reader() as s:
        row = open_shift_row(s)
        if row is None:
            raise NoOpenShift()
        now = clock()
        # the same window a close made now would count (see close_shift)
        return _report(s, row, now, end=now + _CLOCK_SKEW)


def shift_report(db, shift_id: uuid.UUID, clock: Clock) -> ShiftReport:
    """Any shift's report: the Z report again for a closed one, an X report for the open one."""
    with db.reader() as s:
        row = s.get(Shift, shift_id)
        if row is None:
            raise NotFound(tr_noop("errors", "That shift does not exist."))
        approved = _approver_of(s, row) if row.closed_at else ""
        return _report(s, row, clock(), approved)


def _approver_of(session: Session, shift: Shift) -> str:
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == SHIFT_CLOSED,
                                                    AuditEntry.details.contains(shift.number)).limit(1))
    try:
        return str(json.loads(entry.details).get("approved_by", "")) if entry else ""
    except ValueError:
        return ""


# changes ------------------------------------------------------------------------------------------
def _bump(session: Session, key: str) -> int:
    """Advance a counter; its row lock (PostgreSQL) or the write lock (SQLite) is held until the
    unit of work ends, so two terminals opening a shift at once take turns."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    # the very first use of a key races too: create the row without failing when another did
    session.execute(insert(Sequence).values(key=key, value=0).on_conflict_do_nothing(index_elements=["key"]))
    session.execute(update(Sequence).where(Sequence.key == key).values(value=Sequence.value + 1))
    return session.execute(select(Sequence.value).where(Sequence.key == key)).scalar_one()


def open_shift(db, operator: Operator, clock: Clock, float_fen: int) -> ShiftView:
    cash.check_float(float_fen)
    now = clock()
    with db.unit_of_work() as s:
        counter = session_counter(s)
        _bump(s, _lock_key(counter))
        existing = open_shift_row(s)
        if existing is not None:
            raise ShiftAlreadyOpen(existing.number)
        last_close = s.scalar(_of_counter(select(func.max(Shift.closed_at)), counter))
        now = max(now, last_close) if last_close else now  # one drawer's shifts never overlap
        day = local_day(now)
        n = _bump(s, f"shift:{day:%Y%m%d}")
        row = Shift(number=f"S{day:%Y%m%d}-{n:02d}", opened_at=now, opened_by=operator.name, float_fen=float_fen,
                    counter_id=counter)
        s.add(row)
        s.flush()
        audit.record(s, operator, SHIFT_OPENED, {"shift": row.number, "float": Money(float_fen).yuan_text()}, at=now)
        return _view(row)


def _cash_move(db, operator: Operator, clock: Clock, purpose: str, amount_fen: int, reason: str) -> CashMove:
    cash.check_movement(amount_fen)
    reason = cash.clean_reason(reason)
    now = clock()
    with db.unit_of_work() as s:
        row = open_shift_row(s)
        if row is None:
            raise NoOpenShift()
        signed = amount_fen if purpose == "cash_in" else -amount_fen
        if purpose == "cash_out":
            in_drawer = _report(s, row, now).expected_cash_fen
            if amount_fen > in_drawer:
                raise ValidationError(
                    tr_noop("errors", "The drawer should hold only {expected}: you cannot take out {amount}."),
                    field="amount", expected=str(Money(in_drawer)), amount=str(Money(amount_fen)),
                )
        s.add(Payment(at=now, purpose=purpose, method="cash", amount_fen=signed, operator=operator.name, note=reason,
                      shift_id=row.id))
        audit.record(s, operator, SHIFT_CASH_IN if purpose == "cash_in" else SHIFT_CASH_OUT,
                     {"shift": row.number, "amount": Money(amount_fen).yuan_text(), "reason": reason}, at=now)
        return CashMove(now, purpose, signed, reason, operator.name)


def cash_in(db, operator: Operator, clock: Clock, amount_fen: int, reason: str) -> CashMove:
    """Money put into the drawer that is not a payment (change from the bank, a float top-up)."""
    return _cash_move(db, operator, clock, "cash_in", amount_fen, reason)


def cash_out(db, operator: Operator, clock: Clock, amount_fen: int, reason: str) -> CashMove:
    """Money taken from the drawer that is not a refund (banking it, paying a courier)."""
    return _cash_move(db, operator, clock, "cash_out", amount_fen, reason)


def record_count_started(db, operator: Operator, clock: Clock) -> str:
    """Log that the drawer is opened for the closing count (before the pulse is queued)."""
    now = clock()
    with db.unit_of_work() as s:
        row = open_shift_row(s)
        if row is None:
            raise NoOpenShift()
        audit.record(s, operator, SHIFT_COUNT_STARTED, {"shift": row.number}, at=now)
        return row.number


def close_shift(db, operator: Operator, clock: Clock, counts: dict[int, int], reason: str = "",
                approved_by: Operator | None = None, expected_seen_fen: int | None = None) -> ShiftReport:
    """Close the open shift with the drawer count; returns the Z report's figures.

    A variance needs a reason; one above the owner limit needs the owner (logged in, or
    ``approved_by``). ``expected_seen_fen``: what the closing screen showed; if money moved since,
    the close is refused so nobody explains a variance against a stale figure.
    """
    counts = cash.check_counts(counts)
    counted = cash.counted_total(counts)
    now = clock()
    with db.unit_of_work() as s:
        _bump(s, _lock_key(session_counter(s)))
        row = open_shift_row(s)
        if row is None:
            raise NoOpenShift()
        # a payment stamped at (or, from a skewed clock, a little after) this instant still belongs
        # here; one stamped much later belongs to a later shift (back-dated closes, the demo week)
        last = s.scalar(select(func.max(Payment.at)).where(
            _payments_of(row, None), Payment.at <= now + _CLOCK_SKEW))
        closed_at = max(now, row.opened_at, last + _TICK if last else now)
        figures = _report(s, row, closed_at, end=closed_at)
        expected = figures.expected_cash_fen
        if expected_seen_fen is not None and expected_seen_fen != expected:
            raise ValidationError(
                tr_noop("errors", "Money moved while you counted: the drawer should now hold {expected}. "
                        "Please check the count."),
                field="counts", expected=str(Money(expected)),
            )
        var = cash.variance(expected, counted)
        why = cash.clean_reason(reason, required=cash.needs_reason(var))
        limit = variance_limit_or_default(st.get(s, VARIANCE_OWNER_LIMIT))
        approver = ""
        if cash.needs_owner(var, limit):
            owner = operator if operator.is_owner else approved_by
            if owner is None or not owner.is_owner:
                raise OwnerApprovalNeeded(var, limit)
            approver = owner.name if owner is not operator else ""
        done = s.execute(
            update(Shift).where(Shift.id == row.id, Shift.closed_at.is_(None)).values(
                closed_at=closed_at, closed_by=operator.name, expected_cash_fen=expected, counted_cash_fen=counted,
                variance_fen=var, variance_reason=why, denominations=cash.counts_to_json(counts), updated_at=now,
            ).execution_options(synchronize_session=False)
        )
        if done.rowcount != 1:
            raise NoOpenShift()
        audit.record(s, operator, SHIFT_CLOSED, {
            "shift": row.number, "expected": Money(expected).yuan_text(), "counted": Money(counted).yuan_text(),
            "variance": Money(var).yuan_text(), "reason": why, "approved_by": approver,
        }, at=now)
        s.expire(row)
        row = s.get(Shift, row.id)
        report = _report(s, row, closed_at, approver)
    # once a day, after the close is safely stored: printed jobs past their keeping time go
    print_retention.prune_printed(db, clock)
    return report
