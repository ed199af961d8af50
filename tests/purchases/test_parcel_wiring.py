"""Check-in, pickup and delivery wired to assisted purchases and the drawer ledger, through the
real services (no hook called by hand)."""

import pytest
from sqlalchemy import select

from pos.db.models import AuditEntry, Notice, Parcel
from pos.db.models.payment import AccountEntry, Payment
from pos.domain.carriers import load_rules
from pos.domain.errors import ValidationError
from pos.domain.purchases import PaymentPlan
from pos.services.parcels import checkin
from pos.services.pickup import delivery
from pos.services.pickup import handover as pickup
from pos.services.purchases import orders as purchases
from pos.services import settings as st
from pos.services.parcels.checkin import Recipient
from pos.services.pickup.settings import DELIVERY_FEE_FEN, STORAGE_FEE_PER_DAY_FEN, STORAGE_FREE_DAYS
from pos.services.purchases.views import get_order, timeline
from pos.wiring import station_due_sources
from pos.services.villagers import consent
from tests.purchases.helpers import TOTAL, balance, order_input

WB = "73100118865046"
WB2 = "YT7512345678901"
SOURCES = station_due_sources()  # as pos.app wires the pickup page
RULES = load_rules()
DEPOSIT = 9000
BALANCE = TOTAL - DEPOSIT


@pytest.fixture
def shipped(database, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(PaymentPlan("deposit", deposit_fen=DEPOSIT), villager_id))
    return purchases.add_waybill(database, helper, clock, o.id, WB)


def check_in(db, op, clock, waybill=WB, carrier="ZTO", villager_id=None):
    return checkin.check_in(db, op, clock, RULES, waybill=waybill, carrier=carrier,
                            recipient=Recipient(villager_id=villager_id) if villager_id else Recipient("13812345678"))


def ledger(db):
    with db.reader() as s:
        rows = s.scalars(select(Payment).order_by(Payment.at, Payment.purpose, Payment.note)).all()
        return [(r.purpose, r.method, r.amount_fen, r.receipt_number, r.note) for r in rows]


def test_check_in_marks_the_order_arrived_and_the_notice_names_it(database, helper, clock, shipped, villager_id):
    clock.advance(days=2)
    res = check_in(database, helper, clock, villager_id=villager_id)
    assert res.purchase_order == shipped.number
    assert res.notice_text.endswith(f"（代购单 {shipped.number}）")
    o = get_order(database, shipped.id)
    assert o.status == "arrived" and o.waybills[0].parcel_id == res.parcel.id
    # another parcel for the same villager the same day: one notice, still naming the order once
    other = check_in(database, helper, clock, waybill=WB2, carrier="YTO", villager_id=villager_id)
    assert other.notice_id == res.notice_id and other.notice_text.count("代购单") == 1
    assert other.notice_text == rebuilt_text(database, other.notice_id)  # written without reading back
    assert other.purchase_order == ""


def rebuilt_text(db, notice_id) -> str:
    """The notice's text as rebuilt from its links (the path a second parcel of the day takes)."""
    from pos.services.parcels import notices

    with db.reader() as s:
        notice = s.get(Notice, notice_id)
        notices._rewrite(s, notice, {c: r.name_zh for c, r in RULES.carriers.items()})
        return notice.text


def test_a_notice_new_today_is_written_as_a_rebuild_would_write_it(database, helper, clock, shipped, villager_id):
    """The check-in writes a notice new today without reading its links back (#20): the text must
    be the one the links give, with the order named or without it."""
    clock.advance(days=2)
    with_order = check_in(database, helper, clock, villager_id=villager_id)
    assert with_order.notice_text.endswith(f"（代购单 {shipped.number}）")
    assert with_order.notice_text == rebuilt_text(database, with_order.notice_id)
    clock.advance(days=1)  # the next day's notice: new again, and of no order
    plain = check_in(database, helper, clock, waybill=WB2, carrier="YTO")
    assert plain.notice_id != with_order.notice_id and "代购单" not in plain.notice_text
    assert plain.notice_text == rebuilt_text(database, plain.notice_id)


def test_a_parcel_of_no_order_has_a_plain_notice(database, helper, clock, shipped):
    res = check_in(database, helper, clock, waybill=WB2, carrier="YTO")
    assert "代购单" not in res.notice_text and res.purchase_order == ""
    assert get_order(database, shipped.id).status == "shipped"


def test_undo_of_the_check_in_undoes_the_arrival(database, helper, clock, shipped, villager_id):
    res = check_in(database, helper, clock, villager_id=villager_id)
    clock.advance(minutes=1)
    checkin.undo(database, helper, clock, RULES, res.parcel.id)
    o = get_order(database, shipped.id)
    assert (o.status, o.arrived_at, o.waybills[0].parcel_id) == ("shipped", None, None)
    assert [e.kind for e in timeline(database, o.id)][-1] == "parcel_arrival_undone"
    with database.reader() as s:
        assert s.scalar(select(Notice.id)) is None
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == checkin.CHECKIN_UNDONE)).one()
        assert shipped.number in entry.details
    again = check_in(database, helper, clock, villager_id=villager_id)  # the right scan this time
    assert again.purchase_order == shipped.number and get_order(database, shipped.id).status == "arrived"


