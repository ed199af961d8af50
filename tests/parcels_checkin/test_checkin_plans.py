"""A check-in's queries stay with the parcel's own rows, however many parcels are in stock.

Without planner statistics (the app never runs ANALYZE) SQLite's choice of index does not depend
on how many rows a table holds, so a plan read here is the plan of a five-year station. There the
notice's text was rebuilt from a query that walked every parcel in stock through the status
index and looked each one up in the notice's links: 12 ms of every check-in with 5,000 parcels in
stock, 39 ms on a busy machine.
"""

from __future__ import annotations

from pos.services.parcels import checkin
from pos.services.parcels.checkin import Recipient
from tests.query_plans import plan_steps, selects_from, statements

from .conftest import SF, ZTO


def test_no_check_in_query_walks_the_parcels_in_stock(database, op, clock, rules):
    checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO", recipient=Recipient("13812345678"))
    # the same recipient again: the parcel joins the notice of the day, which is written anew
    with statements(database.engine, selects_from("parcel")) as seen:
        checkin.check_in(database, op, clock, rules, waybill=SF, carrier="SF", recipient=Recipient("13812345678"))
    # the status index searched on the status alone: every parcel of that status
    walks = [(sql, step) for sql, step in plan_steps(database.engine, seen)
             if "ix_parcel_status_checked_in (status=?)" in step]
    assert seen and walks == []


def test_the_pickup_code_rest_check_reads_the_code_index_alone(database, op, clock, rules):
    # every parcel that ever had a code: about 3 at five years, their rows long out of memory
    checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO", recipient=Recipient("13812345678"))
    with statements(database.engine, lambda sql: "FROM parcel" in sql and "pickup_code = ?" in sql) as seen:
        checkin.check_in(database, op, clock, rules, waybill=SF, carrier="SF", recipient=Recipient("13912345678"))
    steps = plan_steps(database.engine, seen)
    assert steps
    assert all("COVERING INDEX ix_parcel_pickup_code_stay" in step for _sql, step in steps), steps
