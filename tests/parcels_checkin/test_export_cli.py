"""`village-pos export parcels`, run in-process through pos.cli.main."""

import csv
import datetime as dt

import pytest

from pos.cli import main
from pos.db.engine import sqlite_url
from pos.db.models import Parcel
from pos.db.opening import open_database
from pos.domain.carriers import load_rules
from pos.domain.station import StationDetails
from pos.paths import DataPaths
from pos.services.parcels import checkin
from pos.services.station import setup as station
from pos.services.parcels.checkin import Recipient
from pos.services.local_days import day_start
from pos.services.clock import ManualClock

from .conftest import SF, YTO, ZTO


@pytest.fixture(autouse=True)
def _qt(qapp):
    return qapp


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    paths = DataPaths(d)
    paths.ensure()
    db = open_database(sqlite_url(paths.database), paths.backups)
    rules = load_rules()
    try:
        op = station.set_up_station(db, StationDetails("清水村服务站"), "王小明", "1234")
        day1 = ManualClock(day_start(dt.date(2026, 11, 18)) + dt.timedelta(hours=9))
        day3 = ManualClock(day_start(dt.date(2026, 11, 20)) + dt.timedelta(hours=10))
        a = checkin.check_in(db, op, day1, rules, waybill=ZTO, carrier="ZTO",
                             recipient=Recipient("13812345678", "张桂芳"))
        checkin.check_in(db, op, day3, rules, waybill=YTO, carrier="YTO", recipient=Recipient("158****3377", "孙海燕"))
        checkin.check_in_batch(db, op, day3, rules, waybill=SF, carrier="SF")
        with db.unit_of_work() as s:
            p = s.get(Parcel, a.parcel.id)
            p.status, p.picked_up_at = "picked_up", day3()
    finally:
        db.dispose()
    return d


def rows(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the BOM as UTF-8
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def test_export_all(data_dir, tmp_path, capsys):
    out = tmp_path / "parcels.csv"
    assert main(["--data-dir", str(data_dir), "--lang", "en", "export", "parcels", "--out", str(out)]) == 0
    assert "Wrote 3 parcels" in capsys.readouterr().out
    got = rows(out)
    assert [r["waybill"] for r in got] == [ZTO, SF, YTO]  # by check-in time, then waybill
    by = {r["waybill"]: r for r in got}
    first = by[ZTO]
    for col in ("waybill", "carrier", "status", "pickup_code", "phone", "recipient_name", "checked_in_at",
                "picked_up_at", "returned_at"):
        assert col in first
    assert (first["carrier"], first["status"], first["phone"], first["recipient_name"]) == (
        "ZTO", "picked_up", "13812345678", "张桂芳")
    assert dt.datetime.fromisoformat(first["checked_in_at"]).utcoffset() is not None
    assert dt.datetime.fromisoformat(first["picked_up_at"]) == day_start(dt.date(2026, 11, 20)) + dt.timedelta(hours=10)
    assert (by[YTO]["status"], by[YTO]["phone"], by[YTO]["phone_masked"]) == ("in_stock", "", "158****3377")
    assert (by[SF]["status"], by[SF]["pickup_code"], by[SF]["returned_at"]) == ("awaiting_phone", "", "")


def test_export_by_local_days(data_dir, tmp_path):
    out = tmp_path / "p.csv"
    argv = ["export", "parcels", "--data-dir", str(data_dir), "--out", str(out)]
    assert main(argv + ["--from", "2026-11-19"]) == 0
    assert [r["waybill"] for r in rows(out)] == [SF, YTO]
    assert main(argv + ["--to", "2026-11-18"]) == 0
    assert [r["waybill"] for r in rows(out)] == [ZTO]
    assert main(argv + ["--from", "2026-11-19", "--to", "2026-11-19"]) == 0
    assert rows(out) == []


@pytest.mark.parametrize("extra, words", [
    (["--from", "2026-13-01"], "is not a date"), (["--to", "20261120"], "is not a date"),
    (["--from", "2026-11-20", "--to", "2026-11-19"], "is after the last day"),
])
def test_bad_dates_are_refused(data_dir, tmp_path, capsys, extra, words):
    out = tmp_path / "p.csv"
    argv = ["--lang", "en", "--data-dir", str(data_dir), "export", "parcels", "--out", str(out), *extra]
    assert main(argv) == 2
    assert words in capsys.readouterr().err
    assert not out.exists()


def test_unwritable_file(data_dir, tmp_path, capsys):
    out = tmp_path / "missing-folder" / "p.csv"
    assert main(["--lang", "en", "--data-dir", str(data_dir), "export", "parcels", "--out", str(out)]) == 2
    assert "Cannot write" in capsys.readouterr().err
