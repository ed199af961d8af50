"""Counters: each PC its own print queue, device settings and cash drawer, on SQLite and PostgreSQL."""

import json
import uuid

import pytest
from sqlalchemy import select

from pos.db import print_jobs
from pos.db.models import Payment, PrintJob
from pos.db.unit_of_work import ConnectionLost, Database
from pos.domain.cart import Cart, CartLine, Tender
from pos.domain.devices.config import DeviceConfig
from pos.domain.errors import ValidationError
from pos.domain.receipt import Document
from pos.services.clock import ManualClock
from pos.services.hardware import device_settings
from pos.services.sales import checkout as sales
from pos.services.sales import products
from pos.services.sales.products import ProductInput
from pos.services.shifts import day as shift_day
from pos.services.shifts import drawer as shifts
from pos.services.station import counters


def _job(db, text="receipt"):
    with db.unit_of_work() as s:
        return print_jobs.enqueue(s, Document().text(text), reference=text)


def test_a_counter_name_is_required_and_short(any_database, clock):
    with pytest.raises(ValidationError):
        counters.register(any_database, "   ", clock)
    with pytest.raises(ValidationError):
        counters.register(any_database, "x" * 41, clock)
    assert counters.register(any_database, "  收银台  1 ", clock).name == "收银台 1"


def test_the_same_name_is_the_same_counter(any_database, clock):
    a = counters.register(any_database, "收银台1", clock)
    assert counters.register(any_database, "收银台1", clock).id == a.id


def test_the_first_counter_adopts_what_was_there_before_counters(any_database, boss, clock):
    old_job = _job(any_database, "before")
    old_shift = shifts.open_shift(any_database, boss, clock, 10000)
    first = counters.register(any_database, "收银台1", clock)
    second = counters.register(any_database, "收银台2", clock)
    with any_database.reader() as s:
        assert s.get(PrintJob, old_job).counter_id == first.id
    mine = Database(any_database.engine, counter_id=first.id)
    theirs = Database(any_database.engine, counter_id=second.id)
    assert shifts.current_shift(mine).id == old_shift.id
    assert shifts.current_shift(theirs) is None


def test_jobs_print_only_at_the_counter_that_made_them(two_counters, clock):
    front, back, front_view, _ = two_counters
    jobs = [_job(front, f"r{i}") for i in range(10)]
    with back.unit_of_work() as s:
        assert print_jobs.next_due(s, clock()) is None
        assert not print_jobs.claim(s, jobs[0])  # the back counter's worker cannot take it
    with front.unit_of_work() as s:
        due = print_jobs.next_due(s, clock())
        assert due is not None and due.id == jobs[0] and due.counter_id == front_view.id
        assert print_jobs.claim(s, jobs[0])


def test_start_up_recovery_touches_only_its_own_jobs(two_counters):
    front, back, _, _ = two_counters
    job = _job(front)
    with front.unit_of_work() as s:
        assert print_jobs.claim(s, job)  # front is printing it right now
    with back.unit_of_work() as s:
        assert print_jobs.recover_after_crash(s) == 0
    with front.reader() as s:
        assert print_jobs.get_job(s, job).status == "sending"
    with front.unit_of_work() as s:
        assert print_jobs.recover_after_crash(s) == 1


def test_a_reprint_prints_here_or_at_the_original_counter(two_counters):
    front, back, front_view, back_view = two_counters
    job = _job(front)
    with back.unit_of_work() as s:
        here = print_jobs.reprint(s, job)
        there = print_jobs.reprint(s, job, at_original=True)
    with back.reader() as s:
        assert s.get(PrintJob, here).counter_id == back_view.id
        assert s.get(PrintJob, there).counter_id == front_view.id
        listed = {j.id: j.counter_name for j in print_jobs.list_jobs(s)}
    assert listed[job] == "收银台1" and listed[here] == "收银台2"


def test_device_settings_are_per_counter_falling_back_to_the_stations(two_counters, any_database, boss):
    front, back, _, _ = two_counters
    with any_database.unit_of_work() as s:  # the settings of a station from before counters
        device_settings.save(s, DeviceConfig(printer="file:/tmp/old.bin", paper_mm=58))
    assert device_settings.read(front).printer == "file:/tmp/old.bin"
    device_settings.save_settings(back, boss, DeviceConfig(printer="net:192.168.1.50", paper_mm=80))
    assert device_settings.read(back).printer == "net:192.168.1.50"
    assert device_settings.read(back).paper_mm == 80
    assert device_settings.read(front).printer == "file:/tmp/old.bin"  # untouched by the other counter


def _sell(db, boss, clock, product, fen):
    cart = Cart()
    cart.add(CartLine(product.id, product.name, product.price_fen, fen // product.price_fen, product.category,
                      False, product.stock))
    return sales.complete_sale(db, boss, clock, cart, [Tender("cash", fen)])


