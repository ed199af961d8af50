"""`village-pos export purchases`: CSV for Excel."""

import csv
import datetime as dt

import pytest

from pos.cli import main
from pos.commands.registry import EXPORTS
from pos.db.engine import make_engine, sqlite_url
from pos.db.migrate import upgrade
from pos.db.unit_of_work import Database
from pos.domain.errors import ValidationError
from pos.domain.purchases import ItemInput, PaymentPlan
from pos.services.purchases import orders as purchases
from pos.services.purchases.export import COLUMNS, export_purchases
from pos.services.shifts import drawer as shifts
from tests.purchases.conftest import add_villager
from tests.purchases.helpers import TOTAL, order_input


def read(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def test_rows_with_iso_times_and_yuan(database, helper, clock, villager_id, tmp_path):
    o = purchases.place_order(database, helper, clock, order_input(PaymentPlan("deposit", deposit_fen=1001), villager_id))
    purchases.add_waybill(database, helper, clock, o.id, "73100118865046")
    purchases.place_order(database, helper, clock, order_input(
        villager_id=villager_id, items=(ItemInput("=HYPERLINK(1)", 1, 5),), fee=0, platform="x"))
    out = tmp_path / "p.csv"
    assert export_purchases(database, out, clock()) == 2
    rows = read(out)
    assert tuple(rows[0].keys()) == COLUMNS
    r = rows[0]
    assert r["number"] == o.number and r["status"] == "shipped" and r["customer_name"] == "张桂英"
    assert (r["total_yuan"], r["paid_yuan"], r["due_yuan"], r["service_fee_yuan"]) == (
        "294.00", "10.01", f"{(TOTAL - 1001) / 100:.2f}", "5.00")
    assert dt.datetime.fromisoformat(r["placed_at"]) == clock()
    assert dt.datetime.fromisoformat(r["shipped_at"]).utcoffset() is not None
    assert r["waybills"] == "73100118865046" and r["late"] == "no"
    assert rows[1]["items"].startswith("'=")  # never a formula in Excel
    assert rows[1]["total_yuan"] == "0.05"


def test_date_range(database, helper, clock, villager_id, tmp_path):
    purchases.place_order(database, helper, clock, order_input(villager_id=villager_id, platform="1"))
    clock.advance(days=2)
    purchases.place_order(database, helper, clock, order_input(villager_id=villager_id, platform="2"))
    day = clock().astimezone().date()
    assert export_purchases(database, tmp_path / "a.csv", clock(), day, day) == 1
    with pytest.raises(ValidationError):
        export_purchases(database, tmp_path / "b.csv", clock(), day, day - dt.timedelta(days=1))


def test_command_line(tmp_path, helper, clock, capsys, qapp):
    assert "purchases" in EXPORTS
    data = tmp_path / "data"
    assert main(["init", "--data-dir", str(data), "--station-name", "清水村", "--owner-name", "王小明",
                 "--owner-pin", "1234"]) == 0
    eng = make_engine(sqlite_url(data / "station.sqlite3")) if (data / "station.sqlite3").exists() else None
    if eng is None:
        from pos.paths import DataPaths

        eng = make_engine(sqlite_url(DataPaths(data).database))
    upgrade(eng, "head")
    db = Database(eng)
    shifts.open_shift(db, helper, clock, 20000)  # the order's money goes into the open shift
    purchases.place_order(db, helper, clock, order_input(villager_id=add_villager(db)))
    eng.dispose()
    out = tmp_path / "orders.csv"
    assert main(["export", "purchases", "--data-dir", str(data), "--out", str(out), "--lang", "en"]) == 0
    assert len(read(out)) == 1
    assert "1" in capsys.readouterr().out
    assert main(["export", "purchases", "--data-dir", str(data), "--out", str(out), "--from", "2026-13-01"]) == 2
