"""The heartbeat of this counter, and what it tells the window: the other counters' state, and
whether the database server can be reached (a banner that holds recording while it cannot).

The heartbeat runs off the GUI thread: a server that does not answer must not freeze the till.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from pos.domain.errors import DomainError
from pos.services.clock import system_clock
from pos.services.station import counters

if TYPE_CHECKING:
    from pos.ui.context import AppContext

log = logging.getLogger(__name__)


class ConnectionWatch(QObject):
    """``lost``/``restored`` when the server goes away or comes back; ``counters_seen`` with every
    counter's state after each heartbeat that got through."""

    lost = Signal()
    restored = Signal()
    counters_seen = Signal(list)
    _result = Signal(object)  # from the pool thread: a list of counters, or the exception

    def __init__(self, ctx: AppContext, interval_s: float = counters.HEARTBEAT_S, parent: QObject | None = None,
                 clock=system_clock) -> None:
        super().__init__(parent)
        self.ctx, self.clock = ctx, clock
        self.is_lost = False
        self._busy = False
        self._result.connect(self._settle)
        self._timer = QTimer(self)
        self._interval_ms = int(interval_s * 1000)
        self._timer.setInterval(self._interval_ms)
        self._timer.timeout.connect(self.beat)
        # any unit of work that finds the server gone tells us at once, from its own thread
        ctx.db.on_connection_lost = lambda: self._result.emit(ConnectionError("lost"))

    def start(self) -> None:
        self._timer.start()
        self.beat()

    def stop(self) -> None:
        self._timer.stop()
        self.ctx.db.on_connection_lost = None

    def beat(self) -> None:
        if self._busy or self.ctx.counter is None:
            return
        self._busy = True
        watch, db, counter_id, clock = self, self.ctx.db, self.ctx.counter.id, self.clock

        class _Beat(QRunnable):
            def run(self) -> None:
                try:
                    counters.heartbeat(db, counter_id, clock)
                    with_state = counters.list_counters(db, clock)
                except Exception as exc:  # noqa: BLE001 - any failure means: no server now
                    watch._result.emit(exc)
                    return
                watch._result.emit(with_state)

        QThreadPool.globalInstance().start(_Beat())

    def beat_now(self) -> None:
        """Synchronous heartbeat (tests, and the banner's "try again" key)."""
        if self.ctx.counter is None:
            return
        try:
            counters.heartbeat(self.ctx.db, self.ctx.counter.id, self.clock)
            self._settle(counters.list_counters(self.ctx.db, self.clock))
        except Exception as exc:  # noqa: BLE001
            self._settle(exc)

    def _settle(self, result: object) -> None:
        if not isinstance(result, ConnectionError):
            self._busy = False
        if isinstance(result, list):
            if self.is_lost:
                self.is_lost = False
                self.ctx.db.held = False
                self._timer.setInterval(self._interval_ms)
                log.warning("database server reachable again")
                self.restored.emit()
            self.counters_seen.emit(result)
            return
        if isinstance(result, DomainError) and not _is_loss(result):
            log.warning("heartbeat refused: %s", result)
            return
        if not self.is_lost:
            self.is_lost = True
            self.ctx.db.held = True
            log.warning("database server lost: %r", result)
            self.lost.emit()
            self._timer.setInterval(min(self._interval_ms, 3000))  # look again soon


def _is_loss(exc: BaseException) -> bool:
    from pos.db.unit_of_work import ConnectionLost

    return isinstance(exc, ConnectionLost)
