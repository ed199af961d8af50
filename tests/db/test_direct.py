"""Statements and new rows past the ORM (pos.db.direct): what a read there sees, what an INSERT
there leaves on the object and in the outbox, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from pos.db import direct, outbox
from pos.db.models import OutboxEntry, Parcel, ParcelEvent, PrintJob
from tests.sync.test_outbox import link, rows

T = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.timezone.utc)
COUNT = select(func.count()).select_from(Parcel)


def test_an_insert_stores_the_row_and_leaves_the_defaults_on_the_object(any_database):
    with any_database.unit_of_work() as s:
        p = Parcel(waybill="SF1", carrier="SF", status="in_stock", checked_in_at=T)
        direct.insert(s, p)
        # as a flush leaves it: its key, its times, every column's default
        assert isinstance(p.id, uuid.UUID) and p.created_at is not None and p.pickup_code == ""
        assert p not in s  # not in the session: nothing set on it later would be stored
        assert direct.run(s, COUNT).scalar() == 1
    with any_database.reader() as s:
        stored = s.get(Parcel, p.id)
        assert (stored.waybill, stored.checked_in_at, stored.pickup_code, stored.phone) == ("SF1", T, "", "")


def test_an_insert_and_a_read_flush_what_the_session_holds_first(any_database):
    with any_database.unit_of_work() as s:
        parent = Parcel(id=uuid.uuid4(), waybill="SF1", carrier="SF", status="in_stock", checked_in_at=T)
        s.add(parent)  # pending: its event below needs its row
        direct.insert(s, ParcelEvent(parcel_id=parent.id, at=T, kind="checked_in", operator="王", details="{}"))
        s.add(Parcel(waybill="SF2", carrier="SF", status="in_stock", checked_in_at=T))
        assert direct.run(s, COUNT).scalar() == 2  # as a query through the session would see
        with s.no_autoflush:
            s.add(Parcel(waybill="SF3", carrier="SF", status="in_stock", checked_in_at=T))
            assert direct.run(s, COUNT).scalar() == 2  # and not where the session would not flush


def test_an_insert_of_a_child_before_its_parent_is_refused_and_rolled_back(any_database):
    with pytest.raises(IntegrityError):
        with any_database.unit_of_work() as s, s.no_autoflush:
            direct.insert(s, ParcelEvent(parcel_id=uuid.uuid4(), at=T, kind="checked_in", operator="王", details="{}"))
    with any_database.reader() as s:
        assert s.scalar(select(func.count()).select_from(ParcelEvent)) == 0


def test_an_insert_is_noted_for_the_county_in_its_transaction(database):
    link(database)
    with database.unit_of_work() as s:
        p = Parcel(waybill="SF1", carrier="SF", status="in_stock", checked_in_at=T)
        direct.insert(s, p)
        direct.insert(s, PrintJob(id=uuid.uuid4(), kind="shelf_label", document="{}", status="pending", attempts=0))
    # the job counts in its day's figures, as a flush would have noted it
    assert rows(database) == [(1, "parcel", str(p.id)), (2, "counts", outbox.local_day(None))]
    with pytest.raises(RuntimeError):
        with database.unit_of_work() as s:
            direct.insert(s, Parcel(waybill="SF2", carrier="SF", status="in_stock", checked_in_at=T))
            raise RuntimeError("rolled back")
    with database.reader() as s:  # nor its outbox row, nor its row
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 2
        assert s.scalar(COUNT) == 1
