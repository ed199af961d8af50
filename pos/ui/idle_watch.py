"""Locks the counter after a quiet spell, so a walk to the shelves does not leave it open."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatch(QObject):
    idle = Signal()

    def __init__(self, minutes: int = 5, clock=time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._last = clock()
        self._minutes = minutes
        self._armed = False
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.check)

    def set_minutes(self, minutes: int) -> None:
        self._minutes = max(0, int(minutes))

    def arm(self) -> None:
        """Start watching (after a login)."""
        self._last = self._clock()
        self._armed = True
        self._timer.start()

    def disarm(self) -> None:
        self._armed = False
        self._timer.stop()

    def touch(self) -> None:
        self._last = self._clock()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _ACTIVITY:
            self._last = self._clock()
        return False

    def check(self) -> None:
        if self._armed and self._minutes > 0 and self._clock() - self._last >= self._minutes * 60:
            self.disarm()
            self.idle.emit()
