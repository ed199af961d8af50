"""The county's statement for a month equals the station's own, to the fen.

A real station (its own SQLite database, the real check-in, pickup, purchase, refund and
account-service services) works across the end of November in Beijing time, is linked to a real
county server (uvicorn on PostgreSQL) and syncs; the county sets the station's rates and sends
them down. The station's statement is the one its Reports → 收入 page shows
(pos.services.income.statements with the station's income sources and the rates it received);
the county's comes from the synced copies. Every source the county pays is covered: parcel fees,
purchase commissions by goods category, service commissions (one refunded a month later).
"""

from __future__ import annotations

import datetime as dt
import time
import uuid

import httpx
import pytest
from sqlalchemy.orm import Session

from pos.county import income
from pos.db.models import SyncState
from pos.domain.carriers import load_rules
from pos.domain.cart import Tender
from pos.domain.income import COUNTY_PAID, parse_rates
from pos.domain.purchases import ItemInput, PaymentPlan, RefundRequest
from pos.domain.station import StationDetails
from pos.services.account_services.payments import PayInput, pay_service, refund_service
from pos.services.clock import ManualClock
from pos.services.income.rates import rate_table
from pos.services.income.statements import month_statement
from pos.services.parcels import checkin
from pos.services.parcels.county_settings import county_values
from pos.services.pickup import handover as pickup
from pos.services.purchases import orders, refunds
from pos.services.shifts import drawer as shifts
from pos.services.station import setup as station_setup
from pos.sync.client import SyncClient
from pos.wiring import station_due_sources, station_income_sources
from tests.sync.conftest import county  # noqa: F401  (the fixture: a real county server)

pytestmark = pytest.mark.postgres

RULES = load_rules()
NAME = "清水村服务站"
RATES = [
    {"source": "parcel_fee", "key": "SF", "event": "checkin", "valid_from": "2026-01-01", "fen_each": 25},
    {"source": "parcel_fee", "key": "*", "event": "handover", "valid_from": "2026-01-01", "fen_each": 40},
    {"source": "parcel_fee", "key": "YTO", "event": "handover", "valid_from": "2026-12-01", "fen_each": 60},
    {"source": "purchase_commission", "key": "*", "valid_from": "2026-01-01", "bp": 300},
    {"source": "purchase_commission", "key": "*", "valid_from": "2026-12-01", "bp": 350},
    {"source": "purchase_commission", "key": "家电", "valid_from": "2026-01-01", "bp": 500},
]
# the service kinds and their commission rules, sent down with the rates
SERVICE_KINDS = [
    {"code": "phone_topup", "name": "话费充值", "account": "mobile", "enabled": True, "commission_bp": 50,
     "commission_fen": 0, "default_fee_fen": 0, "providers": ["中国移动"]},
    {"code": "electricity", "name": "电费代缴", "account": "account", "enabled": True, "commission_bp": 0,
     "commission_fen": 100, "default_fee_fen": 200, "providers": ["国网湖南省电力"]},
]
MONTHS = ((2026, 11), (2026, 12))


