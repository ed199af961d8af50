"""Backups (and restores) off the GUI thread: a QRunnable on the global pool, news as signals.

The counter keeps working while the copy is made; pos.app waits for the pool before it closes
the database, so a backup is never cut off by quitting.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from pos.domain.errors import DomainError
from pos.i18n import error_text
from pos.services.station import backups

log = logging.getLogger(__name__)


class BackgroundJob(QObject):
    """Runs ``work`` on the thread pool; ``finished(result)`` or ``failed(error)`` on the GUI thread."""

    finished = Signal(object)
    failed = Signal(object)

    _running: set[BackgroundJob] = set()  # keeps a job alive until its signal was delivered

    def __init__(self, work: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self.done = False
        self.result: object = None
        self.error: BaseException | None = None
        self.finished.connect(self._finished)
        self.failed.connect(self._failed)

    def start(self) -> BackgroundJob:
        BackgroundJob._running.add(self)
        job = self

        class _Run(QRunnable):
            def run(self) -> None:  # noqa: D401 - on a pool thread
                try:
                    result = job._work()
                except Exception as e:  # reported to the GUI; DomainErrors carry their message
                    if not isinstance(e, DomainError):
                        log.exception("background job failed")
                    job.failed.emit(e)
                else:
                    job.finished.emit(result)

        QThreadPool.globalInstance().start(_Run())
        return self

    def _finished(self, result: object) -> None:
        self.result, self.done = result, True
        BackgroundJob._running.discard(self)

    def _failed(self, error: BaseException) -> None:
        self.error, self.done = error, True
        BackgroundJob._running.discard(self)


def result_text(result: backups.BackupResult | None) -> str:
    """One or two lines for the partner about a finished backup."""
    t = QCoreApplication.translate
    if result is None:
        return t("backup_job", "No backup needed.")
    lines = [t("backup_job", "Backup saved: {name}").format(name=result.path.name)]
    if result.copy is not None:
        lines.append(t("backup_job", "Copy saved in {folder}").format(folder=result.second_folder))
    if result.second_problem is not None:
        lines.append(error_text(result.second_problem))
    if result.made_room:
        lines.append(t("backup_job", "The disk is short of room: {count} older backups were deleted to make "
                       "room for this one.").format(count=len(result.made_room)))
    return "\n".join(lines)


def start_daily_backup(ctx, parent: QWidget | None = None) -> BackgroundJob | None:
    """At start (from pos.app): one backup per local day, in the background. A failure or a
    missing second folder is shown in a message box that does not block the counter."""
    second = backups.read_second_folder(ctx.db)
    url = ctx.db.engine.url
    job = BackgroundJob(lambda: backups.daily_backup_if_due(ctx.paths, url, second), parent)

    def tell(text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("backup_job", "Backup"), text,
                          parent=parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        job.message_box = box  # type: ignore[attr-defined]

    def done(result) -> None:
        if result is not None and (result.second_problem is not None or result.made_room):
            tell(result_text(result))

    job.finished.connect(done)
    job.failed.connect(lambda e: tell(QCoreApplication.translate("backup_job", "The daily backup failed: {reason}")
                                      .format(reason=error_text(e))))
    return job.start()
