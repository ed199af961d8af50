"""The Notices page reads the notices it lists, not the station's history.

Without planner statistics (the app never runs ANALYZE) SQLite's choice of index does not depend on
how many rows a table holds, so a plan read here is the plan of a five-year station. There the page
took 10 s to open: withdrawing the notices whose parcels left listed the links of every parcel
that ever left (5 s), a list's parcels were found by taking every parcel on the shelf and looking
each up among the 1,000 listed notices (4.7 s), and the sent list was sorted from every notice
ever sent (0.3 s).
"""

from __future__ import annotations

from pos.services.parcels import checkin, notices, reminders
from pos.services.parcels.checkin import Recipient
from tests.query_plans import statements

from .conftest import SF, YTO, ZTO

NAMES = {"ZTO": "中通快递", "YTO": "圆通速递", "SF": "顺丰速运"}


def _steps(database, make) -> list[tuple[str, str]]:
    """(the whole statement, a step of its plan) for every SELECT ``make`` runs."""
    with statements(database.engine, lambda sql: sql.lstrip().upper().startswith("SELECT")) as seen:
        make()
    with database.engine.connect() as conn:
        return [(sql, row[-1]) for sql, params in seen
                for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()]


def _shelf(database, op, clock, rules) -> None:
    for waybill, carrier, phone in ((ZTO, "ZTO", "13812345678"), (YTO, "YTO", "13812345678"),
                                    (SF, "SF", "13905783210")):
        checkin.check_in(database, op, clock, rules, waybill=waybill, carrier=carrier, recipient=Recipient(phone))


def test_opening_the_page_never_reads_parcels_by_their_status(database, op, clock, rules):
    _shelf(database, op, clock, rules)

    def open_page():
        notices.withdraw_left(database, NAMES)
        notices.status_counts(database)
        for status in ("pending", "sent", "failed"):
            notices.list_notices(database, status)

    steps = _steps(database, open_page)
    by_status = [(sql, step) for sql, step in steps if "SEARCH parcel" in step and "(status=" in step]
    assert steps and by_status == []
    # parcels only ever by their key, from a notice's links
    assert all("sqlite_autoindex_parcel_1 (id=?)" in step for _sql, step in steps if " parcel " in f"{step} ")


def test_each_list_comes_in_its_order_from_the_index(database, op, clock, rules):
    _shelf(database, op, clock, rules)
    for status in ("pending", "sent", "failed"):
        steps = _steps(database, lambda status=status: notices.list_notices(database, status))
        listing = [step for sql, step in steps if "FROM notice " in sql and "ORDER BY notice.day" in sql]
        assert listing == ["SEARCH notice USING INDEX ix_notice_status_day (status=?)"], steps


def test_counts_stop_past_what_a_list_shows(database, op, clock, rules):
    _shelf(database, op, clock, rules)
    assert notices.status_counts(database) == {"pending": 2, "sent": 0, "failed": 0}
    assert notices.status_counts(database, limit=1) == {"pending": 2, "sent": 0, "failed": 0}  # limit + 1
    checkin.check_in(database, op, clock, rules, waybill="JT0019812345678", carrier="JT",
                     recipient=Recipient("13700001111"))
    assert notices.status_counts(database, limit=1)["pending"] == 2


def test_a_reminders_list_reads_its_own_parcels(database, op, clock, rules):
    _shelf(database, op, clock, rules)
    clock.advance(days=10)
    done = []
    steps = _steps(database, lambda: done.append(reminders.send_reminders(database, op, clock)))
    assert done[0].notices == 2
    listed = [step for sql, step in steps if "JOIN notice_parcel" in sql and "FROM parcel" in sql]
    assert listed and not [step for step in listed if "ix_parcel_status_checked_in" in step], listed
