"""A check-in costs one transaction: the parcel, its notice, its label's print job and the
one event naming them are committed together or not at all, and what the page's layer list and
the notice show is read as cheaply as it is right."""

import json

import pytest
from sqlalchemy import event, func, select, update

from pos.db.models import Notice, NoticeParcel, Parcel, ParcelEvent, PrintJob, Sequence
from pos.services.parcels import checkin
from pos.services.parcels import pickup_codes
from pos.services.parcels import shelves
from pos.services import settings as st
from pos.services.parcels.checkin import Recipient
from pos.services.parcels.labels import LabelWording
from pos.services.parcels.settings import SHELVES, STATION_SHORT_NAME, layout_or_default

from .conftest import DEPPON, JT, SF, YTO, ZTO


label = LabelWording()  # untranslated: the English text, carrier names in Chinese


def commits(db):
    seen = []
    event.listen(db.engine, "commit", lambda _conn: seen.append(1))
    return seen


def count(db, model):
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_parcel_and_label_job_in_one_commit(database, op, clock, rules):
    seen = commits(database)
    result = checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO",
                              recipient=Recipient("13812345678"), label=label)
    assert len(seen) == 1
    assert result.label is not None and result.label_job is not None
    with database.reader() as s:
        job = s.get(PrintJob, result.label_job)
        assert (job.kind, job.reference, job.status) == ("shelf_label", "A-1-0001", "pending")
        # built from the stored parcel and the station, worded as asked
        assert "清水村服务站" in job.document and "A-1-0001" in job.document
        assert "Waybill ending 5046" in job.document and "中通" in job.document
        # one event names what the check-in queued: its notice and its label's job
        [event] = s.scalars(select(ParcelEvent).where(ParcelEvent.parcel_id == result.parcel.id)).all()
        details = json.loads(event.details)
        assert event.kind == "checked_in" and details["label_job"] == str(result.label_job)
        assert details["notice"] == str(result.notice_id)
    # the label's event is the check-in's own: undo still takes it back
    checkin.undo(database, op, clock, rules, result.parcel.id)
    assert count(database, Parcel) == 0


def test_a_label_that_cannot_be_built_leaves_nothing(database, op, clock, rules):
    def broken(_text):
        raise RuntimeError("no label")

    with pytest.raises(RuntimeError):
        checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO",
                         recipient=Recipient("13812345678"), label=LabelWording(broken))
    assert [count(database, m) for m in (Parcel, ParcelEvent, PrintJob, Notice, NoticeParcel)] == [0] * 5
    with database.reader() as s:  # nor did the pickup-code counter
        assert s.scalar(select(Sequence.value).where(Sequence.key == pickup_codes.COUNTER_KEY)) is None
    again = checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO",
                             recipient=Recipient("13812345678"), label=label)
    assert again.parcel.pickup_code == "A-1-0001"


def test_completing_an_awaiting_parcel_queues_its_label_in_the_same_commit(database, op, clock, rules):
    waiting = checkin.check_in_batch(database, op, clock, rules, waybill=SF, carrier="SF")
    seen = commits(database)
    done = checkin.complete(database, op, clock, rules, parcel_id=waiting.id, recipient=Recipient("13905783210"),
                            label=label)
    assert len(seen) == 1 and done.parcel.status == "in_stock"
    with database.reader() as s:
        assert s.get(PrintJob, done.label_job).reference == done.parcel.pickup_code


def test_without_a_label_nothing_is_queued(database, op, clock, rules):
    result = checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO",
                              recipient=Recipient("13812345678"))
    assert (result.label, result.label_job) == (None, None)
    assert count(database, PrintJob) == 0


def test_the_parcel_row_is_written_once(database, op, clock, rules):
    """Shelf place, code and recipient are set before the row is written: one INSERT, no UPDATE."""
    checkin.check_in(database, op, clock, rules, waybill=YTO, carrier="YTO", recipient=Recipient("13812345678"))
    statements = []  # from the second on: the first creates the pickup-code counter, with a flush
    event.listen(database.engine, "before_cursor_execute",
                 lambda _c, _cur, sql, *_a: statements.append(" ".join(sql.split())[:30]))
    checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO", recipient=Recipient("13812345678"))
    assert statements.count("INSERT INTO parcel (waybill, c") == 1
    assert not [s for s in statements if s.startswith("UPDATE parcel ")]


