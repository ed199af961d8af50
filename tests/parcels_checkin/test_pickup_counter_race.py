"""The first check-ins of a new station at the same moment from two counters (two connections):
the second must wait for the first counter row and count on it, not fail on uq_sequence_key."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from pos.db.unit_of_work import Database
from pos.services.parcels import pickup_codes
from tests.polling import wait_for


def _waiting_on_a_lock(db: Database) -> bool:
    with db.engine.connect() as c:
        return bool(c.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'")))


def test_two_first_numbers_at_once_both_succeed(any_database: Database):
    db = any_database
    got: dict[str, object] = {}

    def second_counter() -> None:
        try:
            with db.unit_of_work() as s:
                got["second"] = pickup_codes.next_number(s, pickup_codes.COUNTER_KEY)
        except Exception as e:  # noqa: BLE001 - the failure is what the test reports
            got["second"] = e

    with db.unit_of_work() as s:
        got["first"] = pickup_codes.next_number(s, pickup_codes.COUNTER_KEY)  # creates the row, not committed yet
        racer = threading.Thread(target=second_counter)
        racer.start()
        if db.engine.dialect.name == "postgresql":
            assert wait_for(lambda: _waiting_on_a_lock(db)), "the second counter never reached the row"
        else:
            time.sleep(0.3)  # SQLite: the second writer waits for the file lock
    racer.join(30)
    assert not racer.is_alive()
    assert (got["first"], got["second"]) == (1, 2)
