"""Shared builders for the purchase tests."""

from sqlalchemy import select

from pos.db.models import AuditEntry, Villager
from pos.db.models.payment import AccountEntry, Payment
from pos.domain.purchases import ItemInput, PaymentPlan
from pos.services.purchases import orders as purchases

RICE_COOKER = ItemInput("美的电饭煲 4L", 1, 25900, "美的官方旗舰店", "https://detail.tmall.com/item.htm?id=1")
PHONE_CASE = ItemInput("手机壳 OPPO A58", 2, 1500, "品胜数码")


def order_input(plan=None, villager_id=None, items=(RICE_COOKER, PHONE_CASE), fee=500, platform="3581204467712",
                name=""):
    return purchases.OrderInput(items=tuple(items), plan=plan or PaymentPlan("cash"), villager_id=villager_id,
                                customer_name=name, platform_orders=platform, service_fee_fen=fee)


TOTAL = 25900 + 3000 + 500


def payments(db, order_id=None):
    with db.reader() as s:
        q = select(Payment).order_by(Payment.at, Payment.created_at)
        if order_id is not None:
            q = q.where(Payment.purchase_id == order_id)
        return [(p.purpose, p.method, p.amount_fen) for p in s.scalars(q)]


def balance(db, villager_id):
    with db.reader() as s:
        v = s.get(Villager, villager_id)
        entries = sum(e.amount_fen for e in s.scalars(select(AccountEntry).where(AccountEntry.villager_id == villager_id)))
        return v.balance_fen, entries


def audit_actions(db):
    with db.reader() as s:
        return [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.at))]
