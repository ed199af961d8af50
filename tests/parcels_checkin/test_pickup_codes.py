"""Pickup codes: <shelf>-<layer>-<NNNN> from a per-station counter, never the code of a parcel
still in the station, on SQLite and PostgreSQL."""

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as stt
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import select, update

from pos.db.engine import make_engine, sqlite_url
from pos.db.migrate import upgrade
from pos.db.models import Parcel, Sequence
from pos.db.models.parcel import IN_STATION
from pos.db.unit_of_work import Database
from pos.domain.carriers import load_rules
from pos.domain.station import StationDetails
from pos.services.parcels import checkin
from pos.services.parcels import pickup_codes
from pos.services.station import setup as station
from pos.services import settings as st
from pos.services.parcels.checkin import Recipient
from pos.services.parcels.settings import SHELVES
from pos.services.parcels.shelves import ShelfFull
from pos.services.clock import ManualClock

from .conftest import JT, SF, YTO, ZTO, NOW

CODE = re.compile(r"[A-Z0-9]{1,3}-\d{1,2}-\d{4}")


def set_counter(db, value):
    with db.unit_of_work() as s:
        if not s.scalar(select(Sequence).where(Sequence.key == pickup_codes.COUNTER_KEY)):
            s.add(Sequence(key=pickup_codes.COUNTER_KEY, value=value))
        else:
            s.execute(update(Sequence).where(Sequence.key == pickup_codes.COUNTER_KEY).values(value=value))


def test_format_and_wrap():
    assert pickup_codes.format_code("A", 3, 127) == "A-3-0127"
    assert [pickup_codes.tail(n) for n in (1, 9999, 10000, 10001, 19998, 19999)] == [1, 9999, 1, 2, 9999, 1]


def test_counter_and_codes_on_both_backends(any_database, clock, rules):
    db = any_database
    op = station.set_up_station(db, StationDetails("清水村服务站"), "王小明", "1234")
    with db.unit_of_work() as s:
        assert [pickup_codes.next_number(s, "k") for _ in range(3)] == [1, 2, 3]
    try:
        with db.unit_of_work() as s:
            pickup_codes.next_number(s, "k")
            raise RuntimeError("the action failed")
    except RuntimeError:
        pass
    with db.unit_of_work() as s:
        assert pickup_codes.next_number(s, "k") == 4  # a rolled-back action burns no number
    a = checkin.check_in(db, op, clock, rules, waybill=ZTO, carrier="ZTO", recipient=Recipient("13812345678", "张三"))
    b = checkin.check_in(db, op, clock, rules, waybill=YTO, carrier="YTO", recipient=Recipient("5678", "李四"))
    assert (a.parcel.pickup_code, b.parcel.pickup_code) == ("A-1-0001", "A-2-0002")
    assert checkin.read_scan(db, rules, ZTO).kind == checkin.IN_STATION_NOW
    assert checkin.today(db, clock).count == 2
    checkin.undo(db, op, clock, rules, b.parcel.id)
    assert [p.waybill for p in checkin.today(db, clock).recent] == [ZTO]


def test_wrapped_counter_skips_codes_still_in_use(database, op, clock, rules):
    st.save(database, op, {SHELVES: {"shelves": ["A"], "layers": 1, "capacity": 5}})
    set_counter(database, 9998)
    first = [checkin.check_in(database, op, clock, rules, waybill=w, carrier=c,
                              recipient=Recipient("13812345678")).parcel.pickup_code
             for w, c in ((ZTO, "ZTO"), (YTO, "YTO"))]
    assert first == ["A-1-9999", "A-1-0001"]
    set_counter(database, 9998)  # as if 9,998 more parcels had come and gone
    p = checkin.check_in(database, op, clock, rules, waybill=SF, carrier="SF", recipient=Recipient("13812345678"))
    assert p.parcel.pickup_code == "A-1-0002"  # 9999 and 0001 are still on the shelf


class PickupCodeMachine(RuleBasedStateMachine):
    """Random check-ins, pickups, undos and batch scans on a tiny shelf with a counter near its
    wrap: the codes of parcels in the station stay unique and well formed."""

    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        self.engine = make_engine(sqlite_url(Path(self.tmp.name) / "m.sqlite3"))
        upgrade(self.engine, "head")
        self.db = Database(self.engine)
        self.rules = load_rules()
        self.clock = ManualClock(NOW)
        self.op = station.set_up_station(self.db, StationDetails("站"), "王", "1234")
        self.serial = 0
        self.layout = None

    def teardown(self) -> None:
        self.engine.dispose()
        self.tmp.cleanup()

    @initialize(shelves=stt.sampled_from([["A"], ["A", "B"]]), layers=stt.integers(1, 2),
                capacity=stt.integers(1, 3), start=stt.integers(9990, 9999))
    def configure(self, shelves, layers, capacity, start):
        st.save(self.db, self.op, {SHELVES: {"shelves": shelves, "layers": layers, "capacity": capacity}})
        set_counter(self.db, start)
        self.layout = len(shelves) * layers * capacity

    def _waybill(self) -> str:
        self.serial += 1
        return f"JT{self.serial:013d}"

    def in_station(self):
        with self.db.reader() as s:
            return list(s.scalars(select(Parcel).where(Parcel.status.in_(IN_STATION))))

    @rule(batch=stt.booleans())
    def check_in(self, batch):
        waybill = self._waybill()
        try:
            if batch:
                checkin.check_in_batch(self.db, self.op, self.clock, self.rules, waybill=waybill, carrier="JT")
            else:
                checkin.check_in(self.db, self.op, self.clock, self.rules, waybill=waybill, carrier="JT",
                                 recipient=Recipient("13812345678"))
        except ShelfFull:
            assert sum(p.status == "in_stock" for p in self.in_station()) == self.layout

    @precondition(lambda self: self.serial > 0)
    @rule(data=stt.data())
    def complete(self, data):
        waiting = [p for p in self.in_station() if p.status == "awaiting_phone"]
        if waiting:
            p = data.draw(stt.sampled_from(waiting))
            try:
                checkin.complete(self.db, self.op, self.clock, self.rules, parcel_id=p.id,
                                 recipient=Recipient("5678", "张"))
            except ShelfFull:
                pass

    @precondition(lambda self: self.serial > 0)
    @rule(data=stt.data(), how=stt.sampled_from(["picked_up", "returned", "undo"]))
    def leave(self, data, how):
        shelved = [p for p in self.in_station() if p.status == "in_stock"]
        if not shelved:
            return
        p = data.draw(stt.sampled_from(shelved))
        if how == "undo":
            checkin.undo(self.db, self.op, self.clock, self.rules, p.id)
            return
        with self.db.unit_of_work() as s:
            s.get(Parcel, p.id).status = how

    @invariant()
    def codes_unique_and_well_formed(self):
        codes = [p.pickup_code for p in self.in_station() if p.pickup_code]
        assert len(codes) == len(set(codes))
        assert all(CODE.fullmatch(c) for c in codes)
        assert all(p.pickup_code == "" for p in self.in_station() if p.status == "awaiting_phone")


PickupCodeMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=30, deadline=None)
test_pickup_code_state_machine = PickupCodeMachine.TestCase


@pytest.mark.parametrize("waybill", [JT])
def test_code_is_on_the_parcel_row(database, op, clock, rules, waybill):
    p = checkin.check_in(database, op, clock, rules, waybill=waybill, carrier="JT", recipient=Recipient("13812345678"))
    with database.reader() as s:
        row = s.get(Parcel, p.parcel.id)
        assert (row.shelf, row.layer, row.pickup_code) == ("A", 1, "A-1-0001")
