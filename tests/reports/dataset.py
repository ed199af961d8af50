"""A small hand-made station history with exactly known report numbers (Asia/Shanghai time).

Report day D = 2026-11-20; the clock stands at 2026-11-22 10:00 local. See test_report_numbers.py
for what each figure must be and why.
"""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from pos.db.models import (
    AccountEntry, Parcel, Payment, PurchaseOrder, Refund, RefundLine, Sale, SaleLine, Shift, Station, Villager,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 11, 20)


def L(month: int, day: int, hour: int = 12, minute: int = 0, second: int = 0) -> dt.datetime:  # noqa: N802
    """A local (Shanghai) time in November 2026, as an aware datetime."""
    return dt.datetime(2026, month, day, hour, minute, second, tzinfo=SHANGHAI)


NOW = L(11, 22, 10)


def clock() -> dt.datetime:
    return NOW.astimezone(dt.timezone.utc)


def _parcel(n: int, carrier: str, status: str, checked_in: dt.datetime, *, picked=None, returned=None,
            name: str = "张三", code: str = "") -> Parcel:
    return Parcel(
        waybill=f"WB{n:010d}", carrier=carrier, status=status, checked_in_at=checked_in,
        picked_up_at=picked, returned_at=returned, recipient_name=name,
        phone_masked="138****5678", phone_tail="5678", pickup_code=code or f"A-1-{n:04d}",
    )


def build(db) -> None:
    with db.unit_of_work() as s:
        s.add(Station(name="清水村电商服务站", address="浙江省丽水市遂昌县清水村", phone="0578-8123456"))
        s.add_all([
            _parcel(1, "SF", "picked_up", L(11, 20, 8), picked=L(11, 20, 18)),
            _parcel(2, "SF", "in_stock", L(11, 20, 0, 30)),
            _parcel(3, "ZTO", "picked_up", L(11, 19, 23, 30), picked=L(11, 21, 9)),
            _parcel(4, "ZTO", "returned", L(11, 10, 10), returned=L(11, 20, 15)),
            _parcel(5, "YTO", "in_stock", L(11, 15, 9), name="李四"),
            _parcel(6, "JT", "picked_up", L(11, 12, 9), picked=L(11, 21, 10), name="王五"),
            _parcel(7, "SF", "awaiting_phone", L(11, 20, 23, 59), code="-"),
            _parcel(8, "EMS", "in_stock", L(11, 21, 9)),
            _parcel(9, "YTO", "picked_up", L(11, 17, 12), picked=L(11, 20, 23, 59, 59)),
        ])
        villager = Villager(name="赵六", phone="13800001111", phone_tail="1111")
        s.add(villager)
        s.flush()
        sales = []
        for number, at, lines, discount in (
            ("R1", L(11, 20, 10), [("矿泉水", "饮料", 200, 2), ("洗衣粉", "日用品", 1550, 1)], 50),
            ("R2", L(11, 20, 16), [("话费充值", "服务", 5000, 1)], 0),
            ("R3", L(11, 20, 20), [("酱油", "调料", 1200, 1)], 0),
            ("R4", L(11, 19, 23), [("矿泉水", "饮料", 300, 1)], 0),
        ):
            subtotal = sum(p * q for _, _, p, q in lines)
            sale = Sale(id=uuid.uuid4(), number=number, completed_at=at, subtotal_fen=subtotal,
                        discount_fen=discount, total_fen=subtotal - discount)
            s.add(sale)
            s.flush()
            for desc, cat, price, qty in lines:
                s.add(SaleLine(sale_id=sale.id, description=desc, category=cat, unit_price_fen=price,
                               quantity=qty, total_fen=price * qty))
            sales.append(sale)
        s.flush()
        refund = Refund(number="T1", sale_id=sales[0].id, total_fen=200, at=L(11, 20, 17), reason="退一瓶水")
        s.add(refund)
        s.flush()
        s.add(RefundLine(refund_id=refund.id, quantity=1, amount_fen=200))
        orders = [
            PurchaseOrder(number="P1", status="placed", placed_at=L(11, 20, 9), total_fen=10000,
                          items_total_fen=9500, service_fee_fen=500),
            PurchaseOrder(number="P2", status="arrived", placed_at=L(11, 18), arrived_at=L(11, 20, 11),
                          total_fen=20000, items_total_fen=19000, service_fee_fen=1000),
            PurchaseOrder(number="P3", status="collected", placed_at=L(11, 15), arrived_at=L(11, 19),
                          collected_at=L(11, 20, 12), total_fen=5000, items_total_fen=4800, service_fee_fen=200),
            PurchaseOrder(number="P4", status="cancelled", placed_at=L(11, 20, 13), cancelled_at=L(11, 20, 14),
                          total_fen=8000, items_total_fen=7800, service_fee_fen=200),
        ]
        s.add_all(orders)
        s.flush()
        pay = [
            ("sale", "cash", 1900, L(11, 20, 10), sales[0].id, None),
            ("sale", "mobile", 5000, L(11, 20, 16), sales[1].id, None),
            ("sale", "account", 1200, L(11, 20, 20), sales[2].id, None),
            ("sale", "cash", 300, L(11, 19, 23), sales[3].id, None),
            ("sale_refund", "cash", -200, L(11, 20, 17), sales[0].id, None),
            ("purchase_deposit", "cash", 3000, L(11, 20, 9), None, orders[0].id),
            ("purchase_balance", "mobile", 2000, L(11, 20, 12), None, orders[2].id),
            ("purchase_deposit", "cash", 1000, L(11, 20, 13), None, orders[3].id),
            ("purchase_refund", "cash", -1000, L(11, 20, 14), None, orders[3].id),
            ("parcel_fee", "cash", 100, L(11, 20, 18), None, None),
            ("account_payment", "cash", 500, L(11, 20, 19), None, None),
            ("cash_out", "cash", -2000, L(11, 20, 21, 30), None, None),
        ]
        s.add_all(Payment(purpose=p, method=m, amount_fen=a, at=at, sale_id=sid, purchase_id=pid)
                  for p, m, a, at, sid, pid in pay)
        s.add_all([
            AccountEntry(villager_id=villager.id, at=L(11, 10), amount_fen=800, kind="sale"),
            AccountEntry(villager_id=villager.id, at=L(11, 20, 20), amount_fen=1200, kind="sale"),
            AccountEntry(villager_id=villager.id, at=L(11, 20, 19), amount_fen=-500, kind="payment"),
        ])
        s.add_all([
            Shift(number="S0", opened_at=L(11, 19, 7), closed_at=L(11, 19, 21), float_fen=20000,
                  expected_cash_fen=20300, counted_cash_fen=20300, variance_fen=0, opened_by="王小明"),
            Shift(number="S1", opened_at=L(11, 20, 7, 30), closed_at=L(11, 20, 21), float_fen=20000,
                  expected_cash_fen=25300, counted_cash_fen=25200, variance_fen=-100,
                  variance_reason="找零差错", opened_by="王小明", closed_by="李芳"),
            Shift(number="S2", opened_at=L(11, 22, 8), float_fen=15000, opened_by="李芳"),
        ])
