"""The SMS send queue: notices queued at check-in (or by hand), sent once through the modem,
rate-limited, retried with back-off only when the modem says it may pass, failed with the modem's
reason on the notice, never resent after a crash; villagers who asked for no SMS are skipped.
With the FakeModem and with the AT fake modem on a pty (the PDU decoded by smspdudecoder)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from sqlalchemy import select

from pos.db import sms_messages
from pos.db.models import Notice, ParcelEvent, SmsMessage, Villager
from pos.devices.modem import FakeModem, SerialModem
from pos.devices.sms_queue import SmsQueueWorker
from pos.domain import modem_status as ms
from pos.domain.devices.scale_spec import SerialLine
from pos.domain.errors import ValidationError
from pos.domain.modem_status import ModemStatus
from pos.services import settings as st
from pos.services.hardware.device_settings import MODEM_SPEC, SMS_AUTO
from pos.services.parcels import checkin, notices, sms_notices
from pos.services.parcels.checkin import Recipient
from tests.parcels_checkin.conftest import YTO, ZTO, add_villager

PHONE = "13800138000"


def set_modem(db, spec="fake", auto=True):
    with db.unit_of_work() as s:
        st.put(s, MODEM_SPEC, spec)
        st.put(s, SMS_AUTO, auto)


def check_in(db, op, clock, rules, waybill=ZTO, phone=PHONE, name="张三", villager_id=None):
    return checkin.check_in(db, op, clock, rules, waybill=waybill, carrier="ZTO" if waybill == ZTO else "YTO",
                            recipient=Recipient(phone, name, villager_id))


def messages(db):
    with db.reader() as s:
        return sms_messages.list_messages(s)


def notice(db, notice_id):
    with db.reader() as s:
        n = s.get(Notice, notice_id)
        return n.status, n.error, n.sent_at


class Now:
    """The queue's clock for back-off: moved by hand."""

    def __init__(self):
        self.at = dt.datetime(2026, 11, 20, 3, 30, tzinfo=dt.timezone.utc)

    def __call__(self):
        return self.at


@pytest.fixture
def modem(qapp):
    m = FakeModem()
    m.start()
    return m


@pytest.fixture
def worker_for(database, clock):
    made = []

    def make(modem, now=None, interval_s=0.0):
        w = SmsQueueWorker(database, modem, sms_notices.recorder(database, clock), interval_s=interval_s,
                           poll_s=0.05, now=now or (lambda: clock()))
        made.append(w)
        return w

    yield make
    for w in made:
        w.stop()


def test_no_modem_no_sms(database, op, clock, rules):
    check_in(database, op, clock, rules)
    assert messages(database) == []


def test_by_hand_setting_queues_nothing_at_check_in(database, op, clock, rules):
    set_modem(database, auto=False)
    result = check_in(database, op, clock, rules)
    assert messages(database) == []
    done = sms_notices.queue_by_hand(database, op, [result.notice_id])
    assert (done.queued, done.opted_out, done.no_phone) == (1, 0, 0)
    [m] = messages(database)
    assert (m.notice_id, m.phone, m.text, m.status) == (result.notice_id, PHONE, result.notice_text, "pending")


def test_by_hand_without_a_modem_is_refused(database, op, clock, rules):
    result = check_in(database, op, clock, rules)
    with pytest.raises(ValidationError):
        sms_notices.queue_by_hand(database, op, [result.notice_id])


def test_check_in_queues_one_message_per_notice_with_the_latest_text(database, op, clock, rules):
    set_modem(database)
    check_in(database, op, clock, rules, ZTO)
    second = check_in(database, op, clock, rules, YTO)
    [m] = messages(database)
    assert m.text == second.notice_text and "、" in m.text  # both parcels in one message


