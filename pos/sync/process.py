"""The background sync in a process of its own, at low priority.

Measured (benchmarks/bench_sync_counter.py): a sync thread inside the app's process slowed the
counter's check-ins by half again while a month's backlog went up. Not through the database
(its transactions are short, WAL readers block no writer) but through the GIL: building,
masking, checking and compressing batches is pure Python, and every time the counter's thread
waits on SQLite the sync thread takes the GIL and keeps it for up to the switch interval (5 ms),
many times in one check-in. A child process has its own interpreter and runs niced, so the OS
gives the counter the CPU first; and the counter's units of work touch ``Activity``, shared
with the child, which then sends a batch a second instead of one after the other.

The child is started with "spawn" (never fork: the parent runs Qt and threads). It runs the same
SyncWorker a thread would, on its own engine over the station's database, and sends its news
back through a pipe; the owner (pos/ui/county_sync.py) sees them through ``on_news`` on a
reader thread, as it did from the worker thread.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import sys
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable

from pos.sync.client import SyncError, SyncReport
from pos.sync.worker import Activity, SyncNews

log = logging.getLogger(__name__)

NICENESS = 10  # below the counter, still well above idle: a backlog goes up in minutes


def lower_priority() -> None:
    """This process gives way to the counter's: nice 10 on Linux and macOS, 'below normal' on
    Windows."""
    try:
        if sys.platform == "win32":
            import ctypes

            below_normal = 0x00004000
            ctypes.windll.kernel32.SetPriorityClass(ctypes.windll.kernel32.GetCurrentProcess(),  # type: ignore[attr-defined]
                                                    below_normal)
        else:
            os.nice(NICENESS)
    except (OSError, AttributeError):
        log.warning("sync: could not lower the sync process's priority", exc_info=True)


def _encode(news: SyncNews) -> dict[str, Any]:
    if news.error is not None:
        e = news.error
        return {"error": {"code": e.code, "message": e.message, "status": e.status, "body": e.body}}
    return {"report": asdict(news.report) if news.report is not None else None}


def _decode(msg: dict[str, Any]) -> SyncNews:
    if "error" in msg:
        e = msg["error"]
        return SyncNews(error=SyncError(e["code"], e["message"], e["status"], e["body"]))
    return SyncNews(report=SyncReport(**msg["report"]) if msg.get("report") else None)


def _child(conn: Any, db_url: str, folder: str, interval: float, cell: Any, busy_pause: float | None,
           log_file: str | None) -> None:
    """The sync process: a SyncWorker on its own engine; obeys wake/hold/release/stop."""
    lower_priority()
    from pos.db.engine import make_engine
    from pos.db.unit_of_work import Database
    from pos.sync.worker import SyncWorker

    if log_file:
        from pos.logs import setup_logging

        # a file of its own: two processes rotating one log would trip over each other
        setup_logging(Path(log_file))
    else:
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s sync %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request otherwise
    db = Database(make_engine(db_url))
    lock = threading.Lock()

    def news(n: SyncNews) -> None:
        with lock:
            conn.send(_encode(n))

    worker = SyncWorker(db, Path(folder), news, interval=interval, activity=Activity(cell), busy_pause=busy_pause)
    worker.start()
    try:
        while True:
            try:
                command = conn.recv()
            except (EOFError, OSError):  # the app is gone
                break
            if command == "wake":
                worker.wake()
            elif command == "hold":
                worker.hold(True)
            elif command == "release":
                worker.hold(False)
            elif command == "stop":
                break
    finally:
        worker.stop()
        db.dispose()


class SyncProcess:
    """SyncWorker's interface (start, wake, hold, stop), run in a child process."""

    def __init__(self, db_url: str, folder: Path, on_news: Callable[[SyncNews], None] | None = None, *,
                 interval: float = 60.0, busy_pause: float | None = None, log_file: Path | None = None) -> None:
        self.db_url = db_url
        self.log_file = log_file
        self.busy_pause = busy_pause  # None: SyncWorker.BUSY_PAUSE
        self.folder = Path(folder)
        self.on_news = on_news or (lambda news: None)
        self.interval = interval
        self._ctx = mp.get_context("spawn")
        self.activity = Activity(self._ctx.Value("d", 0.0, lock=False))
        self._proc: Any = None
        self._conn: Any = None
        self._reader: threading.Thread | None = None
        self._send_lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def start(self) -> None:
        if self.running:
            return
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_child, name="county-sync", daemon=True,
                                       args=(child, self.db_url, str(self.folder), self.interval,
                                             self.activity.cell, self.busy_pause,
                                             str(self.log_file) if self.log_file else None))
        self._proc.start()
        child.close()
        self._conn = parent
        self._reader = threading.Thread(target=self._read, args=(parent,), name="county-sync-news", daemon=True)
        self._reader.start()

    def touch(self) -> None:
        """The counter recorded something (called after each of its units of work)."""
        self.activity.touch()

    def _send(self, command: str) -> None:
        with self._send_lock:
            if self._conn is not None:
                try:
                    self._conn.send(command)
                except (OSError, ValueError):  # the child is gone: the next start makes a new one
                    log.warning("sync process: could not send %s", command)

    def wake(self) -> None:
        self._send("wake")

    def hold(self, held: bool) -> None:
        self._send("hold" if held else "release")

    def _read(self, conn: Any) -> None:
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                return
            try:
                self.on_news(_decode(msg))
            except Exception:
                log.exception("sync: news could not be delivered")

    def stop(self, timeout: float = 10.0) -> None:
        if self._proc is None:
            return
        self._send("stop")
        self._proc.join(timeout)
        if self._proc.is_alive():  # a batch stuck on a dead link: what it sent is marked already
            self._proc.terminate()
            self._proc.join(5)
        if self._reader is not None:  # the child's end is closed: the reader has read the last news
            self._reader.join(5)
        with self._send_lock:
            self._conn.close()
            self._conn = None
        self._proc = self._reader = None
