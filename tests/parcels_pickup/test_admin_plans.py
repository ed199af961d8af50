"""The parcel admin's reconciliation and search read what they show, not the station's history.

Without planner statistics (the app never runs ANALYZE) SQLite's choice of index does not depend on
how many rows a table holds, so a plan read here is the plan of a five-year station. There the
day's reconciliation tested every parcel checked in before the day's end (0.6 s at each opening of
the tab) and a search by waybill walked every parcel (0.3 s), LIKE taking no index.
"""

from __future__ import annotations

import datetime as dt

from pos.services.parcels import reconciliation
from pos.services.parcels import search as parcel_search
from pos.services.parcels.search import SearchCriteria
from pos.services.pickup.settings import local_date
from tests.query_plans import plan_steps, selects_from, statements

from .factory import make_parcel


def _parcel_steps(database, make) -> list[str]:
    with statements(database.engine, selects_from("parcel")) as seen:
        make()
    steps = [step for _sql, step in plan_steps(database.engine, seen) if " parcel " in f" {step} "]
    assert steps
    return steps


def test_a_days_reconciliation_reads_by_time_or_the_parcels_in_the_station(database, clock):
    make_parcel(database)
    make_parcel(database, days_ago=3, status="picked_up")
    for day in (local_date(clock()), local_date(clock()) - dt.timedelta(days=2)):
        steps = _parcel_steps(database, lambda day=day: reconciliation.daily_sheet(database, clock, day))
        # each part seeks from a time, or reads the parcels of a status still in the station
        assert all(step.startswith("SEARCH") and ("at>?" in step or "(status=? AND checked_in_at<?)" in step)
                   for step in steps), steps


def test_a_search_by_waybill_goes_through_the_waybill_index(database):
    p = make_parcel(database)
    for text in (p.waybill, p.waybill[:10]):
        steps = _parcel_steps(database, lambda text=text: parcel_search.search(database, SearchCriteria(text=text)))
        assert all("INDEX ix_parcel_waybill (waybill>? AND waybill<?)" in step for step in steps), steps
        assert [r.waybill for r in parcel_search.search(database, SearchCriteria(text=text))] == [p.waybill]


def test_a_waybill_prefix_finds_every_waybill_it_begins_and_no_other(database):
    a = make_parcel(database, number="7700001234567")
    b = make_parcel(database, number="7700001299999")
    make_parcel(database, number="7700011234567")
    make_parcel(database, number="770000")  # shorter than the prefix
    found = parcel_search.search(database, SearchCriteria(text="77000012"))
    assert sorted(r.waybill for r in found) == sorted([a.waybill, b.waybill])
