"""The records income needs: a goods category on purchase items (kept, offered, sent to the
county) and a cost price on products (edited, imported, snapshotted on each sale line)."""

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from pos.db.models import Product, PurchaseItem, SaleLine
from pos.domain.cart import Cart, CartLine, Tender
from pos.domain.errors import ValidationError
from pos.domain.purchases import PaymentPlan
from pos.domain.users import Operator, Role
from pos.services.clock import ManualClock
from pos.services.purchases import orders as purchases
from pos.services.sales import checkout, product_csv, products
from pos.services.sales.products import ProductInput
from pos.services.shifts import drawer as shifts
from pos.sync import contract, records
from tests.purchases.helpers import PHONE_CASE, RICE_COOKER, order_input

BOSS = Operator(uuid.uuid4(), "王小明", Role.OWNER)


@pytest.fixture
def clock():
    return ManualClock(dt.datetime(2026, 11, 22, 2, 30, tzinfo=dt.timezone.utc))


@pytest.fixture
def open_shift(database, clock):
    shifts.open_shift(database, BOSS, lambda: clock() - dt.timedelta(hours=1), 20000)


def test_a_purchase_item_keeps_its_category_and_the_county_is_sent_it(database, clock, open_shift):
    items = (dataclasses.replace(RICE_COOKER, category=" 家电 "), PHONE_CASE)
    order = purchases.place_order(database, BOSS, clock, order_input(PaymentPlan("cash"), items=items, name="张桂英"))
    with database.reader() as s:
        got = sorted(s.scalars(select(PurchaseItem.category)))
        sent = records.read(s, "purchase", str(order.id), "st-1")
    assert got == ["", "家电"]
    assert purchases.goods_categories(database) == ["家电"]
    kind, body = sent
    assert sorted(i["category"] for i in body["items"]) == ["", "家电"]
    spec = contract.RECORD_KINDS["purchase"]["items"]
    assert spec[1] == []  # items may be left out (an older station), a category in them too
    long = dataclasses.replace(RICE_COOKER, category="类" * 51)
    with pytest.raises(ValidationError):
        purchases.place_order(database, BOSS, clock, order_input(PaymentPlan("cash"), items=(long,), name="张桂英"))


def test_cost_price_edited_and_snapshotted_on_the_sale(database, clock, open_shift):
    water = products.add_product(database, BOSS, ProductInput("矿泉水", 250, "", 10, 0, "饮料", cost_fen=150))
    assert water.cost_fen == 150
    with pytest.raises(ValidationError):
        products.update_product(database, BOSS, water.id, ProductInput("矿泉水", 250, cost_fen=-1))
    cart = Cart()
    cart.add(CartLine(water.id, water.name, water.price_fen, 2, water.category, False, water.stock, None))
    checkout.complete_sale(database, BOSS, clock, cart, [Tender("cash", 500)])
    # a later change of cost leaves the sold line's cost alone
    products.update_product(database, BOSS, water.id, ProductInput("矿泉水", 250, category="饮料", cost_fen=180))
    with database.reader() as s:
        assert s.scalar(select(SaleLine.cost_fen)) == 150
        assert s.get(Product, water.id).cost_fen == 180


def test_product_csv_cost_column(database, tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("名称,条码,价格,进价\n矿泉水,6921168509256,2.50,1.50\n酱油,6920152400777,12,\n", encoding="utf-8")
    report = product_csv.import_products(database, BOSS, f)
    assert report.imported and report.added == 2
    with database.reader() as s:
        costs = dict(s.execute(select(Product.name, Product.cost_fen)).all())
    assert costs == {"矿泉水": 150, "酱油": None}
    # a file without the cost column leaves the stored cost alone; a bad cost is reported per row
    f.write_text("名称,条码,价格\n矿泉水,6921168509256,2.80\n", encoding="utf-8")
    assert product_csv.import_products(database, BOSS, f).updated == 1
    with database.reader() as s:
        assert s.scalar(select(Product.cost_fen).where(Product.name == "矿泉水")) == 150
    f.write_text("名称,条码,价格,进价\n矿泉水,6921168509256,2.80,abc\n", encoding="utf-8")
    bad = product_csv.import_products(database, BOSS, f)
    assert not bad.imported and bad.rejected[0].line == 2
