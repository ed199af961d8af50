"""The outbox is written in the same transaction as the change, by flushes and ORM UPDATEs alike,
only while the station is linked, under seqs that never repeat."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select, update

from pos.db import outbox
from pos.db.models import OutboxEntry, Parcel, Sale, SaleLine, SyncState

T = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.timezone.utc)


def link(db) -> None:
    with db.unit_of_work() as s:
        s.add(SyncState(id=1, county_url="http://county", station_id=str(uuid.uuid4()), station_name="s",
                        key_file="", db_generation=str(uuid.uuid4()), next_seq=1, high_water=0,
                        manifest_cursor=0, last_error="", revoked=False, settings_version=0, settings_json="{}"))


def add_parcel(s, waybill="SF1") -> Parcel:
    p = Parcel(waybill=waybill, carrier="SF", status="in_stock", checked_in_at=T)
    s.add(p)
    s.flush()
    return p


def rows(db) -> list[tuple[int, str, str]]:
    with db.unit_of_work() as s:
        return [(e.seq, e.kind, e.key) for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]


def test_nothing_is_written_while_unlinked(database):
    with database.unit_of_work() as s:
        add_parcel(s)
    assert rows(database) == []


def test_insert_and_update_enqueue_in_the_same_transaction(database):
    link(database)
    with database.unit_of_work() as s:
        p = add_parcel(s)
        pid = str(p.id)
    with database.unit_of_work() as s:
        s.get(Parcel, uuid.UUID(pid)).shelf = "B"
    assert rows(database) == [(1, "parcel", pid), (2, "parcel", pid)]
    with pytest.raises(RuntimeError):
        with database.unit_of_work() as s:
            add_parcel(s, "SF2")
            raise RuntimeError("rolled back")
    assert len(rows(database)) == 2  # the rolled back change left no outbox row, and no seq gap
    with database.unit_of_work() as s:
        assert s.get(SyncState, 1).next_seq == 3


def test_orm_update_statements_enqueue_what_they_touch(database):
    link(database)
    with database.unit_of_work() as s:
        pid = add_parcel(s).id
    with database.unit_of_work() as s:
        s.execute(update(Parcel).where(Parcel.id == pid).values(status="picked_up", picked_up_at=T))
    assert rows(database)[-1] == (2, "parcel", str(pid))


def test_an_orm_update_of_an_unlinked_station_does_not_read_the_rows_it_touches(database):
    """Looking the rows up is for the outbox only: a station that syncs nowhere skips it (a first
    start's UPDATE of every print job read them all, documents and all)."""
    from sqlalchemy import event as sa_event

    with database.unit_of_work() as s:
        for i in range(3):
            add_parcel(s, f"SF{i}")
    seen: list[str] = []
    sa_event.listen(database.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    with database.unit_of_work() as s:
        s.execute(update(Parcel).values(shelf="Z"))
    assert not [q for q in seen if q.lstrip().upper().startswith("SELECT") and "FROM parcel" in q]
    assert rows(database) == []


def test_a_child_row_changes_its_parent_record(database):
    link(database)
    with database.unit_of_work() as s:
        sale = Sale(number="R1", total_fen=100, completed_at=T)
        s.add(sale)
        s.flush()
        s.add(SaleLine(sale_id=sale.id, description="酱油", unit_price_fen=100, quantity=1, total_fen=100))
        sid = str(sale.id)
    with database.unit_of_work() as s:
        line = s.scalars(select(SaleLine)).one()
        line.refunded_quantity = 1
    # once when the sale was made (its two flushes, the sale then its line, are one transaction),
    # once for the refunded line
    assert [(k, key) for _, k, key in rows(database)] == [("sale", sid)] * 2


def test_the_outbox_is_written_once_per_transaction_after_its_last_flush(database):
    """One UPDATE of sync_state per transaction however many flushes it makes (a check-in makes
    four): on PostgreSQL that row's lock is every other counter's wait."""
    from sqlalchemy import event as sa_event

    link(database)
    seen: list[str] = []
    sa_event.listen(database.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    with database.unit_of_work() as s:
        p = add_parcel(s, "SF1")
        p.shelf = "A"
        s.flush()
        with s.begin_nested():  # a released savepoint is not the commit
            add_parcel(s, "SF2")
        q = Parcel(waybill="SF3", carrier="SF", status="in_stock", checked_in_at=T)
        s.add(q)  # flushed by the commit itself
        assert s.scalar(select(OutboxEntry.seq).limit(1)) is None
        ids = [str(p.id), str(q.id)]
    assert sum("sync_state" in sql and sql.lstrip().upper().startswith("UPDATE") for sql in seen) == 1
    got = rows(database)
    assert [seq for seq, _, _ in got] == [1, 2, 3]
    assert {key for _, _, key in got} >= set(ids) and len({key for _, _, key in got}) == 3


def test_a_rolled_back_transaction_leaves_nothing_for_the_next_one(database):
    link(database)
    session = database._session()
    add_parcel(session, "SF1")
    session.rollback()  # the same session goes on: what it had noted is forgotten
    add_parcel(session, "SF2")
    session.commit()
    session.close()
    with database.unit_of_work() as s:
        waybills = {s.get(Parcel, uuid.UUID(key)).waybill for _, _, key in rows(database)}
    assert waybills == {"SF2"}


def test_renewed_generation_is_a_new_uuid(database):
    link(database)
    with database.unit_of_work() as s:
        before = s.get(SyncState, 1).db_generation
        outbox.renew_generation(s)
    with database.unit_of_work() as s:
        assert s.get(SyncState, 1).db_generation != before


def test_a_new_database_at_a_collected_ones_address_still_writes_the_outbox(database):
    """SQLAlchemy keys its listener registry by ``id()``: a sessionmaker made where a collected
    one lived looked "already installed" to ``event.contains``, and its station never wrote the
    outbox (check-ins that never synced). Make databases until an address repeats."""
    import gc

    from pos.db.unit_of_work import Database

    seen: set[int] = set()
    reused = 0
    for i in range(3000):
        db = Database(database.engine)
        where = id(db._sessions)
        session = db._sessions()
        assert outbox.installed(session), f"database {i} (address reused: {where in seen}) writes no outbox"
        session.close()
        reused += where in seen
        seen.add(where)
        del db, session
        if i % 5 == 0:
            gc.collect()
        if reused >= 20:
            break
    assert reused >= 20  # the case that lost records was really made
