"""The county's view of its stations: GET /api/stations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pos.county.models import Station, StationKey, SyncedParcel, SyncedPurchase, SyncedSale
from pos.sync.contract import format_time

IN_STOCK = ("awaiting_phone", "in_stock", "out_for_delivery")


def overview(session: Session) -> list[dict[str, Any]]:
    """Each station with its last sync and what it has sent: parcels checked in, in stock and
    handed over, purchases and sales. One grouped query per table, whatever the number of
    stations."""
    parcels = {r.station_id: r for r in session.execute(
        select(SyncedParcel.station_id, func.count().label("checked_in"),
               func.count(case((SyncedParcel.status.in_(IN_STOCK), 1))).label("in_stock"),
               func.count(case((SyncedParcel.status == "picked_up", 1))).label("handed_over"),
               func.count(case((SyncedParcel.status == "returned", 1))).label("returned"))
        .group_by(SyncedParcel.station_id))}
    purchases = dict(session.execute(select(SyncedPurchase.station_id, func.count())
                                     .group_by(SyncedPurchase.station_id)).all())
    sales = {r.station_id: r for r in session.execute(
        select(SyncedSale.station_id, func.count().label("n"), func.coalesce(func.sum(SyncedSale.total_fen), 0)
               .label("total")).group_by(SyncedSale.station_id))}
    enrolled = set(session.scalars(select(StationKey.station_id).where(StationKey.revoked_at.is_(None))))
    out = []
    for s in session.scalars(select(Station).order_by(Station.name)):
        p = parcels.get(s.id)
        sale = sales.get(s.id)
        out.append({
            "id": str(s.id),
            "name": s.name,
            "linked": s.id in enrolled,
            "revoked": s.revoked_at is not None,
            "last_sync_at": format_time(s.last_sync_at) if s.last_sync_at else None,
            "high_water": s.high_water,
            "parcels": {"checked_in": p.checked_in if p else 0, "in_stock": p.in_stock if p else 0,
                        "handed_over": p.handed_over if p else 0, "returned": p.returned if p else 0},
            "purchases": purchases.get(s.id, 0),
            "sales": sale.n if sale else 0,
            "sales_total_fen": int(sale.total) if sale else 0,
        })
    return out
