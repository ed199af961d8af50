"""Background sync: a daemon thread that runs a sync round when the station is linked, every
``interval`` seconds, and backs off with full jitter while the county cannot be reached.

No Qt here: the owner (pos/ui/county_sync.py) gets news through ``on_news`` on this thread and
passes it to the GUI thread. A round's transactions are short and its network calls hold no
transaction. In the app the worker runs in a process of its own at low priority
(pos/sync/process.py), so building and compressing batches never competes with the counter
for the GIL; between batches it also steps aside while the counter is busy (``Activity``).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from pos.db.unit_of_work import Database
from pos.sync.client import SyncClient, SyncError, SyncReport, link_state

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncNews:
    """What a round ended with: a report, or the error that stopped it."""

    report: SyncReport | None = None
    error: SyncError | None = None


def backoff_delay(failures: int, base: float = 5.0, cap: float = 900.0,
                  rand: Callable[[float, float], float] = random.uniform) -> float:
    """Full jitter (AWS's): anywhere between 0 and the capped exponential delay, so stations that
    lost the county together do not all come back at the same second."""
    return rand(0.0, min(cap, base * 2 ** max(0, failures - 1)))


class Stopping(Exception):
    """The worker is stopping: the round ends after the batch it has sent."""


class Activity:
    """When the counter last recorded something (``time.time()``). The owner touches it after
    every unit of work at the counter; the sync reads it between batches. ``cell`` is anything
    with a float ``value``: a multiprocessing Value shares it with a sync process."""

    def __init__(self, cell: Any = None) -> None:
        self.cell = cell if cell is not None else _Cell()

    def touch(self) -> None:
        self.cell.value = time.time()

    def idle_for(self) -> float:
        """Seconds since the counter last did something."""
        return time.time() - self.cell.value


class _Cell:
    value = 0.0


class SyncWorker:
    # while the counter recorded something in the last BUSY_WINDOW seconds, the sync sends one
    # batch every BUSY_PAUSE seconds (a few hundred records a second still), else one after
    # the other with IDLE_PAUSE between
    BUSY_WINDOW = 5.0
    BUSY_PAUSE = 1.0
    IDLE_PAUSE = 0.05

    def __init__(self, db: Database, folder: Path, on_news: Callable[[SyncNews], None] | None = None, *,
                 interval: float = 60.0, refused_wait: float = 1800.0,
                 client: SyncClient | None = None, activity: Activity | None = None,
                 busy_pause: float | None = None) -> None:
        self.client = client or SyncClient(db, folder)
        self.client.between_batches = self.step_aside
        self.activity = activity or Activity()
        self.busy_pause = self.BUSY_PAUSE if busy_pause is None else busy_pause
        self.db = db
        self.on_news = on_news or (lambda news: None)
        self.interval = interval
        self.refused_wait = refused_wait
        self.failures = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._go = threading.Event()  # cleared while held
        self._go.set()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="county-sync", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        """Sync now (after linking, or the partner asked)."""
        self._wake.set()

    def hold(self, held: bool) -> None:
        """Held: the sync stops after the batch it is sending and waits (the benchmark measures
        the counter with and without it, in turns); released: it goes on where it was."""
        if held:
            self._go.clear()
        else:
            self._go.set()

    def step_aside(self) -> None:
        """Between two batches: wait while held, and longer while the counter is busy."""
        while not self._go.is_set() and not self._stop.is_set():
            self._go.wait(0.2)
        busy = self.activity.idle_for() < self.BUSY_WINDOW
        if self._stop.wait(self.busy_pause if busy else self.IDLE_PAUSE):
            raise Stopping  # the app is closing: the batches sent are marked, the rest waits

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._go.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def next_wait(self, news: SyncNews | None) -> float:
        if news is None:  # not linked: look again now and then (linking wakes us anyway)
            return self.interval
        if news.error is None:
            self.failures = 0
            return self.interval
        if news.error.retry_later:
            self.failures += 1
            return backoff_delay(self.failures)
        return self.refused_wait  # a refusal (revoked key, bad record): no hammering

    def round(self) -> SyncNews | None:
        try:
            state = link_state(self.db)
        except Exception:  # the database is busy or closing: try at the next round
            log.exception("sync: cannot read the link state")
            return None
        if not state.linked or state.revoked:
            return None
        try:
            return SyncNews(report=self.client.sync_once())
        except Stopping:
            return None
        except SyncError as e:
            log.warning("sync: %s (%s)", e.message, e.code)
            return SyncNews(error=e)
        except Exception as e:  # a bug must not kill the thread: logged, reported, retried later
            log.exception("sync round failed")
            return SyncNews(error=SyncError("server_error", str(e)))

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            news = self.round()
            if news is not None:
                try:
                    self.on_news(news)
                except Exception:
                    log.exception("sync: news could not be delivered")
            self._wake.wait(self.next_wait(news))
            self._go.wait()
