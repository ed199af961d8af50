"""The figures of the dashboard and of a station's page, a few grouped queries each.

Counts per station come from indexed ranges (parcels in stock, open manifest lines) and from the
station_day rollup; nothing here scans a year of records. Nothing here writes: a manifest line
past its time counts as missing without being marked (the dispatch report marks it).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.county import income
from pos.county.manifests import DEFAULT_MISSING_AFTER
from pos.county.rollup import LOCAL_TZ
from pos.county.stations import IN_STOCK

STALE_AFTER = dt.timedelta(days=1)
OVERDUE_AFTER = dt.timedelta(days=7)
# spelled out, not a parameter: the planner matches it to the partial index ix_synced_parcel_in_stock
_IN_STOCK_SQL = "(" + ", ".join(f"'{s}'" for s in IN_STOCK) + ")"
SORT_KEYS = ("name", "last_sync", "in_stock", "overdue", "in_transit", "missing", "purchases", "sales", "income")


@dataclass
class StationRow:
    id: uuid.UUID
    name: str
    last_sync_at: dt.datetime | None
    revoked: bool
    now: dt.datetime
    in_stock: int = 0
    overdue: int = 0
    in_transit: int = 0
    missing: int = 0
    purchases: int = 0
    sales: int = 0
    sales_fen: int = 0
    income: int = 0

    @property
    def never_synced(self) -> bool:
        return self.last_sync_at is None

    @property
    def stale(self) -> bool:
        return self.last_sync_at is None or self.now - self.last_sync_at > STALE_AFTER

    @property
    def last_sync(self) -> str:
        return local_text(self.last_sync_at) if self.last_sync_at else ""


def local_text(t: dt.datetime) -> str:
    return t.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")


def _where_station(station_id: uuid.UUID | None, column: str) -> tuple[str, dict]:
    return (f"AND {column} = :sid", {"sid": station_id}) if station_id else ("", {})


def station_rows(session: Session, now: dt.datetime, station_id: uuid.UUID | None = None) -> list[StationRow]:
    """Every station (or one) with its figures: today is the local day of ``now``."""
    only, p = _where_station(station_id, "id")
    rows = {r.id: StationRow(r.id, r.name, r.last_sync_at, r.revoked_at is not None, now) for r in session.execute(
        text(f"SELECT id, name, last_sync_at, revoked_at FROM station WHERE true {only}"), p)}
    only, p = _where_station(station_id, "station_id")
    for sid, n, old in session.execute(text(f"""
            SELECT station_id, count(*), count(*) FILTER (WHERE checked_in_at < :old)
              FROM synced_parcel WHERE status IN {_IN_STOCK_SQL} {only} GROUP BY station_id"""),
            {**p, "old": now - OVERDUE_AFTER}):
        if sid in rows:
            rows[sid].in_stock, rows[sid].overdue = n, old
    only, p = _where_station(station_id, "ml.station_id")
    for sid, transit, missing in session.execute(text(f"""
            SELECT ml.station_id,
                   count(*) FILTER (WHERE ml.status = 'dispatched' AND m.dispatched_at > :late),
                   count(*) FILTER (WHERE ml.status = 'missing' OR m.dispatched_at <= :late)
              FROM manifest_line ml JOIN manifest m ON m.id = ml.manifest_id
             WHERE ml.status <> 'arrived' {only} GROUP BY ml.station_id"""),
            {**p, "late": now - DEFAULT_MISSING_AFTER}):
        if sid in rows:
            rows[sid].in_transit, rows[sid].missing = transit, missing
    only, p = _where_station(station_id, "station_id")
    today = now.astimezone(LOCAL_TZ).date()
    for sid, pur, sal, fen in session.execute(text(f"""
            SELECT station_id, purchases, sales, sales_fen FROM station_day WHERE day = :today {only}"""),
            {**p, "today": today}):
        if sid in rows:
            rows[sid].purchases, rows[sid].sales, rows[sid].sales_fen = pur, sal, fen
    for sid, fen in income.month_income(session, today.year, today.month).items():
        if sid in rows:
            rows[sid].income = fen
    return list(rows.values())


@dataclass
class View:
    """The list's sorting and filter, as the query string carries them (works without JS)."""

    sort: str = "name"
    dir: str = "asc"
    q: str = ""
    stale: bool = False

    @classmethod
    def from_query(cls, params: Any) -> View:
        sort = params.get("sort", "name")
        return cls(sort=sort if sort in SORT_KEYS else "name",
                   dir="desc" if params.get("dir") == "desc" else "asc",
                   q=(params.get("q") or "").strip()[:100], stale=params.get("stale") in ("1", "on", "true"))

    def query(self, **change: str) -> str:
        from urllib.parse import urlencode

        values = {"sort": self.sort, "dir": self.dir, "q": self.q, "stale": "1" if self.stale else "", **change}
        return urlencode({k: v for k, v in values.items() if v})

    def apply(self, rows: list[StationRow]) -> list[StationRow]:
        if self.q:
            rows = [r for r in rows if self.q.casefold() in r.name.casefold()]
        if self.stale:
            rows = [r for r in rows if r.stale]
        rows = sorted(rows, key=lambda r: r.name)  # ties keep the name order
        if self.sort == "last_sync":
            # never synced sorts as the oldest
            return sorted(rows, key=lambda r: r.last_sync_at or dt.datetime.min.replace(tzinfo=dt.timezone.utc),
                          reverse=self.dir == "desc")
        if self.sort == "name":
            return rows[::-1] if self.dir == "desc" else rows
        return sorted(rows, key=lambda r: getattr(r, self.sort), reverse=self.dir == "desc")


