"""Monthly income statements of this station, from its records and the rates in force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from pos.db.models import Station, SyncState
from pos.domain.income import Fact, Statement, month_bounds, statement
from pos.services.clock import Clock
from pos.services.income.facts import IncomeSource
from pos.services.income.rates import RateTable, rate_table
from pos.services.local_days import local_day


@dataclass(frozen=True)
class IncomeOverview:
    station_name: str
    today: dt.date
    months: tuple[Statement, ...]  # oldest first; the last is the month of ``today``, so far
    rates: RateTable


def gather(s, sources: tuple[IncomeSource, ...], first: dt.date, last_exclusive: dt.date) -> list[Fact]:
    facts: list[Fact] = []
    for source in sources:
        facts += source(s, first, last_exclusive)
    return facts


def _station(s) -> tuple[str, str]:
    """(the station's id for statements, its name): the county's id when linked."""
    state = s.get(SyncState, 1)
    name = s.scalar(select(Station.name).limit(1)) or ""
    station_id = state.station_id if state is not None and state.county_url else ""
    return station_id or name, name


def month_statement(db, sources: tuple[IncomeSource, ...], year: int, month: int,
                    table: RateTable | None = None) -> Statement:
    """The statement of one month, so far when it is the current one (records of the future do
    not exist). A month without records is an empty statement, not an error."""
    table = table or rate_table(db)
    first, nxt = month_bounds(year, month)
    with db.reader() as s:
        station_id, _ = _station(s)
        facts = gather(s, sources, first, nxt)
    return statement(station_id, year, month, facts, table.rates)


def previous_months(today: dt.date, count: int) -> list[tuple[int, int]]:
    """(year, month) of the ``count`` months up to today's, oldest first."""
    y, m = today.year, today.month
    out = []
    for _ in range(count):
        out.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def overview(db, sources: tuple[IncomeSource, ...], clock: Clock, months: int = 12) -> IncomeOverview:
    """This month so far and the months before it, each by source, in one read."""
    today = local_day(clock())
    table = rate_table(db)
    out = []
    with db.reader() as s:
        station_id, name = _station(s)
        for year, month in previous_months(today, months):
            first, nxt = month_bounds(year, month)
            facts = gather(s, sources, first, min(nxt, today + dt.timedelta(days=1)))
            out.append(statement(station_id, year, month, facts, table.rates))
    return IncomeOverview(name, today, tuple(out), table)
