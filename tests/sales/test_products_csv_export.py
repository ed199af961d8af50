"""Catalogue, CSV import (all-or-nothing), sales export, receipts from the database, demo data."""

import csv
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from pos.cli import main
from pos.db.models import AccountEntry, AuditEntry, Product, Sale, Villager
from pos.domain.cart import Cart, CartLine, Tender
from pos.domain.errors import ValidationError
from pos.demo import sales as demo_sales
from pos.services import numbering
from pos.services.sales import products
from pos.services.sales import receipts as sale_receipts
from pos.services.sales import refunds as sale_refunds
from pos.services.sales import checkout as sales
from pos.services.sales.product_csv import import_products
from pos.services.sales.products import OwnerApprovalNeeded, ProductInput
from pos.services.sales.export import COLUMNS, export_sales

from .conftest import add_goods


def test_initials_and_search(database, boss, goods):
    assert products.initials("农夫山泉 550ml") == "nfsq550ml"
    assert [p.name for p in products.search(database, "nfsq")] == ["农夫山泉 550ml"]
    assert [p.name for p in products.search(database, "牛肉")] == ["康师傅红烧牛肉面"]
    assert [p.name for p in products.search(database, "692116")] == ["农夫山泉 550ml"]
    assert products.by_barcode(database, "６９２１１６８５０９２５６").name == "农夫山泉 550ml"
    assert [p.name for p in products.low_stock(database)] == ["康师傅红烧牛肉面"]


@pytest.mark.parametrize("inp, field", [
    (ProductInput("", 100), "name"),
    (ProductInput("x", 0), "price"),
    (ProductInput("x", -5), "price"),
    (ProductInput("x", 500_001), "price"),
    (ProductInput("x", 100, "6921168509257"), "barcode"),
    (ProductInput("x", 100, "6921168509256"), "barcode"),  # taken by the water
    (ProductInput("x", 100, stock=-1), "stock"),
])
def test_bad_products_refused(database, boss, goods, inp, field):
    with pytest.raises(ValidationError) as e:
        products.add_product(database, boss, inp)
    assert e.value.field == field


def test_stock_adjust_negative_needs_owner(database, boss, helper, goods):
    noodles = goods[1]
    assert products.adjust_stock(database, helper, noodles.id, 10, "到货").stock == 13
    with pytest.raises(OwnerApprovalNeeded):
        products.adjust_stock(database, helper, noodles.id, -20, "盘点")
    assert products.get_product(database, noodles.id).stock == 13
    assert products.adjust_stock(database, helper, noodles.id, -20, "盘点", approved_by=boss).stock == -7
    with pytest.raises(ValidationError):
        products.adjust_stock(database, helper, goods[2].id, 1)


def write(path, text, enc="utf-8-sig"):
    path.write_bytes(text.encode(enc))
    return path


def test_import_all_or_nothing_then_skip(database, boss, goods, tmp_path):
    f = write(tmp_path / "p.csv",
              "name,barcode,price_yuan,stock,low_stock,category,is_service\n"
              "可口可乐 330ml,6901028075831,3.00,24,6,饮料,0\n"
              "坏价格,,abc,1,0,,0\n"
              "零价格,,0,1,0,,0\n"
              "农夫山泉 550ml,6921168509256,2.50,,6,饮料,否\n"
              "重复,6901028075831,1.00,1,0,,0\n"
              "话费充值 100元,,100.00,,,服务,是\n")
    report = import_products(database, boss, f)
    assert not report.imported and report.rows == 6
    assert [r.line for r in report.rejected] == [3, 4, 6]
    assert [r.error.field for r in report.rejected] == ["price_yuan", "price_yuan", "barcode"]
    with database.reader() as s:
        assert s.scalar(select(func.count()).select_from(Product)) == 3  # nothing imported
    report = import_products(database, boss, f, skip_bad_rows=True)
    assert report.imported and (report.added, report.updated) == (2, 1)
    water = products.by_barcode(database, "6921168509256")
    assert (water.price_fen, water.stock) == (250, 24)  # empty stock cell leaves it alone
    assert products.search(database, "hfcz")[0].is_service


def test_import_gbk_and_chinese_headers(database, boss, tmp_path):
    f = write(tmp_path / "gbk.csv", "名称,条码,价格,库存\n大白兔奶糖,,12.00,6\n", "gb18030")
    assert import_products(database, boss, f).added == 1
    with pytest.raises(ValidationError):
        import_products(database, boss, write(tmp_path / "x.csv", "foo,bar\n1,2\n"))


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(price=st.text(max_size=10), stock=st.text(max_size=6))
def test_import_never_crashes_on_junk(database, tmp_path, price, stock):
    clean = lambda t: t.replace(",", "").replace("\n", "").replace("\r", "").replace('"', "")  # noqa: E731
    f = write(tmp_path / "junk.csv", f"name,price_yuan,stock\n测试,{clean(price)},{clean(stock)}\n")
    report = import_products(database, None, f)
    assert report.imported == (not report.rejected)


