"""The per-station, per-day figures (station_day) the dashboard reads.

A batch's records name the days they fall on; those days of that station are recomputed from
the synced tables (an index range each), inside the batch's transaction. Recomputing rather than
adding keeps it right when a record comes again with a newer version (a sale refunded, a
purchase cancelled) or a batch is replayed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.sync.contract import parse_time

# The stations and the county are in one country with one clock: their "day" is China's.
LOCAL_TZ_NAME = "Asia/Shanghai"
LOCAL_TZ = ZoneInfo(LOCAL_TZ_NAME)

# what each table adds to a day: (time column, the extra filter)
_DAY_SQL = f"""
    SELECT day, sum(checkins) AS checkins, sum(purchases) AS purchases, sum(purchases_fen) AS purchases_fen,
           sum(sales) AS sales, sum(sales_fen) AS sales_fen
      FROM (
        SELECT (checked_in_at AT TIME ZONE '{LOCAL_TZ_NAME}')::date AS day, 1 AS checkins, 0 AS purchases,
               0 AS purchases_fen, 0 AS sales, 0 AS sales_fen
          FROM synced_parcel WHERE station_id = :station AND checked_in_at >= :lo AND checked_in_at < :hi
        UNION ALL
        SELECT (placed_at AT TIME ZONE '{LOCAL_TZ_NAME}')::date, 0, 1, total_fen, 0, 0
          FROM synced_purchase WHERE station_id = :station AND placed_at >= :lo AND placed_at < :hi
           AND status <> 'cancelled'
        UNION ALL
        SELECT (completed_at AT TIME ZONE '{LOCAL_TZ_NAME}')::date, 0, 0, 0, 1, total_fen
          FROM synced_sale WHERE station_id = :station AND completed_at >= :lo AND completed_at < :hi
      ) AS x
     WHERE day = ANY(:days)
     GROUP BY day
"""


def local_day(t: dt.datetime) -> dt.date:
    return t.astimezone(LOCAL_TZ).date()


def day_start(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(), LOCAL_TZ)


def days_of(kind: str, rows: Iterable[dict]) -> set[dt.date]:
    """The local days the records of ``kind`` (their data, as the contract sends it) fall on."""
    col = {"parcel": "checked_in_at", "purchase": "placed_at", "sale": "completed_at"}.get(kind)
    if col is None:
        return set()
    return {local_day(parse_time(r[col])) for r in rows if r.get(col) is not None}


def recompute(session: Session, station_id: uuid.UUID, days: Iterable[dt.date]) -> None:
    days = sorted(set(days))
    if not days:
        return
    params = {"station": station_id, "days": days, "lo": day_start(days[0]),
              "hi": day_start(days[-1] + dt.timedelta(days=1))}
    session.execute(text("DELETE FROM station_day WHERE station_id = :station AND day = ANY(:days)"), params)
    session.execute(text(f"""
        INSERT INTO station_day (station_id, day, checkins, purchases, purchases_fen, sales, sales_fen)
        SELECT :station, day, checkins, purchases, purchases_fen, sales, sales_fen FROM ({_DAY_SQL}) AS d
    """), params)


def rebuild_all(session: Session) -> None:
    """Every station's every day (the migration that adds the table, or a repair)."""
    session.execute(text("DELETE FROM station_day"))
    session.execute(text(BACKFILL_SQL))


BACKFILL_SQL = f"""
    INSERT INTO station_day (station_id, day, checkins, purchases, purchases_fen, sales, sales_fen)
    SELECT station_id, day, sum(checkins), sum(purchases), sum(purchases_fen), sum(sales), sum(sales_fen)
      FROM (
        SELECT station_id, (checked_in_at AT TIME ZONE '{LOCAL_TZ_NAME}')::date AS day, 1 AS checkins,
               0 AS purchases, 0 AS purchases_fen, 0 AS sales, 0 AS sales_fen FROM synced_parcel
        UNION ALL
        SELECT station_id, (placed_at AT TIME ZONE '{LOCAL_TZ_NAME}')::date, 0, 1, total_fen, 0, 0
          FROM synced_purchase WHERE status <> 'cancelled'
        UNION ALL
        SELECT station_id, (completed_at AT TIME ZONE '{LOCAL_TZ_NAME}')::date, 0, 0, 0, 1, total_fen
          FROM synced_sale
      ) AS x
     GROUP BY station_id, day
"""