def test_sent_once_and_the_notice_is_marked_sent(qtbot, database, op, clock, rules, modem, worker_for):
    set_modem(database)
    result = check_in(database, op, clock, rules)
    worker = worker_for(modem)
    worker.start()
    qtbot.waitUntil(lambda: messages(database)[0].status == "sent", timeout=5000)
    qtbot.waitUntil(lambda: notice(database, result.notice_id)[0] == "sent", timeout=3000)
    worker.wake()
    qtbot.wait(200)
    assert modem.sent == [(PHONE, result.notice_text)]
    m = messages(database)[0]
    assert m.attempts == 1 and m.refs == "10"
    status, error, sent_at = notice(database, result.notice_id)
    assert (status, error) == ("sent", "") and sent_at is not None
    with database.reader() as s:
        kinds = s.scalars(select(ParcelEvent.kind).where(ParcelEvent.parcel_id == result.parcel.id)).all()
    assert "notice_sent" in kinds


def test_opted_out_villagers_are_skipped(database, op, clock, rules):
    set_modem(database)
    vid = add_villager(database, "李四", PHONE)
    with database.unit_of_work() as s:
        s.get(Villager, vid).no_sms = True
    result = check_in(database, op, clock, rules, villager_id=vid)
    assert messages(database) == []
    done = sms_notices.queue_by_hand(database, op, [result.notice_id])
    assert (done.queued, done.opted_out) == (0, 1)


def test_a_masked_phone_gets_no_sms(database, op, clock, rules):
    set_modem(database)
    result = check_in(database, op, clock, rules, phone="138****8000")
    assert messages(database) == []
    assert sms_notices.queue_by_hand(database, op, [result.notice_id]).no_phone == 1


def test_refused_for_good_stores_the_modem_reason_on_the_notice(qtbot, database, op, clock, rules, modem,
                                                                 worker_for):
    set_modem(database)
    result = check_in(database, op, clock, rules)
    modem.fail_with = ms.cms_error(28)  # not a valid number: no retry
    worker = worker_for(modem)
    worker.start()
    qtbot.waitUntil(lambda: messages(database)[0].status == "failed", timeout=5000)
    m = messages(database)[0]
    assert "network code 28" in m.reason and m.attempts == 1
    qtbot.waitUntil(lambda: notice(database, result.notice_id)[0] == "failed", timeout=3000)
    assert "network code 28" in notice(database, result.notice_id)[1]
    qtbot.wait(200)
    assert worker.sends == 1


def test_a_passing_refusal_backs_off_then_sends(qtbot, database, op, clock, rules, modem, worker_for):
    set_modem(database)
    result = check_in(database, op, clock, rules)
    now = Now()
    modem.fail_with = ms.cms_error(331)  # no network: worth another try
    worker = worker_for(modem, now=now)
    worker.start()
    qtbot.waitUntil(lambda: messages(database)[0].attempts == 1 and messages(database)[0].status == "pending",
                    timeout=5000)
    m = messages(database)[0]
    assert m.next_attempt_at == now.at + dt.timedelta(seconds=sms_messages.BACKOFF_S[0])
    assert "CMS 331" in m.reason
    assert notice(database, result.notice_id)[0] == "pending"  # not failed while it is retried
    qtbot.wait(300)
    assert worker.sends == 1  # waits for its time
    modem.fail_with = None
    now.at += dt.timedelta(seconds=sms_messages.BACKOFF_S[0] + 1)
    worker.wake()
    qtbot.waitUntil(lambda: messages(database)[0].status == "sent", timeout=5000)
    assert messages(database)[0].attempts == 2 and modem.sent == [(PHONE, result.notice_text)]
    qtbot.waitUntil(lambda: notice(database, result.notice_id)[0] == "sent", timeout=3000)


def test_retries_run_out_into_failed(database):
    now = dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc)
    with database.unit_of_work() as s:
        mid = sms_messages.enqueue(s, None, PHONE, "x")
    for attempt in range(1, sms_messages.MAX_ATTEMPTS + 1):
        with database.unit_of_work() as s:
            s.get(SmsMessage, mid).next_attempt_at = None
            assert sms_messages.claim(s, mid)
            again = sms_messages.mark_retry(s, mid, "no network", now)
        assert again == (attempt < sms_messages.MAX_ATTEMPTS)
    with database.reader() as s:
        assert s.get(SmsMessage, mid).status == "failed"


