"""Unhandled exceptions: logged with their traceback, shown as a short apology with the log path.

The app keeps running: Qt called into our code from its event loop, and the failed action was
already rolled back by its unit of work.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("pos.crash")


def install_crash_hook(log_file: Path) -> None:
    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unhandled exception\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        if QApplication.instance() is None:
            return
        QMessageBox.critical(
            QApplication.activeWindow(),
            QCoreApplication.translate("crash", "Something went wrong"),
            QCoreApplication.translate(
                "crash",
                "Sorry, the app ran into a problem it did not expect. What you were doing was not "
                "saved; everything saved before is safe.\n\nDetails are in the log file:\n{path}",
            ).format(path=str(log_file)),
        )

    sys.excepthook = hook