@pytest.fixture
def beijing(monkeypatch):
    """The station's machine keeps Beijing time, as the county assumes by default."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def bj(y, mo, d, h, mi=0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=dt.timezone(dt.timedelta(hours=8))).astimezone(dt.timezone.utc)


def figures(st):
    return ([(ln.source, ln.key, ln.event, ln.count, ln.base_fen, ln.income_fen) for ln in st.lines
             if ln.source in COUNTY_PAID], st.county_owes_fen)


def test_the_county_statement_equals_the_stations(beijing, database, tmp_path, county):  # noqa: F811
    owner = station_setup.set_up_station(database, StationDetails(NAME), "王小明", "1234")
    boss = owner  # the owner approves refunds
    clock = ManualClock(bj(2026, 11, 29, 8))
    shifts.open_shift(database, owner, clock, 20000)
    sources = station_due_sources()

    # link first: the county's rates come down with the first sync
    client = SyncClient(database, tmp_path / "station", timeout=10)
    (tmp_path / "station").mkdir()
    client.link(f"http://127.0.0.1:{county.port}", county.code(NAME))
    staff = {"Authorization": f"Bearer {county.staff()}"}
    r = httpx.put(f"http://127.0.0.1:{county.port}/api/stations/{NAME}/settings", json={"rates": RATES, "service_kinds": SERVICE_KINDS}, headers=staff, timeout=30)
    assert r.status_code == 200, r.text
    client.sync_once()
    assert parse_rates(county_values(database)["rates"]) == parse_rates(RATES)

    # purchases: three orders, each shipped under a waybill that comes in as a parcel
    def order(*items, fee=300):
        return orders.place_order(database, owner, clock, orders.OrderInput(
            items=tuple(items), plan=PaymentPlan("cash"), customer_name="张桂英", customer_phone="13812345678",
            service_fee_fen=fee))

    # goods categories choose the commission: 家电 has its own rate, the others the default
    rice = order(ItemInput("电饭煲", 1, 25900, category="家电"), ItemInput("手机壳", 2, 1533, category="数码配件"))
    soap = order(ItemInput("洗衣液", 3, 3999, category="日用"))
    late = order(ItemInput("保温杯", 1, 8888))
    for o, wb in ((rice, "YT7512345678901"), (soap, "YT7512345678902"), (late, "YT7512345678903")):
        orders.add_waybill(database, owner, clock, o.id, wb)
    # a refund before collection lowers what the commission is on
    clock.advance(hours=1)
    refunds.refund_items(database, owner, boss, clock, rice.id, [RefundRequest(rice.items[1].id, 1, 1533)], 0, "少一个")

    def check_in(waybill, carrier, phone):
        clock.advance(minutes=7)
        return checkin.check_in(database, owner, clock, RULES, waybill=waybill, carrier=carrier,
                                recipient=checkin.Recipient(phone=phone, name="张桂英")).parcel

    def hand_over(parcel):
        found = pickup.lookup(database, clock, parcel.pickup_code, sources)
        group = next(g for g in found.groups if any(c.id == parcel.id for c in g.parcels))
        pay = pickup.Payment("cash", group.due_fen) if group.due_fen else None
        pickup.hand_over(database, owner, clock, [parcel.id], scanned=[parcel.id], payment=pay, sources=sources)

    # service payments: the commission is decided when paid; a refund after the day reverses it
    # on the refund's day (in December)
    def pay(kind, account, amount, fee=0, provider="中国移动"):
        clock.advance(minutes=3)
        return pay_service(database, owner, clock, PayInput(kind=kind, account=account, provider=provider,
                                                            amount_fen=amount, fee_fen=fee),
                           [Tender("cash", amount + fee)]).payment

    pay("phone_topup", "138 1234 5678", 5000)
    refunded_topup = pay("phone_topup", "139 8765 4321", 10000)
    pay("electricity", "0301 2345 678", 12345, fee=200, provider="国网湖南省电力")

    # 29-30 November: parcels in, some handed over, the rice cooker collected
    plain = [check_in(f"SF10235746{i:05d}", "SF", f"1391234{i:04d}") for i in range(6)]
    ordered = {o.id: check_in(wb, "YTO", "13812345678") for o, wb in
               ((rice, "YT7512345678901"), (soap, "YT7512345678902"), (late, "YT7512345678903"))}
    clock.advance(hours=3)
    for p in plain[:3]:
        hand_over(p)
    hand_over(ordered[rice.id])
    # late on the last evening of November, then just after midnight: December in Beijing
    clock.now = bj(2026, 11, 30, 23, 40)
    hand_over(plain[3])
    hand_over(ordered[soap.id])
    clock.now = bj(2026, 12, 1, 0, 20)
    hand_over(plain[4])
    hand_over(ordered[late.id])
    check_in("SF1023574699999", "SF", "13912349999")
    # December: refunds after collection reverse on their own day, at December's rate
    clock.now = bj(2026, 12, 3, 10)
    refunds.refund_items(database, owner, boss, clock, rice.id, [RefundRequest(rice.items[0].id, 1, 25900)], 0,
                         "坏了")
    refunds.refund_items(database, owner, boss, clock, soap.id, [RefundRequest(soap.items[0].id, 1, 3999)], 0,
                         "漏了")
    refund_service(database, owner, clock, refunded_topup.number, "号码填错了", boss)
    assert client.sync_once().pending == 0

    station_id = uuid.UUID(_station_id(database))
    # the station's statements as its Reports → 收入 page computes them, with the county's rates
    table = rate_table(database)
    assert table.rates == parse_rates(RATES)
    nov, dec = (month_statement(database, station_income_sources(), y, m, table) for y, m in MONTHS)
    with Session(county.engine) as s:
        for here in (nov, dec):
            there = income.station_statement(s, station_id, here.year, here.month)
            assert figures(there) == figures(here), (here.year, here.month)
            assert income.month_income(s, here.year, here.month)[station_id] == here.county_owes_fen
    # the test means something: November earns from every source the county pays, by goods
    # category too; December carries reversals of purchases and of a service
    assert {ln.source for ln in nov.lines} >= {"parcel_fee", "purchase_commission", "service_commission"}
    assert {ln.key for ln in nov.lines if ln.source == "purchase_commission"} >= {"家电"}
    # 0.5% of 50.00 and of 100.00 for the top-ups, 1.00 a bill
    assert sum(ln.income_fen for ln in nov.lines if ln.source == "service_commission") == 25 + 50 + 100
    assert {ln.source for ln in dec.lines if ln.income_fen < 0} >= {"purchase_commission", "service_commission"}
    assert nov.county_owes_fen > 0
    # the statement a county script downloads says the same
    r = httpx.get(f"http://127.0.0.1:{county.port}/api/stations/{station_id}/statements/2026-11.csv",
                  params={"lang": "en"}, headers=staff, timeout=60)
    assert r.status_code == 200, r.text
    owes = r.content.decode("utf-8-sig").splitlines()[-2].split(",")
    assert owes[2] == "The county owes" and owes[-1] == f"{nov.county_owes_fen / 100:.2f}"


def _station_id(db) -> str:
    with db.reader() as s:
        return s.get(SyncState, 1).station_id
