"""One CSV writer for every export (formula cells neutralised), imports that refuse NUL and
over-long cells with the row and column named, and exports of phone numbers written only where
they are audited."""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest
from sqlalchemy import func, select

from pos.cli import main
from pos.db.models import AuditEntry, Product, Villager
from pos.domain.errors import ValidationError
from pos.domain.station import StationDetails
from pos.domain.villager_fields import VillagerInput
from pos.services import csv_export
from pos.services.parcels import notices, reconciliation
from pos.services.sales import product_csv, products
from pos.services.station import setup as station
from pos.services.villagers import csv_io, register

FORMULAS = ["=cmd|' /C calc'!A0 张三", "=HYPERLINK(\"http://x.example\",\"李四\")", "+王五", "@SUM(1)赵六", "-钱七"]
HEADER = "name,barcode,price_yuan,stock,low_stock,category,is_service\n"


@pytest.fixture
def owner(database):
    return station.set_up_station(database, StationDetails("清水村服务站"), "王小明", "1234")


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def audits(db, action=None):
    with db.reader() as s:
        q = select(AuditEntry).order_by(AuditEntry.at)
        if action:
            q = q.where(AuditEntry.action == action)
        return [(e.action, json.loads(e.details) if e.details.startswith("{") else e.details) for e in s.scalars(q)]


# one writer ------------------------------------------------------------------------------------
def test_the_villager_export_neutralises_formula_cells_like_every_other(database, owner, tmp_path):
    for i, name in enumerate(FORMULAS):
        register.create(database, owner, VillagerInput(name, f"1380000{i:04d}", notes="=1+1"))
    out = tmp_path / "villagers.csv"
    assert csv_io.export_villagers(database, owner, out) == len(FORMULAS)
    rows = read_csv(out)[1:]
    for r in rows:
        for c in r:
            assert c[:1] not in ("=", "+", "@") and not (c.startswith("-") and not c[1:2].isdigit()), c
    assert sorted(r[0] for r in rows) == sorted("'" + n for n in FORMULAS)


def test_an_exported_register_imports_back_with_its_names(database, owner, tmp_path):
    register.create(database, owner, VillagerInput("=HYPERLINK(\"x\",\"张三\")", "13800000001"))
    out = tmp_path / "villagers.csv"
    csv_io.export_villagers(database, owner, out)
    with database.unit_of_work() as s:
        for v in s.scalars(select(Villager)):
            s.delete(v)
    result = csv_io.import_villagers(database, owner, out.read_bytes())
    assert result.imported == 1 and not result.rejected
    with database.reader() as s:
        assert s.scalars(select(Villager.name)).all() == ["=HYPERLINK(\"x\",\"张三\")"]


@pytest.mark.parametrize("text", ["=1+1", "+86 138", "@A1", "-A1", "\t=1", "\r=1"])
def test_the_writer_neutralises_every_formula_start(tmp_path, text):
    out = tmp_path / "x.csv"
    csv_export.write_csv(out, ["a"], [[text]])
    assert read_csv(out)[1][0] == "'" + text
    assert csv_export.uncell("'" + text) == text


@pytest.mark.parametrize("number", ["-12.50", "12", "+3", "0.00"])
def test_amounts_stay_numbers(tmp_path, number):
    out = tmp_path / "x.csv"
    csv_export.write_csv(out, ["a"], [[number]])
    assert read_csv(out)[1][0] == number


def test_sms_list_and_reconciliation_go_through_the_one_writer():
    view = type("N", (), {"can_sms": True, "phone": "13800000001", "recipient_name": "=cmd|x 张三",
                          "text": "@取件", "id": uuid.uuid4()})()
    text, ids, skipped = notices.sms_csv([view])
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row == ["13800000001", "'=cmd|x 张三", "'@取件"]
    sheet = reconciliation.DailySheet(__import__("datetime").date(2026, 11, 20), None,
                                      (reconciliation.CarrierLine("SF", 1, 2, 0, 3),))
    text = reconciliation.sheets_csv([sheet], {"SF": "=顺丰"})
    assert list(csv.reader(io.StringIO(text)))[1][2] == "'=顺丰"


# imports: NUL and over-long cells, named -------------------------------------------------------
def test_a_product_cell_over_the_csv_limit_is_a_row_error_naming_the_column(database, owner, tmp_path):
    f = tmp_path / "p.csv"
    f.write_text(HEADER + "可乐,6901234567892,3.00,1,0,饮料,0\n" + "x" * 131_073 + ",,1.00,,,,0\n", encoding="utf-8")
    report = product_csv.import_products(database, owner, f)
    assert not report.imported and [r.line for r in report.rejected] == [3]
    assert "name" in str(report.rejected[0].error) and "131073" in str(report.rejected[0].error)


def test_the_product_import_cli_names_the_over_long_cell(database, tmp_path, qapp, capsys):
    d = tmp_path / "data"
    assert main(["--data-dir", str(d), "init", "--station-name", "村站", "--owner-name", "王小明",
                 "--owner-pin", "1234"]) == 0
    f = tmp_path / "p.csv"
    f.write_text(HEADER + "可乐,,3.00,1,0," + "饮" * 200_000 + ",0\n", encoding="utf-8")
    assert main(["--data-dir", str(d), "--lang", "en", "import", "products", str(f)]) != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "line 2" in err and "category" in err


