"""A small station history in June and July 2026 (Asia/Shanghai) with known income.

Rates: parcels 0.50 per check-in for every carrier, SF 1.00 per handover; purchases 3 % on
everything, 家电 5 %, from 2026-01-01; from 2026-07-01 every parcel check-in pays 0.80.
"""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from pos.db.models import (Parcel, PurchaseItem, PurchaseOrder, Refund, RefundLine, Sale, SaleLine, Station)
from pos.domain.income import ANY, PARCEL_FEE, PURCHASE_COMMISSION, Rate

SHANGHAI = ZoneInfo("Asia/Shanghai")
D = dt.date

RATES = (Rate(PARCEL_FEE, ANY, D(2026, 1, 1), fen_each=50, event="checkin"),
         Rate(PARCEL_FEE, "SF", D(2026, 1, 1), fen_each=100, event="handover"),
         Rate(PURCHASE_COMMISSION, ANY, D(2026, 1, 1), bp=300),
         Rate(PURCHASE_COMMISSION, "家电", D(2026, 1, 1), bp=500))
JULY_RATE = Rate(PARCEL_FEE, ANY, D(2026, 7, 1), fen_each=80, event="checkin")


def L(month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:  # noqa: N802
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def _parcel(n: int, carrier: str, checked_in, picked=None, returned=None) -> Parcel:
    status = "picked_up" if picked else "returned" if returned else "in_stock"
    return Parcel(waybill=f"WB{n:010d}", carrier=carrier, status=status, checked_in_at=checked_in,
                  picked_up_at=picked, returned_at=returned, phone_masked="138****5678", phone_tail="5678",
                  pickup_code=f"A-1-{n:04d}" if status == "in_stock" else "")


def build(db) -> None:
    with db.unit_of_work() as s:
        s.add(Station(name="清水村电商服务站"))
        s.add_all([
            # June: 4 check-ins (one at 00:30 on 1 July local is July's), SF handed over twice
            _parcel(1, "SF", L(6, 2), picked=L(6, 3)),
            _parcel(2, "SF", L(6, 30, 23, 59), picked=L(7, 1, 0, 10)),  # handover on 1 July
            _parcel(3, "ZTO", L(6, 10), picked=L(6, 11)),
            _parcel(4, "ZTO", L(6, 11), returned=L(6, 20)),  # returned: no handover
            _parcel(5, "YTO", L(7, 1, 0, 30)),  # 30 June 16:30 UTC, but July locally
            _parcel(6, "ZTO", L(5, 31, 23)),  # May
        ])
        # purchases: A collected in June (家电 10,000 less 2,000 refunded before collection,
        # 食品 1,000); A's 家电 has 3,000 more refunded in July after collection; B placed, never
        # collected; C collected 1 July
        a, b, c = (PurchaseOrder(id=uuid.uuid4(), number=f"P{i}", status=st, placed_at=L(6, 1),
                                 collected_at=col)
                   for i, st, col in ((1, "collected", L(6, 15)), (2, "placed", None), (3, "collected", L(7, 1, 9))))
        s.add_all([a, b, c])
        s.flush()
        a1 = PurchaseItem(order_id=a.id, description="电饭煲", unit_price_fen=10_000, quantity=1, category="家电")
        a2 = PurchaseItem(order_id=a.id, description="饼干", unit_price_fen=500, quantity=2, category="食品")
        b1 = PurchaseItem(order_id=b.id, description="衣服", unit_price_fen=9_000, quantity=1, category="服装")
        c1 = PurchaseItem(order_id=c.id, description="水壶", unit_price_fen=2_000, quantity=1, category="")
        s.add_all([a1, a2, b1, c1])
        s.flush()
        for n, order, at, item, amount in (("T1", a, L(6, 12), a1, 2_000), ("T2", a, L(7, 5), a1, 3_000)):
            r = Refund(number=n, purchase_id=order.id, total_fen=amount, at=at, reason="x")
            s.add(r)
            s.flush()
            s.add(RefundLine(refund_id=r.id, purchase_item_id=item.id, quantity=0, amount_fen=amount))
        # sales: a line with cost (4 × 2.50, cost 1.50) on 30 June, one returned 2 July; a line
        # without cost; a weighed line (750 g at 8.00/jin, cost 6.00/jin)
        sale = Sale(id=uuid.uuid4(), number="R1", completed_at=L(6, 30, 20), subtotal_fen=2200, total_fen=2200)
        s.add(sale)
        s.flush()
        water = SaleLine(sale_id=sale.id, description="矿泉水", category="饮料", unit_price_fen=250, quantity=4,
                         total_fen=1000, cost_fen=150)
        soap = SaleLine(sale_id=sale.id, description="肥皂", category="日用品", unit_price_fen=1200, quantity=1,
                        total_fen=1200, cost_fen=None)
        rice = SaleLine(sale_id=sale.id, description="大米", category="粮油", unit_price_fen=1200, quantity=1,
                        total_fen=1200, cost_fen=600, weight_grams=750, weight_unit="jin", price_per_unit_fen=800)
        s.add_all([water, soap, rice])
        s.flush()
        r = Refund(number="T3", sale_id=sale.id, total_fen=250, at=L(7, 2), reason="x")
        s.add(r)
        s.flush()
        s.add(RefundLine(refund_id=r.id, sale_line_id=water.id, quantity=1, amount_fen=250))


# June: parcels 4 check-ins × 50 + SF handover 100 = 300; purchases 家电 8,000 × 5 % = 400,
# 食品 1,000 × 3 % = 30; margin water 1,000 - 600 = 400, rice 1,200 - 900 = 300
JUNE = {"parcel_fee": 300, "purchase_commission": 430, "service_commission": 0, "sales_margin": 700}
# July (rate 80 per check-in from 1 July): YTO check-in 80, SF handover 100; purchases: C 2,000 × 3 %
# = 60, A's refund after collection -3,000 × 5 % = -150; margin: the returned water -(250 - 150)
JULY = {"parcel_fee": 180, "purchase_commission": -90, "service_commission": 0, "sales_margin": -100}