def test_each_counter_has_its_own_shift_and_its_z_is_its_own_ledger(two_counters, boss, clock):
    front, back, front_view, back_view = two_counters
    water = products.add_product(front, boss, ProductInput("农夫山泉 550ml", 200, "6921168509256", 100, 6, "饮料"))
    a = shifts.open_shift(front, boss, clock, 10000)
    with pytest.raises(shifts.ShiftAlreadyOpen):
        shifts.open_shift(front, boss, clock, 10000)  # one open shift per counter
    with pytest.raises(shifts.NoOpenShift):
        _sell(back, boss, clock, water, 200)  # the back counter has no shift yet
    b = shifts.open_shift(back, boss, clock, 5000)
    assert a.counter_id == front_view.id and b.counter_id == back_view.id
    for _ in range(3):  # interleaved in time: the window alone could not tell them apart
        clock.advance(1)
        _sell(front, boss, clock, water, 400)
        clock.advance(1)
        _sell(back, boss, clock, water, 200)
    shifts.cash_out(back, boss, clock, 100, "零钱")
    with front.reader() as s:
        ledger = {sid: sum(p.amount_fen for p in s.scalars(select(Payment).where(Payment.shift_id == sid)))
                  for sid in (a.id, b.id)}
    assert ledger == {a.id: 1200, b.id: 500}
    clock.advance(1)
    za = shifts.close_shift(front, boss, clock, {10000: 1, 1000: 1, 100: 2})
    zb = shifts.close_shift(back, boss, clock, {5000: 1, 500: 1})
    assert za.expected_cash_fen == 10000 + 1200 and za.variance_fen == 0
    assert zb.expected_cash_fen == 5000 + 500 and zb.variance_fen == 0
    day = shift_day.day_z(front, clock().astimezone().date(), clock)
    assert [c.name for c in day.counters] == ["收银台1", "收银台2"]
    assert [c.total_fen for c in day.counters] == [1200, 500]
    assert day.station.total_fen == 1700 and day.station.expected_cash_fen == 15000 + 1700
    assert counters.list_counters(front, clock)[0].open_shift is None


def test_other_counters_are_online_for_a_minute_after_their_heartbeat(two_counters, any_database):
    front, _, front_view, back_view = two_counters
    clock = ManualClock()
    counters.heartbeat(front, front_view.id, clock)
    counters.heartbeat(front, back_view.id, clock)
    clock.advance(0.5)
    counters.heartbeat(front, front_view.id, clock)
    shifts.open_shift(front, _owner(any_database), clock, 100)
    assert {c.name: (c.online, c.open_shift is not None) for c in counters.list_counters(front, clock)} == {
        "收银台1": (True, True), "收银台2": (True, False)}
    clock.advance(0.75)
    assert {c.name: c.online for c in counters.list_counters(front, clock)} == {"收银台1": True, "收银台2": False}


def _owner(_db):
    from pos.domain.users import Operator, Role

    return Operator(uuid.uuid4(), "王小明", Role.OWNER)


def test_the_identity_file_remembers_the_counter(any_database, clock, tmp_path):
    path = tmp_path / "counter.json"
    assert counters.resolve(any_database, path, clock) is None  # nothing known: the partner is asked
    made = counters.resolve(any_database, path, clock, "收银台2")
    assert counters.read_identity(path) == counters.Identity(made.id, "收银台2")
    assert counters.resolve(any_database, path, clock).id == made.id
    path.write_text("{not json", encoding="utf-8")
    assert counters.resolve(any_database, path, clock) is None
    # a counter.json from another station's database: set up again here by its name
    path.write_text(json.dumps({"id": str(uuid.uuid4()), "name": "收银台9"}), encoding="utf-8")
    assert counters.resolve(any_database, path, clock).name == "收银台9"


def test_recording_is_refused_while_the_server_is_lost(any_database, clock):
    any_database.held = True
    with pytest.raises(ConnectionLost):
        with any_database.unit_of_work():
            pass
    counter = counters.register(Database(any_database.engine), "收银台1", clock)
    counters.heartbeat(any_database, counter.id, clock)  # the heartbeat still tries


def test_the_daily_reports_shift_table_names_each_counter_and_its_own_drawer(two_counters, boss, clock):
    from pos.services.local_days import day_bounds
    from pos.services.reports.queries import shift_rows

    front, back, _, _ = two_counters
    water = products.add_product(front, boss, ProductInput("农夫山泉 550ml", 200, "6921168509256", 100, 6, "饮料"))
    shifts.open_shift(front, boss, clock, 10000)
    shifts.open_shift(back, boss, clock, 5000)
    clock.advance(1)
    _sell(front, boss, clock, water, 600)
    _sell(back, boss, clock, water, 200)
    start, end = day_bounds(clock().astimezone().date())
    with front.reader() as s:
        rows = shift_rows(s, start, end, clock())
    assert {(r.counter, r.expected_fen) for r in rows} == {("收银台1", 10600), ("收银台2", 5200)}
    assert all(r.label.endswith(r.counter) for r in rows)