def test_handover_with_storage_and_balance_by_mobile_writes_exactly_the_ledger(database, boss, helper, clock,
                                                                              shipped, villager_id):
    st.save(database, boss, {STORAGE_FEE_PER_DAY_FEN: 50, STORAGE_FREE_DAYS: 2})
    res = check_in(database, helper, clock, villager_id=villager_id)
    clock.advance(days=5)  # 3 charged days
    [group] = pickup.lookup(database, clock, res.parcel.pickup_code, SOURCES).groups
    assert group.due_fen == BALANCE + 150
    done = pickup.hand_over(database, helper, clock, [res.parcel.id], scanned=[res.parcel.id],
                            payment=pickup.Payment("mobile", BALANCE + 150), sources=SOURCES)
    assert (done.due_fen, done.collected_fen, done.waived_fen, done.method) == (BALANCE + 150, BALANCE + 150, 0, "mobile")
    assert ledger(database) == [
        ("purchase_deposit", "cash", DEPOSIT, shipped.number, ""),
        ("parcel_fee", "mobile", 150, done.number, "storage"),
        ("purchase_balance", "mobile", BALANCE, shipped.number, ""),
    ]
    with database.reader() as s:
        rows = s.scalars(select(Payment).where(Payment.at == clock())).all()
        assert {(r.parcel_id, r.villager_id, r.operator) for r in rows} == {(res.parcel.id, villager_id, "李芳")}
    o = get_order(database, shipped.id)
    assert (o.status, o.due_fen, o.collected_at) == ("collected", 0, clock())


def test_owner_lets_a_station_fee_go_but_never_the_purchase_balance(database, boss, helper, clock, shipped,
                                                                    villager_id):
    st.save(database, boss, {STORAGE_FEE_PER_DAY_FEN: 50, STORAGE_FREE_DAYS: 2})
    res = check_in(database, helper, clock, villager_id=villager_id)
    clock.advance(days=5)
    ids = [res.parcel.id]
    with pytest.raises(ValidationError) as err:  # less than the balance: refused, nothing written
        pickup.hand_over(database, helper, clock, ids, scanned=ids, payment=pickup.Payment("cash", BALANCE - 100),
                         waived_by=boss, sources=SOURCES)
    assert err.value.params["amount"] == f"¥{BALANCE / 100:.2f}"
    with database.reader() as s:
        assert s.get(Parcel, res.parcel.id).status == "in_stock"
    assert len(ledger(database)) == 1
    # the balance and ¥0.50 of the ¥1.50 storage fee: the owner lets ¥1.00 go
    done = pickup.hand_over(database, helper, clock, ids, scanned=ids, payment=pickup.Payment("cash", BALANCE + 50),
                            waived_by=boss, sources=SOURCES)
    assert (done.collected_fen, done.waived_fen) == (BALANCE + 50, 100)
    assert ledger(database)[1:] == [("parcel_fee", "cash", 50, done.number, "storage"),
                                    ("purchase_balance", "cash", BALANCE, shipped.number, "")]
    assert get_order(database, shipped.id).status == "collected"
    assert balance(database, villager_id) == (0, 0)


def test_an_order_in_two_parcels_handed_over_together_is_paid_once(database, helper, clock, shipped, villager_id):
    purchases.add_waybill(database, helper, clock, shipped.id, WB2)
    a = check_in(database, helper, clock, villager_id=villager_id)
    b = check_in(database, helper, clock, waybill=WB2, carrier="YTO", villager_id=villager_id)
    [group] = pickup.lookup(database, clock, "5678", SOURCES).groups
    assert len(group.parcels) == 2 and [p.due_fen for p in group.parcels] == [BALANCE, 0]  # owed once
    ids = [a.parcel.id, b.parcel.id]
    pickup.hand_over(database, helper, clock, ids, scanned=ids, payment=pickup.Payment("cash", BALANCE), sources=SOURCES)
    assert sorted(r[:3] for r in ledger(database)) == [("purchase_balance", "cash", BALANCE),
                                                       ("purchase_deposit", "cash", DEPOSIT)]
    assert get_order(database, shipped.id).status == "collected"


def test_a_paid_order_is_collected_when_its_parcel_leaves_with_nothing_due(database, helper, clock, villager_id):
    o = purchases.place_order(database, helper, clock, order_input(PaymentPlan("cash"), villager_id))
    purchases.add_waybill(database, helper, clock, o.id, WB)
    res = check_in(database, helper, clock, villager_id=villager_id)
    [group] = pickup.lookup(database, clock, res.parcel.pickup_code, SOURCES).groups
    assert group.due_fen == 0
    pickup.hand_over(database, helper, clock, [res.parcel.id], scanned=[res.parcel.id], sources=SOURCES)
    assert get_order(database, o.id).status == "collected"
    assert [r[:3] for r in ledger(database)] == [("purchase_deposit", "cash", TOTAL)]  # nothing more taken


def test_delivery_collects_fee_and_balance_into_the_ledger(database, boss, helper, clock, shipped, villager_id):
    st.save(database, boss, {DELIVERY_FEE_FEN: 300})
    res = check_in(database, helper, clock, villager_id=villager_id)
    consent.record(database, helper, villager_id, True, "paper", clock=clock)  # she signed for delivery
    delivery.mark_for_delivery(database, helper, clock, res.parcel.pickup_code)
    clock.advance(hours=3)
    run = delivery.start_run(database, helper, clock, SOURCES)
    [stop] = run.stops
    assert stop.due_fen == BALANCE + 300
    with pytest.raises(ValidationError):  # the balance cannot be let go at the door either
        delivery.record_delivered(database, helper, clock, run.id, stop.key, "张桂英", pickup.Payment("cash", 300),
                                  waived_by=boss, sources=SOURCES)
    number = delivery.record_delivered(database, helper, clock, run.id, stop.key, "张桂英",
                                       pickup.Payment("mobile", BALANCE + 300), sources=SOURCES)
    assert ledger(database)[1:] == [("delivery", "mobile", 300, number, "delivery"),
                                    ("purchase_balance", "mobile", BALANCE, shipped.number, "")]
    assert get_order(database, shipped.id).status == "collected"
    with database.reader() as s:
        assert s.scalar(select(AccountEntry.id)) is None  # nothing went on account
