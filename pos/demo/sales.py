"""Demo data for counter sales: a village shop's catalogue and a week of sales."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from pos.db.models import Villager
from pos.db.unit_of_work import Database
from pos.domain.barcodes import with_check_digit
from pos.domain.cart import Cart, CartLine, Discount, Tender
from pos.domain.users import Operator
from pos.services.sales import products
from pos.services.sales import refunds as sale_refunds
from pos.services.sales import checkout as sales
from pos.services.clock import Clock
from pos.demo.shifts import open_history_shift
from pos.services.local_days import day_start, local_day
from pos.services.sales.products import ProductInput

# name, price (fen), stock, low-stock mark, category; a None stock marks a service
CATALOGUE = [
    ("农夫山泉饮用天然水 550ml", 200, 48, 12, "饮料"), ("康师傅冰红茶 500ml", 350, 24, 6, "饮料"),
    ("可口可乐 330ml", 300, 24, 6, "饮料"), ("王老吉凉茶 310ml", 400, 20, 6, "饮料"),
    ("娃哈哈AD钙奶 4瓶装", 800, 10, 3, "饮料"), ("青岛啤酒 500ml", 550, 36, 12, "酒水"),
    ("红星二锅头 500ml", 1800, 8, 2, "酒水"), ("康师傅红烧牛肉面", 450, 30, 10, "食品"),
    ("统一老坛酸菜牛肉面", 450, 4, 10, "食品"), ("白象大骨面 5连包", 1350, 6, 2, "食品"),
    ("金龙鱼大米 5kg", 3990, 10, 3, "粮油"), ("鲁花花生油 1.8L", 4590, 5, 2, "粮油"),
    ("海天酱油 500ml", 990, 12, 3, "调味"), ("太太乐鸡精 200g", 890, 8, 2, "调味"),
    ("中盐加碘精制盐 400g", 300, 20, 5, "调味"), ("老干妈风味豆豉 280g", 1050, 12, 3, "调味"),
    ("恒顺香醋 500ml", 750, 2, 3, "调味"), ("旺旺雪饼 84g", 650, 15, 4, "零食"),
    ("卫龙辣条 106g", 500, 25, 6, "零食"), ("奥利奥饼干 97g", 790, 10, 3, "零食"),
    ("大白兔奶糖 114g", 1200, 6, 2, "零食"), ("雕牌洗衣粉 1.5kg", 1990, 6, 2, "日用"),
    ("蓝月亮洗洁精 1kg", 1290, 6, 2, "日用"), ("心相印抽纸 3包", 1290, 12, 4, "日用"),
    ("舒肤佳香皂 125g", 590, 10, 3, "日用"), ("高露洁牙膏 140g", 990, 8, 2, "日用"),
    ("南孚电池 5号 4粒", 1000, 12, 4, "日用"), ("公牛插线板 3米", 4900, 3, 1, "日用"),
    ("晨光中性笔 0.5mm", 200, 40, 10, "文具"), ("得力作业本 10本", 600, 20, 5, "文具"),
    ("打火机", 100, 50, 10, "日用"), ("蚊香 10盘", 850, 0, 3, "日用"),
    ("复合肥 5kg", 3500, 8, 2, "农资"), ("尿素 5kg", 2800, 6, 2, "农资"),
    ("菜籽 白菜 10g", 300, 30, 5, "农资"),
    ("话费充值", 5000, None, 0, "服务"), ("电费代缴", 10000, None, 0, "服务"),
    ("快递寄件费 首重", 1000, None, 0, "服务"), ("复印打印 每张", 50, None, 0, "服务"),
    ("照片冲印 每张", 200, None, 0, "服务"),
]
DEMO_VILLAGERS = [("赵大伯", "zdb", "13905781234", "1234", "一组"), ("孙阿姨", "say", "13757812468", "2468", "三组")]


def add_demo_sales(db: Database, owner: Operator, clock: Clock) -> None:
    open_history_shift(db, owner, clock)  # the week's sales are money: taken inside a shift
    rng = random.Random(20261122)
    items = []
    for i, (name, price, stock, low, category) in enumerate(CATALOGUE):
        service = stock is None
        barcode = "" if service else with_check_digit(f"69{23456000 + i * 37:08d}00"[:12])
        items.append(products.add_product(db, owner, ProductInput(
            name, price, barcode, 0 if service else stock + 12, low, category, service)))
    villager_ids = _villagers(db)
    goods = [p for p in items if not p.is_service]
    services = [p for p in items if p.is_service and p.price_fen <= 5000]
    today = local_day(clock())
    for back in range(7, 0, -1):
        start = day_start(today - dt.timedelta(days=back))
        for k in range(rng.randint(6, 10)):
            at = start + dt.timedelta(hours=8, minutes=rng.randint(0, 11 * 60))
            cart = Cart()
            for p in rng.sample(goods, rng.randint(1, 4)):
                cart.add(CartLine(p.id, p.name, p.price_fen, rng.randint(1, 3), p.category, False))
            if rng.random() < 0.25:
                s = rng.choice(services)
                cart.add(CartLine(s.id, s.name, s.price_fen, 1, s.category, True))
            if rng.random() < 0.15:
                cart.set_total_discount(Discount.percent(5))
            villager, tenders = _tenders(rng, cart.total_fen, villager_ids, f"{start:%m%d}{k:02d}")
            res = sales.complete_sale(db, owner, lambda at=at: at, cart, tenders, villager, approved_by=owner)
            if rng.random() < 0.05:
                later = at + dt.timedelta(minutes=30)
                sale_refunds.refund_sale(db, owner, lambda later=later: later, res.number, None,
                                         "顾客退货", approved_by=owner)


def _tenders(rng: random.Random, total: int, villager_ids: list, ref: str):
    r = rng.random()
    if r < 0.5:
        handed = ((total + 999) // 1000) * 1000 if rng.random() < 0.6 else total
        return None, [Tender("cash", handed)]
    if r < 0.8:
        return None, [Tender("mobile", total, f"42000{ref}{rng.randint(1000, 9999)}")]
    if r < 0.9 and villager_ids:
        return rng.choice(villager_ids), [Tender("account", total)]
    part = total // 2
    return None, [Tender("mobile", part, f"WX{ref}{rng.randint(100, 999)}"), Tender("cash", total - part)]


def _villagers(db: Database) -> list:
    """The register's villagers when there are some, else two of our own for sales on account."""
    with db.unit_of_work() as s:
        ids = list(s.scalars(select(Villager.id).where(Villager.active.is_(True)).limit(5)))
        if ids:
            return ids
        for name, initials, phone, tail, group in DEMO_VILLAGERS:
            v = Villager(name=name, name_initials=initials, phone=phone, phone_tail=tail, village_group=group)
            s.add(v)
            s.flush()
            ids.append(v.id)
        return ids