def _sell(db, op, clock, p, qty, tenders, villager=None):
    c = Cart()
    c.add(CartLine(p.id, p.name, p.price_fen, qty, p.category, p.is_service, p.stock))
    return sales.complete_sale(db, op, clock, c, tenders, villager)


def test_export_sales_csv(database, boss, goods, villager, clock, tmp_path):
    water, noodles, topup = goods
    r1 = _sell(database, boss, clock, water, 2, [Tender("cash", 1000)])
    _sell(database, boss, clock, topup, 1, [Tender("mobile", 3000, "WX9"), Tender("account", 2000)], villager)
    sale_refunds.refund_sale(database, boss, clock, r1.number, None, "", approved_by=boss)
    out = tmp_path / "sales.csv"
    assert export_sales(database, out) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert tuple(rows[0]) == COLUMNS
    assert rows[0]["total_yuan"] == "4.00" and rows[0]["cash_yuan"] == "4.00" and rows[0]["refunded_yuan"] == "4.00"
    assert rows[1]["mobile_yuan"] == "30.00" and rows[1]["account_yuan"] == "20.00" and rows[1]["villager"] == "张三"
    assert dt.datetime.fromisoformat(rows[0]["completed_at"]).utcoffset() is not None
    day = dt.date(2026, 11, 20)
    assert export_sales(database, tmp_path / "none.csv", day, day) == 0


def test_cli_import_and_export(qapp, tmp_path, capsys):  # qapp: a QApplication before the CLI
    data = tmp_path / "data"
    assert main(["init", "--data-dir", str(data), "--station-name", "清水村", "--owner-name", "王", "--owner-pin", "1234"]) == 0
    bad = write(tmp_path / "bad.csv", "name,price_yuan\n好,1.00\n坏,-1\n")
    assert main(["import", "products", str(bad), "--data-dir", str(data), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "line 3" in err and "nothing was imported" in err
    assert main(["import", "products", str(bad), "--skip-bad-rows", "--data-dir", str(data), "--lang", "en"]) == 0
    out = tmp_path / "s.csv"
    assert main(["export", "sales", "--out", str(out), "--data-dir", str(data), "--from", "2026-01-01"]) == 0
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("number,completed_at")
    assert main(["export", "sales", "--out", str(out), "--data-dir", str(data), "--from", "x"]) == 2


def test_receipts_from_the_database_and_reprint(database, boss, goods, villager, clock):
    water = goods[0]
    r = _sell(database, boss, clock, water, 3, [Tender("account", 600)], villager)
    doc = sale_receipts.receipt_document(database, r.number)
    text = "\n".join(str(b) for b in doc.blocks)
    assert "Balance owed on account" in text and "¥6.00" in text and not doc.has_drawer_kick()
    f = sale_refunds.refund_sale(database, boss, clock, r.number, None, "坏了", approved_by=boss)
    doc = sale_receipts.reprint_document(database, boss, f.number)
    text = "\n".join(str(b) for b in doc.blocks)
    assert "*** Reprint ***" in text and "坏了" in text and r.number in text
    with database.reader() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == sale_receipts.RECEIPT_REPRINTED)) == 1


def test_numbers_on_any_backend(any_database, clock):
    with any_database.unit_of_work() as s:
        a = numbering.next_number(s, "R", clock())
        b = numbering.next_number(s, "R", clock())
        c = numbering.next_number(s, "F", clock())
    assert (a[-4:], b[-4:], c[-4:]) == ("0001", "0002", "0001")


def test_sale_and_refund_on_any_backend(any_database, clock):
    from .conftest import _setup

    boss, _ = _setup(any_database)
    water, _, _ = add_goods(any_database, boss)
    r = _sell(any_database, boss, clock, water, 2, [Tender("cash", 500)])
    f = sale_refunds.refund_sale(any_database, boss, clock, r.number, None, "", approved_by=boss)
    assert (r.change_fen, f.total_fen, f.cash_fen) == (100, 400, 400)


def test_demo_sales(database, boss, clock):
    demo_sales.add_demo_sales(database, boss, clock)
    with database.reader() as s:
        assert s.scalar(select(func.count()).select_from(Product)) == len(demo_sales.CATALOGUE) >= 40
        assert s.scalar(select(func.count()).select_from(Sale)) >= 40
        for v in s.scalars(select(Villager)):
            total = s.scalar(select(func.coalesce(func.sum(AccountEntry.amount_fen), 0))
                             .where(AccountEntry.villager_id == v.id))
            assert v.balance_fen == total
    assert products.low_stock(database)