def test_a_check_in_writes_each_row_once_and_flushes_nothing(database, op, clock, rules):
    """Parcel, notice, link, label job and event each by one INSERT, in the order their keys
    need, and no flush: the unit of work was the costliest part of a check-in's Python (#20,
    goal 2), so the check-in stores its new rows itself (pos.db.direct.insert)."""
    checkin.check_in(database, op, clock, rules, waybill=YTO, carrier="YTO", recipient=Recipient("13812345678"))
    flushes, statements = [], []
    event.listen(database._sessions, "after_flush", lambda s, _c: flushes.append(len(s.new)))
    event.listen(database.engine, "before_cursor_execute",
                 lambda _c, _cur, sql, *_a: statements.append(" ".join(sql.split())))
    res = checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO",
                           recipient=Recipient("13905783210"), label=LabelWording())
    assert flushes == []
    inserts = [sql.split()[2] for sql in statements if sql.startswith("INSERT")]
    assert inserts == ["parcel", "notice", "notice_parcel", "print_job", "parcel_event"]
    written = ("parcel", "notice", "notice_parcel", "print_job", "parcel_event")
    assert not [sql for sql in statements if sql.startswith("UPDATE") and sql.split()[1] in written]
    with database.reader() as s:
        assert s.get(Parcel, res.parcel.id).pickup_code == res.parcel.pickup_code
        assert s.get(PrintJob, res.label_job).status == "pending"
        [link] = s.scalars(select(NoticeParcel).where(NoticeParcel.parcel_id == res.parcel.id)).all()
        assert link.notice_id == res.notice_id and link.created_at is not None


def test_a_second_parcel_of_the_day_joins_the_notice_by_one_update(database, op, clock, rules):
    first = checkin.check_in(database, op, clock, rules, waybill=YTO, carrier="YTO",
                             recipient=Recipient("13812345678"))
    statements = []
    event.listen(database.engine, "before_cursor_execute",
                 lambda _c, _cur, sql, *_a: statements.append(" ".join(sql.split())))
    second = checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO",
                              recipient=Recipient("13812345678"))
    assert second.notice_id == first.notice_id
    assert [sql.split()[2] for sql in statements if sql.startswith("INSERT")] == [
        "parcel", "notice_parcel", "parcel_event"]
    assert len([sql for sql in statements if sql.startswith("UPDATE notice ")]) == 1
    with database.reader() as s:
        text = s.get(Notice, first.notice_id).text
    assert first.parcel.pickup_code in text and second.parcel.pickup_code in text


# the layer counts --------------------------------------------------------------------------------
def test_occupancy_counts_the_codes_of_each_layer(any_database, clock, rules):
    """On SQLite by code ranges of the layout's layers, elsewhere by grouping the codes: the same
    counts, with shelves whose names share a start (A, A1) and layers 1 and 10 apart."""
    from pos.domain.station import StationDetails
    from pos.services.station import setup as station

    db = any_database
    op = station.set_up_station(db, StationDetails("清水村服务站"), "王小明", "1234")
    with db.unit_of_work() as s:
        st.put(s, SHELVES, {"shelves": ["A", "A1", "B"], "layers": 10, "capacity": 50})
    places = [("A", 1), ("A", 10), ("A1", 1), ("A", 1), ("B", 2), ("A1", 10)]
    waybills = [ZTO, YTO, SF, JT, DEPPON, "YT9000000000042"]
    made = [checkin.check_in(db, op, clock, rules, waybill=w, carrier=checkin.read_scan(db, rules, w)
                             .recognition.best.carrier, recipient=Recipient("13812345678"), slot=place)
            for w, place in zip(waybills, places)]
    checkin.check_in_batch(db, op, clock, rules, waybill="YT9000000000043", carrier="YTO")  # no place yet
    with db.unit_of_work() as s:  # one left: its place is free again
        s.execute(update(Parcel).where(Parcel.id == made[1].parcel.id).values(status="picked_up"))
    with db.reader() as s:
        layout = layout_or_default(st.get(s, SHELVES))
        used = shelves.occupancy(s, layout)
        grouped = shelves._occupancy_grouped(s)
    expected = {("A", 1): 2, ("A1", 1): 1, ("B", 2): 1, ("A1", 10): 1}
    assert {k: n for k, n in used.items() if n} == expected
    assert {k: n for k, n in grouped.items() if n} == expected
    assert set(used) == set(layout.slots())