def test_a_nul_in_a_product_name_is_refused_naming_row_and_column(any_database, tmp_path):
    owner = station.set_up_station(any_database, StationDetails("清水村服务站"), "王小明", "1234")
    f = tmp_path / "p.csv"
    f.write_text(HEADER + "可乐,6901234567892,3.00,1,0,饮料,0\n雪\x00碧,,3.00,1,0,饮料,0\n", encoding="utf-8")
    report = product_csv.import_products(any_database, owner, f)
    assert not report.imported and [r.line for r in report.rejected] == [3]
    assert "name" in str(report.rejected[0].error)
    with any_database.reader() as s:
        assert s.scalar(select(func.count()).select_from(Product)) == 0


def test_a_nul_in_a_villager_csv_is_refused_naming_row_and_column(any_database):
    owner = station.set_up_station(any_database, StationDetails("清水村服务站"), "王小明", "1234")
    data = "name,phone,notes\n张三,13800000001,\n李\x00四,13800000002,\n王五,13800000003,备\x00注\n".encode()
    result = csv_io.import_villagers(any_database, owner, data)
    assert result.imported == 0
    assert [(r.line, r.column) for r in result.rejected] == [(3, "name"), (4, "notes")]


def test_an_over_long_villager_cell_is_a_row_error_not_the_whole_file(database, owner):
    data = ("name,phone,notes\n张三,13800000001," + "长" * 140_000 + "\n").encode()
    result = csv_io.import_villagers(database, owner, data)
    assert [(r.line, r.column) for r in result.rejected] == [(2, "notes")]


def test_forms_and_services_refuse_a_nul(any_database):
    owner = station.set_up_station(any_database, StationDetails("清水村服务站"), "王小明", "1234")
    with pytest.raises(ValidationError) as e:
        products.add_product(any_database, owner, products.ProductInput("雪\x00碧", 300))
    assert e.value.field == "name"
    with pytest.raises(ValidationError) as e:
        products.add_product(any_database, owner, products.ProductInput("雪碧", 300, category="饮\x00料"))
    assert e.value.field == "category"
    clean, errors = VillagerInput("张\x00三", "13800000001", address="一\x00组").check(
        __import__("datetime").datetime.now(__import__("datetime").timezone.utc))
    assert clean is None and [x.field for x in errors] == ["name", "address"]
    with pytest.raises(ValidationError):
        register.create(any_database, owner, VillagerInput("张\x00三", "13800000001"))


# exports of phone numbers: audited, and only placed when the audit is ------------------------------
def test_every_export_of_phones_is_audited(database, owner, tmp_path):
    from pos.services.parcels.export import export_parcels
    from pos.services.purchases.export import export_purchases
    import datetime as dt

    register.create(database, owner, VillagerInput("张三", "13800000001"))
    csv_io.export_villagers(database, owner, tmp_path / "v.csv")
    export_parcels(database, tmp_path / "p.csv")
    export_purchases(database, tmp_path / "o.csv", dt.datetime.now(dt.timezone.utc))
    view = type("N", (), {"can_sms": True, "phone": "13800000001", "recipient_name": "张三", "text": "取件",
                          "id": uuid.uuid4()})()
    text, ids, _ = notices.sms_csv([view])
    notices.write_csv(tmp_path / "sms.csv", text, db=database, operator=owner, rows=len(ids))
    got = {d["kind"]: d for a, d in audits(database) if isinstance(d, dict) and "kind" in d}
    assert set(got) == {"villagers", "parcels", "purchases", "sms-notices"}
    assert got["villagers"]["rows"] == 1 and got["sms-notices"]["rows"] == 1 and got["parcels"]["rows"] == 0
    assert all(d["phones"] == "full" for d in got.values())
    assert got["villagers"]["file"] == str((tmp_path / "v.csv").resolve())


def test_no_file_is_left_when_the_export_cannot_be_audited(database, owner, tmp_path, monkeypatch):
    register.create(database, owner, VillagerInput("张三", "13800000001"))
    from pos.services import audit

    def read_only(*a, **k):
        import sqlite3

        from sqlalchemy.exc import OperationalError

        raise OperationalError("INSERT", {}, sqlite3.OperationalError("attempt to write a readonly database"))

    monkeypatch.setattr(audit, "record", read_only)
    out = tmp_path / "v.csv"
    with pytest.raises(csv_export.NotAudited) as e:
        csv_io.export_villagers(database, owner, out)
    assert "read" in str(e.value) and str(out) in str(e.value)
    assert list(tmp_path.glob("v.csv*")) == []


def test_export_villagers_on_a_read_only_data_folder_writes_nothing(tmp_path, qapp, capsys):
    """The database opens (read-only) but nothing can be written to it: the audit entry of the
    export cannot be committed, so the register must not be left on disk either."""
    import sqlite3
    import subprocess

    d = tmp_path / "data"
    assert main(["--data-dir", str(d), "init", "--station-name", "村站", "--owner-name", "王小明",
                 "--owner-pin", "1234"]) == 0
    db_file = d / "station.sqlite3"
    register_one = sqlite3.connect(db_file)  # holds the -wal and -shm open, as a running app would
    register_one.execute("PRAGMA journal_mode=WAL")
    register_one.execute("SELECT count(*) FROM villager").fetchone()
    out = tmp_path / "out" / "v.csv"
    out.parent.mkdir()
    targets = [p for p in [d, *d.rglob("*")] if not p.name.endswith(("-wal", "-shm"))]
    done = []
    try:
        for t in targets:
            if subprocess.run(["chattr", "+i", str(t)], capture_output=True).returncode != 0:
                pytest.skip("chattr +i not available")
            done.append(t)
        code = main(["--data-dir", str(d), "--lang", "en", "export", "villagers", "--out", str(out)])
    finally:
        for t in reversed(done):
            subprocess.run(["chattr", "-i", str(t)], capture_output=True)
        register_one.close()
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    assert not out.exists() and list(out.parent.iterdir()) == []