def day_series(session: Session, today: dt.date, days: int = 30, station_id: uuid.UUID | None = None) -> dict:
    first = today - dt.timedelta(days=days - 1)
    only, p = _where_station(station_id, "station_id")
    got = {r.day: r for r in session.execute(text(f"""
        SELECT day, sum(checkins) AS checkins, sum(purchases) AS purchases, sum(sales) AS sales,
               sum(sales_fen) AS sales_fen
          FROM station_day WHERE day BETWEEN :first AND :today {only} GROUP BY day"""),
        {**p, "first": first, "today": today})}
    labels, cols = [], {"checkins": [], "purchases": [], "sales": [], "sales_fen": []}
    for i in range(days):
        d = first + dt.timedelta(days=i)
        labels.append(d.strftime("%m-%d"))
        for k in cols:
            cols[k].append(int(getattr(got[d], k)) if d in got else 0)
    return {"labels": labels, **cols}


def _months_back(today: dt.date, months: int) -> list[tuple[int, int]]:
    y, m = today.year, today.month
    out = []
    for _ in range(months):
        out.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def _month_sums(session: Session, first: dt.date, before: dt.date, station_id: uuid.UUID | None) -> dict:
    only, p = _where_station(station_id, "station_id")
    return {(int(r.y), int(r.m)): (int(r.checkins), int(r.purchases), int(r.sales_fen)) for r in session.execute(text(f"""
        SELECT extract(year FROM day) AS y, extract(month FROM day) AS m, sum(checkins) AS checkins,
               sum(purchases) AS purchases, sum(sales_fen) AS sales_fen
          FROM station_day WHERE day >= :first AND day < :before {only} GROUP BY 1, 2"""),
        {**p, "first": first, "before": before})}


# All stations' past months of activity (a year of station_day rows, the dashboard's costliest
# read) change only when a station syncs late: kept a few minutes per process and database; this
# month is always read live. Income is not among them (read live from income_month, so a rate
# changed at the county shows on the next page load).
PAST_MONTHS_TTL = dt.timedelta(minutes=5)
_past_months: dict[tuple[str, dt.date, int], tuple[dt.datetime, dict]] = {}


def month_series(session: Session, today: dt.date, months: int = 12, station_id: uuid.UUID | None = None,
                 *, now: dt.datetime | None = None) -> dict:
    keys = _months_back(today, months)
    this_month = dt.date(today.year, today.month, 1)
    first = dt.date(keys[0][0], keys[0][1], 1)
    if station_id is None:
        t = now or dt.datetime.now(dt.timezone.utc)
        key = (str(session.get_bind().url), this_month, months)
        cached = _past_months.get(key)
        if cached is None or t - cached[0] > PAST_MONTHS_TTL:
            cached = (t, _month_sums(session, first, this_month, None))
            _past_months.pop(key, None)
            if len(_past_months) > 8:  # months gone by, databases no longer served
                _past_months.clear()
            _past_months[key] = cached
        got = {**cached[1], **_month_sums(session, this_month, today + dt.timedelta(days=1), None)}
    else:
        got = _month_sums(session, first, today + dt.timedelta(days=1), station_id)
    out: dict[str, list] = {"labels": [f"{y}-{m:02d}" for y, m in keys], "checkins": [], "purchases": [],
                            "sales_fen": []}
    for k in keys:
        checkins, purchases, sales_fen = got.get(k, (0, 0, 0))
        out["checkins"].append(checkins)
        out["purchases"].append(purchases)
        out["sales_fen"].append(sales_fen)
    return out


def months_with_data(session: Session, station_id: uuid.UUID, limit: int = 24) -> list[tuple[int, int]]:
    """The months the station has synced anything for, newest first."""
    return [(int(y), int(m)) for y, m in session.execute(text("""
        SELECT extract(year FROM day), extract(month FROM day) FROM station_day WHERE station_id = :sid
         GROUP BY 1, 2 ORDER BY 1 DESC, 2 DESC LIMIT :limit"""), {"sid": station_id, "limit": limit})]


def recent_manifests(session: Session, station_id: uuid.UUID, now: dt.datetime, limit: int = 20) -> list[dict]:
    return [{"dispatched": local_text(r.dispatched_at), "truck": r.truck, "lines": r.lines, "arrived": r.arrived,
             "in_transit": r.in_transit, "missing": r.missing} for r in session.execute(text("""
        SELECT m.dispatched_at, m.truck, count(ml.id) AS lines,
               count(*) FILTER (WHERE ml.status = 'arrived') AS arrived,
               count(*) FILTER (WHERE ml.status = 'dispatched' AND m.dispatched_at > :late) AS in_transit,
               count(*) FILTER (WHERE ml.status = 'missing' OR (ml.status = 'dispatched'
                                                             AND m.dispatched_at <= :late)) AS missing
          FROM manifest m JOIN manifest_line ml ON ml.manifest_id = m.id
         WHERE m.station_id = :sid GROUP BY m.id ORDER BY m.dispatched_at DESC LIMIT :limit"""),
        {"sid": station_id, "late": now - DEFAULT_MISSING_AFTER, "limit": limit})]


