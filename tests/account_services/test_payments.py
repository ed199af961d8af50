"""Paying services into the shift and refunding them, on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from sqlalchemy import select

from pos.db.models import AccountEntry, AuditEntry, Payment, ServicePayment, Villager
from pos.domain.account_services import DEFAULT_KINDS, ServiceKind, parse_kinds
from pos.domain.cart import Tender
from pos.domain.errors import NotFound, PermissionDenied, ValidationError
from pos.domain.income import SERVICE_COMMISSION
from pos.domain.station import StationDetails
from pos.domain.users import Operator, Role
from pos.services import settings as st
from pos.services.account_services import income_facts
from pos.services.account_services import kinds as kinds_svc
from pos.services.account_services import payments as svc
from pos.services.shifts import drawer
from pos.services.station import setup as station
from pos.services.station.auth import AuthService

from .conftest import START, bill, topup

RULES = [k.to_json() for k in (
    ServiceKind("phone_topup", account="mobile", commission_bp=50),
    ServiceKind("electricity", commission_bp=30, commission_fen=100, default_fee_fen=200),
)]


def set_rules(db, boss, rules=RULES):
    kinds_svc.save_kinds(db, boss, list(parse_kinds(rules)))


@pytest.fixture
def station_on_both(any_database, clock):
    boss = station.set_up_station(any_database, StationDetails("清水村服务站"), "王小明", "1234")
    drawer.open_shift(any_database, boss, clock, 20000)
    set_rules(any_database, boss)
    return any_database, boss


def test_a_top_up_in_cash_goes_into_the_shift_with_its_commission(station_on_both, clock):
    db, boss = station_on_both
    clock.advance(seconds=60)
    res = svc.pay_service(db, boss, clock, topup(fee_fen=100), [Tender("cash", 10000)], "话费充值")
    p = res.payment
    assert p.number == "B20261202-0001" and p.status == "completed"
    assert (p.account, p.account_masked, p.amount_fen, p.fee_fen, p.commission_fen) == (
        "13812345678", "138****5678", 5000, 100, 25)
    assert res.change_fen == 10000 - 5100 and p.methods == "cash"
    report = drawer.x_report(db, clock)
    assert report.totals.by_purpose["service"] == {"cash": 5100}
    assert report.expected_cash_fen == 20000 + 5100
    with db.reader() as s:
        row = s.scalar(select(ServicePayment))
        assert row.shift_id == report.shift_id and row.paid_at == START + dt.timedelta(seconds=60)
        assert s.scalar(select(AuditEntry.details).where(AuditEntry.action == svc.PAID)).count("138****5678") == 1


def test_a_rule_change_never_changes_a_past_payment(station_on_both, clock):
    db, boss = station_on_both
    first = svc.pay_service(db, boss, clock, bill(), [Tender("cash", 12545)]).payment
    assert first.commission_fen == 37 + 100 and first.fee_fen == 200
    set_rules(db, boss, [RULES[0], {**RULES[1], "commission_bp": 100, "commission_fen": 0}])
    second = svc.pay_service(db, boss, clock, bill(), [Tender("cash", 12545)]).payment
    assert second.commission_fen == 123
    assert svc.get_payment(db, first.number).commission_fen == 137


def test_refund_with_the_owner_gives_the_money_back_out_of_the_shift(station_on_both, clock):
    db, boss = station_on_both
    p = svc.pay_service(db, boss, clock, bill(), [Tender("cash", 5000), Tender("mobile", 7545, "WX123")]).payment
    helper = Operator(boss.id, "李芳", Role.ASSISTANT)
    with pytest.raises(PermissionDenied):
        svc.refund_service(db, helper, clock, p.number, "交错了户号", None)
    with pytest.raises(PermissionDenied):
        svc.refund_service(db, helper, clock, p.number, "交错了户号", helper)
    with pytest.raises(ValidationError):
        svc.refund_service(db, helper, clock, p.number, "  ", boss)
    clock.advance(seconds=600)
    res = svc.refund_service(db, helper, clock, p.number, "交错了户号", boss)
    r = res.payment
    assert r.status == "refunded" and r.refund_number == "F20261202-0001" and r.approved_by == "王小明"
    assert r.refunded_at == START + dt.timedelta(seconds=600) and r.refund_reason == "交错了户号"
    assert dict(res.parts) == {"mobile": 7545, "cash": 5000} and res.cash_fen == 5000
    report = drawer.x_report(db, clock)
    assert report.totals.by_purpose["service_refund"] == {"cash": -5000, "mobile": -7545}
    assert report.expected_cash_fen == 20000
    with pytest.raises(ValidationError):
        svc.refund_service(db, helper, clock, p.number, "again", boss)
    with db.reader() as s:
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == svc.REFUNDED)).operator == "王小明"
    assert svc.get_payment(db, "F20261202-0001").number == p.number  # found by its refund's number too


def test_no_shift_no_money_and_bad_input_writes_nothing(database, boss, clock):
    with pytest.raises(drawer.NoOpenShift):
        svc.pay_service(database, boss, clock, topup(), [Tender("cash", 5000)])
    drawer.open_shift(database, boss, clock, 0)
    for inp, field in ((topup(account="12345"), "account"), (topup(amount_fen=0), "amount"),
                       (topup(fee_fen=-1), "fee"), (topup(provider=" "), "provider")):
        with pytest.raises(ValidationError) as e:
            svc.pay_service(database, boss, clock, inp, [Tender("cash", 5000)])
        assert e.value.field == field
    with pytest.raises(ValidationError):  # not enough money
        svc.pay_service(database, boss, clock, topup(), [Tender("cash", 4000)])
    with pytest.raises(NotFound):
        svc.pay_service(database, boss, clock, topup(kind="gas"), [Tender("cash", 5000)])  # not offered
    with database.reader() as s:
        assert s.scalars(select(ServicePayment)).all() == [] and s.scalars(
            select(Payment).where(Payment.purpose == "service")).all() == []


def test_on_account_goes_on_the_villager_and_comes_off_on_refund(database, boss, clock, shift, villager):
    res = svc.pay_service(database, boss, clock, topup(villager_id=villager), [Tender("account", 5000)])
    assert res.balance_fen == 5000
    clock.advance(5)  # entries at one instant have no order of their own
    svc.refund_service(database, boss, clock, res.payment.number, "没到账", boss)
    with database.reader() as s:
        assert s.get(Villager, villager).balance_fen == 0
        assert [e.kind for e in s.scalars(select(AccountEntry).order_by(AccountEntry.at))] == ["service", "refund"]


def test_the_day_list_and_the_income_facts(database, boss, clock, shift):
    set_rules(database, boss)
    a = svc.pay_service(database, boss, clock, topup(), [Tender("cash", 5000)]).payment
    b = svc.pay_service(database, boss, clock, bill(), [Tender("cash", 12545)]).payment
    today = START.astimezone().date()
    assert [p.number for p in svc.day_payments(database, today)] == [b.number, a.number]
    clock.advance(days=3)
    drawer.x_report(database, clock)
    svc.refund_service(database, boss, clock, a.number, "充错号码", boss)
    later = clock().astimezone().date()
    assert [p.number for p in svc.day_payments(database, later)] == [a.number]
    with database.reader() as s:
        whole = income_facts(s, today, later + dt.timedelta(days=1))
        first_day = income_facts(s, today, today + dt.timedelta(days=1))
        refund_day = income_facts(s, later, later + dt.timedelta(days=1))
    assert all(f.source == SERVICE_COMMISSION for f in whole)
    assert sorted((f.key, f.day, f.fixed_fen, f.count) for f in first_day) == [
        ("electricity", today, 137, 1), ("phone_topup", today, 25, 1)]
    assert [(f.key, f.day, f.fixed_fen, f.base_fen, f.count) for f in refund_day] == [
        ("phone_topup", later, -25, -5000, -1)]
    assert sum(f.fixed_fen for f in whole) == 137


def test_the_county_list_overrides_and_the_station_may_not_save(database, boss, clock, shift):
    from pos.db.models import SyncState

    set_rules(database, boss)
    with database.unit_of_work() as s:
        s.add(SyncState(id=1, county_url="http://county", station_id="x", station_name="清水村服务站",
                        settings_json='{"service_kinds": [{"code": "water", "name": "水费", "commission_fen": 50}]}'))
    force = kinds_svc.kinds_in_force(database)
    assert force.source == kinds_svc.COUNTY and [k.code for k in force.kinds] == ["water"]
    with pytest.raises(ValidationError):
        kinds_svc.save_kinds(database, boss, list(DEFAULT_KINDS))
    with pytest.raises(NotFound):
        svc.pay_service(database, boss, clock, topup(), [Tender("cash", 5000)])
    p = svc.pay_service(database, boss, clock, bill(kind="water", fee_fen=0), [Tender("cash", 12345)]).payment
    assert p.commission_fen == 50
    # a list the station cannot read: its own is used, and it says why
    with database.unit_of_work() as s:
        s.get(SyncState, 1).settings_json = '{"service_kinds": [{"code": "Water"}]}'
    force = kinds_svc.kinds_in_force(database)
    assert force.source == kinds_svc.STATION and "code" in force.county_error
    assert [k.code for k in force.kinds] == ["phone_topup", "electricity"]


def test_only_the_owner_saves_the_kinds(database, boss):
    view = AuthService(database).add_assistant(boss, "李芳", "5678")
    helper = Operator(view.id, view.name, Role.ASSISTANT)
    with pytest.raises(PermissionDenied):
        kinds_svc.save_kinds(database, helper, list(DEFAULT_KINDS))
    assert st.read(database, kinds_svc.KINDS) is None
    assert kinds_svc.kinds_in_force(database).kinds == DEFAULT_KINDS
