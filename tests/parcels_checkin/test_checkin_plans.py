"""A check-in's queries stay with the parcel's own rows, however many parcels are in stock.

Without planner statistics (the app never runs ANALYZE) SQLite's choice of index does not depend
on how many rows a table holds, so a plan read here is the plan of a five-year station. There the
notice's text was rebuilt from a query that walked every parcel in stock through the status
index and looked each one up in the notice's links: 12 ms of every check-in with 5,000 parcels in
stock, 39 ms on a busy machine.
"""

from __future__ import annotations

from sqlalchemy import event

from pos.services.parcels import checkin
from pos.services.parcels.checkin import Recipient

from .conftest import SF, ZTO


def test_no_check_in_query_walks_the_parcels_in_stock(database, op, clock, rules):
    checkin.check_in(database, op, clock, rules, waybill=ZTO, carrier="ZTO", recipient=Recipient("13812345678"))
    seen: list[tuple[str, tuple]] = []

    def grab(_conn, _cursor, sql, params, _context, _many):
        if sql.lstrip().upper().startswith("SELECT") and "FROM parcel" in sql:
            seen.append((sql, params))

    event.listen(database.engine, "before_cursor_execute", grab)
    try:  # the same recipient again: the parcel joins the notice of the day, which is written anew
        checkin.check_in(database, op, clock, rules, waybill=SF, carrier="SF", recipient=Recipient("13812345678"))
    finally:
        event.remove(database.engine, "before_cursor_execute", grab)
    walks = []
    with database.engine.connect() as conn:
        for sql, params in seen:
            for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all():
                step = row[-1]
                # the status index searched on the status alone: every parcel of that status
                if "ix_parcel_status_checked_in (status=?)" in step:
                    walks.append((" ".join(sql.split())[:120], step))
    assert seen and walks == []
