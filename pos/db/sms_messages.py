"""The SMS queue's storage: enqueue, list, and the worker's state changes.

As in pos.db.print_jobs, every transition is a conditional UPDATE on the current status, and
"sending" is committed before the modem is asked, so a message never goes out twice: one left
"sending" by a crash becomes "uncertain" and waits for the partner.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pos.db.keys import new_key
from pos.db.models import SmsMessage
from pos.db.rowcount import rowcount
from pos.db.types import utcnow
from pos.domain.i18n import tr_noop

# a modem that is unplugged or has no signal for a while: tried again less and less often
BACKOFF_S = (30, 60, 120, 300, 600, 1800)
MAX_ATTEMPTS = 8  # then failed: about three hours of trying


@dataclass(frozen=True)
class SmsView:
    id: uuid.UUID
    notice_id: uuid.UUID | None
    phone: str
    text: str
    status: str
    attempts: int
    reason: str
    refs: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
    next_attempt_at: dt.datetime | None


def _view(m: SmsMessage) -> SmsView:
    return SmsView(m.id, m.notice_id, m.phone, m.text, m.status, m.attempts, m.reason, m.refs,
                   m.created_at, m.sent_at, m.next_attempt_at)


def enqueue(session: Session, notice_id: uuid.UUID | None, phone: str, text: str) -> uuid.UUID:
    """A message for ``notice_id``; one still waiting for the same notice takes the new text
    instead (a second parcel the same day), so the villager gets one message, not two."""
    if notice_id is not None:
        waiting = session.scalars(select(SmsMessage).where(
            SmsMessage.notice_id == notice_id, SmsMessage.status == "pending")).first()
        if waiting is not None:
            waiting.phone, waiting.text = phone, text
            session.flush()
            return waiting.id
    msg = SmsMessage(id=new_key(), notice_id=notice_id, phone=phone, text=text, status="pending",
                     attempts=0, reason="", refs="")
    session.add(msg)
    session.flush()
    return msg.id


def cancel_waiting(session: Session, notice_id: uuid.UUID) -> int:
    """The notice went away (an undone check-in): its unsent message is not sent."""
    res = session.execute(
        update(SmsMessage).where(SmsMessage.notice_id == notice_id, SmsMessage.status == "pending")
        .values(status="failed", reason=tr_noop("errors", "Cancelled: the notice was withdrawn"),
                updated_at=utcnow()))
    return rowcount(res)


def for_notice(session: Session, notice_id: uuid.UUID) -> list[SmsView]:
    rows = session.scalars(select(SmsMessage).where(SmsMessage.notice_id == notice_id)
                           .order_by(SmsMessage.created_at))
    return [_view(m) for m in rows]


def list_messages(session: Session, limit: int = 200) -> list[SmsView]:
    rows = session.scalars(select(SmsMessage).order_by(SmsMessage.created_at.desc()).limit(limit))
    return [_view(m) for m in rows]


def counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(SmsMessage.status, func.count()).group_by(SmsMessage.status))
    return {status: n for status, n in rows}


def retry(session: Session, msg_id: uuid.UUID) -> bool:
    """Send now: for an "uncertain" message the partner says the villager did not get it."""
    res = session.execute(
        update(SmsMessage)
        .where(SmsMessage.id == msg_id, SmsMessage.status.in_(("pending", "uncertain", "failed")))
        .values(status="pending", next_attempt_at=None, attempts=0, updated_at=utcnow()))
    return rowcount(res) == 1


# the worker's side --------------------------------------------------------------------------
def recover_after_crash(session: Session) -> list[tuple[uuid.UUID | None, str]]:
    """Messages left "sending" by a previous run may have reached the villager: "uncertain",
    never resent on our own. Returns their notices and the reason, for the notices to show."""
    reason = tr_noop("errors", "The app stopped while this SMS was being sent; ask the villager")
    rows = session.scalars(select(SmsMessage).where(SmsMessage.status == "sending")).all()
    for m in rows:
        m.status, m.reason, m.updated_at = "uncertain", reason, utcnow()
    session.flush()
    return [(m.notice_id, reason) for m in rows]


def next_due(session: Session, now: dt.datetime) -> SmsMessage | None:
    q = (select(SmsMessage).where(SmsMessage.status == "pending")
         .where((SmsMessage.next_attempt_at.is_(None)) | (SmsMessage.next_attempt_at <= now))
         .order_by(SmsMessage.created_at, SmsMessage.id).limit(1))
    return session.scalars(q).first()


def next_wakeup(session: Session) -> dt.datetime | None:
    q = select(SmsMessage.next_attempt_at).where(SmsMessage.status == "pending").order_by(
        SmsMessage.next_attempt_at.is_not(None), SmsMessage.next_attempt_at)
    return session.scalars(q.limit(1)).first()


def claim(session: Session, msg_id: uuid.UUID) -> bool:
    now = utcnow()
    res = session.execute(
        update(SmsMessage).where(SmsMessage.id == msg_id, SmsMessage.status == "pending")
        .values(status="sending", attempts=SmsMessage.attempts + 1, updated_at=now))
    return rowcount(res) == 1


def mark_sent(session: Session, msg_id: uuid.UUID, refs: list[int], now: dt.datetime) -> bool:
    res = session.execute(
        update(SmsMessage).where(SmsMessage.id == msg_id, SmsMessage.status == "sending")
        .values(status="sent", sent_at=now, reason="", refs=",".join(str(r) for r in refs)[:100],
                updated_at=now))
    return rowcount(res) == 1


def mark_retry(session: Session, msg_id: uuid.UUID, reason: str, now: dt.datetime) -> bool:
    """sending -> pending after a refusal that may pass (no network, modem busy); failed once the
    attempts run out. True when it will be tried again."""
    msg = session.get(SmsMessage, msg_id)
    if msg is None or msg.status != "sending":
        return False
    if msg.attempts >= MAX_ATTEMPTS:
        mark_failed(session, msg_id, reason, now)
        return False
    delay = BACKOFF_S[min(max(msg.attempts - 1, 0), len(BACKOFF_S) - 1)]
    msg.status, msg.reason, msg.updated_at = "pending", reason[:500], now
    msg.next_attempt_at = now + dt.timedelta(seconds=delay)
    session.flush()
    return True


def mark_failed(session: Session, msg_id: uuid.UUID, reason: str, now: dt.datetime) -> bool:
    res = session.execute(
        update(SmsMessage).where(SmsMessage.id == msg_id, SmsMessage.status.in_(("pending", "sending")))
        .values(status="failed", reason=reason[:500], updated_at=now))
    return rowcount(res) == 1
