"""What the county owes a partner, from synced records: local days in the station's time zone,
dated rates, refunds before and after collection, the per-day table kept at every batch and
rate change, and the statement downloads (CSV, PDF) with their refusals."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from pos.county import income, income_rollup
from pos.county.models import IncomeDay, SyncedServicePayment
from pos.domain.income import PARCEL_FEE, PURCHASE_COMMISSION, SERVICE_COMMISSION
from tests.county.conftest import link, new_code, parcel

pytestmark = pytest.mark.postgres

STATION = "清水村服务站"
RATES = [
    {"source": "parcel_fee", "key": "SF", "event": "checkin", "valid_from": "2026-01-01", "fen_each": 30},
    {"source": "parcel_fee", "key": "SF", "event": "handover", "valid_from": "2026-11-15", "fen_each": 50},
    {"source": "parcel_fee", "key": "*", "event": "handover", "valid_from": "2026-01-01", "fen_each": 20},
    {"source": "purchase_commission", "key": "*", "valid_from": "2026-01-01", "bp": 300},
    {"source": "purchase_commission", "key": "家电", "valid_from": "2026-01-01", "bp": 500},
]


def bj(text_: str) -> str:
    """A Beijing local time as the UTC the records carry."""
    local = dt.datetime.fromisoformat(text_).replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return local.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def item(category: str, qty: int, price: int) -> dict:
    return {"uuid": str(uuid.uuid4()), "description": "货", "quantity": qty, "unit_price_fen": price,
            "category": category}


def purchase(number: str, items: list[dict], collected: str | None, status: str = "collected") -> dict:
    return {"number": number, "status": status, "placed_at": bj("2026-10-01T09:00"),
            "collected_at": bj(collected) if collected else None, "items": items,
            "total_fen": sum(i["quantity"] * i["unit_price_fen"] for i in items)}


def refund(number: str, purchase_uuid: str, at: str, lines: list[tuple[dict, int]]) -> dict:
    return {"number": number, "purchase_uuid": purchase_uuid, "at": bj(at), "total_fen": sum(a for _, a in lines),
            "lines": [{"uuid": str(uuid.uuid4()), "purchase_item_uuid": i["uuid"], "quantity": 1, "amount_fen": a}
                      for i, a in lines]}


@pytest.fixture
def synced(client, county_engine, staff):
    """A station with a November of parcels and purchases, synced in two batches; its rates set."""
    st = link(client, county_engine, STATION)
    r = client.put(f"/api/stations/{STATION}/settings", json={"rates": RATES}, headers=staff)
    assert r.status_code == 200, r.text
    a, b, c, d = item("家电", 1, 25900), item("", 2, 1500), item("日用", 3, 333), item("", 1, 10000)
    o1, o2, o3, o4 = (str(uuid.uuid4()) for _ in range(4))
    p2 = str(uuid.uuid4())
    st.send(st.batch([
        st.record("parcel", parcel("SF1", "picked_up", carrier="SF", checked_in_at=bj("2026-11-10T10:00"),
                                   picked_up_at=bj("2026-11-16T09:00"))),
        # checked in late on the last evening of November: still November in Beijing
        st.record("parcel", parcel("ZT2", "in_stock", carrier="ZTO", checked_in_at=bj("2026-11-30T23:30")), uid=p2),
        # half past midnight on 1 November in Beijing is 31 October in UTC
        st.record("parcel", parcel("SF3", "returned", carrier="SF", checked_in_at=bj("2026-11-01T00:30"))),
        st.record("parcel", parcel("SF4", "in_stock", carrier="SF", checked_in_at=bj("2026-11-12T08:00"))),
        st.record("parcel", parcel("SF5", "picked_up", carrier="SF", checked_in_at=bj("2026-11-13T08:00"),
                                   picked_up_at=bj("2026-11-14T08:00"))),
        st.record("purchase", purchase("P1", [a, b], "2026-11-20T10:00"), uid=o1),
        st.record("purchase", purchase("P2", [c], "2026-11-25T10:00"), uid=o2),
        st.record("purchase", purchase("P3", [d], "2026-10-20T10:00"), uid=o3),
        st.record("purchase", purchase("P4", [item("", 1, 5000)], None, "arrived"), uid=o4),
        st.record("refund", refund("F1", o1, "2026-11-18T10:00", [(b, 1500)])),  # before collection
    ]))
    st.send(st.batch([
        # the ZTO parcel is handed over at half past midnight: 1 December in Beijing
        st.record("parcel", parcel("ZT2", "picked_up", carrier="ZTO", checked_in_at=bj("2026-11-30T23:30"),
                                   picked_up_at=bj("2026-12-01T00:30")), uid=p2),
        st.record("refund", refund("F2", o1, "2026-12-03T10:00", [(a, 25900)])),  # after collection
        st.record("refund", refund("F3", o2, "2026-11-28T10:00", [(c, 333)])),
        st.record("refund", refund("F4", o3, "2026-11-05T10:00", [(d, 5000)])),
    ]))
    return st


def sid(st) -> uuid.UUID:
    return uuid.UUID(st.station_id)


def rollup_equals_records(engine, station_id: uuid.UUID) -> None:
    """The per-day and per-month tables hold exactly what the records give, month by month."""
    with Session(engine) as s:
        for y, m in ((2026, 9), (2026, 10), (2026, 11), (2026, 12), (2027, 1)):
            st = income.station_statement(s, station_id, y, m)
            assert income.month_income(s, y, m).get(station_id, 0) == st.county_owes_fen, (y, m)
            days = s.execute(select(IncomeDay.source, IncomeDay.key, IncomeDay.event, func.sum(IncomeDay.count),
                                    func.sum(IncomeDay.base_fen), func.sum(IncomeDay.income_fen))
                             .where(IncomeDay.station_id == station_id, IncomeDay.day >= dt.date(y, m, 1),
                                    IncomeDay.day < (dt.date(y, m, 28) + dt.timedelta(days=4)).replace(day=1))
                             .group_by(IncomeDay.source, IncomeDay.key, IncomeDay.event)).all()
            assert sorted(tuple(r) for r in days) == sorted(
                (ln.source, ln.key, ln.event, ln.count, ln.base_fen, ln.income_fen) for ln in st.lines), (y, m)


def test_the_month_in_the_stations_days_with_dated_rates(synced, county_engine):
    with Session(county_engine) as s:
        nov = income.station_statement(s, sid(synced), 2026, 11)
    lines = {(ln.source, ln.key, ln.event): (ln.count, ln.base_fen, ln.income_fen) for ln in nov.lines}
    assert lines[(PARCEL_FEE, "SF", "checkin")] == (4, 0, 120)  # SF1, SF3 (Beijing's 1 Nov), SF4, SF5
    assert lines[(PARCEL_FEE, "ZTO", "checkin")] == (1, 0, 0)  # no rate for it
    assert lines[(PARCEL_FEE, "SF", "handover")] == (2, 0, 70)  # 16 Nov at 50, 14 Nov before it at 20
    assert (PARCEL_FEE, "ZTO", "handover") not in lines  # handed over on 1 December, Beijing time
    assert lines[(PURCHASE_COMMISSION, "家电", "")] == (1, 25900, 1295)
    assert lines[(PURCHASE_COMMISSION, "", "")] == (1, 1500 - 5000, 45 - 150)  # kept half; an October refund
    assert lines[(PURCHASE_COMMISSION, "日用", "")] == (1, 999 - 333, 30 - 10)  # each fact rounded on its own
    assert nov.county_owes_fen == 120 + 70 + 1295 + 45 - 150 + 20 == 1400
    with Session(county_engine) as s:
        assert income.month_income(s, 2026, 11) == {sid(synced): 1400}
        assert income.month_income(s, 2026, 12) == {sid(synced): 20 - 1295}
        assert income.monthly_income(s, sid(synced), 3, today=dt.date(2026, 12, 15)) == [
            (2026, 10, 300), (2026, 11, 1400), (2026, 12, -1275)]
        assert income.monthly_income(s, sid(synced), 2, today=dt.date(2027, 1, 2)) == [(2026, 12, -1275), (2027, 1, 0)]
    rollup_equals_records(county_engine, sid(synced))


def test_a_rate_change_moves_later_days_only_and_the_table_follows(synced, client, staff, county_engine):
    later = RATES + [{"source": "purchase_commission", "key": "*", "valid_from": "2026-11-22", "bp": 400}]
    assert client.put(f"/api/stations/{STATION}/settings", json={"rates": later}, headers=staff).status_code == 200
    with Session(county_engine) as s:
        # 日用 collected 25 Nov: 999 at 4 % = 40, its refund 333 = -13; the 5 Nov refund stays at 3 %
        assert income.station_statement(s, sid(synced), 2026, 11).county_owes_fen == 1400 - 20 + 40 - 13
    rollup_equals_records(county_engine, sid(synced))
    # the station's time zone is a county setting: in UTC the edge parcels change months
    r = client.put(f"/api/stations/{STATION}/settings", json={"rates": later, "time_zone": "UTC"}, headers=staff)
    assert r.status_code == 200
    with Session(county_engine) as s:
        nov = income.station_statement(s, sid(synced), 2026, 11)
        lines = {(ln.source, ln.key, ln.event): ln.count for ln in nov.lines}
        assert lines[(PARCEL_FEE, "SF", "checkin")] == 3 and lines[(PARCEL_FEE, "ZTO", "handover")] == 1
    rollup_equals_records(county_engine, sid(synced))


def test_settings_the_county_could_not_price_with_are_refused(synced, client, staff, county_engine):
    with Session(county_engine) as s:
        before = s.execute(text("SELECT version, values FROM station_settings")).one()
    for body, field in (({"rates": [{"source": "parcel_fee", "key": "SF", "valid_from": "2026-01-01"}]}, "rates[0].event"),
                        ({"rates": [{"source": "purchase_commission", "valid_from": "2026-13-01"}]},
                         "rates[0].valid_from"),
                        ({"rates": "3%"}, "rates"),
                        ({"rates": RATES, "time_zone": "Mars/Olympus"}, "time_zone")):
        r = client.put(f"/api/stations/{STATION}/settings", json=body, headers=staff)
        assert r.status_code == 400 and r.json()["error"]["field"] == field, r.text
    with Session(county_engine) as s:
        assert s.execute(text("SELECT version, values FROM station_settings")).one() == before
    rollup_equals_records(county_engine, sid(synced))


def test_service_commissions_count_and_a_refund_takes_them_back(synced, county_engine):
    with Session(county_engine) as s, s.begin():
        for kind, paid, refunded, fen in (("phone_topup", "2026-11-08T10:00", None, 150),
                                          ("electricity", "2026-11-09T10:00", "2026-11-10T10:00", 200)):
            s.add(SyncedServicePayment(station_id=sid(synced), uuid=uuid.uuid4(), version=1, seq=1,
                                       changed_at=dt.datetime.now(dt.timezone.utc), batch_id=uuid.uuid4(),
                                       kind=kind, status="refunded" if refunded else "paid", commission_fen=fen,
                                       paid_at=dt.datetime.fromisoformat(bj(paid)),
                                       refunded_at=dt.datetime.fromisoformat(bj(refunded)) if refunded else None,
                                       data={"amount_fen": 5000}))
        s.flush()
        income_rollup.rebuild_station(s, sid(synced))
    with Session(county_engine) as s:
        nov = income.station_statement(s, sid(synced), 2026, 11)
        services = {ln.key: (ln.count, ln.income_fen) for ln in nov.lines if ln.source == SERVICE_COMMISSION}
        assert services == {"phone_topup": (1, 150), "electricity": (0, 0)}
        assert nov.county_owes_fen == 1400 + 150
    rollup_equals_records(county_engine, sid(synced))


def test_statement_csv_and_pdf_for_scripts(synced, client, staff):
    r = client.get(f"/api/stations/{synced.station_id}/statements/2026-11.csv", headers=staff)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    body = r.content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("服务站,月份,来源")
    rows = body.splitlines()
    # the station's own CSV: header, 6 lines, what the county owes, the total
    assert rows[-2].split(",")[2:] == ["县中心应付", "", "县中心", "", "", "14.00"] and len(rows) == 1 + 6 + 2
    r = client.get(f"/api/stations/{STATION}/statements/2026-11.csv", params={"lang": "en"}, headers=staff)
    assert r.content.decode("utf-8-sig").splitlines()[0].startswith("Station,Month,Source")
    assert "The county owes" in r.content.decode("utf-8-sig")
    r = client.get(f"/api/stations/{synced.station_id}/statements/2026-11.pdf", headers=staff)
    assert r.status_code == 200 and r.content.startswith(b"%PDF") and r.headers["content-type"] == "application/pdf"
    assert "statement-2026-11.pdf" in r.headers["content-disposition"]
    # the station's own layout, read back: its title, the carriers by name, the county's share
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    for words in (STATION, "收入结算单", "2026-11", "包裹费用", "代购佣金", "县中心应付", "顺丰速运", "家电", "¥14.00",
                  "第 1 页"):
        assert words in text, words


def test_statement_refusals_write_nothing(synced, client, staff, county_engine):
    new_code(county_engine, "未同步站")
    with Session(county_engine) as s:
        rows = s.scalar(select(text("count(*)")).select_from(IncomeDay))
    cases = [
        (f"/api/stations/{synced.station_id}/statements/2026-13.csv", staff, 400, "invalid"),
        (f"/api/stations/{synced.station_id}/statements/november.pdf", staff, 400, "invalid"),
        (f"/api/stations/{synced.station_id}/statements/2026-11.xls", staff, 400, "invalid"),
        (f"/api/stations/{synced.station_id}/statements/2026-06.pdf", staff, 404, "no_data"),
        (f"/api/stations/{uuid.uuid4()}/statements/2026-11.csv", staff, 404, "not_found"),
        ("/api/stations/未同步站/statements/2026-11.csv", staff, 404, "never_synced"),
        (f"/api/stations/{synced.station_id}/statements/2026-11.csv", {}, 401, None),
        (f"/api/stations/{synced.station_id}/statements/2026-11.csv", synced.auth, 401, None),
    ]
    for url, headers, status, code in cases:
        r = client.get(url, headers=headers)
        assert r.status_code in ((status, 403) if status == 401 else (status,)), (url, r.text)
        assert r.headers["content-type"] == "application/json" and r.json()["error"]["message"]
        if code:
            assert r.json()["error"]["code"] == code, r.text
    with Session(county_engine) as s:
        assert s.scalar(select(text("count(*)")).select_from(IncomeDay)) == rows


def test_rates_stored_before_they_were_checked_do_not_stop_sync(synced, client, staff, county_engine):
    """A county database from before the check may hold rates it cannot use: batches are still
    applied, and a statement says what to put right."""
    with Session(county_engine) as s, s.begin():
        s.execute(text("UPDATE station_settings SET values = '{\"rates\": \"3%\"}'"))
    r = synced.send(synced.batch([synced.record("parcel", parcel("SF9", checked_in_at=bj("2026-11-11T10:00")))]))
    assert r.status_code == 200, r.text
    r = client.get(f"/api/stations/{synced.station_id}/statements/2026-11.csv", headers=staff)
    assert r.status_code == 409 and r.json()["error"]["code"] == "bad_settings" and "PUT" in r.json()["error"]["message"]
    # put right, every day is priced again
    assert client.put(f"/api/stations/{STATION}/settings", json={"rates": RATES}, headers=staff).status_code == 200
    rollup_equals_records(county_engine, sid(synced))
    with Session(county_engine) as s:
        assert income.month_income(s, 2026, 11)[sid(synced)] == 1400 + 30
