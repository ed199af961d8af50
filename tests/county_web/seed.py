"""Stations and synced records for the web page tests, sent through the real sync API (so the
rollup is kept the way ingest keeps it), dated relative to now."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.orm import Session

from pos.county import keys, manifests
from pos.county.models import Station
from pos.county.rollup import LOCAL_TZ
from pos.sync.contract import format_time
from tests.county.conftest import StationSide, new_code, parcel, sale

BUSY, QUIET, NEW = "清水村服务站", "东山村服务站", "西岭村服务站"


# The county's rates for 清水村 (sent down to the station when linked): 5% on assisted purchases,
# 0.50 yuan per parcel handed over. Its income is its collected purchases' items and handovers.
RATES = [{"source": "purchase_commission", "key": "*", "valid_from": "2000-01-01", "bp": 500},
         {"source": "parcel_fee", "key": "*", "event": "handover", "valid_from": "2000-01-01", "fen_each": 50}]


def purchase(number: str, at: dt.datetime, total: int = 8800, fee: int = 500, status: str = "placed",
             category: str = "日用") -> dict:
    """One item of ``total - fee``; a collected purchase is collected at ``at``."""
    items = [{"uuid": str(uuid.uuid4()), "description": "货", "quantity": 1, "unit_price_fen": total - fee,
              "category": category}]
    return {"number": number, "status": status, "items_total_fen": total - fee, "service_fee_fen": fee,
            "total_fen": total, "paid_fen": total, "placed_at": format_time(at), "items": items,
            "collected_at": format_time(at) if status == "collected" else None}


def linked(http, engine, name: str) -> StationSide:
    r = http.post("/api/enrol", json={"code": new_code(engine, name)})
    assert r.status_code == 200, r.text
    return StationSide(http, r.json()["station_id"], r.json()["station_key"])


@dataclass
class Seeded:
    busy: StationSide
    quiet: StationSide
    new_id: str
    now: dt.datetime


def seed(http, engine) -> Seeded:
    """清水村: 2 parcels in stock (1 overdue), 1 handed over, 2 purchases (placed and collected)
    and 2 sales today, one last month; 2 manifests (one late with a missing waybill, one in
    transit); its rates set, so this month it earned 5% of 60.00 + 100.00 and 0.50 for the
    handover: ¥8.50. 东山村: synced three days ago (stale). 西岭村: never synced."""
    now = keys.now()
    recent = now - dt.timedelta(seconds=1)
    # "two hours ago", but still today in China: after 16:00 UTC the day there is young
    midnight = now.astimezone(LOCAL_TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    earlier_today = max(now - dt.timedelta(hours=2), midnight + (now - midnight) / 2)
    busy = linked(http, engine, BUSY)
    with Session(engine) as s, s.begin():
        staff = {"Authorization": f"Bearer {keys.add_staff_token(s, 'seed')}"}
    r = http.put(f"/api/stations/{BUSY}/settings", json={"rates": RATES}, headers=staff)
    assert r.status_code == 200, r.text
    last_month = (now.replace(day=1) - dt.timedelta(days=3))
    recs = [
        busy.record("parcel", parcel("SF100", checked_in_at=format_time(now - dt.timedelta(days=10)))),
        busy.record("parcel", parcel("SF101", checked_in_at=format_time(earlier_today))),
        busy.record("parcel", parcel("SF102", status="picked_up", checked_in_at=format_time(recent),
                                     picked_up_at=format_time(recent))),
        busy.record("purchase", purchase("P-1", recent, total=6500, fee=500, status="collected")),
        busy.record("purchase", purchase("P-2", recent, total=10300, fee=300, status="collected")),
        busy.record("purchase", purchase("P-0", last_month, total=21200, fee=1200, status="collected")),
        busy.record("sale", {**sale("R-1", 1250), "completed_at": format_time(recent)}),
        busy.record("sale", {**sale("R-2", 800), "completed_at": format_time(recent)}),
    ]
    assert busy.send(busy.batch(recs)).status_code == 200
    quiet = linked(http, engine, QUIET)
    assert quiet.send(quiet.batch([quiet.record("parcel", parcel("YT200"))])).status_code == 200
    with Session(engine) as s, s.begin():
        new_station, _code, _ = keys.add_station(s, NEW)
        s.execute(update(Station).where(Station.name == QUIET).values(last_sync_at=now - dt.timedelta(days=3)))
        manifests.create_manifest(s, {"station": BUSY, "truck": "县-1", "dispatched_at": format_time(
            now - dt.timedelta(days=2)), "lines": [{"waybill": "SF101"}, {"waybill": "SF999"}]})
        manifests.create_manifest(s, {"station": BUSY, "truck": "县-2", "dispatched_at": format_time(
            now - dt.timedelta(hours=1)), "lines": [{"waybill": "SF555"}]})
        new_id = str(new_station.id)
    return Seeded(busy, quiet, new_id, now)
