"""Every scan goes to the page on screen; a page that takes no scans says so, never a silent drop."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget


class ScanRouter(QObject):
    """Routes decoded scans to ``page.handle_scan(code)``.

    ``current_page`` returns the visible page, or None when nobody is logged in (a scan at the
    login screen must not be acted on by whoever logs in next).
    """

    refused = Signal(str)  # what to tell the partner; the window shows it and beeps

    def __init__(self, current_page: Callable[[], QWidget | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._current_page = current_page

    def route(self, code: str) -> bool:
        if not code:
            return False
        page = self._current_page()
        if page is None:
            self._refuse(self.tr("Scan {code} ignored: please log in first.").format(code=code))
            return False
        handler = getattr(page, "handle_scan", None)
        if handler is None:
            self._refuse(
                self.tr("This page does not take scans ({code}). Press F2 for parcel check-in, "
                        "F3 for pickup or F5 for sales.").format(code=code)
            )
            return False
        handler(code)
        return True

    def _refuse(self, text: str) -> None:
        QApplication.beep()
        self.refused.emit(text)
