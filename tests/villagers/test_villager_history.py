"""A villager's history: parcels (linked, or found by phone), purchases, sales, account entries."""

import datetime as dt

from pos.db.models import Parcel, PurchaseItem, PurchaseOrder, Sale, SaleLine
from pos.domain.villager_fields import VillagerInput
from pos.services.villagers import history as vh
from pos.services.shifts import drawer as shifts
from pos.services.villagers import register as vs
from pos.wiring import wire_station

from .conftest import NOW

PROVIDERS = vh.providers(wire_station().rules)  # as the villagers page asks


def english(entry):
    return entry.text(lambda _context, text: text)


def parcel(s, waybill, *, at, status="in_stock", **kw):
    p = Parcel(waybill=waybill, carrier=kw.pop("carrier", "ZTO"), status=status, checked_in_at=at, **kw)
    s.add(p)
    return p


def test_parcels_linked_and_found_by_phone(any_database, any_people, clock):
    db, (owner, _) = any_database, any_people
    v = vs.create(db, owner, VillagerInput("张三", "13812345678", "三组"), clock)
    other = vs.create(db, owner, VillagerInput("李四", "13900005678", "三组"), clock)
    day = dt.timedelta(days=1)
    with db.unit_of_work() as s:
        parcel(s, "ZT1001", at=NOW - 3 * day, villager_id=v.id, pickup_code="A-3-0001", fee_due_fen=100)
        parcel(s, "ZT1002", at=NOW - 2 * day, status="picked_up", phone="13812345678", phone_masked="138****5678",
               phone_tail="5678", picked_up_at=NOW - day, collector_name="张小军")
        parcel(s, "SF1003", at=NOW - 4 * day, carrier="SF", status="returned", phone_masked="138****5678",
               phone_tail="5678", returned_at=NOW - day)
        parcel(s, "ZT1004", at=NOW - 5 * day, phone_masked="139****5678", phone_tail="5678")  # 李四's
        parcel(s, "ZT1005", at=NOW - 5 * day, villager_id=other.id, phone_masked="138****5678", phone_tail="5678")
    entries = vh.history(db, owner, v.id, PROVIDERS)
    assert [e.params["waybill"] for e in entries] == ["ZT1002", "ZT1001", "SF1003"]
    texts = [english(e) for e in entries]
    assert "picked up" in texts[0] and "by 张小军" in texts[0]
    assert texts[1] == "ZTO Express ZT1001: on the shelf, pickup code A-3-0001"
    assert texts[2].startswith("SF Express SF1003: returned to the courier")
    assert entries[1].amount_fen == 100 and entries[0].amount_fen is None
    assert entries[0].params["carrier_zh"] == "中通快递"
    assert {e.kind for e in entries} == {"parcel"}


def test_account_sales_and_purchases(database, people, clock):
    owner, assistant = people
    v = vs.create(database, owner, VillagerInput("张三", "", "三组"), clock)
    vs.adjust_balance(database, owner, v.id, 5000, "旧账", clock)
    clock.advance(hours=1)
    shifts.open_shift(database, assistant, clock, 20000)
    vs.record_payment(database, assistant, v.id, 2000, "cash", "", clock)
    with database.unit_of_work() as s:
        sale = Sale(number="R20261119-0007", villager_id=v.id, total_fen=1550, completed_at=NOW - dt.timedelta(days=1))
        order = PurchaseOrder(number="P20261118-0003", villager_id=v.id, status="shipped", total_fen=8900,
                              placed_at=NOW - dt.timedelta(days=2))
        s.add_all([sale, order])
        s.flush()
        s.add_all([SaleLine(sale_id=sale.id, description="酱油", unit_price_fen=1050, quantity=1, total_fen=1050),
                   SaleLine(sale_id=sale.id, description="食盐", unit_price_fen=500, quantity=1, total_fen=500),
                   PurchaseItem(order_id=order.id, description="电饭煲", unit_price_fen=8900)])
    entries = vh.history(database, owner, v.id, PROVIDERS)
    assert [(e.kind, e.amount_fen) for e in entries] == [
        ("account", -2000), ("account", 5000), ("sale", 1550), ("purchase", 8900)]
    assert [english(e) for e in entries] == [
        "Payment received on account by 李芳",
        "Balance adjusted by 王小明 · 旧账",
        "Receipt R20261119-0007: 酱油、食盐",
        "Order P20261118-0003 shipped: 电饭煲",
    ]


def test_a_later_feature_adds_a_provider(database, people, clock):
    owner, _ = people
    v = vs.create(database, owner, VillagerInput("张三", ""), clock)

    def visits(_session, villager):
        yield vh.HistoryEntry(NOW, "visit", "Visit", "Came by for {what}", {"what": villager.name})

    entries = vh.history(database, owner, v.id, providers=(*PROVIDERS, visits))
    assert [english(e) for e in entries] == ["Came by for 张三"]
