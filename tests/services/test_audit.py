"""The audit log's own transactions, for the pages that only read it or note an action."""

import datetime as dt

from pos.domain.station import StationDetails
from pos.services import audit
from pos.services.station import setup as station


def test_record_action_commits_one_entry_and_recent_entries_reads_it(database):
    owner = station.set_up_station(database, StationDetails("清水村服务站"), "王小明", "1234")
    before = len(audit.recent_entries(database))
    audit.record_action(database, owner, "devices.test_print", {"printer": "usb"})
    entries = audit.recent_entries(database)
    assert len(entries) == before + 1
    newest = entries[0]
    assert (newest.operator, newest.action) == ("王小明", "devices.test_print")
    assert '"printer": "usb"' in newest.details


def test_recent_entries_newest_first_and_limited(database):
    with database.unit_of_work() as s:
        for i in range(5):
            audit.record(s, None, f"a{i}", at=dt.datetime(2026, 11, 1, i, tzinfo=dt.timezone.utc))
    assert [e.action for e in audit.recent_entries(database, limit=3)] == ["a4", "a3", "a2"]
