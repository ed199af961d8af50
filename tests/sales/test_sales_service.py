"""complete_sale, refunds and receipt numbers against a real (SQLite) database."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from pos.db.models import AccountEntry, AuditEntry, Payment, Product, Sale, Sequence, Villager
from pos.domain.cart import Cart, CartLine, Discount, Tender
from pos.domain.errors import NotFound, PermissionDenied, ValidationError
from pos.services.sales import refunds as sale_refunds
from pos.services.sales import checkout as sales
from pos.services.sales.products import OwnerApprovalNeeded


def line(p, qty=1, discount=None):
    return CartLine(p.id, p.name, p.price_fen, qty, p.category, p.is_service, p.stock, discount)


def cart_of(*lines, total_discount=None):
    c = Cart()
    for ln in lines:
        c.add(ln)
    if total_discount:
        c.set_total_discount(total_discount)
    return c


def stock_of(db, pid):
    with db.reader() as s:
        return s.get(Product, pid).stock


def balance_matches_entries(db, vid):
    with db.reader() as s:
        v = s.get(Villager, vid)
        total = s.scalar(select(func.coalesce(func.sum(AccountEntry.amount_fen), 0))
                         .where(AccountEntry.villager_id == vid))
        return v.balance_fen == total, v.balance_fen


def test_cash_sale_numbers_stock_payments(database, helper, goods, clock):
    water, noodles, topup = goods
    res = sales.complete_sale(database, helper, clock, cart_of(line(water, 2), line(topup)),
                              [Tender("cash", 10000)])
    assert res.number == "R20261122-0001"
    assert (res.total_fen, res.change_fen, res.cash_fen) == (5400, 4600, 5400)
    assert stock_of(database, water.id) == 22
    assert stock_of(database, topup.id) == 0  # a service has no stock to take
    with database.reader() as s:
        pays = s.scalars(select(Payment)).all()
        assert [(p.method, p.amount_fen, p.purpose, p.receipt_number) for p in pays] == [
            ("cash", 5400, "sale", "R20261122-0001")]
    res2 = sales.complete_sale(database, helper, clock, cart_of(line(water)), [Tender("cash", 200)])
    assert res2.number == "R20261122-0002"


def test_numbers_restart_each_local_day_and_per_prefix(database, helper, goods, clock):
    water = goods[0]
    clock.at = dt.datetime(2026, 11, 22, 15, 59, tzinfo=dt.timezone.utc)  # 23:59 in China
    # the local day is the machine's; compute the expected date the same way
    from pos.services.local_days import local_day

    n1 = sales.complete_sale(database, helper, clock, cart_of(line(water)), [Tender("cash", 200)]).number
    clock.advance(hours=12)
    n2 = sales.complete_sale(database, helper, clock, cart_of(line(water)), [Tender("cash", 200)]).number
    assert n1 == f"R{local_day(dt.datetime(2026, 11, 22, 15, 59, tzinfo=dt.timezone.utc)):%Y%m%d}-0001"
    assert n2.endswith("-0001") and n2 != n1


def test_failed_sale_burns_no_number_and_changes_nothing(database, helper, goods, clock):
    water = goods[0]
    with pytest.raises(ValidationError):
        sales.complete_sale(database, helper, clock, cart_of(line(water, 3)), [Tender("cash", 100)])
    assert stock_of(database, water.id) == 24
    with database.reader() as s:
        assert s.scalar(select(func.count()).select_from(Sale)) == 0
        # the open shift's own counters aside (tests/sales/conftest.py opens one)
        assert s.scalar(select(func.count()).select_from(Sequence).where(Sequence.key.not_like("shift%"))) == 0
    assert sales.complete_sale(database, helper, clock, cart_of(line(water)), [Tender("cash", 200)]).number.endswith("-0001")


def test_mixed_tenders_and_account(database, helper, goods, villager, clock):
    water, noodles, topup = goods
    cart = cart_of(line(topup), line(water, 5))  # 50 + 10 = 60 yuan
    res = sales.complete_sale(database, helper, clock, cart,
                              [Tender("mobile", 3000, "4200009876"), Tender("account", 2000), Tender("cash", 1500)],
                              villager_id=villager)
    assert (res.total_fen, res.change_fen, res.cash_fen, res.balance_fen) == (6000, 500, 1000, 2000)
    ok, bal = balance_matches_entries(database, villager)
    assert ok and bal == 2000
    with database.reader() as s:
        pays = {p.method: (p.amount_fen, p.reference) for p in s.scalars(select(Payment))}
    assert pays == {"cash": (1000, ""), "mobile": (3000, "4200009876"), "account": (2000, "")}


def test_account_needs_a_villager(database, helper, goods, clock):
    with pytest.raises(ValidationError) as e:
        sales.complete_sale(database, helper, clock, cart_of(line(goods[0])), [Tender("account", 200)])
    assert e.value.field == "villager"


def test_unknown_villager(database, helper, goods, clock):
    import uuid

    with pytest.raises(NotFound):
        sales.complete_sale(database, helper, clock, cart_of(line(goods[0])), [Tender("account", 200)],
                            villager_id=uuid.uuid4())


def test_negative_stock_needs_owner(database, boss, helper, goods, clock):
    noodles = goods[1]
    with pytest.raises(OwnerApprovalNeeded) as e:
        sales.complete_sale(database, helper, clock, cart_of(line(noodles, 5)), [Tender("cash", 2250)])
    assert e.value.action_key == sales.ACTION_NEGATIVE_STOCK
    assert stock_of(database, noodles.id) == 3
    res = sales.complete_sale(database, helper, clock, cart_of(line(noodles, 5)), [Tender("cash", 2250)],
                              approved_by=boss)
    assert res.number.endswith("-0001")
    assert stock_of(database, noodles.id) == -2
    with database.reader() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == sales.NEGATIVE_STOCK_SOLD)) == 1


def test_discount_above_limit_needs_owner(database, boss, helper, goods, clock):
    water = goods[0]
    cart = cart_of(line(water, 5), total_discount=Discount.percent(20))  # 10 -> 8 yuan
    with pytest.raises(OwnerApprovalNeeded) as e:
        sales.complete_sale(database, helper, clock, cart, [Tender("cash", 800)])
    assert e.value.action_key == sales.ACTION_DISCOUNT
    res = sales.complete_sale(database, helper, clock, cart, [Tender("cash", 800)], approved_by=boss)
    assert res.total_fen == 800
    # within the limit, or the owner selling: no approval
    small = cart_of(line(water, 5), total_discount=Discount.percent(10))
    assert sales.complete_sale(database, helper, clock, small, [Tender("cash", 900)]).total_fen == 900
    assert sales.complete_sale(database, boss, clock, cart, [Tender("cash", 800)]).total_fen == 800
    line_cut = cart_of(line(water, 1, Discount.amount(50)))  # 25 % off one line
    with pytest.raises(OwnerApprovalNeeded):
        sales.complete_sale(database, helper, clock, line_cut, [Tender("cash", 150)])


def test_shift_guard_can_refuse(database, helper, goods, clock):
    from pos.domain.errors import DomainError

    def closed(_s):
        raise DomainError("Open a shift first.")

    with pytest.raises(DomainError):
        sales.complete_sale(database, helper, clock, cart_of(line(goods[0])), [Tender("cash", 200)],
                            shift_guard=closed)
    with database.reader() as s:
        assert s.scalar(select(func.count()).select_from(Sale)) == 0


def test_whole_refund_gives_everything_back(database, boss, helper, goods, villager, clock):
    water, noodles, topup = goods
    cart = cart_of(line(water, 3, Discount.amount(50)), line(topup), total_discount=Discount.amount(100))
    res = sales.complete_sale(database, boss, clock, cart,
                              [Tender("account", 1000), Tender("mobile", 2000, "WX1"), Tender("cash", 5000)],
                              villager_id=villager)
    assert res.total_fen == 600 - 50 + 5000 - 100
    with pytest.raises(PermissionDenied):
        sale_refunds.refund_sale(database, helper, clock, res.number, None, "", approved_by=helper)
    clock.advance(minutes=5)
    r = sale_refunds.refund_sale(database, helper, clock, res.number, None, "顾客退货", approved_by=boss)
    assert r.number == "F20261122-0001"
    assert r.total_fen == res.total_fen
    assert dict(r.parts) == {"account": 1000, "mobile": 2000, "cash": res.total_fen - 3000}
    assert stock_of(database, water.id) == 24
    ok, bal = balance_matches_entries(database, villager)
    assert ok and bal == 0
    with database.reader() as s:
        net = s.scalar(select(func.sum(Payment.amount_fen)))
    assert net == 0
    view = sales.get_sale(database, res.number)
    assert view.status == "refunded" and not view.refundable
    with pytest.raises(ValidationError):
        sale_refunds.refund_sale(database, helper, clock, res.number, None, "", approved_by=boss)


def test_per_line_refunds_add_up_to_the_line(database, boss, goods, clock):
    water, noodles, _ = goods
    cart = cart_of(line(water, 3), line(noodles, 1), total_discount=Discount.amount(100))  # 600+450-100
    res = sales.complete_sale(database, boss, clock, cart, [Tender("cash", 950)])
    view = sales.get_sale(database, res.number)
    wl = view.lines[0]
    assert [ln.net_fen for ln in view.lines] == [543, 407]  # 100 spread 57/43 by largest remainder
    amounts = []
    for _ in range(3):
        r = sale_refunds.refund_sale(database, boss, clock, res.number, {wl.id: 1}, "", approved_by=boss)
        amounts.append(r.total_fen)
    assert sum(amounts) == 543 and amounts == [181, 181, 181]
    assert sales.get_sale(database, res.number).status == "partly_refunded"
    with pytest.raises(ValidationError):
        sale_refunds.refund_sale(database, boss, clock, res.number, {wl.id: 1}, "", approved_by=boss)


def test_sale_not_found(database, boss, clock):
    with pytest.raises(NotFound):
        sales.get_sale(database, "R20261122-0099")
    with pytest.raises(ValidationError):
        sales.get_sale(database, "hello")


def test_find_villagers(database, villager):
    assert [v.name for v in sales.find_villagers(database, "zs")] == ["张三"]
    assert [v.name for v in sales.find_villagers(database, "5678")] == ["张三"]
    assert [v.name for v in sales.find_villagers(database, "张")] == ["张三"]
    assert sales.find_villagers(database, "") == []


def test_recent_receipts_lists_sales_and_refunds(database, boss, goods, clock):
    res = sales.complete_sale(database, boss, clock, cart_of(line(goods[0])), [Tender("cash", 200)])
    clock.advance(minutes=1)
    sale_refunds.refund_sale(database, boss, clock, res.number, None, "", approved_by=boss)
    items = sales.recent_receipts(database)
    assert [(i.kind, i.number) for i in items] == [("refund", "F20261122-0001"), ("sale", "R20261122-0001")]
    assert [i.number for i in sales.recent_receipts(database, text="f2026")] == ["F20261122-0001"]
