"""The counter is not held up while a backlog syncs: check-in p95 with the background sync
running stays within noise of check-in p95 without it (generous bound: shared CI cores run the
county server and its PostgreSQL too). The figures are printed for the record."""

from __future__ import annotations

import time

import pytest

from pos.services.parcels import checkin
from pos.sync.client import SyncClient
from pos.sync.worker import SyncWorker
from tests.sync.test_faults import RULES, check_in, op  # noqa: F401 (fixture)

pytestmark = pytest.mark.postgres


def p95_of_check_ins(db, op, clock, start: int, n: int = 40) -> float:  # noqa: F811
    times = []
    for i in range(start, start + n):
        clock.advance(1)
        t = time.perf_counter()
        checkin.check_in(db, op, clock, RULES, waybill=f"YT{i:013d}", carrier="YTO",
                         recipient=checkin.Recipient(phone=f"139{i:08d}", name="张三"))
        times.append(time.perf_counter() - t)
    times.sort()
    return times[int(len(times) * 0.95) - 1]


def test_check_in_p95_while_a_backlog_syncs(database, op, clock, tmp_path, county, proxy):  # noqa: F811
    check_in(database, op, clock, 300)  # the backlog: ~300 parcels, their events, the counts
    folder = tmp_path / "station"
    folder.mkdir()
    client = SyncClient(database, folder, timeout=10, batch_records=100, pause=0.2)  # as the worker's
    client.link(proxy.url, county.code())
    quiet = p95_of_check_ins(database, op, clock, 0)
    worker = SyncWorker(database, folder, client=client, interval=0.05)
    worker.start()
    try:
        busy = p95_of_check_ins(database, op, clock, 1000)
    finally:
        worker.stop()
    print(f"check-in p95: {quiet * 1000:.1f} ms without sync, {busy * 1000:.1f} ms while syncing")
    assert busy < quiet * 3 + 0.05
