"""The background sync: back-off with full jitter, rounds only when linked, never on the GUI thread."""

from __future__ import annotations

import threading
import time

from pos.sync.client import SyncError, SyncReport
from pos.sync.worker import SyncNews, SyncWorker, backoff_delay


def test_backoff_is_full_jitter_and_capped():
    top = lambda lo, hi: hi  # noqa: E731 - the largest the jitter may pick
    assert [backoff_delay(n, rand=top) for n in (1, 2, 3, 4)] == [5.0, 10.0, 20.0, 40.0]
    assert backoff_delay(30, rand=top) == 900.0
    assert backoff_delay(3, rand=lambda lo, hi: lo) == 0.0
    assert all(0 <= backoff_delay(5) <= 80 for _ in range(100))


class FakeClient:
    def __init__(self, outcomes):
        self.outcomes = list(outcomes)
        self.threads: list[str] = []

    def sync_once(self):
        self.threads.append(threading.current_thread().name)
        out = self.outcomes.pop(0) if self.outcomes else SyncReport()
        if isinstance(out, Exception):
            raise out
        return out


def test_waits_grow_while_offline_and_reset_after_success(database):
    w = SyncWorker(database, None, client=FakeClient([]), interval=60)
    offline = SyncNews(error=SyncError("offline", "down"))
    waits = [w.next_wait(offline) for _ in range(3)]
    assert w.failures == 3 and all(0 <= x <= 20 for x in waits)
    assert w.next_wait(SyncNews(report=SyncReport())) == 60 and w.failures == 0
    assert w.next_wait(SyncNews(error=SyncError("key_revoked", "revoked"))) == w.refused_wait


def test_unlinked_station_makes_no_round(database):
    client = FakeClient([])
    w = SyncWorker(database, None, client=client)
    assert w.round() is None and client.threads == []


def test_rounds_run_on_the_worker_thread(database, monkeypatch):
    import pos.sync.worker as worker_mod
    from pos.sync.client import LinkState

    monkeypatch.setattr(worker_mod, "link_state", lambda db: LinkState(True, "http://x", "s", None, 0, False, "", {}))
    client = FakeClient([SyncReport()])
    got = threading.Event()
    news: list = []
    w = SyncWorker(database, None, lambda n: (news.append(n), got.set()), client=client, interval=3600)
    w.start()
    try:
        assert got.wait(10)
    finally:
        w.stop()
    assert client.threads == ["county-sync"] and news[0].report is not None


def test_the_worker_sends_slower_while_the_counter_is_busy(database):
    from pos.sync.worker import Activity

    w = SyncWorker(database, None, client=FakeClient([]), activity=Activity(), busy_pause=0.3)
    t = time.perf_counter()
    w.step_aside()  # idle counter: the short pause
    idle = time.perf_counter() - t
    w.activity.touch()
    t = time.perf_counter()
    w.step_aside()
    assert idle < 0.3 <= time.perf_counter() - t


def test_a_held_worker_waits_between_batches_and_a_stop_ends_the_round(database):
    from pos.sync.worker import Stopping

    w = SyncWorker(database, None, client=FakeClient([]))
    w.hold(True)
    done = threading.Event()

    def between():
        try:
            w.step_aside()
        except Stopping:
            done.set()

    t = threading.Thread(target=between)
    t.start()
    assert not done.wait(0.5)  # held
    w.stop()
    t.join(5)
    assert done.is_set()


def test_the_sync_process_reports_through_the_pipe_and_stops(database, tmp_path):
    """The app's sync process: spawned, niced, on its own engine; an unlinked station makes no
    round, so no news, and it stops cleanly when told."""
    import os

    from pos.sync.process import SyncProcess

    news: list = []
    url = database.engine.url.render_as_string(hide_password=False)
    p = SyncProcess(url, tmp_path, news.append, interval=0.1)
    p.start()
    try:
        assert p.running
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the child lowers its priority as it starts
            try:
                if os.getpriority(os.PRIO_PROCESS, p.pid) > 0:
                    break
            except (AttributeError, OSError):
                break
            time.sleep(0.1)
        if hasattr(os, "getpriority"):
            assert os.getpriority(os.PRIO_PROCESS, p.pid) > os.getpriority(os.PRIO_PROCESS, 0)
        p.touch()
        p.wake()
        p.hold(True)
        p.hold(False)
    finally:
        p.stop()
    assert not p.running and news == []
