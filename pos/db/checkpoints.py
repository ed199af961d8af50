"""Checkpoints of SQLite's write-ahead log, on a thread of their own.

In WAL mode a commit appends its pages to the -wal file and syncs it; a checkpoint later copies
them into the database file and syncs that. SQLite checkpoints by itself inside whichever commit
takes the log past 1,000 pages: with about 30 pages a check-in, one check-in in thirty waited
10 ms or more longer (a thousand scattered writes into a half-gigabyte file, and its sync) and
set the 95th and 99th percentiles. Here one thread per process checkpoints a moment after the
last commit, or after a few commits in a burst, so the log stays far below that mark and the
GUI thread's commits only append. SQLite's own checkpoint stays as the backstop for when this
thread falls behind (a reader holding old pages, a busy disk).

A checkpoint adds no risk at a power cut: the pages it copies are in the synced log already, and
SQLite replays the log at the next start whatever the checkpoint had done.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import Engine

log = logging.getLogger(__name__)

QUIET_S = 0.25  # after the last commit: a partner's next check-in is seconds away
BATCH = 8  # commits in a burst (batch scans): about 250 pages, a quarter of SQLite's own mark

# held for each checkpoint, and by whoever swaps the database files (pos.db.backup.restore_file),
# so that no checkpoint works on a file that is being replaced
_files = threading.Lock()


def committer(engine: Engine) -> Callable[[], None] | None:
    """What to call after each commit on ``engine``; None unless it is a SQLite file."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = str(Path(database).resolve())
    return lambda: _worker().committed(path)


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No checkpoint runs inside this block (a restore replaces the files)."""
    with _files:
        yield


def checkpoint(path: str) -> None:
    """Copy what the log holds into the database file now, without waiting for any reader or
    writer (PASSIVE); a file that is gone or cannot be written is left alone."""
    with _files:
        try:
            con = sqlite3.connect(Path(path).as_uri() + "?mode=rw", uri=True, timeout=0)
        except sqlite3.Error as e:
            log.debug("no checkpoint of %s: %s", path, e)
            return
        try:
            con.execute("PRAGMA synchronous=FULL")
            con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as e:
            log.debug("checkpoint of %s failed: %s", path, e)
        finally:
            con.close()


class _Worker:
    def __init__(self) -> None:
        self.pid = os.getpid()
        self._cond = threading.Condition()
        self._pending: dict[str, tuple[int, float]] = {}  # path -> (commits, time of the last)
        threading.Thread(target=self._run, name="wal-checkpoints", daemon=True).start()

    def committed(self, path: str) -> None:
        with self._cond:
            n, _at = self._pending.get(path, (0, 0.0))
            self._pending[path] = (n + 1, time.monotonic())
            self._cond.notify()

    def _due(self) -> list[str]:
        with self._cond:
            while True:
                now = time.monotonic()
                due = [p for p, (n, at) in self._pending.items() if n >= BATCH or now - at >= QUIET_S]
                if due:
                    for p in due:
                        del self._pending[p]
                    return due
                wait = min((at + QUIET_S - now for _n, at in self._pending.values()), default=None)
                self._cond.wait(wait)

    def _run(self) -> None:
        while True:
            for path in self._due():
                try:
                    checkpoint(path)
                except Exception:  # this thread must not end: the next commit needs it
                    log.exception("checkpoint of %s", path)


_the_worker: _Worker | None = None
_start = threading.Lock()


def _worker() -> _Worker:
    global _the_worker
    w = _the_worker
    if w is None or w.pid != os.getpid():  # a forked child has the object but not the thread
        with _start:
            if _the_worker is None or _the_worker.pid != os.getpid():
                _the_worker = _Worker()
            w = _the_worker
    return w
