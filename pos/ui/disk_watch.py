"""The disk of the data folder, looked at every few minutes: the window's banner says when it is
getting full (pos.services.station.disk_room.warning), weeks before a record could fail to save.

Reading it is a statfs and a file size (and two PRAGMAs while an upgrade's packing waits), well
under a millisecond: done on the GUI thread.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from pos.i18n import error_text
from pos.services.station import disk_room

if TYPE_CHECKING:
    from pos.ui.context import AppContext

log = logging.getLogger(__name__)

EVERY_MS = 5 * 60 * 1000  # a busy station writes a few MB an hour: minutes are soon enough


class DiskWatch(QObject):
    """``changed(text, level)`` when what there is to say about the disk changes; an empty text
    when there is room again. ``level`` is disk_room.FULL or disk_room.LOW."""

    changed = Signal(str, str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None, interval_ms: int = EVERY_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.shown: tuple[str, str] = ("", "")
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self._timer.start()
        self.check()

    def stop(self) -> None:
        self._timer.stop()

    def check(self) -> disk_room.DiskWarning | None:
        warning = disk_room.check(self.ctx.paths, self.ctx.db.engine)
        shown = (error_text(warning), warning.level) if warning is not None else ("", "")
        if shown != self.shown:
            if warning is not None:
                log.warning("disk: %s", warning)
            self.shown = shown
            self.changed.emit(*shown)
        return warning

    def retranslate(self) -> None:
        """After a language switch: the same warning in the new language."""
        self.shown = ("", "")
        self.check()
