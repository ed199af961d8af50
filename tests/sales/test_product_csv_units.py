"""The product CSV's unit column (piece, jin, kg): exported, imported back, in English or Chinese;
an empty cell keeps the stored unit; a wrong one is refused with its line."""

import csv

import pytest

from pos.cli import main
from pos.db.engine import make_engine, sqlite_url
from pos.db.migrate import upgrade
from pos.db.unit_of_work import Database
from pos.services.sales import products
from pos.services.sales.product_csv import import_products
from pos.services.sales.product_export import COLUMNS, export_products
from pos.services.sales.products import ProductInput

CATALOGUE = [
    ProductInput("农夫山泉 550ml", 200, "6921168509256", 24, 6, "饮料"),
    ProductInput("散装大米", 300, "6901234567892", category="粮油", unit="jin"),
    ProductInput("土鸡蛋", 1600, "6901234567885", category="农产品", unit="kg"),
    ProductInput("话费充值", 5000, "", category="服务", is_service=True),
]


def write(path, text, enc="utf-8-sig"):
    path.write_bytes(text.encode(enc))
    return path


def by_name(db) -> dict[str, products.ProductView]:
    return {p.name: p for p in products.all_products(db)}


@pytest.fixture
def other_station(tmp_path):
    eng = make_engine(sqlite_url(tmp_path / "other.sqlite3"))
    upgrade(eng, "head")
    yield Database(eng)
    eng.dispose()


def test_the_catalogue_goes_out_and_comes_back_with_its_units(database, boss, other_station, tmp_path):
    for inp in CATALOGUE:
        products.add_product(database, boss, inp)
    out = tmp_path / "products.csv"

    assert export_products(database, out) == 4
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert tuple(rows[0]) == COLUMNS and COLUMNS[-1] == "unit"
    assert {r["name"]: r["unit"] for r in rows} == {
        "农夫山泉 550ml": "piece", "散装大米": "jin", "土鸡蛋": "kg", "话费充值": "piece"}
    assert next(r for r in rows if r["name"] == "散装大米")["price_yuan"] == "3.00"

    report = import_products(other_station, None, out)
    assert report.imported and report.added == 4 and not report.rejected
    before, after = by_name(database), by_name(other_station)
    for name, p in before.items():
        q = after[name]
        assert (q.unit, q.price_fen, q.barcode, q.stock, q.low_stock, q.category, q.is_service) == (
            p.unit, p.price_fen, p.barcode, p.stock, p.low_stock, p.category, p.is_service), name
    assert after["散装大米"].weighed and after["土鸡蛋"].weighed and not after["农夫山泉 550ml"].weighed


def test_chinese_units_update_and_an_empty_cell_keeps_the_unit(database, boss, tmp_path):
    products.add_product(database, boss, ProductInput("散装大米", 300, "6901234567892", unit="jin"))
    f = write(tmp_path / "gbk.csv", "名称,条码,售价,单位\n散装大米,6901234567892,6.00,公斤\n红薯,,2.50,斤\n毛巾,,9.90,个\n",
              enc="gb18030")
    report = import_products(database, boss, f)
    assert (report.added, report.updated) == (2, 1)
    got = by_name(database)
    assert (got["散装大米"].unit, got["红薯"].unit, got["毛巾"].unit) == ("kg", "jin", "piece")

    # no unit said: the rice stays by kg; an older file without the column likewise
    import_products(database, boss, write(tmp_path / "blank.csv", "name,barcode,price_yuan,unit\n散装大米,6901234567892,6.20,\n"))
    import_products(database, boss, write(tmp_path / "old.csv", "name,barcode,price_yuan\n散装大米,6901234567892,6.40\n"))
    rice = by_name(database)["散装大米"]
    assert rice.unit == "kg" and rice.price_fen == 640


def test_a_unit_that_is_not_one_is_refused_with_its_line(database, boss, tmp_path):
    f = write(tmp_path / "bad.csv", "name,price_yuan,unit\n红薯,2.50,jin\n香油,30.00,两\n")
    report = import_products(database, boss, f)
    assert not report.imported and [(r.line, r.error.field) for r in report.rejected] == [(3, "unit")]
    assert "红薯" not in by_name(database)  # all or nothing


def test_cli_exports_the_products(qapp, tmp_path, capsys):  # qapp: a QApplication before the CLI
    data = tmp_path / "data"
    assert main(["init", "--data-dir", str(data), "--station-name", "清水村", "--owner-name", "王",
                 "--owner-pin", "1234"]) == 0
    f = write(tmp_path / "in.csv", "name,price_yuan,unit\n红薯,2.50,斤\n")
    assert main(["import", "products", str(f), "--data-dir", str(data), "--lang", "en"]) == 0
    out = tmp_path / "out.csv"
    assert main(["export", "products", "--out", str(out), "--data-dir", str(data), "--lang", "en"]) == 0
    assert "Wrote 1 products" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8-sig").splitlines()[1].endswith(",jin")
    assert main(["export", "products", "--out", str(out), "--from", "2026-01-01", "--data-dir", str(data),
                 "--lang", "en"]) == 2
    assert "no dates" in capsys.readouterr().err
