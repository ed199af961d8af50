"""Printed jobs go after DOCUMENT_DAYS (at shift close); jobs not printed stay; what the printed
job showed can still be printed again from the records it was made from."""

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select, update

from pos.db import print_jobs
from pos.db.models import PrintJob
from pos.domain.carriers import load_rules
from pos.domain.receipt import Document
from pos.domain.station import StationDetails
from pos.services.clock import ManualClock
from pos.services.hardware import print_retention
from pos.services.parcels import checkin
from pos.services.parcels.labels import LabelWording
from pos.services.shifts import drawer as shifts
from pos.services.station import setup as station

NOW = dt.datetime(2026, 11, 20, 3, 30, tzinfo=dt.timezone.utc)
DAY = dt.timedelta(days=1)


@pytest.fixture
def clock():
    return ManualClock(NOW)


@pytest.fixture
def owner(database):
    return station.set_up_station(database, StationDetails("清水村服务站"), "王小明", "1234")


def job(db, status: str, printed_days_ago: float | None, kind: str = "receipt") -> uuid.UUID:
    with db.unit_of_work() as s:
        jid = print_jobs.enqueue(s, Document().text("小票"), kind, "R20261101-0001")
        printed = NOW - dt.timedelta(days=printed_days_ago) if printed_days_ago is not None else None
        s.execute(update(PrintJob).where(PrintJob.id == jid).values(status=status, printed_at=printed))
    return jid


def ids(db) -> set[uuid.UUID]:
    with db.reader() as s:
        return set(s.scalars(select(PrintJob.id)))


def test_printed_jobs_past_the_keeping_time_go_and_every_other_stays(any_database, clock):
    db = any_database
    old = job(db, "printed", print_retention.DOCUMENT_DAYS + 1)
    recent = job(db, "printed", print_retention.DOCUMENT_DAYS - 1)
    # not printed: the partner still decides about them, however old
    waiting = {job(db, status, None) for status in ("pending", "uncertain", "failed")}
    with db.unit_of_work() as s:
        s.execute(update(PrintJob).where(PrintJob.id.in_(waiting)).values(created_at=NOW - 400 * DAY))

    assert print_retention.prune_printed(db, clock) == 1
    assert ids(db) == {recent} | waiting
    assert old not in ids(db)
    assert print_retention.prune_printed(db, clock) == 0


def test_a_batch_at_a_time_oldest_first(database, clock):
    jobs = [job(database, "printed", 100 - i) for i in range(5)]
    assert print_retention.prune_printed(database, clock, batch=2) == 2
    assert ids(database) == set(jobs[2:])
    assert print_retention.oldest_printed(database) == NOW - 98 * DAY


def test_closing_the_shift_prunes(database, owner, clock):
    old = job(database, "printed", 45)
    shifts.open_shift(database, owner, clock, 20000)
    clock.at = NOW + dt.timedelta(hours=10)
    shifts.close_shift(database, owner, clock, {10000: 2})
    assert old not in ids(database)
    with database.reader() as s:
        # the close itself printed nothing here; the only jobs left would be recent ones
        assert s.scalar(select(func.count()).select_from(PrintJob)) == 0


def test_a_label_whose_job_is_gone_is_printed_again_from_the_parcel(database, owner, clock):
    rules, wording = load_rules(), LabelWording()
    done = checkin.check_in(database, owner, clock, rules, waybill="73100118865046", carrier="ZTO",
                            recipient=checkin.Recipient("13812345678"), label=wording)
    with database.unit_of_work() as s:
        original = s.get(PrintJob, done.label_job).document
        s.execute(update(PrintJob).where(PrintJob.id == done.label_job).values(
            status="printed", printed_at=NOW))
    clock.at = NOW + (print_retention.DOCUMENT_DAYS + 1) * DAY
    assert print_retention.prune_printed(database, clock) == 1
    assert done.label_job not in ids(database)

    again = checkin.print_label(database, owner, clock, rules, done.parcel.id, wording)
    # the same label: built from the stored parcel, as at check-in
    assert again.label.to_json() == original


def test_the_days_print_counts_the_county_is_sent_stay_the_same(database, clock):
    from pos.sync.records import all_keys, counts

    day = (NOW - 40 * DAY).astimezone().date()
    for kind in ("receipt", "receipt", "shelf_label"):
        jid = job(database, "printed", 40, kind)
        with database.unit_of_work() as s:
            s.execute(update(PrintJob).where(PrintJob.id == jid).values(created_at=NOW - 40 * DAY))
    with database.reader() as s:
        before = counts(s, day.isoformat())
    assert before["prints"] == {"receipt": 2, "shelf_label": 1}

    assert print_retention.prune_printed(database, clock) == 3
    with database.reader() as s:
        assert counts(s, day.isoformat()) == before
        assert ("counts", day.isoformat()) in all_keys(s)  # a resync still sends the day

