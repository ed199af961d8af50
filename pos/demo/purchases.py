"""Demo assisted purchases: fifteen orders over two weeks, in every state of the life cycle."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from pos.db.models import Villager
from pos.db.models.parcel import Parcel
from pos.db.models.purchase import PurchaseWaybill
from pos.domain.purchases import ItemInput, PaymentPlan, RefundRequest, Tender
from pos.domain.users import Operator
from pos.services.purchases import links as purchase_links
from pos.services.purchases import refunds as purchase_refunds
from pos.services.purchases import orders as purchases
from pos.services.clock import Clock
from pos.demo.shifts import open_history_shift
from pos.services.purchases.views import get_order

_VILLAGERS = (("张桂英", "zgy", "13812345678"), ("李建国", "ljg", "13905781234"), ("王秀兰", "wxl", "15857804321"),
              ("陈德福", "cdf", "13758009876"), ("刘春梅", "lcm", "18967812233"))

# (days ago, villager index, items [(goods, shop, qty, price fen)], fee fen, plan, platform order, waybill, end state)
_ORDERS = (
    (13, 0, [("美的电饭煲 4L 智能预约", "美的官方旗舰店", 1, 25900)], 1000, "cash", "3581204467712", "73100118865046", "collected"),
    (12, 1, [("复合肥 45% 50斤装", "史丹利农资专营店", 4, 12800)], 2000, "account", "3581211893020", "YT7512345678901", "collected"),
    (11, 2, [("儿童羽绒服 白鸭绒 130码", "巴拉巴拉童装", 1, 18900), ("儿童棉袜 5双装", "南极人袜业", 2, 2990)], 500,
     "deposit", "3581232204551", "JDVA12345678901", "refunded_part"),
    (10, 3, [("老人手机 大字大声", "纽曼手机旗舰店", 1, 13900)], 500, "mobile", "3581245560219", "SF1234567890123", "collected"),
    (9, 4, [("手机壳 防摔 OPPO A58", "品胜数码专营", 2, 1500)], 200, "cash", "3581250098471", "", "cancelled"),
    (8, 0, [("保温水壶 2L", "苏泊尔厨具店", 1, 6900)], 300, "deposit", "3581266012378", "73100229976157", "arrived"),
    (9, 1, [("农用喷雾器 电动 16L", "农哥农具", 1, 16800)], 1000, "account", "3581271124490", "75200338812345", "late"),
    (6, 2, [("电热毯 双人 1.8米", "彩虹家纺旗舰店", 1, 8900)], 300, "cash", "3581288823001", "YT7523456789012", "arrived"),
    (5, 3, [("红富士苹果苗 嫁接 10棵", "山东果苗基地", 10, 450)], 500, "deposit", "3581290012266", "", "placed"),
    (4, 4, [("学生书包 护脊", "小学生文具店", 1, 9900), ("文具礼盒", "得力文具", 1, 3500)], 500, "mobile",
     "3581301145522", "JDVA23456789012", "shipped"),
    (3, 0, [("LED 护眼台灯", "欧普照明", 1, 7900)], 300, "account", "3581315567803", "73100440087268", "shipped"),
    (2, 1, [("鸡饲料 蛋鸡料 40斤", "正大饲料专营", 2, 9800)], 800, "cash", "3581320091145", "", "placed"),
    (1, 2, [("老花镜 300度", "目戏眼镜", 2, 2500)], 200, "deposit", "3581333308812", "", "placed"),
    (4, 3, [("棉拖鞋 男款 42码", "回力鞋业", 1, 3900)], 200, "mobile", "3581346612290", "SF2345678901234", "refunded_all"),
    (0, 4, [("洗衣液 10斤装", "蓝月亮官方店", 1, 5990), ("抽纸 24包", "清风旗舰店", 1, 4290)], 300, "cash",
     "3581350077014", "", "placed"),
)


def _clock(at: dt.datetime) -> Clock:
    """Each step of a demo order happens at its own moment."""
    return lambda: at


def _villagers(db) -> list:
    with db.unit_of_work() as s:
        found = list(s.scalars(select(Villager).where(Villager.active.is_(True)).order_by(Villager.created_at).limit(5)))
        for name, initials, phone in _VILLAGERS[len(found):]:
            v = Villager(name=name, name_initials=initials, phone=phone, phone_tail=phone[-4:])
            s.add(v)
            found.append(v)
        s.flush()
        return [v.id for v in found]


def _plan(kind: str, total: int, n: int) -> PaymentPlan:
    if kind == "mobile":
        return PaymentPlan("mobile", reference=f"微信 {4200 + n * 37}")
    if kind == "deposit":
        return PaymentPlan("deposit", deposit_fen=(total // 3) // 100 * 100)  # a round third, in whole yuan
    return PaymentPlan(kind)


def add_demo_purchases(db, owner: Operator, clock: Clock) -> int:
    """Add the demo orders placed over the two weeks before ``clock()``; returns how many."""
    open_history_shift(db, owner, clock)  # the repayments and deposits below are money
    now = clock()
    ids = _villagers(db)
    for n, (ago, vi, goods, fee, plan, platform, waybill, end) in enumerate(_ORDERS, start=1):
        at = (now - dt.timedelta(days=ago)).replace(hour=2 + n % 6, minute=(n * 7) % 60)
        at = min(at, now)
        items = tuple(ItemInput(g, q, p, shop) for g, shop, q, p in goods)
        total = sum(q * p for _, _, q, p in goods) + fee
        o = purchases.place_order(db, owner, _clock(at), purchases.OrderInput(
            items=items, plan=_plan(plan, total, n), villager_id=ids[vi % len(ids)], platform_orders=platform,
            service_fee_fen=fee))
        if end == "cancelled":
            purchase_refunds.cancel_order(db, owner, owner, _clock(at + dt.timedelta(hours=3)), o.id, "平台缺货，村民同意取消")
            continue
        if not waybill:
            continue
        shipped = at + dt.timedelta(hours=18)
        purchases.add_waybill(db, owner, _clock(shipped), o.id, waybill)
        if end in ("shipped", "late"):
            continue
        arrived = at + dt.timedelta(days=2, hours=5)
        _arrive(db, owner, waybill, arrived, n)
        if end == "arrived":
            continue
        picked = arrived + dt.timedelta(days=1)
        _collect(db, owner, o.id, picked, n)
        if end == "refunded_part":
            order = get_order(db, o.id)
            socks = order.items[-1]
            purchase_refunds.refund_items(db, owner, owner, _clock(picked + dt.timedelta(hours=2)), o.id,
                                          [RefundRequest(socks.id, 1, socks.unit_price_fen)], 0, "袜子少发一包，卖家补偿")
            purchases.set_return_waybill(db, owner, _clock(picked + dt.timedelta(hours=3)), o.id, "YT7534567890123")
        if end == "refunded_all":
            order = get_order(db, o.id)
            purchases.set_return_waybill(db, owner, _clock(picked + dt.timedelta(hours=1)), o.id, "SF3456789012345")
            purchase_refunds.refund_items(
                db, owner, owner, _clock(picked + dt.timedelta(hours=2)), o.id,
                [RefundRequest(i.id, i.quantity, i.line_total_fen) for i in order.items], order.service_fee_fen,
                "尺码不合适，已寄回卖家", "mobile", "微信退款")
    return len(_ORDERS)


def _arrive(db, owner: Operator, waybill: str, at: dt.datetime, n: int) -> None:
    with db.unit_of_work() as s:
        p = Parcel(waybill=purchases.check_waybill(waybill), carrier="OTHER", status="in_stock",
                   recipient_name="清水村服务站", shelf="G", layer=1, pickup_code=f"G-1-{9000 + n}",
                   checked_in_at=at, checked_in_by=owner.name)
        s.add(p)
        s.flush()
        purchase_links.on_parcel_checked_in(s, p, owner, _clock(at))


def _collect(db, owner: Operator, order_id, at: dt.datetime, n: int) -> None:
    with db.unit_of_work() as s:
        link = s.scalar(select(PurchaseWaybill).where(PurchaseWaybill.order_id == order_id))
        p = s.get(Parcel, link.parcel_id)
        p.status, p.picked_up_at, p.handed_over_by = "picked_up", at, owner.name
        due = purchase_links.amount_due_for_parcel(s, p.id)
        purchase_links.on_parcel_handed_over(s, p, owner, [Tender("cash", due)] if due else [], _clock(at))
