"""The background sync's owner on the GUI side: runs pos.sync.worker.SyncWorker in a process of
its own at low priority (pos.sync.process), started once the station is linked, and shows its
news in the status bar."""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import QObject, Signal

from pos.db.unit_of_work import Database
from pos.paths import DataPaths
from pos.sync.client import link_state
from pos.sync.process import SyncProcess
from pos.sync.worker import SyncNews
from pos.ui.time_format import local_text


class CountySync(QObject):
    news = Signal(object)  # SyncNews, delivered on the GUI thread (queued across threads)
    text_changed = Signal(str)  # what the status bar shows

    def __init__(self, db: Database, paths: DataPaths, parent: QObject | None = None, *,
                 interval: float = 60.0) -> None:
        super().__init__(parent)
        self.db = db
        self.worker = SyncProcess(db.engine.url.render_as_string(hide_password=False), paths.root,
                                  self.news.emit, interval=interval, log_file=paths.logs / "county-sync.log")
        self.news.connect(self._show)
        self.last: SyncNews | None = None
        self._stopping: threading.Thread | None = None

    def start(self) -> None:
        """Start the sync process when the station is linked (an unlinked station runs none)."""
        if self._stopping is not None:  # linked again straight after unlinking: the old one goes first
            self._stopping.join()
            self._stopping = None
        if link_state(self.db).linked:
            self.db.on_write = self.worker.touch
            self.worker.start()

    def stop(self) -> None:
        self.db.on_write = None
        self.worker.stop()

    def unlinked(self) -> None:
        """The station was unlinked: its sync process has nothing left to do, yet held a Python
        process's memory on a 4 GB PC until the app was closed. It is stopped on a thread of its
        own, so the window never waits for a batch in flight to give up on the county."""
        self.db.on_write = None
        if self.worker.running:
            self._stopping = threading.Thread(target=self.worker.stop, name="county-sync-stop", daemon=True)
            self._stopping.start()
        self.refresh()

    def sync_now(self) -> None:
        """After linking, or the partner asked: a new process syncs at once, a running one wakes."""
        if self.worker.running:
            self.worker.wake()
        else:
            self.start()

    def status_text(self) -> str:
        """For the status bar; read once at start and after link changes (one small query)."""
        state = link_state(self.db)
        if not state.linked:
            return ""
        if state.revoked:
            return self.tr("County: key revoked, ask the county centre")
        if state.last_sync_at is None:
            return self.tr("County: not synced yet")
        return self.tr("County: last sync {time}").format(time=_when(state.last_sync_at))

    def refresh(self) -> None:
        self.text_changed.emit(self.status_text())

    def _show(self, news: SyncNews) -> None:
        self.last = news
        text = self.status_text()
        if news.error is not None and news.error.retry_later:
            text += self.tr(" (offline, {n} changes waiting)").format(n=link_state(self.db).pending)
        self.text_changed.emit(text)


def _when(t: dt.datetime) -> str:
    return local_text(t, "%m-%d %H:%M")