def test_rate_limited(qtbot, database, op, clock, rules, modem, worker_for):
    set_modem(database)
    check_in(database, op, clock, rules, ZTO, phone="13800138000")
    check_in(database, op, clock, rules, YTO, phone="13900139000", name="王五")
    worker = worker_for(modem, interval_s=1.0)
    worker.start()
    qtbot.waitUntil(lambda: len(modem.sent) == 1, timeout=3000)
    qtbot.wait(500)
    assert len(modem.sent) == 1  # the second waits its turn
    qtbot.waitUntil(lambda: len(modem.sent) == 2, timeout=3000)


def test_nothing_is_claimed_while_the_modem_has_no_sim(qtbot, database, op, clock, rules, modem, worker_for):
    set_modem(database)
    check_in(database, op, clock, rules)
    modem.set_status(ModemStatus(True, ms.SIM_MISSING))
    worker = worker_for(modem)
    worker.start()
    qtbot.wait(300)
    assert messages(database)[0].attempts == 0 and worker.sends == 0
    modem.set_status(ModemStatus(True, ms.SIM_READY, 3, -80, ms.REG_HOME))
    worker.wake()
    qtbot.waitUntil(lambda: messages(database)[0].status == "sent", timeout=5000)


def test_a_message_sending_at_a_crash_is_uncertain_and_not_resent(qtbot, database, op, clock, rules, modem,
                                                                   worker_for):
    set_modem(database)
    check_in(database, op, clock, rules)
    with database.unit_of_work() as s:
        mid = sms_messages.next_due(s, clock()).id
        assert sms_messages.claim(s, mid)  # the app died here, the modem may have sent it
    worker = worker_for(modem)
    worker.start()
    qtbot.wait(300)
    m = messages(database)[0]
    assert m.status == "uncertain" and modem.sent == [] and worker.sends == 0
    status, error, _ = notice(database, m.notice_id)
    assert status == "failed" and "ask the villager" in error  # the partner sees it
    with database.unit_of_work() as s:
        assert sms_messages.retry(s, mid)  # the partner asked the villager: not received
    worker.wake()
    qtbot.waitUntil(lambda: messages(database)[0].status == "sent", timeout=5000)
    assert len(modem.sent) == 1


def test_restart_sends_what_was_waiting(qtbot, database, op, clock, rules, modem, worker_for):
    set_modem(database)
    check_in(database, op, clock, rules)
    first = worker_for(FakeModem())  # never started: not connected, sends nothing
    first.start()
    qtbot.wait(200)
    first.stop()
    assert messages(database)[0].status == "pending"
    worker_for(modem).start()
    qtbot.waitUntil(lambda: messages(database)[0].status == "sent", timeout=5000)
    assert len(modem.sent) == 1


def test_undone_check_in_withdraws_its_message(database, op, clock, rules):
    set_modem(database)
    result = check_in(database, op, clock, rules)
    checkin.undo(database, op, clock, rules, result.parcel.id)
    [m] = messages(database)
    assert m.status == "failed" and m.notice_id is None
    with database.reader() as s:
        assert s.get(Notice, result.notice_id) is None


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs POSIX ptys")
def test_through_the_at_modem_on_a_pty(qtbot, tmp_path, database, op, clock, rules, worker_for):
    from smspdudecoder.easy import read_outgoing_sms

    from tests.devices.fake_modem import PtyModem

    set_modem(database)
    result = check_in(database, op, clock, rules)
    fake = PtyModem(str(tmp_path / "ttyUSB2"))
    modem = SerialModem(SerialLine(fake.path, 115200), poll_s=0.2)
    modem.start()
    try:
        qtbot.waitUntil(lambda: modem.status.can_send, timeout=5000)
        worker = worker_for(modem)
        worker.start()
        qtbot.waitUntil(lambda: messages(database)[0].status == "sent", timeout=10000)
        assert read_outgoing_sms(fake.pdus[0]) == {"recipient": "+86" + PHONE, "content": result.notice_text}
        qtbot.waitUntil(lambda: notices.status_counts(database)["sent"] == 1, timeout=3000)
    finally:
        modem.stop()
        fake.stop()
