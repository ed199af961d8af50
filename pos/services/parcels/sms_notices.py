"""Parcel notices sent as SMS through the station's own modem (pos.devices.sms_queue sends them).

With a modem set up and sending set to automatic (Settings › devices), a check-in queues its
notice's message in the check-in's own transaction; set to by hand, the partner picks notices
and chooses "send by SMS". Villagers who asked for no SMS (the register's flag) and notices
without a whole phone number are skipped. The wording is the notice template
(pos.services.parcels.settings.NOTICE_TEMPLATE): the message is the notice's text.

The queue's worker reports each message's end through ``recorder``, which marks the notice sent
or failed with the modem's reason, as the partner's buttons do.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pos.db import sms_messages
from pos.db.models import Notice, NoticeParcel, ParcelEvent, SmsMessage, Villager
from pos.db.unit_of_work import Database
from pos.domain.errors import PermissionDenied, ValidationError
from pos.domain.i18n import tr_noop
from pos.domain.users import Operator
from pos.services import settings as st
from pos.services.clock import Clock
from pos.services.hardware.device_settings import MODEM_SPEC, SMS_AUTO

SENDER = "sms"  # the name on a notice's events when the modem, not a person, settled it


@dataclass(frozen=True)
class Queued:
    queued: int
    opted_out: int  # villagers who asked for no SMS
    no_phone: int  # only a masked number


def modem_set_up(session: Session) -> bool:
    spec = st.get(session, MODEM_SPEC)
    return isinstance(spec, str) and bool(spec.strip())


def sends_automatically(session: Session) -> bool:
    return modem_set_up(session) and st.get(session, SMS_AUTO) is not False


def _opted_out(session: Session, notice: Notice) -> bool:
    if notice.villager_id is None:
        return False
    return bool(session.scalar(select(Villager.no_sms).where(Villager.id == notice.villager_id)))


def queue_notice(session: Session, notice: Notice) -> str:
    """The notice's message into the queue (or the new text into its waiting message):
    "queued", "opted_out" or "no_phone"."""
    if not notice.phone:
        return "no_phone"
    if _opted_out(session, notice):
        return "opted_out"
    sms_messages.enqueue(session, notice.id, notice.phone, notice.text)
    return "queued"


def after_checkin(session: Session, notice: Notice) -> bool:
    """Inside the check-in: queue the notice's SMS when the station sends them by itself."""
    return sends_automatically(session) and queue_notice(session, notice) == "queued"


def notice_rewritten(session: Session, notice: Notice, gone: bool) -> None:
    """An undone check-in changed the notice: a message not yet sent takes the new text, or is
    withdrawn with its notice (which may then be deleted: the link is cleared)."""
    if gone:
        sms_messages.cancel_waiting(session, notice.id)
        session.execute(update(SmsMessage).where(SmsMessage.notice_id == notice.id).values(notice_id=None))
        return
    session.execute(update(SmsMessage).where(SmsMessage.notice_id == notice.id, SmsMessage.status == "pending")
                    .values(text=notice.text))


def queue_by_hand(db: Database, operator: Operator | None, ids: Iterable[uuid.UUID]) -> Queued:
    """The partner's "send by SMS" on chosen notices."""
    if operator is None:
        raise PermissionDenied(tr_noop("errors", "Log in first."))
    ids = list(ids)
    counts = {"queued": 0, "opted_out": 0, "no_phone": 0}
    with db.unit_of_work() as s:
        if not modem_set_up(s):
            raise ValidationError(tr_noop("errors", "No SMS modem is set up: choose it in Settings › "
                                                    "Scale, SMS modem and speech first."), field="modem")
        for notice in s.scalars(select(Notice).where(Notice.id.in_(ids))).all():
            counts[queue_notice(s, notice)] += 1
    return Queued(counts["queued"], counts["opted_out"], counts["no_phone"])


def record_outcome(db: Database, clock: Clock, notice_id: uuid.UUID | None, sent: bool, reason: str) -> None:
    """The queue's word on one message: the notice is sent, or failed with the modem's reason."""
    if notice_id is None:
        return
    now = clock()
    with db.unit_of_work() as s:
        notice = s.get(Notice, notice_id)
        if notice is None:
            return
        status = "sent" if sent else "failed"
        notice.status, notice.sent_at = status, (now if sent else None)
        notice.error = "" if sent else (reason or "")[:300]
        details = json.dumps({"notice": str(notice.id), "by": "sms", **({"error": reason} if reason else {})},
                             ensure_ascii=False)
        for pid in s.scalars(select(NoticeParcel.parcel_id).where(NoticeParcel.notice_id == notice.id)).all():
            s.add(ParcelEvent(parcel_id=pid, at=now, kind=f"notice_{status}", operator=SENDER, details=details))


def recorder(db: Database, clock: Clock) -> Callable[[uuid.UUID | None, bool, str], None]:
    """What pos.app hands the device hub for the SMS queue's outcomes."""
    return lambda notice_id, sent, reason: record_outcome(db, clock, notice_id, sent, reason)


def latest_for(db: Database, notice_id: uuid.UUID) -> sms_messages.SmsView | None:
    with db.reader() as s:
        found = sms_messages.for_notice(s, notice_id)
    return found[-1] if found else None