# settings read once ---------------------------------------------------------------------------------
def test_prefetched_settings_are_answered_from_memory_and_follow_writes(database, op):
    with database.unit_of_work() as s:
        st.prefetch(s, SHELVES, STATION_SHORT_NAME)
        statements = []
        event.listen(database.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        assert st.get(s, STATION_SHORT_NAME) == STATION_SHORT_NAME.default  # not stored: the default
        assert st.get(s, SHELVES) == SHELVES.default
        assert statements == []
        st.put(s, STATION_SHORT_NAME, "清水")
        assert st.get(s, STATION_SHORT_NAME) == "清水"
    with database.reader() as s:
        assert st.get(s, STATION_SHORT_NAME) == "清水"


# the pickup-code counter ------------------------------------------------------------------------------
@pytest.mark.parametrize("returning", [True, False])
def test_counter_with_and_without_update_returning(database, monkeypatch, returning):
    with database.reader() as s:
        s.execute(select(1))  # the dialect knows the server once connected
    monkeypatch.setattr(database.engine.dialect, "update_returning", returning)
    with database.unit_of_work() as s:
        assert [pickup_codes.next_number(s, "k") for _ in range(3)] == [1, 2, 3]


def test_occupancy_reads_the_code_index_whatever_the_planner_would_choose(database, clock, rules, op):
    """Statistics like the five-year station's made SQLite count each layer through the status
    index (443 ms a check-in there); the counts must come from the partial code index."""
    from sqlalchemy import event, text

    checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO", recipient=Recipient("13812345678"))
    with database.unit_of_work() as s:  # statistics that make the status index look far better
        s.execute(text("ANALYZE"))
        s.execute(text("DELETE FROM sqlite_stat1 WHERE tbl = 'parcel'"))
        s.execute(text("INSERT INTO sqlite_stat1 VALUES ('parcel', 'ix_parcel_status_checked_in', '1000000 1 1'), "
                       "('parcel', 'uq_parcel_pickup_code_in_station', '1000000 500000')"))
    database.engine.dispose()  # statistics are read when a connection opens
    plans = []

    def explain(_conn, cursor, sql, params, _context, _many):
        if "WITH place(name)" in sql:
            plans.extend(r[3] for r in cursor.connection.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall())

    event.listen(database.engine, "before_cursor_execute", explain)
    with database.reader() as s:
        used = shelves.occupancy(s, layout_or_default(st.get(s, SHELVES)))
    event.remove(database.engine, "before_cursor_execute", explain)
    assert sum(used.values()) == 1
    searches = [p for p in plans if p.startswith("SEARCH parcel")]
    assert searches and all("uq_parcel_pickup_code_in_station" in p for p in searches), plans


def test_a_reprinted_label_is_its_job_and_its_event_in_one_commit(database, op, clock, rules):
    made = checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO",
                            recipient=Recipient("13812345678"))
    seen = commits(database)
    english = LabelWording(lambda text: {"Waybill ending {tail}": "Ends in {tail}"}.get(text, text), "en")
    again = checkin.print_label(database, op, clock, rules, made.parcel.id, english)
    assert len(seen) == 1
    with database.reader() as s:
        job = s.get(PrintJob, again.job)
        assert (job.kind, job.reference) == ("shelf_label", "A-1-0001")
        assert "Ends in 5046" in job.document and "ZTO Express" in job.document
        [event] = s.scalars(select(ParcelEvent).where(ParcelEvent.kind == "label_printed")).all()
        assert str(again.job) in event.details and event.parcel_id == made.parcel.id


def test_reprinting_the_label_of_an_undone_check_in_is_refused(database, op, clock, rules):
    from pos.domain.errors import NotFound

    made = checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO",
                            recipient=Recipient("13812345678"))
    checkin.undo(database, op, clock, rules, made.parcel.id)
    with pytest.raises(NotFound):
        checkin.print_label(database, op, clock, rules, made.parcel.id, LabelWording())
    assert count(database, PrintJob) == 0
